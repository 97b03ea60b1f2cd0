"""Measure the checker on labelled transcripts: recall, false alarms, precision.

A labelled case is a short transcript with the categories it should raise ([] for a
clean call). The benchmark prints these figures for the dev and held-out splits, and a
unit test holds the held-out figures above floors so regressions fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.scenario.model import Facts
from simulator.scoring.compliance.monitor import check_transcript
from simulator.transcript.model import CallContext, Turn
from simulator.vocabulary import COMPLIANCE_CATEGORIES, DEFAULT_RULES, LOCALES, RULE_PACKS, SPEAKERS

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONTEXT_KEYS = frozenset(CallContext.__dataclass_fields__)


@dataclass(frozen=True)
class Case:
    id: str
    locale: str
    rules: str
    context: CallContext
    facts: Facts | None
    turns: tuple[Turn, ...]
    expected: frozenset[str]


@dataclass
class Outcome:
    case: Case
    found: frozenset[str]

    @property
    def missed(self) -> frozenset[str]:
        return self.case.expected - self.found

    @property
    def extra(self) -> frozenset[str]:
        return self.found - self.case.expected


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def per_category(self) -> dict[str, tuple[int, int]]:
        """category -> (cases expecting it, of which found)."""
        table: dict[str, tuple[int, int]] = {}
        for outcome in self.outcomes:
            for category in outcome.case.expected:
                total, hit = table.get(category, (0, 0))
                table[category] = (total + 1, hit + (category in outcome.found))
        return dict(sorted(table.items(), key=lambda kv: COMPLIANCE_CATEGORIES.index(kv[0])))

    @property
    def recall(self) -> float:
        total = sum(len(o.case.expected) for o in self.outcomes)
        hit = sum(len(o.case.expected & o.found) for o in self.outcomes)
        return hit / total if total else 1.0

    @property
    def clean_cases(self) -> int:
        return sum(1 for o in self.outcomes if not o.case.expected)

    @property
    def false_alarm_rate(self) -> float:
        flagged = sum(1 for o in self.outcomes if not o.case.expected and o.found)
        return flagged / self.clean_cases if self.clean_cases else 0.0

    @property
    def precision(self) -> float:
        reported = sum(len(o.found) for o in self.outcomes)
        right = sum(len(o.found & o.case.expected) for o in self.outcomes)
        return right / reported if reported else 1.0

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.missed or o.extra]


def evaluate(cases: Iterable[Case]) -> Report:
    report = Report()
    for case in cases:
        findings = check_transcript(
            case.turns, rules=case.rules, locale=case.locale, context=case.context, facts=case.facts
        )
        report.outcomes.append(Outcome(case, frozenset(f.category for f in findings)))
    return report


def load_cases(path: Path) -> list[Case]:
    """The labelled cases of one YAML file; errors name the file and the case."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of cases")
    return [_case(item, f"{path}: case {i + 1}") for i, item in enumerate(data)]


def _case(item: Any, where: str) -> Case:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected a mapping")
    where = f"{where} ({item.get('id', '?')})"
    locale = item.get("locale")
    if locale not in LOCALES:
        raise ValueError(f"{where}: locale must be one of {', '.join(LOCALES)}")
    rules = item.get("rules", DEFAULT_RULES[locale])
    if rules not in RULE_PACKS:
        raise ValueError(f"{where}: rules must be one of {', '.join(RULE_PACKS)}")
    context = item.get("context") or {}
    if not isinstance(context, dict) or not set(context) <= _CONTEXT_KEYS:
        raise ValueError(f"{where}: context keys must be among {', '.join(sorted(_CONTEXT_KEYS))}")
    ctx = CallContext(**{k: bool(v) for k, v in context.items()})
    return Case(
        id=str(item.get("id", where)),
        locale=locale,
        rules=rules,
        context=ctx,
        facts=_facts(item.get("facts"), ctx, where),
        turns=_turns(item.get("turns"), where),
        expected=_expected(item.get("expected"), where),
    )


def _facts(data: Any, context: CallContext, where: str) -> Facts | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not set(data) <= {"settlement_limit"}:
        raise ValueError(f"{where}: facts may only give settlement_limit")
    return Facts(
        reason="labelled case",
        monthly_capacity=0,
        settlement_authorized=context.settlement_authorized,
        settlement_limit=data.get("settlement_limit"),
        legal_action_authorized=context.legal_action_authorized,
        time_barred=context.time_barred,
    )


def _turns(data: Any, where: str) -> tuple[Turn, ...]:
    if not isinstance(data, list) or not data:
        raise ValueError(f"{where}: turns must be a non-empty list")
    turns = []
    for i, turn in enumerate(data):
        if (
            not isinstance(turn, dict)
            or turn.get("speaker") not in SPEAKERS
            or not isinstance(turn.get("text"), str)
        ):
            raise ValueError(f"{where}: turn {i + 1} needs speaker ({'|'.join(SPEAKERS)}) and text")
        turns.append(Turn(turn["speaker"], turn["text"]))
    return tuple(turns)


def _expected(data: Any, where: str) -> frozenset[str]:
    if not isinstance(data, list) or not all(c in COMPLIANCE_CATEGORIES for c in data):
        raise ValueError(f"{where}: expected must be a list of compliance categories")
    return frozenset(data)


def load_split(directory: Path, locales: Sequence[str] = LOCALES) -> dict[str, list[Case]]:
    """locale -> cases, from ``<directory>/<locale>.yaml``."""
    return {locale: load_cases(directory / f"{locale}.yaml") for locale in locales}
