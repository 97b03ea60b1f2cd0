"""Compliance checker quality on the labelled set, per split and locale, and its speed.

    python benchmarks/compliance_quality.py             # figures for dev and held-out
    python benchmarks/compliance_quality.py --failures  # also list the dev cases it gets wrong

Prints per-category recall, overall recall, the false-alarm rate on clean transcripts and
precision. Tune only on dev; held-out is there to tell whether the tuning generalises.
Then the time ``observe`` takes per turn, and on one 100 kB turn.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from simulator.scoring.compliance import ComplianceMonitor
from simulator.scoring.compliance.evaluation import Case, Report, evaluate, load_split
from simulator.transcript.model import Turn

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "compliance"
SPLITS = ("dev", "heldout")


def print_report(title: str, report: Report) -> None:
    print(f"\n== {title}: {len(report.outcomes)} cases, {report.clean_cases} clean")
    for category, (total, hit) in report.per_category().items():
        print(f"   {category:32s} {hit:3d}/{total:<3d} recall {hit / total:6.1%}")
    print(f"   {'overall recall':32s} {report.recall:14.1%}")
    print(f"   {'false alarms on clean':32s} {report.false_alarm_rate:14.1%}")
    print(f"   {'precision':32s} {report.precision:14.1%}")


def print_failures(report: Report) -> None:
    for outcome in report.failures():
        missed = ", ".join(sorted(outcome.missed)) or "-"
        extra = ", ".join(sorted(outcome.extra)) or "-"
        print(f"   {outcome.case.id}: missed [{missed}] extra [{extra}]")


def print_speed(cases: list[Case]) -> None:
    timings: list[float] = []
    for case in cases:
        monitor = ComplianceMonitor(case.rules, case.locale, case.context, case.facts)
        for turn in case.turns:
            start = time.perf_counter()
            monitor.observe(turn)
            timings.append(time.perf_counter() - start)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(
        f"\n== speed: {len(timings)} turns, observe() median "
        f"{statistics.median(timings) * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms"
    )
    for label, text in [
        (
            "100 kB English",
            ("If you do not pay we will call your employer, sue you. " * 1800)[:100_000],
        ),
        ("100 kB Chinese", ("你再不还就等着坐牢吧，我们会联系你家人。" * 5000)[:100_000]),
        ("100 kB no punctuation", "a" * 100_000),
    ]:
        monitor = ComplianceMonitor("us", "en-US", cases[0].context)
        start = time.perf_counter()
        monitor.observe(Turn("agent", text))
        print(f"   {label:32s} {time.perf_counter() - start:8.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list dev cases it gets wrong")
    args = parser.parse_args(argv)
    every: list[Case] = []
    for split in SPLITS:
        for locale, cases in load_split(DATA / split).items():
            report = evaluate(cases)
            print_report(f"{split} {locale}", report)
            if args.failures and split == "dev":
                print_failures(report)
            every += cases
    print_speed(every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
