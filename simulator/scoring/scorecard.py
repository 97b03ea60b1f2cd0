"""The scorecard: every dimension with its reasons, every finding, strengths, pass/fail.

One scorer for every caller (``score``, ``play``, the app), so a call played and
then rescored from its transcript gets the same card.

Pass rule: ``passed`` needs an overall score at or above the pass mark, and, when
the rubric's ``auto_fail.critical`` is on, no critical finding. That holds in both
modes. In test mode a critical finding marks the attempt ``auto_failed``; in
practice mode the card carries ``critical_warning`` instead (the trainee already
saw the live warning), but it still does not count as a pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator import vocabulary
from simulator.scenario.model import Scenario
from simulator.scoring import Reason, language
from simulator.scoring.empathy import EmpathyResult, score_empathy
from simulator.scoring.findings import Finding
from simulator.scoring.outcome import OutcomeScore, score_outcome
from simulator.scoring.rubric import DIMENSIONS, Rubric, default_rubric
from simulator.transcript.model import CallOutcome, Transcript

_NOT_APPLICABLE = {
    "en": {
        "compliance": "N/A: the agent said nothing",
        "outcome": "N/A: no scenario, so the plan outcome is not judged",
    },
    "zh": {"compliance": "不适用：坐席没有发言", "outcome": "不适用：没有场景，不评估还款方案"},
}
_STRENGTHS = {
    "en": {
        "name_emotion": "Named the debtor's feelings (turn {turn})",
        "reflect": "Reflected back what the debtor said (turn {turn})",
        "open_question": "Asked open questions about the debtor's situation (turn {turn})",
        "validate": "Validated the debtor's concerns (turn {turn})",
        "collaborate": "Worked with the debtor and offered choices (turn {turn})",
        "affirm": "Affirmed the debtor's honesty and effort (turn {turn})",
        "distress": "Answered every sign of distress by naming or reflecting it",
        "clean": "No compliance findings: identification, verification and disclosures held",
        "fit": "Chose the right route for this situation",
        "affordability": "The plan fits what the debtor can really pay",
        "completeness": "Amount, date and method were confirmed back to the debtor",
        "concession": "Kept any concession within what the creditor authorised",
        "recovery": "Secured a realistic payment",
    },
    "zh": {
        "name_emotion": "点出了客户的情绪（第{turn}轮）",
        "reflect": "复述了客户说的情况（第{turn}轮）",
        "open_question": "用开放式问题了解客户处境（第{turn}轮）",
        "validate": "认可了客户的顾虑（第{turn}轮）",
        "collaborate": "和客户一起商量并给出选择（第{turn}轮）",
        "affirm": "肯定了客户的坦诚和努力（第{turn}轮）",
        "distress": "客户每次表达情绪或困难，都点出情绪或复述回应",
        "clean": "没有合规问题：表明身份、核实本人和必要告知都做到了",
        "fit": "选择了适合这种情况的处理方式",
        "affordability": "还款方案在客户的实际还款能力之内",
        "completeness": "与客户复核了金额、日期和还款方式",
        "concession": "减免没有超出债权方的授权",
        "recovery": "争取到了现实可行的还款",
    },
}


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str
    score: float | None
    weight: float
    effective_weight: float | None
    reasons: list[Reason]

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "weight": self.weight,
            "effective_weight": self.effective_weight,
            "reasons": [r.to_json() for r in self.reasons],
        }


@dataclass
class Scorecard:
    source: str
    locale: str
    rules: str
    mode: str
    rubric: Rubric
    findings: list[Finding]
    empathy: EmpathyResult
    outcome: OutcomeScore | None
    dimensions: dict[str, Dimension]
    overall: float | None
    passed: bool
    strengths: list[str] = field(default_factory=list)

    @property
    def critical(self) -> int:
        return sum(1 for f in self.findings if f.severity == "critical")

    @property
    def auto_failed(self) -> bool:
        return self.mode == "test" and self.critical > 0 and self.rubric.auto_fail_critical

    @property
    def critical_warning(self) -> bool:
        return self.mode == "practice" and self.critical > 0

    def to_json(self) -> dict[str, Any]:
        """The ``score --json`` contract first, in its order; extra keys after."""
        return {
            "source": self.source,
            "locale": self.locale,
            "rules": self.rules,
            "findings": [_finding_json(f) for f in self.findings],
            "empathy": {
                "score": self.empathy.score,
                "markers": [m.to_json() for m in self.empathy.markers],
                "metrics": self.empathy.metrics.to_json(),
            },
            "scores": {
                "compliance": self.dimensions["compliance"].score,
                "empathy": self.dimensions["empathy"].score,
                "outcome": self.dimensions["outcome"].score,
                "overall": self.overall,
            },
            "passed": self.passed,
            "mode": self.mode,
            "rubric": self.rubric.version,
            "pass_mark": self.rubric.pass_mark,
            "auto_failed": self.auto_failed,
            "critical_warning": self.critical_warning,
            "outcome": None if self.outcome is None else self.outcome.outcome,
            "dimensions": {name: d.to_json() for name, d in self.dimensions.items()},
            "strengths": self.strengths,
        }


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "turn": f.turn,
        "category": f.category,
        "rule": f.rule,
        "severity": f.severity,
        "evidence": f.evidence,
        "message": f.message,
        "tip": f.tip,
        "source": f.source,
    }


def score_transcript(
    transcript: Transcript,
    *,
    scenario: Scenario | None = None,
    outcome: CallOutcome | None = None,
    rubric: Rubric | None = None,
    mode: str = "test",
) -> Scorecard:
    if mode not in vocabulary.MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(vocabulary.MODES)}")
    from simulator.scoring.compliance import check_transcript

    rubric = rubric or default_rubric()
    turns = list(transcript.turns)
    findings = sorted(
        check_transcript(
            turns,
            rules=transcript.rules,
            locale=transcript.locale,
            context=transcript.context,
            facts=scenario.facts if scenario else None,
        ),
        key=lambda f: f.turn,
    )
    return assemble(
        transcript, findings, scenario=scenario, outcome=outcome, rubric=rubric, mode=mode
    )


def assemble(
    transcript: Transcript,
    findings: list[Finding],
    *,
    scenario: Scenario | None,
    outcome: CallOutcome | None,
    rubric: Rubric,
    mode: str,
) -> Scorecard:
    """The card from findings already computed (the engine's live monitor has them)."""
    locale = transcript.locale
    turns = list(transcript.turns)
    empathy = score_empathy(turns, locale)
    plan = score_outcome(outcome, scenario=scenario, turns=turns, locale=locale)
    not_applicable = _NOT_APPLICABLE[language(locale)]
    if any(t.speaker == "agent" for t in turns):
        compliance, compliance_reasons = rubric.compliance(findings, locale)
    else:
        compliance = None
        compliance_reasons = [Reason("spoke", None, 0.0, 0.0, not_applicable["compliance"])]
    scores: dict[str, float | None] = {
        "compliance": compliance,
        "empathy": empathy.score,
        "outcome": None if plan is None else plan.score,
    }
    reasons = {
        "compliance": compliance_reasons,
        "empathy": empathy.reasons,
        "outcome": (
            [Reason("scenario", None, 0.0, 0.0, not_applicable["outcome"])]
            if plan is None
            else plan.reasons
        ),
    }
    shares = rubric.effective_weights(scores)
    dimensions = {
        name: Dimension(name, scores[name], rubric.weights[name], shares[name], reasons[name])
        for name in DIMENSIONS
    }
    overall = rubric.overall(scores)
    critical = any(f.severity == "critical" for f in findings)
    passed = (
        overall is not None
        and overall >= rubric.pass_mark
        and not (critical and rubric.auto_fail_critical)
    )
    return Scorecard(
        source=transcript.source,
        locale=locale,
        rules=transcript.rules,
        mode=mode,
        rubric=rubric,
        findings=list(findings),
        empathy=empathy,
        outcome=plan,
        dimensions=dimensions,
        overall=overall,
        passed=passed,
        strengths=strengths(empathy, findings, plan, compliance is not None, locale),
    )


def strengths(
    empathy: EmpathyResult,
    findings: list[Finding],
    plan: OutcomeScore | None,
    spoke: bool,
    locale: str,
) -> list[str]:
    """What went well, so the card teaches by example and not only by fault."""
    text = _STRENGTHS[language(locale)]
    out: list[str] = []
    if spoke and not findings:
        out.append(text["clean"])
    for marker in vocabulary.EMPATHY_POSITIVE:
        first = next((m for m in empathy.markers if m.marker == marker), None)
        if first is not None:
            out.append(text[marker].format(turn=first.turn))
    if empathy.metrics.distress_turns and empathy.metrics.distress_response_rate == 1.0:
        out.append(text["distress"])
    if plan is not None:
        out.extend(text[r.criterion] for r in plan.reasons if r.met is True)
    return out
