"""collector-sim score: the public contract, end to end through the CLI entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulator.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
CONTRACT = ["source", "locale", "rules", "findings", "empathy", "scores", "passed"]
FINDING_KEYS = ["turn", "category", "rule", "severity", "evidence", "message", "tip"]


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example transcripts, copied so paths given on the command line are relative."""
    for item in DATA.iterdir():
        shutil.copy(item, tmp_path / item.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLLECTOR_SIM_DB", str(tmp_path / "results.db"))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["score", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines_in_input_order_with_the_contract_keys(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = ["en_threat.txt", "en_good.yaml", "zh_call.txt", "en_context.json"]
    code, out, err = run(capsys, *files, "--json")
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in rows] == files
    for row in rows:
        assert list(row)[: len(CONTRACT)] == CONTRACT
        assert list(row["scores"]) == ["compliance", "empathy", "outcome", "overall"]
        assert list(row["empathy"])[:2] == ["score", "markers"]
        assert row["scores"]["outcome"] is None  # no scenario
        for finding in row["findings"]:
            assert list(finding)[: len(FINDING_KEYS)] == FINDING_KEYS
            assert finding["turn"] >= 1
        for marker in row["empathy"]["markers"]:
            assert list(marker) == ["turn", "marker", "polarity", "evidence"]
    assert [(r["locale"], r["rules"]) for r in rows] == [
        ("en-US", "us"), ("en-US", "us"), ("zh-CN", "cn"), ("en-US", "us"),
    ]  # fmt: skip


def test_violations_and_empathy_are_reported(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "en_threat.txt", "en_good.yaml", "--json")
    threat, good = (json.loads(line) for line in out.splitlines())
    assert any(f["severity"] == "critical" for f in threat["findings"])
    assert threat["passed"] is False and threat["auto_failed"] is True
    assert any(
        m["marker"] == "dismiss_distress" and m["turn"] == 5 for m in threat["empathy"]["markers"]
    )
    good_markers = {m["marker"] for m in good["empathy"]["markers"]}
    assert {"validate", "name_emotion", "open_question", "reflect", "collaborate"} <= good_markers
    assert good["empathy"]["score"] > threat["empathy"]["score"]


def test_a_malformed_file_is_reported_and_the_others_still_scored(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "en_good.yaml", "broken.yaml", "missing.txt", "zh_call.txt", "--json"
    )
    assert code == 1
    assert [json.loads(line)["source"] for line in out.splitlines()] == [
        "en_good.yaml",
        "zh_call.txt",
    ]
    assert "broken.yaml:5:14: error[T043]" in err
    assert "missing.txt:1:1: error[Y001]: cannot read file" in err  # as every reader says it
    assert "Traceback" not in err


def test_output_is_byte_identical_across_runs(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = ["en_threat.txt", "en_good.yaml", "zh_call.txt"]
    first = run(capsys, *files, "--json")[1]
    second = run(capsys, *files, "--json")[1]
    assert first == second
    assert "压力一定很大" in first  # ensure_ascii=False keeps Chinese readable


def test_rules_flag_overrides_the_file(calls: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "zh_call.txt", "--json", "--rules", "us")
    assert json.loads(out)["rules"] == "us"


def test_rubric_flag(calls: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (calls / "course.yaml").write_text('version: "7"\npass_mark: 10\n', encoding="utf-8")
    _, out, _ = run(capsys, "en_good.yaml", "--json", "--rubric", "course.yaml")
    row = json.loads(out)
    assert (row["rubric"], row["pass_mark"]) == ("default@1+course@7", 10.0)
    (calls / "bad.yaml").write_text("version: 1\npass_mark: high\n", encoding="utf-8")
    code, out, err = run(capsys, "en_good.yaml", "--rubric", "bad.yaml")
    assert code == 1 and out == ""
    assert "bad.yaml:2:12: error[R001]: 'pass_mark' must be a number" in err


def test_readable_scorecard(calls: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "en_threat.txt", "zh_call.txt")
    assert code == 0
    assert "en_threat.txt  [en-US, rules us, rubric default@1]" in out
    assert "FAILED (critical finding)" in out
    assert "Outcome N/A" in out
    assert "Findings (" in out and "tip: " in out
    assert "turn 5  - dismiss_distress" in out
    assert "zh_call.txt  [zh-CN, rules cn" in out


def test_score_never_writes_the_database(calls: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = calls / "explicit.db"
    code = main(["--db", str(db), "score", "en_good.yaml", "--json"])
    capsys.readouterr()
    assert code == 0
    assert not db.exists() and not (calls / "results.db").exists()
