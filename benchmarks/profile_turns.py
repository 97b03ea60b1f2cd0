"""Where one trainee turn's time goes, layer by layer (issue 8: turn latency).

    python benchmarks/profile_turns.py [--rounds 2] [--top 25] [--paste-kb 100]

Plays every golden script of the library through ``PlaySession.say`` with a store, as
``run.py`` does, and times each layer inside the turn by wrapping its entry point:

    understanding   Understander.understand (NLU: normalise, spelling, patterns, examples)
    compliance      ComplianceMonitor.observe (live checks on the agent's and debtor's turns)
    engine          Call.respond minus the two above (branch choice, transitions, lines)
    snapshot        Call.snapshot (the resumable call state, built every turn)
    store           ResultsStore.record_turns (JSON, inserts, rollups, one commit)
    session         the rest of PlaySession.say (turn records, guards)

``--top N`` adds a cProfile of the turns (by own time); ``--paste-kb`` times one pasted
turn of that size through the same layers.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests" / "fixtures")]

from playback import golden_calls, play  # noqa: E402

from simulator.engine.call import Call  # noqa: E402
from simulator.nlu.understander import Understander  # noqa: E402
from simulator.scenario.library import load_library  # noqa: E402
from simulator.scoring.compliance import ComplianceMonitor  # noqa: E402
from simulator.session import PlaySession  # noqa: E402
from simulator.store import ResultsStore  # noqa: E402

LAYERS = (
    (Understander, "understand", "understanding"),
    (ComplianceMonitor, "observe", "compliance"),
    (Call, "respond", "respond"),
    (Call, "snapshot", "snapshot"),
    (ResultsStore, "record_turns", "store"),
)


class Clock:
    """Seconds spent in each wrapped method during the current turn."""

    def __init__(self) -> None:
        self.turn: dict[str, float] = defaultdict(float)
        self.on = False

    def wrap(self, owner: type, name: str, label: str) -> Callable[[], None]:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self.on:
                return original(*args, **kwargs)
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.turn[label] += time.perf_counter() - began

        setattr(owner, name, timed)
        return lambda: setattr(owner, name, original)


@contextmanager
def layers_timed(clock: Clock) -> Iterator[None]:
    undo = [clock.wrap(owner, name, label) for owner, name, label in LAYERS]
    try:
        yield
    finally:
        for restore in undo:
            restore()


def split(turn: dict[str, float], total: float) -> dict[str, float]:
    """Per-layer milliseconds of one turn, the nested layers taken out of their parents."""
    engine = turn["respond"] - turn["understanding"] - turn["compliance"]
    outside = total - turn["respond"] - turn["snapshot"] - turn["store"]
    return {
        "understanding": turn["understanding"] * 1000,
        "compliance": turn["compliance"] * 1000,
        "engine": engine * 1000,
        "snapshot": turn["snapshot"] * 1000,
        "store": turn["store"] * 1000,
        "session": outside * 1000,
        "total": total * 1000,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def table(samples: list[dict[str, float]]) -> str:
    names = list(samples[0])
    total = sum(s["total"] for s in samples)
    out = [f"  {'layer':14} {'mean ms':>8} {'p50':>7} {'p99':>7} {'share':>6}"]
    for name in names:
        values = sorted(s[name] for s in samples)
        share = sum(values) / total if name != "total" else 1.0
        out.append(
            f"  {name:14} {statistics.fmean(values):8.3f} {statistics.median(values):7.3f} "
            f"{percentile(values, 0.99):7.3f} {share:6.1%}"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the scripts")
    parser.add_argument("--top", type=int, default=0, help="cProfile: show the N costliest")
    parser.add_argument("--paste-kb", type=int, default=0, help="also time one pasted turn")
    opts = parser.parse_args()

    library = load_library([ROOT / "scenarios"], check=False)
    calls = golden_calls(library)
    clock = Clock()
    samples: list[dict[str, float]] = []

    def timed_turn(session: PlaySession, line: str) -> None:
        clock.turn.clear()
        clock.on = True
        began = time.perf_counter()
        session.say(line)
        total = time.perf_counter() - began
        clock.on = False
        samples.append(split(clock.turn, total))

    with tempfile.TemporaryDirectory() as tmp:
        store = ResultsStore.open(Path(tmp) / "profile.db")
        play(calls, store=store, trainee="profile")  # warm caches and the file
        with layers_timed(clock):
            for _ in range(opts.rounds):
                play(calls, timed_turn, store=store, trainee="profile")
        print(f"{len(samples)} turns over {len(calls)} golden scripts, {opts.rounds} round(s)")
        print(table(samples))

        if opts.paste_kb:
            from hostile import paste

            samples.clear()
            loaded, _ = calls[0]
            with layers_timed(clock):
                session = PlaySession.start(loaded, trainee="profile", store=store, seed=1)
                timed_turn(session, paste(opts.paste_kb))
                began = time.perf_counter()
                session.finish()
                scoring = (time.perf_counter() - began) * 1000
            print(f"\none {opts.paste_kb} kB pasted turn ({loaded.scenario.id}):")
            print(table(samples))
            print(f"  then scoring the call at the end: {scoring:.0f} ms")

        if opts.top:
            profile = cProfile.Profile()

            def profiled_turn(session: PlaySession, line: str) -> None:
                profile.enable()
                session.say(line)
                profile.disable()

            play(calls, profiled_turn, store=store, trainee="profile")
            buffer = io.StringIO()
            pstats.Stats(profile, stream=buffer).sort_stats("tottime").print_stats(opts.top)
            print(buffer.getvalue())
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
