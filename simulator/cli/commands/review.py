"""collector-sim review SESSION --score DIMENSION=VALUE --comment TEXT [--turn N] --reviewer NAME

Score and comment are each optional, but a review needs at least one of them.
"""

from __future__ import annotations

import argparse
import math


def score_arg(text: str) -> tuple[str, float]:
    """DIMENSION=VALUE with a known dimension and a value from 0 to 100."""
    from simulator.store.schema import DIMENSIONS

    dimension, sep, value = text.partition("=")
    dimension = dimension.strip()
    if not sep or dimension not in DIMENSIONS:
        raise argparse.ArgumentTypeError(
            f"expected DIMENSION=VALUE with DIMENSION one of {', '.join(DIMENSIONS)}, not '{text}'"
        )
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"the score must be a number from 0 to 100, not '{value}'")
    return dimension, number


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="record a manager's score or comment; the machine's score is kept beside it",
    )
    p.add_argument("session_id", metavar="SESSION", type=int)
    p.add_argument("--score", metavar="DIMENSION=VALUE", type=score_arg, help="e.g. empathy=75")
    p.add_argument("--comment", metavar="TEXT")
    p.add_argument("--turn", metavar="N", type=int, help="the turn the review is about (from 1)")
    p.add_argument("--reviewer", metavar="NAME", required=True)
    p.add_argument("--json", action="store_true", help="print the stored review as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import open_store, print_json
    from simulator.cli.errors import CliError
    from simulator.store import StoreError

    if args.score is None and not (args.comment or "").strip():
        raise CliError("give --score DIMENSION=VALUE, --comment TEXT, or both", 2)
    dimension, score = args.score or (None, None)
    store = open_store(args)
    try:
        review_id = store.add_review(
            args.session_id,
            reviewer=args.reviewer,
            dimension=dimension,
            score=score,
            comment=args.comment,
            turn=args.turn,
        )
    except StoreError as exc:
        raise CliError(str(exc), 1) from None
    finally:
        store.close()
    if args.json:
        print_json(
            {
                "id": review_id,
                "session": args.session_id,
                "turn": args.turn,
                "reviewer": args.reviewer,
                "dimension": dimension,
                "score": score,
                "comment": args.comment,
            }
        )
    else:
        print(f"review {review_id} stored for session {args.session_id}")
    return 0
