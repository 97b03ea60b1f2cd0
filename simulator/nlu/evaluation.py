"""Precision, recall and F1 of intent understanding on labelled utterances.

Shared by ``benchmarks/nlu_quality.py`` and the regression test, so both count the
same way. Only canonical intents are scored: extras (agree, thank, ...) are for
scenario authors and are not in the labelled sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simulator.nlu.understander import Understander
from simulator.vocabulary import CANONICAL_INTENTS


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    intents: frozenset[str]


@dataclass(frozen=True, slots=True)
class Mistake:
    text: str
    expected: frozenset[str]
    got: frozenset[str]


@dataclass
class Report:
    counts: dict[str, list[int]] = field(default_factory=dict)  # intent -> [tp, fp, fn]
    utterances: int = 0
    spurious_utterances: int = 0  # got a canonical intent nobody said
    mistakes: list[Mistake] = field(default_factory=list)

    def per_intent(self, intent: str) -> tuple[float, float, float]:
        tp, fp, fn = self.counts.get(intent, [0, 0, 0])
        return _prf(tp, fp, fn)

    @property
    def micro(self) -> tuple[float, float, float]:
        tp = sum(c[0] for c in self.counts.values())
        fp = sum(c[1] for c in self.counts.values())
        fn = sum(c[2] for c in self.counts.values())
        return _prf(tp, fp, fn)

    @property
    def macro(self) -> tuple[float, float, float]:
        rows = [self.per_intent(i) for i in CANONICAL_INTENTS if any(self.counts.get(i, [0]))]
        if not rows:
            return 0.0, 0.0, 0.0
        return tuple(sum(r[k] for r in rows) / len(rows) for k in range(3))  # type: ignore[return-value]

    @property
    def spurious_rate(self) -> float:
        return self.spurious_utterances / self.utterances if self.utterances else 0.0


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def read_jsonl(path: Path) -> list[Labelled]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            rows.append(Labelled(data["text"], frozenset(data["intents"])))
    return rows


def evaluate(understander: Understander, rows: Iterable[Labelled]) -> Report:
    report = Report(counts={i: [0, 0, 0] for i in CANONICAL_INTENTS})
    canonical = frozenset(CANONICAL_INTENTS)
    for row in rows:
        got = understander.understand(row.text).intent_ids & canonical
        report.utterances += 1
        for intent in got & row.intents:
            report.counts[intent][0] += 1
        for intent in got - row.intents:
            report.counts[intent][1] += 1
        for intent in row.intents - got:
            report.counts[intent][2] += 1
        if got - row.intents:
            report.spurious_utterances += 1
        if got != row.intents:
            report.mistakes.append(Mistake(row.text, row.intents, got))
    return report


def format_report(title: str, report: Report, intents: Sequence[str] = CANONICAL_INTENTS) -> str:
    lines = [
        f"== {title}: {report.utterances} utterances",
        f"{'intent':<22} {'P':>6} {'R':>6} {'F1':>6}  tp fp fn",
    ]
    for intent in intents:
        tp, fp, fn = report.counts.get(intent, [0, 0, 0])
        p, r, f = report.per_intent(intent)
        lines.append(f"{intent:<22} {p:6.3f} {r:6.3f} {f:6.3f}  {tp:>2} {fp:>2} {fn:>2}")
    for name, (p, r, f) in (("micro", report.micro), ("macro", report.macro)):
        lines.append(f"{name:<22} {p:6.3f} {r:6.3f} {f:6.3f}")
    lines.append(
        f"spurious-intent rate   {report.spurious_rate:6.3f} "
        f"({report.spurious_utterances} utterances with an intent nobody said)"
    )
    return "\n".join(lines)
