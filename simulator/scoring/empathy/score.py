"""Call-level empathy: markers on every agent turn, MITI-style metrics and a 0-100 score.

The score is N/A (None) when the call gave no opportunity for empathy: the debtor
never showed distress the agent could answer and said fewer than
``MIN_DEBTOR_TURNS`` things (a wrong number, a message left with a third party, a
quick callback). QA forms score such items "no opportunity" rather than zero; a
distressed last word, after which the agent never spoke, is no opportunity either.

Points (before N/A criteria drop out and the rest is rescaled to 100):

- distress response, 40: per distressed debtor turn, the next agent turn names the
  emotion or reflects (full credit) or otherwise acknowledges it with another
  positive marker or calmly answers the consequence the debtor fears (half
  credit). N/A without distress.
- exploration, 20: share of questions that are open; full credit at 50 %. With
  fewer than ``MIN_QUESTIONS`` questions the share says little (a brief callback
  call), so it is N/A unless it already earns full credit.
- reflective listening, 20: reflections per question; full credit at 1 per 2
  questions (MITI's counselling target is 1:1, but a collection call carries
  compulsory closed questions: identity, date, method).
- rapport, 20: distinct rapport markers used (name_emotion, validate, collaborate,
  affirm); full credit at 3.

Each negative marker then costs points off the total: blame and sarcasm 15,
dismiss_distress 10; the score never drops below 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.scoring import Reason, language
from simulator.scoring.empathy.markers import (
    Marker,
    answers_concern,
    counts_as_question,
    distress_evidence,
    polarity,
    sentences,
    turn_markers,
)
from simulator.transcript.model import Turn

MIN_DEBTOR_TURNS = 3
MIN_QUESTIONS = 4
DISTRESS_POINTS = 40.0
EXPLORATION_POINTS = 20.0
REFLECTION_POINTS = 20.0
RAPPORT_POINTS = 20.0
OPEN_SHARE_TARGET = 0.5
REFLECTIONS_PER_QUESTION_TARGET = 0.5
RAPPORT_TARGET = 3
RAPPORT_MARKERS = ("name_emotion", "validate", "collaborate", "affirm")
NAMING_MARKERS = ("name_emotion", "reflect")
PENALTIES = {"blame": 15.0, "sarcasm": 15.0, "dismiss_distress": 10.0}

_TEXT = {
    "en": {
        "distress_response": "{answered} of {total} distressed debtor turns answered by naming "
        "the emotion or reflecting; {acknowledged} otherwise acknowledged",
        "distress_none": "the debtor showed no distress",
        "exploration": "{open} of {questions} questions were open",
        "exploration_few": "only {questions} questions in a brief call: not judged",
        "reflective_listening": "{reflections} reflections for {questions} questions",
        "rapport": "rapport markers used: {used}",
        "rapport_none": "no naming, validating, collaborating or affirming",
        "negative": "{count}× {marker} (-{points:g} each)",
        "no_opportunity": "N/A: the debtor showed no distress and said fewer than {n} things",
    },
    "zh": {
        "distress_response": "客户{total}次表达情绪或困难，其中{answered}次坐席点出情绪或复述回应；"
        "另有{acknowledged}次以其他方式回应",
        "distress_none": "客户没有表现出情绪困扰",
        "exploration": "{questions}个问题中有{open}个开放式问题",
        "exploration_few": "通话简短，只问了{questions}个问题：不考核",
        "reflective_listening": "{questions}个问题，{reflections}次复述",
        "rapport": "使用的共情表达：{used}",
        "rapport_none": "没有点出情绪、认可、共同商量或肯定客户",
        "negative": "{count}次 {marker}（每次扣{points:g}分）",
        "no_opportunity": "不适用：客户没有表现出情绪困扰，且发言少于{n}次",
    },
}


@dataclass(frozen=True, slots=True)
class EmpathyMetrics:
    agent_turns: int
    debtor_turns: int
    questions: int
    open_questions: int
    reflections: int
    distress_turns: int
    distress_answered: int

    @property
    def reflections_per_question(self) -> float | None:
        return self.reflections / self.questions if self.questions else None

    @property
    def open_question_share(self) -> float | None:
        return self.open_questions / self.questions if self.questions else None

    @property
    def distress_response_rate(self) -> float | None:
        return self.distress_answered / self.distress_turns if self.distress_turns else None

    def to_json(self) -> dict[str, Any]:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        return {
            "reflections_per_question": r(self.reflections_per_question),
            "open_question_share": r(self.open_question_share),
            "distress_response_rate": r(self.distress_response_rate),
            "questions": self.questions,
            "open_questions": self.open_questions,
            "reflections": self.reflections,
            "distress_turns": self.distress_turns,
            "distress_answered": self.distress_answered,
        }


@dataclass(frozen=True, slots=True)
class EmpathyResult:
    score: float | None  # None = no opportunity (N/A)
    markers: list[Marker]
    metrics: EmpathyMetrics
    reasons: list[Reason] = field(default_factory=list)
    distress_turns: tuple[int, ...] = ()

    def count(self, marker: str) -> int:
        return sum(1 for m in self.markers if m.marker == marker)


def detect_markers(turns: list[Turn], locale: str) -> list[Marker]:
    """Every agent turn's markers, each read against the debtor turn just before it."""
    markers: list[Marker] = []
    previous_debtor: str | None = None
    for number, turn in enumerate(turns, start=1):
        if turn.speaker == "agent":
            for name, evidence in turn_markers(turn.text, previous_debtor, locale):
                markers.append(Marker(number, name, polarity(name), evidence))
            previous_debtor = None
        elif turn.speaker == "debtor":
            previous_debtor = turn.text
    return markers


