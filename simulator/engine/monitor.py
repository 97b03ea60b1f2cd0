"""The small interface through which the engine hears about compliance problems.

The engine only needs each finding's category to fire the scenario's reactions, so
it depends on this protocol rather than on the scoring package.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from simulator.transcript.model import Turn


class FindingLike(Protocol):
    @property
    def category(self) -> str: ...

    @property
    def severity(self) -> str: ...


class TurnMonitor(Protocol):
    def observe(self, turn: Turn) -> Sequence[FindingLike]: ...


class NullMonitor:
    """Used when no detector is attached: the call runs without reactions."""

    def observe(self, turn: Turn) -> Sequence[FindingLike]:
        return ()
