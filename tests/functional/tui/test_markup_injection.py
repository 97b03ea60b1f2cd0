"""Text from people and scenario files is shown as written: markup and escapes are inert."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from simulator.store import ResultsStore
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.call import CallScreen
from simulator.tui.screens.dashboard import DashboardScreen
from simulator.tui.screens.library import LibraryScreen
from simulator.tui.screens.modals import ReviewDialog
from simulator.tui.screens.review import ReviewScreen
from simulator.tui.screens.scorecard import ScorecardScreen
from simulator.tui.screens.trainee import TraineeScreen
from simulator.tui.text import clean, literal
from simulator.tui.widgets.transcript import TranscriptView
from tests.functional.tui.helpers import SIZE, plain, say, screen_text, wait_for

TITLE = "[bold]Boom[/] [link=https://evil.example]click[/link]"
NAME = "[red]Eve[/red]"
TRAINEE = "[b]Mal[/b] [/]"
SAID = "[/] [link=https://x.example]pay here[/link] \x1b[31mred\x1b[0m [bold"
COMMENT = "[on red]shout[/on red] \x1b]8;;http://x\x1b\\"

EVIL = f"""\
id: evil
title: "{TITLE}"
description: "[/] unbalanced \\e[31m red"
locale: en-US
persona: hardship
stage: early
difficulty: 1
briefing:
  debtor_name: "{NAME}"
  creditor: "[/]"
  product: "[@click=app.quit]card[/]"
  balance: 10
  minimum_due: 1
  days_past_due: 3
  notes: ["[link=file:///etc/passwd]x[/link]", "$name [b"]
  objectives: ["\\e[2J clear the screen"]
facts:
  reason: "[bold]"
  monthly_capacity: 5
nodes:
  - id: opening
    phase: opening
    say: "[bold]Hello[/] \\e[2J"
    responses:
      - intent: identify_self
        choice: "[/] pick me [i]"
        next: done
      - intent: close_call
        next: done
  - id: done
    phase: closing
    say: "[blink]bye[/blink]"
    ending: {{outcome: refused}}
"""


def evil_library(library: Path) -> None:
    (library / "evil.yaml").write_text(EVIL, encoding="utf-8")


def test_literal_makes_control_characters_visible() -> None:
    shown = literal(SAID)
    assert shown.plain == SAID.replace("\x1b", "␛")
    assert "\x1b" not in clean("a\x1bb\x07\x9b") and clean("tab\tnew\nline") == "tab\tnew\nline"


async def test_markup_and_escapes_from_everywhere_are_shown_literally(
    make_app, library: Path, db: Path
) -> None:
    evil_library(library)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#name", Input).value = TRAINEE
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        table = app.screen.query_one("#scenarios", DataTable)
        await wait_for(pilot, lambda: table.row_count == 3)
        assert TRAINEE in app.screen.sub_title  # the header shows the name as typed
        table.move_cursor(row=table.get_row_index("evil"))
        await pilot.pause()
        assert TITLE in screen_text(pilot)
        assert "[/] unbalanced ␛[31m red" in screen_text(pilot)

        # The palette lists the title literally and can find it.
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "Boom"
        await pilot.pause(0.3)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))

        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        text = screen_text(pilot)
        for shown in (
            NAME,
            "[@click=app.quit]card[/]",
            "[link=file:///etc/passwd]x[/link]",
            "$name [b",
            "␛[2J clear the screen",
        ):
            assert shown in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        text = screen_text(pilot)
        assert "[bold]Hello[/] ␛[2J" in text and "[/] pick me [i]" in text
        await say(pilot, SAID)
        view = app.screen.query_one(TranscriptView)
        said = plain(view.turn(2).query_one(".said"))
        assert said == SAID.replace("\x1b", "␛")
        assert "2  " + TRAINEE not in text  # the agent is "You" during the call
        await pilot.press("ctrl+f", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        assert app.is_running
    with ResultsStore.open(db) as store:
        [row] = store.report_trainee(TRAINEE)["history"]

    manager = make_app()
    async with manager.run_test(size=SIZE) as pilot:
        manager.screen.query_one("#name", Input).value = "Boss"
        await pilot.press("ctrl+r", "ctrl+r", "enter")
        await wait_for(pilot, lambda: isinstance(manager.screen, DashboardScreen))
        assert TRAINEE in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(manager.screen, TraineeScreen))
        assert TITLE in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(manager.screen, ReviewScreen))
        view = manager.screen.query_one(TranscriptView)
        view.focus()
        await pilot.press("down", "down", "c")
        await wait_for(pilot, lambda: isinstance(manager.screen, ReviewDialog))
        manager.screen.query_one("#comment", Input).value = COMMENT
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(manager.screen, ReviewScreen))
        text = screen_text(pilot)
        assert clean(COMMENT) in text and clean(SAID) in text
        assert manager.is_running
    assert row["session_id"]
