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
    """A value the trainee said: money and numbers as numbers, dates and methods as ids."""

    kind: str
    value: float | int | str
    text: str

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
        """The first entity of ``kind`` said, which is what a ``capture:`` stores."""
        return next((e for e in self.entities if e.kind == kind), None)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "intents": [match.to_json() for match in self.intents]}
