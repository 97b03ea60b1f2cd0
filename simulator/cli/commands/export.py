"""collector-sim export --format csv|json|xapi --out PATH [--since DATE] [--base-iri URL]"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.commands.report import since_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="sessions as CSV, JSON or xAPI statements for an LMS")
    p.add_argument("--format", required=True, choices=("csv", "json", "xapi"), dest="fmt")
    p.add_argument("--out", required=True, metavar="PATH", type=Path)
    p.add_argument(
        "--since", metavar="DATE", type=since_date, help="only sessions started on or after DATE"
    )
    p.add_argument(
        "--base-iri",
        metavar="URL",
        help="xAPI: the IRI for activity ids and the trainees' account homePage "
        "(default: $COLLECTOR_SIM_XAPI_BASE or https://collector-sim.example)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from simulator.cli.common import open_store
    from simulator.cli.errors import CliError
    from simulator.store import StoreError

    store = open_store(args)
    try:
        count = store.export(args.fmt, args.out, since=args.since, base_iri=args.base_iri)
    except StoreError as exc:
        raise CliError(str(exc), 2) from None
    finally:
        store.close()
    unit = "statement(s)" if args.fmt == "xapi" else "session(s)"
    print(f"wrote {count} {unit} to {args.out}", file=sys.stderr)
    return 0
