"""Intent understanding quality on the labelled sets in tests/data/nlu/.

Prints per-intent precision/recall/F1, micro and macro averages and the
spurious-intent rate for each locale's dev split (tuned on) and test split
(held out: never tuned on). ``--mistakes`` lists the dev mistakes only, so the
held-out set stays unseen while tuning.

``--fresh`` also measures the blind sets (``<locale>.fresh.jsonl``, see
tests/data/FRESH.md) whole and split by line position: odd lines (1st, 3rd, ...)
are the TUNE half, even lines the CHECK half. ``--mistakes`` then lists TUNE-half
mistakes only, so the CHECK half stays an estimate of unseen phrasing.

``--probes`` also measures ``<locale>.probes.jsonl``: a second blind set, written
before the library was read in session 2 (see docs/understanding.md); ``--mistakes``
lists its mistakes too (it was tuned on afterwards).

``--scenarios`` measures the scenario layers too, with every scenario of the
library loaded on top of the built-ins in turn: how many guided choices are
understood as (one of) their branch's intents, how often a scenario's own intent
fires on the labelled utterances (none of which was written for a scenario, so
each firing is suspect), and whether the scenario layer changes the canonical
figures.

    python benchmarks/nlu_quality.py [--locale en-US] [--split dev|test] [--mistakes]
                                     [--fresh] [--probes] [--scenarios [PATH ...]]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.nlu.catalog import builtin_intent_ids  # noqa: E402
from simulator.nlu.evaluation import evaluate, format_report, read_jsonl  # noqa: E402
from simulator.nlu.understander import Understander  # noqa: E402
from simulator.vocabulary import LOCALES  # noqa: E402

DATA = ROOT / "tests" / "data" / "nlu"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", choices=LOCALES, action="append")
    parser.add_argument("--split", choices=("dev", "test"), action="append")
    parser.add_argument("--mistakes", action="store_true", help="list dev-split mistakes")
    parser.add_argument(
        "--fresh", action="store_true", help="also the blind fresh set, whole and TUNE/CHECK"
    )
    parser.add_argument(
        "--probes", action="store_true", help="also the session-2 probe set (tuned on)"
    )
    parser.add_argument(
        "--scenarios",
        nargs="*",
        metavar="PATH",
        help="also measure the scenario layers (default path: the bundled library)",
    )
    args = parser.parse_args()
    locales = args.locale or LOCALES
    splits = args.split or ("dev", "test")
    for locale in locales:
        understander = Understander.for_locale(locale)
        for split in splits:
            report = evaluate(understander, read_jsonl(DATA / f"{locale}.{split}.jsonl"))
            print(format_report(f"{locale} {split}", report))
            if args.mistakes and split == "dev":
                print_mistakes(report)
            print()
        if args.fresh:
            fresh_report(understander, locale, args.mistakes)
        if args.probes:
            report = evaluate(understander, read_jsonl(DATA / f"{locale}.probes.jsonl"))
            print(format_report(f"{locale} probes", report))
            if args.mistakes:
                print_mistakes(report)
            print()
    if args.scenarios is not None:
        paths = [Path(p) for p in args.scenarios] or [ROOT / "scenarios"]
        scenario_report(paths, locales, splits, args.mistakes)
    return 0


def fresh_report(understander: Understander, locale: str, mistakes: bool) -> None:
    """The blind set whole, then its TUNE (odd lines) and CHECK (even lines) halves."""
    rows = read_jsonl(DATA / f"{locale}.fresh.jsonl")
    halves = {"fresh": rows, "fresh TUNE": rows[0::2], "fresh CHECK": rows[1::2]}
    for name, part in halves.items():
        report = evaluate(understander, part)
        p, r, f = report.micro
        print(
            f"{locale} {name:<12} n={report.utterances:<4} micro P {p:.3f} R {r:.3f} F1 {f:.3f}"
            f"  spurious rate {report.spurious_rate:.3f} ({report.spurious_utterances})"
        )
        if mistakes and name == "fresh TUNE":
            print_mistakes(report)
    print()


def print_mistakes(report: Any) -> None:
    for m in report.mistakes:
        missing = ",".join(sorted(m.expected - m.got)) or "-"
        extra = ",".join(sorted(m.got - m.expected)) or "-"
        print(f"  missing {missing:<28} extra {extra:<28} {m.text}")


def scenario_report(
    paths: list[Path], locales: list[str], splits: list[str], mistakes: bool
) -> None:
    from simulator.scenario.library import load_library

    library = load_library(paths, check=False)
    scenarios = sorted(library.scenarios.values(), key=lambda s: s.scenario.id)
    for locale in locales:
        own = [s.scenario for s in scenarios if s.scenario.locale == locale and s.scenario.intents]
        if not own:
            continue
        builtin = set(builtin_intent_ids(locale))
        rows = {split: read_jsonl(DATA / f"{locale}.{split}.jsonl") for split in splits}
        choices = understood = held_total = held_ok = 0
        fired = {split: 0 for split in splits}
        micro = {split: [0, 0, 0] for split in splits}
        spurious = {split: 0 for split in splits}
        notes: list[str] = []
        for scenario in own:
            understander = Understander.for_locale(locale, scenario.intents)
            branches = [r for n in scenario.nodes for r in n.responses] + list(scenario.anywhere)
            for response in branches:
                if not response.choice:
                    continue
                choices += 1
                got = understander.understand(response.choice).intent_ids
                if set(response.all_intents) & got:
                    understood += 1
                elif mistakes:
                    notes.append(
                        f"  choice not understood ({scenario.id}: "
                        f"{'/'.join(response.all_intents)}; got {','.join(sorted(got)) or '-'}): "
                        f"{response.choice}"
                    )
            own_ids = set(scenario.intents) - builtin
            for name in sorted(own_ids):
                for held, text, got in leave_one_out(scenario.intents, name, locale):
                    held_total += 1
                    held_ok += held
                    if mistakes and not held:
                        notes.append(
                            f"  held-out example not understood ({scenario.id}: {name}; "
                            f"got {','.join(sorted(got)) or '-'}): {text}"
                        )
            for split, labelled in rows.items():
                report = evaluate(understander, labelled)
                for intent_counts in report.counts.values():
                    for k in range(3):
                        micro[split][k] += intent_counts[k]
                spurious[split] += report.spurious_utterances
                for row in labelled:
                    extra = understander.understand(row.text).intent_ids & own_ids
                    if extra:
                        fired[split] += 1
                        if mistakes and split == "dev":
                            notes.append(
                                f"  {','.join(sorted(extra))} ({scenario.id}) on: {row.text}"
                            )
        print(f"== {locale} scenario layers: {len(own)} scenarios with their own intents")
        print(f"guided choices understood   {understood / choices:6.3f} ({understood}/{choices})")
        print(
            f"held-out examples understood {held_ok / held_total:6.3f} ({held_ok}/{held_total}; "
            "each example of a scenario's own intent, with that example left out)"
        )
        for split in splits:
            tp, fp, fn = micro[split]
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            total = len(rows[split]) * len(own)
            print(
                f"{split:<5} canonical micro F1 {f1:6.3f}  spurious rate "
                f"{spurious[split] / total:6.3f}  scenario intent fired on "
                f"{fired[split] / total:6.3f} of utterances"
            )
        for note in notes:
            print(note)
        print()


def leave_one_out(
    intents: dict[str, Any], name: str, locale: str
) -> list[tuple[bool, str, frozenset[str]]]:
    """Each example of ``name``, understood by the scenario layer built without it."""
    from simulator.scenario.model import IntentDef

    intent = intents[name]
    out = []
    if len(intent.examples) < 2:
        return out
    for i, text in enumerate(intent.examples):
        rest = [e for j, e in enumerate(intent.examples) if j != i]
        reduced = dict(intents)
        reduced[name] = IntentDef(
            description=intent.description,
            examples=rest,
            patterns=list(intent.patterns),
            allow_negation=intent.allow_negation,
        )
        got = Understander.for_locale(locale, reduced).understand(text).intent_ids
        out.append((name in got, text, got))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
