"""A scripted understander, so engine tests pin down branching without the NLU."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.scenario.loader import LoadedScenario, load_scenario

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"


@dataclass(frozen=True)
class FakeMatch:
    intent: str
    score: float = 1.0
    evidence: str = "scripted"

    def to_json(self) -> dict:
        return {"intent": self.intent, "score": self.score, "evidence": self.evidence}


@dataclass(frozen=True)
class FakeEntity:
    kind: str
    value: float | str
    text: str


@dataclass(frozen=True)
class FakeUnderstanding:
    text: str
    intents: tuple[FakeMatch, ...]
    entities: tuple[FakeEntity, ...]

    @property
    def intent_ids(self) -> frozenset[str]:
        return frozenset(m.intent for m in self.intents)

    def best(self, kind: str) -> FakeEntity | None:
        return next((e for e in self.entities if e.kind == kind), None)


class ScriptedUnderstander:
    """Reads ``intent1+intent2 | money=80`` and nothing more."""

    def understand(self, text: str) -> FakeUnderstanding:
        head, _, tail = text.partition("|")
        intents = tuple(FakeMatch(i.strip()) for i in head.split("+") if i.strip())
        entities = []
        for part in tail.split(","):
            kind, _, value = part.strip().partition("=")
            if kind:
                entities.append(FakeEntity(kind, float(value), value))
        return FakeUnderstanding(text, intents, tuple(entities))


@pytest.fixture(scope="session")
def mini() -> LoadedScenario:
    return load_scenario(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def understander() -> ScriptedUnderstander:
    return ScriptedUnderstander()
