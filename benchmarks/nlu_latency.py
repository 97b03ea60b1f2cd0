"""Per-turn latency of intent understanding with the full built-in library loaded.

Times ``Understander.understand`` on every labelled utterance in tests/data/nlu
(dev and test splits), several rounds, after one warm-up round, and prints p50,
p90, p99 and max per locale, plus the one-off compile time. The budget is a median
under 2 ms per turn.

    python benchmarks/nlu_latency.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.nlu.evaluation import read_jsonl  # noqa: E402
from simulator.nlu.understander import Understander, describe  # noqa: E402
from simulator.vocabulary import LOCALES  # noqa: E402

DATA = ROOT / "tests" / "data" / "nlu"
BUDGET_MS = 2.0


def percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    worst_p50 = 0.0
    for locale in LOCALES:
        started = time.perf_counter()
        understander = Understander.for_locale(locale)
        compile_ms = (time.perf_counter() - started) * 1000
        texts = [
            row.text
            for split in ("dev", "test")
            for row in read_jsonl(DATA / f"{locale}.{split}.jsonl")
        ]
        for text in texts:  # warm-up: caches, lazy imports
            understander.understand(text)
        samples: list[float] = []
        for _ in range(args.rounds):
            for text in texts:
                began = time.perf_counter()
                understander.understand(text)
                samples.append((time.perf_counter() - began) * 1000)
        samples.sort()
        p50 = statistics.median(samples)
        worst_p50 = max(worst_p50, p50)
        sizes = describe(understander)
        print(
            f"{locale}: {len(samples)} turns ({len(texts)} utterances x {args.rounds}), "
            f"{sizes['intents']} intents, {sizes['patterns']} patterns, "
            f"{sizes['examples']} examples, {sizes['no_intent_lines']} no-intent lines"
        )
        print(f"  compile {compile_ms:.0f} ms (once per process)")
        print(
            f"  p50 {p50:.3f} ms  p90 {percentile(samples, 0.9):.3f} ms  "
            f"p99 {percentile(samples, 0.99):.3f} ms  max {samples[-1]:.3f} ms"
        )
    verdict = "within" if worst_p50 < BUDGET_MS else "OVER"
    print(f"median budget {BUDGET_MS} ms per turn: {verdict} (worst p50 {worst_p50:.3f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
