"""collector-sim list [--json]"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="list the scenario library")
    p.add_argument("--json", action="store_true", help="a JSON array of scenarios")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import open_library, print_json

    library = open_library(args)
    rows = [
        {
            "id": s.scenario.id,
            "title": s.scenario.title,
            "locale": s.scenario.locale,
            "rules": s.scenario.rule_pack,
            "persona": s.scenario.persona,
            "stage": s.scenario.stage,
            "difficulty": s.scenario.difficulty,
            "tags": s.scenario.tags,
            "version": s.scenario.version,
            "nodes": len(s.scenario.nodes),
            "path": str(s.path),
        }
        for s in sorted(
            library.scenarios.values(), key=lambda s: (s.scenario.locale, s.scenario.id)
        )
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(
            f"{row['id']:<34} {row['locale']:<6} {row['persona']:<12} {row['stage']:<6} "
            f"d{row['difficulty']}  {row['title']}"
        )
    if library.errors:
        print(f"({len(library.errors)} problem(s) hid some files; run 'collector-sim validate')")
    return 0
