"""Time to the first screen: collector-sim against a minimal Textual app, measured alike.

    python benchmarks/startup.py [--runs 7]

Each run is a fresh interpreter (as when a person types the command). The child records the
moment its first screen has been composed, laid out and painted (headless), and the parent
subtracts the moment it spawned the child. Both apps go through the same steps, in the same
run, interleaved; the medians and their ratio are printed. Target (issue 6): ratio <= 1.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.5

# Both children end with the same autopilot: wait until the first screen is painted, stamp.
_STAMP = """
import time
async def _first_screen(pilot):
    while not pilot.app.screen.is_mounted:
        await pilot.pause()
    await pilot.pause()
    print(repr(time.time()), flush=True)
    pilot.app.exit()
"""

MINIMAL = (
    _STAMP
    + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

Minimal().run(headless=True, auto_pilot=_first_screen)
"""
)

COLLECTOR = (
    _STAMP
    + """
import sys
from simulator.cli.main import build_parser
from simulator.cli.commands.app import build_app

args = build_parser().parse_args(sys.argv[1:])
build_app(args).run(headless=True, auto_pilot=_first_screen)
"""
)


def first_screen_seconds(code: str, argv: list[str], env: dict[str, str]) -> float:
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    stamp = float(out.stdout.strip().splitlines()[-1])
    return stamp - started


def measure(runs: int, scenarios: str) -> tuple[list[float], list[float]]:
    """Seconds to the first screen of the minimal app and of collector-sim, ``runs`` each,
    interleaved, after one warm-up of each; collector-sim gets a fresh config and database."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
            "XDG_DATA_HOME": str(Path(tmp) / "data"),
        }
        env.pop("COLLECTOR_SIM_DB", None)
        argv = ["--db", str(Path(tmp) / "results.db"), "--scenarios", scenarios]
        first_screen_seconds(MINIMAL, [], env)  # warm the OS file cache for both
        first_screen_seconds(COLLECTOR, argv, env)
        minimal, collector = [], []
        for _ in range(runs):
            minimal.append(first_screen_seconds(MINIMAL, [], env))
            collector.append(first_screen_seconds(COLLECTOR, argv, env))
    return minimal, collector


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scenarios", default=str(ROOT / "scenarios"))
    opts = parser.parse_args()
    minimal, collector = measure(opts.runs, opts.scenarios)
    m, c = statistics.median(minimal), statistics.median(collector)
    ratio = c / m
    print(f"python {sys.version.split()[0]}, {opts.runs} runs each, median time to first screen")
    print(f"  minimal Textual app : {m * 1000:7.1f} ms  (min {min(minimal) * 1000:.1f})")
    print(f"  collector-sim       : {c * 1000:7.1f} ms  (min {min(collector) * 1000:.1f})")
    print(f"  ratio               : {ratio:7.2f}   (target <= {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
