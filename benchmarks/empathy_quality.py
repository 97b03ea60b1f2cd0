"""Empathy marker quality: per-marker precision, recall and F1 on the labelled set.

    .venv/bin/python benchmarks/empathy_quality.py

Prints every split per locale (tests/data/empathy/): ``dev`` is what the cue
lexicons were tuned on, ``heldout`` was never tuned on, and the ``fresh`` batches
(session 2; each measured once before the cues were tuned on it, see README.md)
count as dev since. The last rows pool the positive and the negative markers
(micro-averaged), and ``distress`` scores the debtor-side distress detector that
``dismiss_distress`` depends on.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import vocabulary  # noqa: E402
from simulator.scoring.empathy.evaluate import (  # noqa: E402
    DISTRESS,
    HELDOUT,
    MARKERS,
    TUNED_SPLITS,
    Tally,
    evaluate,
    load_items,
)

DATA = ROOT / "tests" / "data" / "empathy"


def pooled(tallies: dict[str, Tally], names: tuple[str, ...]) -> Tally:
    out = Tally()
    for name in names:
        out.tp += tallies[name].tp
        out.fp += tallies[name].fp
        out.fn += tallies[name].fn
    return out


def main() -> None:
    for locale in vocabulary.LOCALES:
        for split in (*TUNED_SPLITS, HELDOUT):
            items = load_items(DATA / f"{locale}.{split}.yaml")
            tallies = evaluate(items, locale)
            print(f"\n{locale} {split} ({len(items)} agent turns)")
            print(f"  {'marker':<18}{'P':>6}{'R':>6}{'F1':>6}{'n':>5}")
            rows = [(name, tallies[name]) for name in (*MARKERS, DISTRESS)]
            rows.append(("ALL positive", pooled(tallies, vocabulary.EMPATHY_POSITIVE)))
            rows.append(("ALL negative", pooled(tallies, vocabulary.EMPATHY_NEGATIVE)))
            for name, t in rows:
                print(f"  {name:<18}{t.precision:>6.2f}{t.recall:>6.2f}{t.f1:>6.2f}{t.support:>5}")


if __name__ == "__main__":
    main()