def score_empathy(turns: list[Turn], locale: str) -> EmpathyResult:
    markers = detect_markers(turns, locale)
    by_turn: dict[int, set[str]] = {}
    for m in markers:
        by_turn.setdefault(m.turn, set()).add(m.marker)
    agent_numbers = [n for n, t in enumerate(turns, start=1) if t.speaker == "agent"]
    last_agent = max(agent_numbers, default=0)
    distressed = tuple(
        n
        for n, t in enumerate(turns, start=1)
        if t.speaker == "debtor" and n < last_agent and distress_evidence(t.text, locale)
    )
    answered, acknowledged = _responses(turns, distressed, by_turn, locale)
    questions = [
        n
        for n in agent_numbers
        if "open_question" in by_turn.get(n, ())
        or any(counts_as_question(s, locale) for s in sentences(turns[n - 1].text))
    ]
    metrics = EmpathyMetrics(
        agent_turns=len(agent_numbers),
        debtor_turns=sum(1 for t in turns if t.speaker == "debtor"),
        questions=len(questions),
        open_questions=sum(1 for n in questions if "open_question" in by_turn.get(n, ())),
        reflections=sum(1 for n in agent_numbers if "reflect" in by_turn.get(n, ())),
        distress_turns=len(distressed),
        distress_answered=answered,
    )
    opportunity = metrics.agent_turns > 0 and (
        metrics.distress_turns > 0 or metrics.debtor_turns >= MIN_DEBTOR_TURNS
    )
    text = _TEXT[language(locale)]
    if not opportunity:
        reason = Reason(
            "opportunity", None, 0.0, 0.0, text["no_opportunity"].format(n=MIN_DEBTOR_TURNS)
        )
        return EmpathyResult(None, markers, metrics, [reason], distressed)
    reasons = _reasons(metrics, acknowledged, markers, text)
    applicable = sum(r.max_points for r in reasons if r.met is not None and r.max_points > 0)
    earned = sum(r.points for r in reasons if r.met is not None and r.max_points > 0)
    penalty = sum(-r.points for r in reasons if r.max_points == 0)
    base = 100.0 * earned / applicable if applicable else 100.0
    score = round(max(0.0, min(100.0, base - penalty)), 1)
    return EmpathyResult(score, markers, metrics, reasons, distressed)


def _responses(
    turns: list[Turn], distressed: tuple[int, ...], by_turn: dict[int, set[str]], locale: str
) -> tuple[int, int]:
    """How many distressed turns the next agent turn named/reflected, or else acknowledged."""
    answered = acknowledged = 0
    for n in distressed:
        reply = next(k for k in range(n + 1, len(turns) + 1) if turns[k - 1].speaker == "agent")
        got = by_turn.get(reply, set())
        if got & set(NAMING_MARKERS):
            answered += 1
        elif any(polarity(name) == "positive" for name in got) or answers_concern(
            turns[reply - 1].text, turns[n - 1].text, locale
        ):
            acknowledged += 1
    return answered, acknowledged


def _reasons(
    m: EmpathyMetrics, acknowledged: int, markers: list[Marker], text: dict[str, str]
) -> list[Reason]:
    reasons = []
    if m.distress_turns:
        share = (m.distress_answered + 0.5 * acknowledged) / m.distress_turns
        detail = text["distress_response"].format(
            answered=m.distress_answered, total=m.distress_turns, acknowledged=acknowledged
        )
        reasons.append(
            Reason(
                "distress_response", share >= 0.5, DISTRESS_POINTS * share, DISTRESS_POINTS, detail
            )
        )
    else:
        reasons.append(
            Reason("distress_response", None, 0.0, DISTRESS_POINTS, text["distress_none"])
        )
    share = min(1.0, (m.open_question_share or 0.0) / OPEN_SHARE_TARGET)
    if m.questions < MIN_QUESTIONS and share < 1.0:
        detail = text["exploration_few"].format(questions=m.questions)
        reasons.append(Reason("exploration", None, 0.0, EXPLORATION_POINTS, detail))
    else:
        detail = text["exploration"].format(open=m.open_questions, questions=m.questions)
        reasons.append(
            Reason(
                "exploration", share >= 0.5, EXPLORATION_POINTS * share, EXPLORATION_POINTS, detail
            )
        )
    if m.questions:
        ratio = min(1.0, (m.reflections_per_question or 0.0) / REFLECTIONS_PER_QUESTION_TARGET)
    else:
        ratio = 1.0 if m.reflections else 0.0
    reasons.append(
        Reason(
            "reflective_listening",
            ratio >= 0.5,
            REFLECTION_POINTS * ratio,
            REFLECTION_POINTS,
            text["reflective_listening"].format(reflections=m.reflections, questions=m.questions),
        )
    )
    used = sorted(
        {mk.marker for mk in markers if mk.marker in RAPPORT_MARKERS}, key=RAPPORT_MARKERS.index
    )
    share = min(1.0, len(used) / RAPPORT_TARGET)
    detail = text["rapport"].format(used=", ".join(used)) if used else text["rapport_none"]
    reasons.append(Reason("rapport", share >= 0.5, RAPPORT_POINTS * share, RAPPORT_POINTS, detail))
    for marker, cost in PENALTIES.items():
        count = sum(1 for mk in markers if mk.marker == marker)
        if count:
            detail = text["negative"].format(count=count, marker=marker, points=cost)
            reasons.append(Reason(marker, False, -cost * count, 0.0, detail))
    return reasons
