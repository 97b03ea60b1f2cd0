"""Plain data types shared by the engine, the scorers and the store."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

Speaker = Literal["agent", "debtor", "third_party"]

# The longest turn, in characters, that a call accepts and a transcript file may hold. One
# limit for both, so every call that was played can be scored again from its transcript.
MAX_TURN_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Turn:
    speaker: Speaker
    text: str
    node: str | None = None
    line_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The fields that are set. Not dataclasses.asdict, which deep-copies: every turn's
        snapshot holds the whole transcript, so this runs for each line on each turn."""
        return {name: value for name in TURN_FIELDS if (value := getattr(self, name)) is not None}


TURN_FIELDS = tuple(f.name for f in fields(Turn))


@dataclass(frozen=True, slots=True)
class CallContext:
    """What was already true when the excerpt starts (all false for a fresh call)."""

    right_party_verified: bool = False
    identified: bool = False
    disclosure_given: bool = False
    legal_action_authorized: bool = False
    settlement_authorized: bool = False
    time_barred: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    amount: float | None = None
    date: str | None = None
    method: str | None = None
    instalments: int | None = None


@dataclass(frozen=True, slots=True)
class CallOutcome:
    outcome: str
    node: str | None = None
    plan: Plan | None = None


@dataclass
class Transcript:
    """A call to score: its turns plus what the scorer needs to know around them."""

    source: str
    locale: str
    rules: str
    turns: list[Turn] = field(default_factory=list)
    context: CallContext = field(default_factory=CallContext)
