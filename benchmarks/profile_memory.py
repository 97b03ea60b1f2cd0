"""What a headless call's memory is made of (issue 8: peak_rss_mb).

    python benchmarks/profile_memory.py [--top 12]

Loads the pieces of a headless call on the whole library one at a time (``run.py``'s
peak_rss_mb child plays the same calls through ``headless_calls`` and ``peak_kb``) and
prints for each
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

import gc
import resource
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

if TYPE_CHECKING:
    from simulator.scenario.library import Library


def status_kb(field: str) -> int:
    """A /proc/self/status figure in kB (0 where there is no /proc)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def status(field: str) -> float:
    return status_kb(field) / 1024


def peak_kb() -> int:
    """This process's peak resident set in kB.

    VmHWM is the process's own high-water mark. ru_maxrss is not: Linux carries it over
    exec from the parent, so a child of a large benchmark process reported the parent's
    size. It is only the fallback where there is no /proc (in bytes on macOS).
    """
    high = status_kb("VmHWM")
    if high:
        return high
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def headless_calls(library: Library) -> None:
    """The first golden script of every scenario, played and scored without a store."""
    from playback import golden_calls, play  # not at the top: the "imports" step measures it

    play(golden_calls(library, first_only=True))


def main() -> int:
    # Imported here, not at the top: run.py's peak child imports this module, and these two
    # would add a megabyte to the peak it measures.
    import argparse
    import tracemalloc

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
        headless_calls(state["library"])  # type: ignore[arg-type]

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
    resident, high = status("VmRSS"), peak_kb() / 1024
    print(f"python peak {peak:.1f} MB; resident {resident:.1f} MB, peak {high:.1f} MB")
    print("(tracemalloc's own bookkeeping inflates the resident figures; run.py measures without)")
    if opts.top:
        snapshot = tracemalloc.take_snapshot()
        for stat in snapshot.statistics("filename")[: opts.top]:
            print(f"  {stat.size / 2**20:6.1f} MB  {stat.traceback[0].filename}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
