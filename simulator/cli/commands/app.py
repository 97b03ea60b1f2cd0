"""The app itself: ``collector-sim`` with no command opens it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the terminal app (the default)")
    p.set_defaults(handler=open_app)


def open_app(
    args: argparse.Namespace,
    *,
    scenario: Any = None,
    overrides: dict[str, Any] | None = None,
    resume: int | None = None,
) -> int:
    """Run the app; with a scenario it opens that briefing, with resume that call."""
    build_app(args, scenario=scenario, overrides=overrides, resume=resume).run()
    return 0


def build_app(
    args: argparse.Namespace,
    *,
    scenario: Any = None,
    overrides: dict[str, Any] | None = None,
    resume: int | None = None,
) -> Any:
    """The app configured from the command line (also used by the startup benchmark)."""
    from simulator.tui.app import CollectorApp, Launch

    launch = None
    if scenario is not None or resume is not None:
        launch = Launch(
            scenario=scenario,
            trainee=getattr(args, "trainee", None),
            mode=getattr(args, "mode", None),
            seed=getattr(args, "seed", None),
            start_node=getattr(args, "start_node", None),
            overrides=dict(overrides or {}),
            resume=resume,
        )
    scenarios = getattr(args, "scenarios", None)
    return CollectorApp(
        scenarios_dir=Path(scenarios) if scenarios else None,
        db=getattr(args, "db", None),
        launch=launch,
    )
