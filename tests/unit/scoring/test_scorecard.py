"""Scorecard assembly from findings built here, so it does not wait on the rule packs."""

from __future__ import annotations

import json

import pytest

from simulator.scoring.findings import Finding
from simulator.scoring.rubric import default_rubric
from simulator.scoring.scorecard import assemble
from simulator.transcript.model import Transcript, Turn

CONTRACT = ["source", "locale", "rules", "findings", "empathy", "scores", "passed"]
FINDING_KEYS = ["turn", "category", "rule", "severity", "evidence", "message", "tip"]
MARKER_KEYS = ["turn", "marker", "polarity", "evidence"]

TURNS = [
    Turn("agent", "Hi, this is Dana from Harbor Recovery, a debt collector. Is this Luis?"),
    Turn("debtor", "Yes. I lost my job and I'm really scared."),
    Turn("agent", "I'm sorry, that sounds frightening. What's been happening since?"),
    Turn("debtor", "Nothing much, still looking."),
    Turn("agent", "So you're still looking for work. Let's find a plan that fits."),
]


def transcript(turns: list[Turn] | None = None, locale: str = "en-US") -> Transcript:
    return Transcript("call.yaml", locale, "us" if locale == "en-US" else "cn", turns or TURNS)


def finding(severity: str, turn: int = 3) -> Finding:
    return Finding(
        turn, "threat_arrest_or_seizure", "US5", severity,  # type: ignore[arg-type]
        "you'll be arrested", "No threats of arrest.", "State lawful consequences only.", "1692e(4)",
    )  # fmt: skip


def card(findings: list[Finding], mode: str = "test", t: Transcript | None = None):  # type: ignore[no-untyped-def]
    return assemble(
        t or transcript(), findings, scenario=None, outcome=None, rubric=default_rubric(), mode=mode
    )


def test_json_contract_order_and_shapes() -> None:
    data = card([finding("high")]).to_json()
    assert list(data)[: len(CONTRACT)] == CONTRACT
    assert list(data["findings"][0])[: len(FINDING_KEYS)] == FINDING_KEYS
    assert data["findings"][0]["source"] == "1692e(4)"
    assert list(data["empathy"])[:2] == ["score", "markers"]
    assert list(data["empathy"]["markers"][0]) == MARKER_KEYS
    assert list(data["scores"]) == ["compliance", "empathy", "outcome", "overall"]
    assert data["scores"]["outcome"] is None  # no scenario
    assert data["rubric"] == "default@1"


def test_clean_call_with_good_empathy_passes() -> None:
    result = card([])
    assert result.dimensions["compliance"].score == 100.0
    assert result.empathy.score is not None and result.empathy.score >= 80
    assert result.overall is not None and result.overall >= 80
    assert result.passed is True
    assert result.dimensions["outcome"].effective_weight is None
    assert result.dimensions["compliance"].effective_weight == 57.1
    assert any("No compliance findings" in s for s in result.strengths)
    assert any(s == "Named the debtor's feelings (turn 3)" for s in result.strengths)


def test_high_finding_costs_partial_credit() -> None:
    result = card([finding("high")])
    assert result.dimensions["compliance"].score == 60.0
    empathy = result.empathy.score
    assert empathy is not None
    assert result.overall == round((40 * 60 + 30 * empathy) / 70, 1)
    assert not any("No compliance findings" in s for s in result.strengths)


@pytest.mark.parametrize("mode", ["test", "practice"])
def test_critical_finding_never_passes(mode: str) -> None:
    result = card([finding("critical")], mode=mode)
    assert result.passed is False
    assert result.dimensions["compliance"].score == 0.0
    data = result.to_json()
    assert data["auto_failed"] is (mode == "test")
    assert data["critical_warning"] is (mode == "practice")


def test_auto_fail_can_be_switched_off(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from simulator.scoring.rubric import load_rubric

    path = tmp_path / "lenient.yaml"
    path.write_text("version: 1\nauto_fail:\n  critical: false\npass_mark: 0\n", encoding="utf-8")
    result = assemble(
        transcript(), [finding("critical")], scenario=None, outcome=None,
        rubric=load_rubric(path), mode="test",
    )  # fmt: skip
    assert result.passed is True and result.auto_failed is False


def test_no_agent_turns_leaves_compliance_not_applicable() -> None:
    result = card([], t=transcript([Turn("debtor", "Hello?")]))
    assert result.dimensions["compliance"].score is None
    assert result.overall is None and result.passed is False


def test_same_input_same_bytes() -> None:
    first = json.dumps(card([finding("medium")]).to_json(), ensure_ascii=False)
    second = json.dumps(card([finding("medium")]).to_json(), ensure_ascii=False)
    assert first == second


def test_chinese_card_speaks_chinese() -> None:
    turns = [
        Turn("agent", "您好，我是招联消费金融的客服，工号1024，请问是张伟先生本人吗？"),
        Turn("debtor", "是我，我失业了，压力特别大。"),
        Turn("agent", "这段时间您压力一定很大。能跟我说说现在是什么情况吗？"),
    ]
    result = card([], t=transcript(turns, "zh-CN"))
    assert any("点出了客户的情绪" in s for s in result.strengths)
    assert all(
        "客户" in r.detail or "问题" in r.detail or "复述" in r.detail or "共情" in r.detail
        for r in result.dimensions["empathy"].reasons
    )


def test_unknown_mode_is_rejected() -> None:
    from simulator.scoring.scorecard import score_transcript

    with pytest.raises(ValueError, match="unknown mode"):
        score_transcript(transcript(), mode="exam")
