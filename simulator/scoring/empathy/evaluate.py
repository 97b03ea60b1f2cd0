"""Precision, recall and F1 of the marker detector on a labelled set.

Shared by ``benchmarks/empathy_quality.py`` (prints the figures) and the unit test
that holds the held-out split to its floors, so both measure the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import vocabulary
from simulator.diagnostics import DiagnosticError
from simulator.scoring.empathy.markers import distress_evidence, turn_markers
from simulator.yamlsource import read_file

MARKERS = vocabulary.EMPATHY_POSITIVE + vocabulary.EMPATHY_NEGATIVE
DISTRESS = "distress"
# Splits per locale (tests/data/empathy/README.md). The fresh batches were each measured
# once before the cues were tuned on them, so from then on they count as dev.
TUNED_SPLITS = ("dev", "fresh", "fresh2")
HELDOUT = "heldout"


@dataclass(frozen=True, slots=True)
class Item:
    debtor: str | None
    agent: str
    distress: bool
    markers: frozenset[str]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


def load_items(path: Path) -> list[Item]:
    data, source = read_file(path)
    if not isinstance(data, list):
        raise DiagnosticError([source.diagnostic((), "E101", "a labelled set is a list")])
    items = []
    for i, row in enumerate(data):
        if not _valid(row):
            raise DiagnosticError(
                [source.diagnostic((i,), "E101", "need debtor, agent, distress and markers")]
            )
        unknown = set(row["markers"]) - set(MARKERS)
        if unknown:
            raise DiagnosticError(
                [source.diagnostic((i, "markers"), "E101", f"unknown markers {sorted(unknown)}")]
            )
        items.append(Item(row["debtor"], row["agent"], row["distress"], frozenset(row["markers"])))
    return items


def _valid(row: Any) -> bool:
    return (
        isinstance(row, dict)
        and (row.get("debtor") is None or isinstance(row.get("debtor"), str))
        and isinstance(row.get("agent"), str)
        and isinstance(row.get("distress"), bool)
        and isinstance(row.get("markers"), list)
    )


def evaluate(items: list[Item], locale: str) -> dict[str, Tally]:
    """One tally per marker, plus ``distress`` for the debtor-side detector."""
    tallies = {name: Tally() for name in (*MARKERS, DISTRESS)}
    for item in items:
        got = {name for name, _ in turn_markers(item.agent, item.debtor, locale)}
        for name in MARKERS:
            _count(tallies[name], name in got, name in item.markers)
        if item.debtor is not None:
            _count(
                tallies[DISTRESS], distress_evidence(item.debtor, locale) is not None, item.distress
            )
    return tallies


def errors(items: list[Item], locale: str) -> list[tuple[Item, set[str]]]:
    """Items whose detected markers differ from the labels (for tuning on dev)."""
    out = []
    for item in items:
        got = {name for name, _ in turn_markers(item.agent, item.debtor, locale)}
        if got != item.markers:
            out.append((item, got))
    return out


def _count(tally: Tally, predicted: bool, actual: bool) -> None:
    if predicted and actual:
        tally.tp += 1
    elif predicted:
        tally.fp += 1
    elif actual:
        tally.fn += 1
