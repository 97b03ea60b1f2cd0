"""Intent understanding quality on the labelled sets in tests/data/nlu/.

Prints per-intent precision/recall/F1, micro and macro averages and the
spurious-intent rate for each locale's dev split (tuned on) and test split
(held out: never tuned on). ``--mistakes`` lists the dev mistakes only, so the
held-out set stays unseen while tuning.

    python benchmarks/nlu_quality.py [--locale en-US] [--split dev|test] [--mistakes]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.nlu.evaluation import evaluate, format_report, read_jsonl  # noqa: E402
from simulator.nlu.understander import Understander  # noqa: E402
from simulator.vocabulary import LOCALES  # noqa: E402

DATA = ROOT / "tests" / "data" / "nlu"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", choices=LOCALES, action="append")
    parser.add_argument("--split", choices=("dev", "test"), action="append")
    parser.add_argument("--mistakes", action="store_true", help="list dev-split mistakes")
    args = parser.parse_args()
    for locale in args.locale or LOCALES:
        understander = Understander.for_locale(locale)
        for split in args.split or ("dev", "test"):
            report = evaluate(understander, read_jsonl(DATA / f"{locale}.{split}.jsonl"))
            print(format_report(f"{locale} {split}", report))
            if args.mistakes and split == "dev":
                for m in report.mistakes:
                    missing = ",".join(sorted(m.expected - m.got)) or "-"
                    extra = ",".join(sorted(m.got - m.expected)) or "-"
                    print(f"  missing {missing:<28} extra {extra:<28} {m.text}")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
