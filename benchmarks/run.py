"""All speed and memory figures in one run (issue 8).

    python benchmarks/run.py [--quick] [--json]

Prints the machine, the mode and the sizes with each figure. ``--json`` prints one
object with exactly the keys below; ``--quick`` scales the generated data down so the
run fits in 45 s on 2 cores, and says so.

    turn_latency_ms_p50/p99  one trainee turn (understanding, transition, live compliance,
                             store commit) over the golden scripts of the whole library
    startup_ratio            app time to first screen / a minimal Textual app's (medians of
                             interleaved launches)
    validate_ratio           validating N generated scenarios / parsing them with CSafeLoader
                             (best of two alternating passes)
    dashboard_query_ms_max   slowest report query on a generated results database
    peak_rss_mb              peak memory (VmHWM) of a fresh process playing a headless call
                             per scenario with the whole library loaded

benchmarks/profile_turns.py, profile_validate.py and profile_memory.py break each of
these down; docs/performance.md has the figures and what they mean.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from simulator.scenario.library import load_library  # noqa: E402

LIBRARY = ROOT / "scenarios"
KEYS = (
    "turn_latency_ms_p50",
    "turn_latency_ms_p99",
    "startup_ratio",
    "validate_ratio",
    "dashboard_query_ms_max",
    "peak_rss_mb",
)
TARGETS = {
    "turn_latency_ms_p50": 2,
    "turn_latency_ms_p99": 10,
    "startup_ratio": 1.5,
    "validate_ratio": 2.0,
    "dashboard_query_ms_max": 100,
    "peak_rss_mb": 150,
}


def turn_latency(folder: Path) -> tuple[float, float, int]:
    """Every golden script of the library, played with a store commit per turn."""
    from playback import golden_calls, play
    from profile_turns import percentile

    from simulator.session import PlaySession
    from simulator.store import ResultsStore

    samples: list[float] = []

    def timed(session: PlaySession, line: str) -> None:
        began = time.perf_counter()
        session.say(line)
        samples.append((time.perf_counter() - began) * 1000)

    store = ResultsStore.open(folder / "latency.db")
    play(golden_calls(load_library([LIBRARY], check=False)), timed, store=store, trainee="bench")
    store.close()
    return statistics.median(samples), percentile(samples, 0.99), len(samples)


def startup_ratio(runs: int) -> tuple[float, float, float]:
    from startup import measure

    minimal, app = measure(runs, str(LIBRARY))
    m, a = statistics.median(minimal), statistics.median(app)
    return a / m, a * 1000, m * 1000


def validate_ratio(folder: Path, count: int, rounds: int = 2) -> tuple[float, float, float]:
    """Best of ``rounds`` alternating passes each, so a busy moment on a shared machine
    does not land on one side only."""
    from profile_validate import generate_library, parse_only

    target = generate_library(folder, count)
    files = sorted(target.glob("s*.yaml"))
    parse = validate = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        parse_only(files)
        parse = min(parse, time.perf_counter() - began)
        began = time.perf_counter()
        library = load_library([target])
        validate = min(validate, time.perf_counter() - began)
        if library.errors:
            raise SystemExit(f"generated library has errors: {library.errors[0].format()}")
        del library
    return validate / parse, validate, parse


def dashboard_query_max(folder: Path, sessions: int) -> tuple[float, str]:
    from store_bench import report_queries
    from store_generate import generate

    from simulator.store import ResultsStore

    path = folder / "dashboard.db"
    generate(path, sessions, 30, 7)
    store = ResultsStore.open(path)
    rows = report_queries(store, 5)
    store.close()
    name, median_ms, _max, _cpu = max(rows, key=lambda r: r[1])
    return median_ms, name


# A fresh process, so the figure is the call's and not this harness's.
PEAK_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from profile_memory import headless_calls, peak_kb
from simulator.scenario.library import load_library
headless_calls(load_library([Path(sys.argv[1])]))
print(peak_kb())
"""


def peak_rss_mb() -> float:
    out = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD, str(LIBRARY), str(ROOT / "benchmarks")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=300,
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller data, under 45 s")
    parser.add_argument("--json", action="store_true", help="one JSON object with the figures")
    opts = parser.parse_args()
    sessions = 2_000 if opts.quick else 100_000
    scenarios = 200 if opts.quick else 1_000
    runs = 3 if opts.quick else 7
    notes: dict[str, str] = {}
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        p50, p99, turns = turn_latency(folder)
        figures["turn_latency_ms_p50"], figures["turn_latency_ms_p99"] = p50, p99
        notes["turns"] = f"{turns} trainee turns over the library's golden scripts"
        ratio, app_ms, minimal_ms = startup_ratio(runs)
        figures["startup_ratio"] = ratio
        notes["startup"] = (
            f"median of {runs}: app {app_ms:.0f} ms vs minimal Textual app {minimal_ms:.0f} ms"
        )
        ratio, validate_s, parse_s = validate_ratio(folder, scenarios)
        figures["validate_ratio"] = ratio
        notes["validate"] = (
            f"{scenarios} scenarios: validate {validate_s:.2f} s, parse {parse_s:.2f} s"
        )
        worst_ms, worst = dashboard_query_max(folder, sessions)
        figures["dashboard_query_ms_max"] = worst_ms
        notes["dashboard"] = f"{sessions:,} sessions x 30 turns; slowest: {worst}"
        figures["peak_rss_mb"] = peak_rss_mb()
    if opts.json:
        print(json.dumps({k: round(figures[k], 3) for k in KEYS}))
        return 0
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        f", load {os.getloadavg()[0]:.1f}"
    )
    print(f"mode: {'quick (scaled down)' if opts.quick else 'full'}")
    for key in KEYS:
        verdict = "ok" if figures[key] <= TARGETS[key] else "MISSES"
        print(f"  {key:24} {figures[key]:10.3f}   target {TARGETS[key]:<6} {verdict}")
    for name, note in notes.items():
        print(f"  {name}: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
