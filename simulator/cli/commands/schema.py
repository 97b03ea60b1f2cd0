"""collector-sim schema [--fragment]"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.add_argument("--fragment", action="store_true", help="the schema of shared fragments")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import print_json
    from simulator.scenario.schema import fragment_schema, scenario_schema

    print_json(fragment_schema() if args.fragment else scenario_schema())
    return 0
