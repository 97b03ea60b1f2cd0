"""The library's golden scripts as a benchmark workload.

run.py, profile_turns.py and profile_memory.py all play these calls; one loop keeps their
figures about the same work. It imports only what a headless call needs, so the
peak-memory child measures the call and not the harness.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.scenario.library import Library
from simulator.scenario.loader import LoadedScenario
from simulator.session import PlaySession
from simulator.session.golden import GoldenTest, load_golden, tests_file_for

if TYPE_CHECKING:
    from simulator.store import ResultsStore

Calls = list[tuple[LoadedScenario, GoldenTest]]
TurnFn = Callable[[PlaySession, str], None]


def golden_calls(library: Library, *, first_only: bool = False) -> Calls:
    """Every scenario's golden tests (or just its first), in library order."""
    calls: Calls = []
    for loaded in library.scenarios.values():
        tests = tests_file_for(loaded.path)
        if tests.is_file():
            found = load_golden(tests).tests
            calls += [(loaded, test) for test in (found[:1] if first_only else found)]
    return calls


def say(session: PlaySession, line: str) -> None:
    session.say(line)


def play(
    calls: Calls,
    turn: TurnFn = say,
    *,
    store: ResultsStore | None = None,
    trainee: str | None = None,
) -> None:
    """Play each script as its test sets it up until it ends, then score the call;
    ``turn`` says each line (the hook the benchmarks time or profile)."""
    for loaded, test in calls:
        session = PlaySession.start(
            loaded,
            trainee=trainee,
            mode=test.mode,
            seed=test.seed,
            store=store,
            start_node=test.start,
            overrides=test.set,
        )
        for line in test.script:
            if session.ended:
                break
            turn(session, line)
        session.finish()
