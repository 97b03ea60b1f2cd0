"""Which scenario to play next: one not yet passed, a step harder after a pass."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenario.loader import LoadedScenario


def next_scenario(
    current_id: str,
    locale: str,
    difficulty: int,
    passed: bool,
    scenarios: Iterable[LoadedScenario],
    stats: Mapping[str, Mapping[str, Any]],
) -> LoadedScenario | None:
    """Same language; unpassed first; closest to the next level (same level after a fail)."""
    target = difficulty + 1 if passed else difficulty

    def key(loaded: LoadedScenario) -> tuple[Any, ...]:
        s = loaded.scenario
        done = bool(stats.get(s.id, {}).get("passes"))
        return (done, abs(s.difficulty - target), s.difficulty < target, s.title, s.id)

    pool = [s for s in scenarios if s.scenario.id != current_id and s.scenario.locale == locale]
    return min(pool, key=key, default=None)
