"""Plan outcome: how good the call's result is, judged against the scenario's hidden facts.

Five criteria, each with points; a criterion that does not apply is N/A
(``met=None``) and drops out, the rest are rescaled to 100:

- fit (30): the outcome suits the situation: a hardship route for hardship,
  verification for a dispute, referral for an attorney, cease honoured, a
  callback for a third party or a bad time, a payment commitment otherwise.
  The best route earns full points, an acceptable one half. A call a third party
  answered is judged as the debtor's own once the debtor came to the phone and
  answered the identity check: from then on a promise or a plan is the goal.
- affordability (25): the payment (per instalment, or the one-off amount) is at or
  below the debtor's real monthly capacity; up to 10 % over earns half.
- completeness (20): amount, date and method were confirmed back to the debtor,
  i.e. said by the agent in a turn understood as ``confirm_terms``; a term the
  agent only mentioned without reading it back earns half.
- concession discipline (10): no settlement offered without authority, none below
  the authorised floor (``settlement_limit``).
- recovery (15): the committed payment, capped at capacity, against what was
  realistic: the minimum due, or less when capacity or the balance is lower.

``Plan.amount`` is the amount of each payment; ``instalments`` (None or 1 for a
single payment) how many. Raw transcripts have no scenario and get no outcome
score (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from simulator.language.normalise import normalise
from simulator.scenario.model import Scenario
from simulator.scoring import Reason, language
from simulator.transcript.model import CallOutcome, Turn

FIT_POINTS = 30.0
AFFORDABILITY_POINTS = 25.0
COMPLETENESS_POINTS = 20.0
CONCESSION_POINTS = 10.0
RECOVERY_POINTS = 15.0
OVER_CAPACITY_TOLERANCE = 0.10
COMMITMENTS = ("promise_to_pay", "payment_plan")
PAYING = (*COMMITMENTS, "hardship_referral")  # a hardship route may carry an interim payment
FAILURES = ("refused", "hung_up", "no_resolution")
TERMS = ("amount", "date", "method")
VAGUE_DATES = ("next week", "this week", "next month", "this month", "end of month", "soon")
UNOFFICIAL_METHODS = ("personal_account",)  # the compliance checker reports these
_DATA = ("date", "money", "number")  # what a security answer carries
_SPOKEN_DIGITS = re.compile(
    r"\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
    r"(?:[ -](?:zero|oh|one|two|three|four|five|six|seven|eight|nine)){2,}\b"
    r"|[零〇幺一二两三四五六七八九]{3,}"
)

# situation -> (best outcomes, acceptable outcomes)
FIT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "third_party": (("callback_scheduled", "no_resolution"), ()),
    "attorney": (("attorney_referral",), ()),
    "cease": (("cease_honoured",), ()),
    "dispute": (("dispute_recorded",), ("callback_scheduled",)),
    "inconvenient": (("callback_scheduled",), ()),
    "vulnerable": (("hardship_referral", "callback_scheduled"), ("payment_plan",)),
    "hardship": (("hardship_referral", "payment_plan"), ("promise_to_pay", "callback_scheduled")),
    "payment": (COMMITMENTS, ("callback_scheduled", "hardship_referral")),
}
# Situations where pressing for money is wrong, so recovery is not judged.
NO_RECOVERY = ("third_party", "attorney", "cease", "dispute", "inconvenient")

_TEXT = {
    "en": {
        "fit_best": "'{outcome}' is the right route for a {situation} call",
        "fit_ok": "'{outcome}' is acceptable for a {situation} call; best: {best}",
        "fit_no": "'{outcome}' does not fit a {situation} call; expected: {best}",
        "fit_vague": "'{outcome}' with no amount is a vague promise, not a commitment",
        "afford_na": "no payment agreed",
        "afford_ok": "{amount:g} per payment is within the capacity of {capacity:g}",
        "afford_near": "{amount:g} per payment is slightly above the capacity of {capacity:g}",
        "afford_no": "{amount:g} per payment is above the capacity of {capacity:g}: "
        "a future broken promise",
        "complete_na": "no payment terms to confirm",
        "complete": "confirmed back: {confirmed}; mentioned only: {mentioned}; missing: {missing}",
        "concession_na": "no plan and no settlement offered",
        "concession_none": "no settlement or discount offered",
        "concession_unauth": "a settlement was offered but none is authorised",
        "concession_low": "settlement of {total:g} is below the authorised floor of {limit:g}",
        "concession_ok": "settlement within the authorised limit",
        "recovery_na": "recovery is not judged for a {situation} call",
        "recovery_zero": "no realistic payment was possible (capacity 0)",
        "recovery_fail": "nothing committed; {target:g} was realistic",
        "recovery": "committed {committed:g} against a realistic {target:g}",
        "none": "none",
    },
    "zh": {
        "fit_best": "“{outcome}”是{situation}类通话的正确处理方式",
        "fit_ok": "“{outcome}”对{situation}类通话可以接受；最佳：{best}",
        "fit_no": "“{outcome}”不适合{situation}类通话；应为：{best}",
        "fit_vague": "“{outcome}”没有金额，只是含糊的承诺，不算达成还款",
        "afford_na": "没有约定还款",
        "afford_ok": "每期{amount:g}，在客户{capacity:g}的还款能力之内",
        "afford_near": "每期{amount:g}，略高于客户{capacity:g}的还款能力",
        "afford_no": "每期{amount:g}，超出客户{capacity:g}的还款能力，承诺很可能落空",
        "complete_na": "没有需要复核的还款条件",
        "complete": "已复核：{confirmed}；只提到未复核：{mentioned}；缺少：{missing}",
        "concession_na": "没有还款方案，也没有提出减免",
        "concession_none": "没有提出减免或折扣",
        "concession_unauth": "提出了减免，但并未获得授权",
        "concession_low": "减免后金额{total:g}低于授权下限{limit:g}",
        "concession_ok": "减免在授权范围之内",
        "recovery_na": "{situation}类通话不考核回收金额",
        "recovery_zero": "客户没有还款能力（能力为0）",
        "recovery_fail": "没有达成还款承诺；现实可达{target:g}",
        "recovery": "承诺{committed:g}，现实可达{target:g}",
        "none": "无",
    },
}


@dataclass(frozen=True, slots=True)
class OutcomeScore:
    outcome: str
    situation: str
    score: float
    reasons: list[Reason]

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "situation": self.situation,
            "score": self.score,
            "reasons": [r.to_json() for r in self.reasons],
        }


def situation(
    scenario: Scenario,
    *,
    debtor_verified: bool = False,
    only_third_party: bool = False,
    outcome: str | None = None,
) -> str:
    """What kind of call this is, from the hidden facts and the call, then the persona.

    A call is a third-party call while only a third party was on the line, or the
    facts say one answers, until the debtor is verified; then the debtor's own
    situation applies (``third_party`` as a persona says who answers, not what the
    debtor needs). A call that ended with the debtor's dispute recorded was a dispute
    call, whatever the persona: only a debtor who disputes gets there.
    """
    facts = scenario.facts
    persona = scenario.persona
    if not debtor_verified and (only_third_party or "third_party" in (facts.answered_by, persona)):
        return "third_party"
    if persona in ("attorney", "cease"):
        return persona
    if outcome == "dispute_recorded" or persona == "dispute":
        return "dispute"
    if persona in ("inconvenient", "vulnerable"):
        return persona
    if persona == "hardship" or facts.hardship_eligible:
        return "hardship"
    return "payment"


def score_outcome(
    outcome: CallOutcome | None,
    *,
    scenario: Scenario | None,
    turns: list[Turn],
    locale: str,
    understander: Any | None = None,
) -> OutcomeScore | None:
    """``understander`` defaults to the locale's built-ins plus the scenario's intents."""
    if scenario is None:
        return None
    if understander is None:
        from simulator.nlu import Understander

        understander = Understander.for_locale(locale, scenario.intents or None)
    read = [understander.understand(t.text) if t.speaker == "agent" else None for t in turns]
    agent = [u for u in read if u is not None]
    result = outcome or CallOutcome("no_resolution")
    kind = situation(
        scenario,
        debtor_verified=debtor_verified(turns, read, understander),
        only_third_party=_only_third_party(turns),
        outcome=result.outcome,
    )
    text = _TEXT[language(locale)]
    plan = result.plan if result.outcome in PAYING else None
    if plan is not None and result.outcome not in COMMITMENTS and plan.amount is None:
        plan = None  # a hardship route with no interim payment has no terms to judge
    amount = plan.amount if plan and plan.amount is not None else None
    reasons = [
        _fit(result.outcome, kind, text, vague=result.outcome in COMMITMENTS and amount is None),
        _affordability(amount, scenario.facts.monthly_capacity, text),
        _completeness(plan, agent, text),
        _concession(plan, amount, agent, scenario, text),
        _recovery(result.outcome, amount, kind, scenario, text),
    ]
    applicable = sum(r.max_points for r in reasons if r.met is not None)
    earned = sum(r.points for r in reasons if r.met is not None)
    score = round(100.0 * earned / applicable, 1) if applicable else 0.0
    return OutcomeScore(result.outcome, kind, score, reasons)


def _only_third_party(turns: list[Turn]) -> bool:
    speakers = {t.speaker for t in turns}
    return "third_party" in speakers and "debtor" not in speakers


def debtor_verified(turns: list[Turn], read: list[Any], understander: Any) -> bool:
    """Whether the debtor answered an identity check with the data asked for.

    ``read`` holds each agent turn's understanding (None for other speakers). An
    answer carrying a date or a number ("April 12th, 1988", 后四位是3517, "four four
    seven one") is the security answer; "who's asking?" or a refusal is not.
    """
    for turn, before in zip(turns[1:], read, strict=False):
        if (
            turn.speaker == "debtor"
            and before is not None
            and "verify_identity" in before.intent_ids
            and (
                any(e.kind in _DATA for e in understander.understand(turn.text).entities)
                or _SPOKEN_DIGITS.search(normalise(turn.text))
            )
        ):
            return True
    return False


def _fit(outcome: str, kind: str, text: dict[str, str], *, vague: bool) -> Reason:
    """``vague``: a promise that names no amount ("next week, I'll sort it") commits to
    nothing, so it fits no better than no resolution."""
    best, ok = FIT[kind]
    names = " / ".join(best)
    if vague:
        detail = text["fit_vague"].format(outcome=outcome)
        return Reason("fit", False, 0.0, FIT_POINTS, detail)
    if outcome in best:
        detail = text["fit_best"].format(outcome=outcome, situation=kind)
        return Reason("fit", True, FIT_POINTS, FIT_POINTS, detail)
    if outcome in ok:
        detail = text["fit_ok"].format(outcome=outcome, situation=kind, best=names)
        return Reason("fit", False, FIT_POINTS / 2, FIT_POINTS, detail)
    detail = text["fit_no"].format(outcome=outcome, situation=kind, best=names)
    return Reason("fit", False, 0.0, FIT_POINTS, detail)


def _affordability(amount: float | None, capacity: float, text: dict[str, str]) -> Reason:
    if amount is None:
        return Reason("affordability", None, 0.0, AFFORDABILITY_POINTS, text["afford_na"])
    values = {"amount": amount, "capacity": capacity}
    if amount <= capacity + 0.005:
        detail = text["afford_ok"].format(**values)
        return Reason("affordability", True, AFFORDABILITY_POINTS, AFFORDABILITY_POINTS, detail)
    if amount <= capacity * (1 + OVER_CAPACITY_TOLERANCE):
        detail = text["afford_near"].format(**values)
        return Reason(
            "affordability", False, AFFORDABILITY_POINTS / 2, AFFORDABILITY_POINTS, detail
        )
    return Reason(
        "affordability", False, 0.0, AFFORDABILITY_POINTS, text["afford_no"].format(**values)
    )


def _terms_in(understanding: Any, plan: Any) -> set[str]:
    """Which plan terms an agent turn states.

    A stated amount must match the plan's (reading back a wrong figure confirms
    nothing); any day named and any official payment method count, because
    scenarios describe them in free text that need not match the entity ids. A
    vague time ("next week", 月底) names no day, so it is no date term.
    """
    found: set[str] = set()
    for entity in understanding.entities:
        if entity.kind == "money" and (
            plan.amount is None or abs(float(entity.value) - float(plan.amount)) < 0.01
        ):
            found.add("amount")
        elif entity.kind == "date" and entity.value not in VAGUE_DATES:
            found.add("date")
        elif entity.kind == "method" and entity.value not in UNOFFICIAL_METHODS:
            found.add("method")
    return found


def _completeness(plan: Any, agent: list[Any], text: dict[str, str]) -> Reason:
    if plan is None:
        return Reason("completeness", None, 0.0, COMPLETENESS_POINTS, text["complete_na"])
    confirmed: set[str] = set()
    mentioned: set[str] = set()
    for understanding in agent:
        terms = _terms_in(understanding, plan)
        if "confirm_terms" in understanding.intent_ids:
            confirmed |= terms
        mentioned |= terms
    mentioned -= confirmed
    credit = len(confirmed) + 0.5 * len(mentioned)
    missing = [t for t in TERMS if t not in confirmed and t not in mentioned]

    def names(items: set[str] | list[str]) -> str:
        return ", ".join(t for t in TERMS if t in items) or text["none"]

    detail = text["complete"].format(
        confirmed=names(confirmed), mentioned=names(mentioned), missing=names(missing)
    )
    points = COMPLETENESS_POINTS * credit / len(TERMS)
    return Reason("completeness", len(confirmed) == len(TERMS), points, COMPLETENESS_POINTS, detail)


def _concession(
    plan: Any, amount: float | None, agent: list[Any], scenario: Scenario, text: dict[str, str]
) -> Reason:
    offered = any("offer_settlement" in u.intent_ids for u in agent)
    if plan is None and not offered:
        return Reason("concession", None, 0.0, CONCESSION_POINTS, text["concession_na"])
    if not offered:
        return Reason(
            "concession", True, CONCESSION_POINTS, CONCESSION_POINTS, text["concession_none"]
        )
    facts = scenario.facts
    if not facts.settlement_authorized:
        return Reason("concession", False, 0.0, CONCESSION_POINTS, text["concession_unauth"])
    total = (amount or 0.0) * ((plan.instalments or 1) if plan else 1)
    if (
        plan is not None
        and facts.settlement_limit is not None
        and total < facts.settlement_limit - 0.005
    ):
        detail = text["concession_low"].format(total=total, limit=facts.settlement_limit)
        return Reason("concession", False, 0.0, CONCESSION_POINTS, detail)
    return Reason("concession", True, CONCESSION_POINTS, CONCESSION_POINTS, text["concession_ok"])


def _recovery(
    outcome: str, amount: float | None, kind: str, scenario: Scenario, text: dict[str, str]
) -> Reason:
    facts, briefing = scenario.facts, scenario.briefing
    if kind in NO_RECOVERY:
        return Reason(
            "recovery", None, 0.0, RECOVERY_POINTS, text["recovery_na"].format(situation=kind)
        )
    if amount is None and outcome not in COMMITMENTS and outcome not in FAILURES:
        return Reason(
            "recovery", None, 0.0, RECOVERY_POINTS, text["recovery_na"].format(situation=kind)
        )
    target = min(briefing.balance, facts.monthly_capacity)
    if briefing.minimum_due > 0:
        target = min(target, briefing.minimum_due)
    if target <= 0:
        return Reason("recovery", None, 0.0, RECOVERY_POINTS, text["recovery_zero"])
    if amount is None:
        return Reason(
            "recovery", False, 0.0, RECOVERY_POINTS, text["recovery_fail"].format(target=target)
        )
    committed = min(amount, facts.monthly_capacity)
    share = min(1.0, committed / target)
    detail = text["recovery"].format(committed=committed, target=target)
    return Reason("recovery", share >= 0.999, RECOVERY_POINTS * share, RECOVERY_POINTS, detail)
