"""collector-sim score PATH... [--json] [--rules us|cn] [--rubric FILE]

Scores transcript files without a scenario (so the plan outcome is N/A) and never
touches the results database. A malformed file is reported on stderr and the
others are still scored; the exit code is 1 if any file failed.
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    from simulator.vocabulary import RULE_PACKS

    p = sub.add_parser("score", help="score transcript files (YAML, JSON or plain text)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="transcript files")
    p.add_argument("--json", action="store_true", help="one JSON object per file (JSON Lines)")
    p.add_argument("--rules", choices=RULE_PACKS, help="rule pack, overriding the file and locale")
    p.add_argument("--rubric", metavar="FILE", help="rubric override merged over the default")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from simulator.cli.common import print_json_line
    from simulator.diagnostics import DiagnosticError
    from simulator.scoring.render import render_scorecard
    from simulator.scoring.rubric import load_rubric
    from simulator.scoring.scorecard import score_transcript
    from simulator.terminal import literal
    from simulator.transcript.parse import read_transcript

    rubric = load_rubric(Path(args.rubric)) if args.rubric else load_rubric()
    failed = False
    for path in args.paths:
        try:
            transcript = read_transcript(Path(path), display=path)
        except DiagnosticError as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        if args.rules:
            transcript.rules = args.rules
        card = score_transcript(transcript, rubric=rubric)
        if args.json:
            print_json_line(card.to_json())
        else:
            sys.stdout.write(literal(render_scorecard(card.to_json())))
    return 1 if failed else 0
