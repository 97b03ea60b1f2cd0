"""collector-sim play SCENARIO [--script FILE] ... : headless with a script, else the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="play a scenario (headless with --script, else in the app)")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario id or file")
    p.add_argument(
        "--script",
        metavar="FILE",
        help="trainee lines: a YAML list, or plain text with one line per turn",
    )
    p.add_argument("--seed", type=int, help="seed for line variants (default: random, stored)")
    p.add_argument(
        "--mode",
        choices=("practice", "test"),
        default=None,
        help="practice (guided) or test (default: practice in the app, test headless)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--no-store", action="store_true", help="do not save the session")
    p.add_argument("--trainee", metavar="NAME", help="who is playing (sessions are stored by name)")
    p.add_argument("--from", dest="start_node", metavar="NODE", help="start from this node")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a meter, variable or flag at the start (repeatable)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import resolve_scenario
    from simulator.cli.errors import CliError
    from simulator.engine.state import StateError, parse_override

    loaded = resolve_scenario(args, args.scenario)
    try:
        overrides = dict(parse_override(item) for item in args.overrides)
    except StateError as exc:
        raise CliError(str(exc)) from None
    if not args.script:
        from simulator.cli.commands.app import open_app

        return open_app(args, scenario=loaded, overrides=overrides)
    return _headless(args, loaded, overrides)


def _headless(args: argparse.Namespace, loaded: Any, overrides: dict[str, Any]) -> int:
    from simulator.cli.common import open_store, print_json
    from simulator.cli.errors import CliError
    from simulator.engine.state import StateError
    from simulator.scoring.render import render_scorecard
    from simulator.session import PlaySession, SessionSaveError
    from simulator.session.render import render_lines, render_outcome, render_reply
    from simulator.terminal import literal

    lines = script_lines(Path(args.script))
    store = open_store(args) if args.trainee and not args.no_store else None
    try:
        session = PlaySession.start(
            loaded,
            trainee=args.trainee,
            mode=args.mode or "test",
            seed=args.seed,
            store=store,
            start_node=args.start_node,
            overrides=overrides,
        )
        out = render_lines(session.opening())
        unused = 0
        for i, text in enumerate(lines):
            if session.ended:
                unused = len(lines) - i
                break
            out += render_reply(text, session.say(text))
        card = session.finish()
    except StateError as exc:
        raise CliError(str(exc)) from None
    except SessionSaveError as exc:
        raise CliError(str(exc)) from None
    if unused:
        print(
            f"collector-sim: note: the call ended with {unused} script line(s) unused",
            file=sys.stderr,
        )
    call = session.call
    if args.json:
        print_json(play_json(session, card))
        return 0
    print(literal("\n".join(out)))
    print(literal(render_outcome(call.outcome)))
    print(literal(render_scorecard(card.to_json())), end="")
    if session.session_id is not None:
        print(f"Stored as session {session.session_id}.")
    return 0


def script_lines(path: Path) -> list[str]:
    """The trainee's lines, refused before the call starts if one is longer than a turn may be
    (so nothing is stored of a call that could not be played to the end)."""
    from simulator.cli.errors import CliError
    from simulator.session.play import too_long
    from simulator.session.script import read_script
    from simulator.transcript.model import MAX_TURN_CHARS

    lines = read_script(path)
    for number, text in enumerate(lines, start=1):
        if len(text) > MAX_TURN_CHARS:
            raise CliError(f"{path}: trainee line {number}: {too_long(len(text))}", exit_code=1)
    return lines


def play_json(session: Any, card: Any) -> dict[str, Any]:
    from dataclasses import asdict

    call = session.call
    outcome = call.outcome
    plan = outcome.plan if outcome else None
    return {
        "scenario": session.scenario.id,
        "seed": call.seed,
        "mode": call.mode,
        "locale": session.scenario.locale,
        "rules": session.scenario.rule_pack,
        "context": asdict(session.context),
        "transcript": [
            {"speaker": t.speaker, "text": t.text, "node": t.node} for t in call.transcript
        ],
        "outcome": outcome.outcome if outcome else None,
        "plan": {k: getattr(plan, k) for k in ("amount", "date", "method", "instalments")}
        if plan
        else None,
        "state": {
            "node": call.node,
            "meters": call.state.meters,
            "variables": call.state.variables,
            "flags": call.state.flags,
        },
        "scorecard": card.to_json(),
        "session_id": session.session_id,
    }
