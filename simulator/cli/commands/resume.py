"""collector-sim resume [SESSION] [--script FILE] [--abandon] [--json]"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("resume", help="continue or abandon an unfinished session")
    p.add_argument(
        "session",
        nargs="?",
        type=int,
        metavar="SESSION",
        help="session id (without it: list unfinished sessions)",
    )
    p.add_argument("--script", metavar="FILE", help="continue headless with these trainee lines")
    p.add_argument("--abandon", action="store_true", help="mark the session abandoned")
    p.add_argument("--trainee", metavar="NAME", help="only this trainee's sessions")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from simulator.cli.commands.play import play_json, script_lines
    from simulator.cli.common import open_library, open_store, print_json
    from simulator.cli.errors import CliError
    from simulator.engine.state import StateError
    from simulator.scoring.render import render_scorecard
    from simulator.session import PlaySession, SessionSaveError
    from simulator.session.render import render_outcome, render_reply
    from simulator.store import StoreError
    from simulator.terminal import literal

    store = open_store(args)
    if args.session is None:
        rows = store.resumable(args.trainee)
        if args.json:
            print_json(rows)
        elif not rows:
            print("No unfinished sessions.")
        for row in rows if not args.json else []:
            print(
                f"{row['id']:>6}  {row['trainee']:<16} {row['scenario_id']:<34} "
                f"{row.get('updated_at') or row.get('started_at')}"
            )
        return 0
    try:
        record = store.load_session(args.session)
    except StoreError as exc:
        raise CliError(str(exc), exit_code=1) from None
    if record.status != "in_progress":
        raise CliError(f"session {args.session} is {record.status}, not in progress", 1)
    if args.abandon:
        try:
            store.mark_abandoned(args.session)
        except StoreError as exc:
            raise CliError(str(exc), exit_code=2) from None
        print(f"Session {args.session} marked abandoned.")
        return 0
    loaded = open_library(args).find(record.scenario_id)
    if loaded is None:
        raise CliError(f"scenario '{record.scenario_id}' is no longer in the library", 1)
    if store.scenario_changed(args.session, loaded.content_hash):
        print(
            f"collector-sim: warning: scenario '{record.scenario_id}' changed since this "
            "session was played; continuing with the saved state",
            file=sys.stderr,
        )
    if not args.script:
        from simulator.cli.commands.app import open_app

        return open_app(args, resume=args.session)
    lines = script_lines(Path(args.script))
    try:
        session = PlaySession.resume(loaded, store, args.session)
        out: list[str] = []
        for text in lines:
            if session.ended:
                break
            out += render_reply(text, session.say(text))
        card = session.finish() if session.ended else None
    except StateError as exc:
        raise CliError(str(exc), exit_code=1) from None
    except SessionSaveError as exc:  # as in play: 2 means the call could not be saved
        raise CliError(str(exc), exit_code=2) from None
    if args.json:
        print_json(play_json(session, card or session.scorecard()))
        return 0
    print(literal("\n".join(out)))
    print(literal(render_outcome(session.call.outcome)))
    if card is not None:
        print(literal(render_scorecard(card.to_json())), end="")
    else:
        print(f"Session {args.session} is still in progress.")
    return 0
