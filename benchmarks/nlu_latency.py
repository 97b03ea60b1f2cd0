"""Per-turn latency of intent understanding with the full library loaded.

Times ``Understander.understand`` on every labelled utterance in tests/data/nlu
(dev and test splits), several rounds, after one warm-up round, and prints p50,
p90, p99 and max per locale, plus the one-off compile time. It does so three ways:
the built-ins alone; built-ins plus each scenario's own layer in turn (what a
call runs, so what the budget of a median under 2 ms per turn is about); and, as a
stress figure only, built-ins plus one layer holding every scenario intent of the
locale merged (several times larger than any one scenario's layer). Last, a pasted
100 kB turn against its first MAX_CHARS characters: only those are read, so the two
should cost the same.

    python benchmarks/nlu_latency.py [--rounds 5] [--scenarios PATH ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.nlu.evaluation import read_jsonl  # noqa: E402
from simulator.nlu.understander import MAX_CHARS, Understander, describe  # noqa: E402
from simulator.scenario.library import load_library  # noqa: E402
from simulator.scenario.model import IntentDef  # noqa: E402
from simulator.vocabulary import LOCALES  # noqa: E402

DATA = ROOT / "tests" / "data" / "nlu"
BUDGET_MS = 2.0


def percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))]


def timed(understanders: list[Understander], texts: list[str], rounds: int) -> list[float]:
    for understander in understanders:  # warm-up: caches, lazy imports
        for text in texts:
            understander.understand(text)
    samples: list[float] = []
    for _ in range(rounds):
        for understander in understanders:
            for text in texts:
                began = time.perf_counter()
                understander.understand(text)
                samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return samples


def compiled(locale: str, intents: Any = None) -> tuple[float, Understander]:
    """The understander and how long building it took (ms), caches cold or not."""
    started = time.perf_counter()
    understander = Understander.for_locale(locale, intents)
    return (time.perf_counter() - started) * 1000, understander


def merged(intents: list[dict[str, IntentDef]]) -> dict[str, IntentDef]:
    """Every scenario intent of a locale in one layer; same ids pool examples and patterns."""
    out: dict[str, IntentDef] = {}
    for group in intents:
        for name, intent in group.items():
            seen = out.get(name)
            out[name] = IntentDef(
                examples=[*(seen.examples if seen else []), *intent.examples],
                patterns=[*(seen.patterns if seen else []), *intent.patterns],
            )
    return out


def pasted(understander: Understander, texts: list[str], kb: int = 100) -> str:
    """Best of 5: a paste of at least ``kb`` kB of the utterances, and its first MAX_CHARS."""
    paste = ""
    while len(paste.encode()) < kb * 1000:
        paste += " ".join(texts) + " "
    out = []
    for label, text in ((f"{kb} kB paste", paste), (f"first {MAX_CHARS} chars", paste[:MAX_CHARS])):
        understander.understand(text)
        runs = []
        for _ in range(5):
            began = time.perf_counter()
            understander.understand(text)
            runs.append((time.perf_counter() - began) * 1000)
        out.append(f"{label} {min(runs):.2f} ms")
    return ", ".join(out)


def report(title: str, samples: list[float], sizes: str) -> float:
    p50 = statistics.median(samples)
    print(f"  {title}: {len(samples)} turns, {sizes}")
    print(
        f"    p50 {p50:.3f} ms  p90 {percentile(samples, 0.9):.3f} ms  "
        f"p99 {percentile(samples, 0.99):.3f} ms  max {samples[-1]:.3f} ms"
    )
    return p50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scenarios", nargs="*", metavar="PATH", default=[str(ROOT / "scenarios")])
    args = parser.parse_args()
    library = load_library([Path(p) for p in args.scenarios], check=False)
    worst_p50 = worst_stress = 0.0
    for locale in LOCALES:
        texts = [
            row.text
            for split in ("dev", "test")
            for row in read_jsonl(DATA / f"{locale}.{split}.jsonl")
        ]
        base_ms, base = compiled(locale)
        sizes = describe(base)
        print(f"{locale}: {len(texts)} utterances x {args.rounds} rounds")
        print(
            f"  compile {base_ms:.0f} ms once per process: {sizes['intents']} intents, "
            f"{sizes['patterns']} patterns, {sizes['examples']} examples, "
            f"{sizes['no_intent_lines']} no-intent lines"
        )
        p50 = report("built-ins", timed([base], texts, args.rounds), "no scenario layer")
        print(f"  long input, built-ins, best of 5: {pasted(base, texts)}")
        worst_p50 = max(worst_p50, p50)
        own = [
            s.scenario.intents
            for s in library.scenarios.values()
            if s.scenario.locale == locale and s.scenario.intents
        ]
        if not own:
            continue
        layers = [compiled(locale, intents) for intents in own]
        layer_ms = [ms for ms, _ in layers]
        each = [understander for _, understander in layers]
        scenario_intents = sum(len(i) for i in own)
        p50 = report(
            "with each scenario's layer",
            timed(each, texts, max(1, args.rounds // 2)),
            f"{len(own)} scenarios, {scenario_intents} scenario intents, "
            f"layer compile median {statistics.median(layer_ms):.1f} ms",
        )
        worst_p50 = max(worst_p50, p50)
        everything = merged(own)
        whole = Understander.for_locale(locale, everything)
        stress = report(
            "stress, every scenario intent in one layer (no call runs this)",
            timed([whole], texts, args.rounds),
            f"{len(everything)} intents, "
            f"{sum(len(i.patterns) for i in everything.values())} patterns, "
            f"{sum(len(i.examples) for i in everything.values())} examples",
        )
        worst_stress = max(worst_stress, stress)
    verdict = "within" if worst_p50 < BUDGET_MS else "OVER"
    print(
        f"median budget {BUDGET_MS} ms per turn (built-ins, and built-ins with a scenario's "
        f"layer): {verdict} (worst p50 {worst_p50:.3f} ms; stress {worst_stress:.3f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
