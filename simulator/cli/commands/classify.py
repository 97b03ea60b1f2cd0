"""collector-sim classify --locale en-US|zh-CN [TEXT]"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "classify",
        help="show the intents understood in trainee lines",
        description=(
            "Print the intents understood in TEXT as one JSON object, or, without TEXT, "
            "read one utterance per line from standard input and print one JSON object "
            "per line (JSON Lines), in the same order."
        ),
    )
    p.add_argument("--locale", default="en-US", help="en-US or zh-CN (default: en-US)")
    p.add_argument("text", nargs="?", metavar="TEXT", help="one utterance; omit to read stdin")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import print_json_line
    from simulator.cli.errors import CliError
    from simulator.nlu import Understander
    from simulator.vocabulary import LOCALES

    if args.locale not in LOCALES:
        raise CliError(f"unknown locale '{args.locale}'; expected one of: {', '.join(LOCALES)}")
    understander = Understander.for_locale(args.locale)
    if args.text is not None:
        print_json_line(understander.understand(args.text).to_json())
        return 0
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    lines = (
        (raw.decode("utf-8", errors="replace") for raw in stream)
        if stream is not None
        else iter(sys.stdin)
    )
    for number, line in enumerate(lines):
        text = line.rstrip("\r\n")
        if number == 0:
            text = text.removeprefix("\ufeff")
        print_json_line(understander.understand(text).to_json())
        sys.stdout.flush()
    return 0
