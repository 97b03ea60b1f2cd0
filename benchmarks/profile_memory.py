"""What a headless call's memory is made of (issue 8: peak_rss_mb).

    python benchmarks/profile_memory.py [--top 12]

Loads the pieces ``run.py``'s peak_rss_mb child loads, one at a time, and prints for each
what tracemalloc counts as newly allocated and the growth of the resident set:

    imports              the simulator's modules with their dependencies (pydantic, yaml, ...)
    library              every scenario, validated, with its source positions
    understanders        the built-in NLU per locale (examples index, patterns, speller)
    word list            the English word list the speller keeps real words with
    compliance lexicon   the compiled compliance cues
    empathy lexicons     the compiled empathy cues per locale
    calls                one golden script per scenario, scored (scenario intents, machines)

tracemalloc counts Python allocations only; the resident set also holds C data (compiled
regexes, libyaml, SQLite) and interpreter overhead. The peak is read from VmHWM.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]


def status(field: str) -> float:
    """A /proc/self/status figure in MB (0 where there is no /proc)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=0, help="the N largest allocation sites")
    opts = parser.parse_args()
    tracemalloc.start()
    rows: list[tuple[str, float, float]] = []
    state: dict[str, object] = {}

    def step(name: str, action: Callable[[], object]) -> None:
        gc.collect()
        traced, rss = tracemalloc.get_traced_memory()[0], status("VmRSS")
        state[name] = action()
        gc.collect()
        grown = (tracemalloc.get_traced_memory()[0] - traced) / 2**20
        rows.append((name, grown, status("VmRSS") - rss))

    def imports() -> None:
        import simulator.scenario.library
        import simulator.scoring.scorecard
        import simulator.session  # noqa: F401

    def library() -> object:
        from simulator.scenario.library import load_library

        return load_library([ROOT / "scenarios"])

    def understanders() -> object:
        from simulator.nlu import Understander

        return [Understander.for_locale(locale) for locale in ("en-US", "zh-CN")]

    def word_list() -> object:
        from simulator.language.spelling import english_words

        return english_words()

    def compliance() -> object:
        from simulator.scoring.compliance.lexicon import load_lexicon

        return load_lexicon()

    def empathy() -> object:
        from simulator.scoring.empathy.lexicon import lexicon

        return [lexicon(locale) for locale in ("en-US", "zh-CN")]

    def calls() -> None:
        from simulator.session import PlaySession
        from simulator.session.golden import load_golden, tests_file_for

        for loaded in state["library"].scenarios.values():  # type: ignore[attr-defined]
            tests = tests_file_for(loaded.path)
            if tests.is_file():
                test = load_golden(tests).tests[0]
                session = PlaySession.start(loaded, mode=test.mode, seed=test.seed)
                for line in test.script:
                    if session.ended:
                        break
                    session.say(line)
                session.finish()

    start_rss = status("VmRSS")
    step("imports", imports)
    step("library", library)
    step("understanders", understanders)
    step("word list", word_list)
    step("compliance lexicon", compliance)
    step("empathy lexicons", empathy)
    step("calls", calls)
    print(f"interpreter at start: {start_rss:.1f} MB resident")
    print(f"  {'step':20} {'python MB':>10} {'resident MB':>12}")
    for name, python_mb, rss_mb in rows:
        print(f"  {name:20} {python_mb:10.1f} {rss_mb:12.1f}")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    resident, high = status("VmRSS"), status("VmHWM")
    print(f"python peak {peak:.1f} MB; resident {resident:.1f} MB, peak {high:.1f} MB")
    print("(tracemalloc's own bookkeeping inflates the resident figures; run.py measures without)")
    if opts.top:
        snapshot = tracemalloc.take_snapshot()
        for stat in snapshot.statistics("filename")[: opts.top]:
            print(f"  {stat.size / 2**20:6.1f} MB  {stat.traceback[0].filename}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
