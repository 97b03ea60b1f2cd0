"""Entry point: global options, subcommand discovery, and errors without tracebacks."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from simulator import __version__
from simulator.cli import commands
from simulator.cli.errors import CliError
from simulator.diagnostics import DiagnosticError

DEBUG_ENV = "COLLECTOR_SIM_DEBUG"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="collector-sim",
        description="Training simulator for debt-collection calls. "
        "Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"collector-sim {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="results database (default: $COLLECTOR_SIM_DB or the user data dir)",
    )
    parser.add_argument(
        "--scenarios",
        metavar="DIR",
        help="scenario library (default: $COLLECTOR_SIM_SCENARIOS or the bundled one)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from simulator.cli.commands.app import open_app

        handler = open_app
    try:
        return int(handler(args) or 0)
    except CliError as exc:
        print(f"collector-sim: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except DiagnosticError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        print(
            f"collector-sim: internal error: {type(exc).__name__}: {exc}\n"
            f"  (set {DEBUG_ENV}=1 to see the traceback, and please report it)",
            file=sys.stderr,
        )
        return 3
