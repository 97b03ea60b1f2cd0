"""The app itself: ``collector-sim`` with no command opens it."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the terminal app (the default)")
    p.set_defaults(handler=open_app)


def open_app(args: argparse.Namespace) -> int:
    from simulator.cli.main import build_parser

    build_parser().print_help()
    return 0
