"""Compliance checker quality on the labelled set, per split and locale, and its speed.

    python benchmarks/compliance_quality.py             # figures for dev and held-out
    python benchmarks/compliance_quality.py --failures  # also list the dev cases it gets wrong
    python benchmarks/compliance_quality.py --tune-failures  # and the fresh TUNE half's
    python benchmarks/compliance_quality.py --probe-failures  # and the probes' misses

Prints per-category recall, overall recall, the false-alarm rate on clean transcripts and
precision. Tune only on dev; held-out is there to tell whether the tuning generalises.
The fresh split (tests/data/FRESH.md, written blind to the detectors) is also reported in
two halves by case position: TUNE (1st, 3rd, ...) whose failures may be studied, CHECK
(2nd, 4th, ...) which is only measured, so its figure estimates generalisation.
The probes split (session 2) was written blind to the lexicon, measured once, then tuned on.
Then the time ``observe`` takes per turn, and on one 100 kB turn: live (``observe`` reads
the opening of a paste) and scored (``check_transcript`` reads all of it). Times are CPU
time of this thread, best of three, so other processes on the machine do not inflate them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from simulator.scoring.compliance import ComplianceMonitor, check_transcript
from simulator.scoring.compliance.evaluation import Case, Report, evaluate, load_split
from simulator.transcript.model import CallContext, Turn

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "compliance"
SPLITS = ("dev", "heldout")
FRESH = "fresh"
PROBES = "probes"


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


def cpu_time(run: Callable[[], object]) -> float:
    """CPU time of this thread in seconds: other processes do not inflate it."""
    start = time.thread_time()
    run()
    return time.thread_time() - start


def paste_times(turn: Turn, context: CallContext) -> tuple[float, float]:
    """Best of three: one turn observed live, and scored in a transcript of its own."""
    monitors = [ComplianceMonitor("us", "en-US", context) for _ in range(3)]
    live = min(cpu_time(partial(monitor.observe, turn)) for monitor in monitors)
    score = partial(check_transcript, [turn], rules="us", locale="en-US", context=context)
    return live, min(cpu_time(score) for _ in range(3))


def print_speed(cases: list[Case]) -> None:
    rounds: list[list[float]] = []
    for _ in range(3):
        timings: list[float] = []
        for case in cases:
            monitor = ComplianceMonitor(case.rules, case.locale, case.context, case.facts)
            timings += [cpu_time(partial(monitor.observe, turn)) for turn in case.turns]
        rounds.append(timings)
    timings = sorted(map(min, zip(*rounds, strict=True)))  # each turn's best of three
    p95 = timings[int(len(timings) * 0.95)]
    p99 = timings[int(len(timings) * 0.99)]
    print(
        f"\n== speed: {len(timings)} turns, observe() median "
        f"{statistics.median(timings) * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms, "
        f"p99 {p99 * 1000:.3f} ms (CPU time, each turn's best of three)"
    )
    for label, text in [
        (
            "100 kB English",
            ("If you do not pay we will call your employer, sue you. " * 1800)[:100_000],
        ),
        ("100 kB Chinese", ("你再不还就等着坐牢吧，我们会联系你家人。" * 5000)[:100_000]),
        ("100 kB no punctuation", "a" * 100_000),
    ]:
        live, whole = paste_times(Turn("agent", text), cases[0].context)
        print(f"   {label:24s} live {live * 1000:7.1f} ms, scored {whole * 1000:7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list dev cases it gets wrong")
    parser.add_argument(
        "--tune-failures", action="store_true", help="list fresh TUNE-half cases it gets wrong"
    )
    parser.add_argument(
        "--probe-failures", action="store_true", help="list probe cases it gets wrong"
    )
    args = parser.parse_args(argv)
    every: list[Case] = []
    for split in SPLITS:
        for locale, cases in load_split(DATA / split).items():
            report = evaluate(cases)
            print_report(f"{split} {locale}", report)
            if args.failures and split == "dev":
                print_failures(report)
            every += cases
    for locale, cases in load_split(DATA / FRESH).items():
        print_report(f"{FRESH} {locale}", evaluate(cases))
        tune = evaluate(cases[0::2])
        print_report(f"{FRESH} {locale} TUNE half (odd positions)", tune)
        if args.tune_failures:
            print_failures(tune)
        print_report(f"{FRESH} {locale} CHECK half (even positions)", evaluate(cases[1::2]))
    for locale, cases in load_split(DATA / PROBES).items():
        report = evaluate(cases)
        print_report(f"{PROBES} {locale}", report)
        if args.probe_failures:
            print_failures(report)
    print_speed(every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
