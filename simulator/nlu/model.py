"""What understanding returns: intents with scores and evidence, and entities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

THRESHOLD = 0.5
"""Intents scoring at or above this are reported; below it they are noise."""


@dataclass(frozen=True, slots=True)
class IntentMatch:
    intent: str
    score: float
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {"intent": self.intent, "score": round(self.score, 3), "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Entity:
    """A value the trainee said: money and numbers as numbers, dates and methods as ids.

    ``salience`` ranks mentions of one kind for :meth:`Understanding.best`: 1 for an
    amount said as what to pay ("pay $200", 每月还2000), -1 for one set aside
    ("except the $580 fee", 除了580的年费), 0 otherwise. It is not part of the JSON.
    """

    kind: str
    value: float | int | str
    text: str
    salience: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "text": self.text}


@dataclass(frozen=True, slots=True)
class Understanding:
    text: str
    intents: tuple[IntentMatch, ...]
    entities: tuple[Entity, ...] = ()

    @property
    def intent_ids(self) -> frozenset[str]:
        return frozenset(match.intent for match in self.intents)

    def best(self, kind: str) -> Entity | None:
        """The entity of ``kind`` a ``capture:`` should store: the first of the most
        salient mentions ("除了580的年费，其余的2418.50元先还上" is 2418.50)."""
        mentions = [e for e in self.entities if e.kind == kind]
        return max(mentions, key=lambda e: e.salience, default=None)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "intents": [match.to_json() for match in self.intents]}
