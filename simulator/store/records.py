"""What the engine hands the store per turn, and what it gets back for a whole session."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One line of the call as it happened; index is 0-based over the whole session."""

    index: int
    speaker: str  # agent | debtor | third_party
    text: str
    node: str | None = None
    line_id: str | None = None
    intents: list[dict[str, Any]] = field(default_factory=list)  # {intent, score, evidence}
    state_changes: dict[str, list[Any]] = field(default_factory=dict)  # name -> [old, new]
    at: str = ""  # ISO time; empty means "now"
    findings: list[dict[str, Any]] = field(default_factory=list)  # Finding.to_json() dicts
    branch: str | None = None  # the response branch taken here, e.g. "negotiate:2"
    markers: list[dict[str, Any]] = field(default_factory=list)  # {marker, polarity, evidence}

    @property
    def turn(self) -> int:
        """The 1-based number scorecards and reviewers use."""
        return self.index + 1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SessionRecord:
    """A stored session with everything needed to resume it or review it."""

    id: int
    trainee: str
    scenario_id: str
    scenario_title: str
    scenario_hash: str
    seed: int
    mode: str
    rubric_version: str | None
    app_version: str | None
    started_at: str
    updated_at: str
    ended_at: str | None
    status: str
    outcome: str | None
    scores: dict[str, float | None]  # compliance, empathy, outcome, overall (machine)
    passed: bool | None
    notes: str | None
    snapshot: dict[str, Any] | None
    scorecard: dict[str, Any] | None
    turns: list[TurnRecord] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
