"""collector-sim graph SCENARIO [--all]"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("graph", help="print a Mermaid state diagram of a scenario")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario id or file")
    p.add_argument(
        "--all",
        action="store_true",
        help="also draw the automatic hang-up, confusion and reaction transitions",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import resolve_scenario
    from simulator.scenario.graph import mermaid

    loaded = resolve_scenario(args, args.scenario)
    print(mermaid(loaded.scenario, automatic=args.all))
    return 0
