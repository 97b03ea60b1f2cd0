"""collector-sim serve [--port N] [--host HOST]: the app in web browsers, via textual-serve."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

DEFAULT_PORT = 8000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the app to web browsers (needs textual-serve)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 shares it on the network)",
    )
    p.set_defaults(handler=run)


def app_command(args: argparse.Namespace) -> str:
    """The shell command each browser session runs: this app with the same library and db."""
    argv = [sys.executable, "-m", "simulator"]
    for flag in ("db", "scenarios"):
        value = getattr(args, flag, None)
        if value:
            argv += [f"--{flag}", str(Path(value).expanduser().resolve())]
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.errors import CliError
    from simulator.tui.serve import ServeUnavailable, serve

    if not 0 < args.port < 65536:
        raise CliError(f"--port must be between 1 and 65535, not {args.port}")
    try:
        serve(app_command(args), host=args.host, port=args.port)
    except ServeUnavailable as exc:
        raise CliError(str(exc)) from None
    return 0
