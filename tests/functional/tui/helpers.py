"""Helpers for the app tests: reading what a screen shows, typing, waiting."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static

from simulator.tui.app import Launch
from simulator.tui.widgets.conversation import SayInput

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
ZH = Path(__file__).resolve().parent / "fixtures" / "zh"
SIZE = (80, 24)


def loaded(library: Path, scenario_id: str) -> Any:
    from simulator.scenario.library import load_library

    found = load_library([library], check=False).find(scenario_id)
    assert found is not None
    return found


def launch(library: Path, scenario_id: str, **options: Any) -> Launch:
    return Launch(scenario=loaded(library, scenario_id), **options)


def plain(widget: Widget) -> str:
    """What a Static or Label shows, as plain text."""
    assert isinstance(widget, Static)
    content = widget.content
    if isinstance(content, (Text, Content)):
        return content.plain
    if isinstance(content, str):
        return content
    console = Console(file=io.StringIO(), width=200, record=True, color_system=None)
    console.print(content)
    return console.export_text()


def screen_text(pilot: Pilot) -> str:
    """Every Static/Label, option and DataTable cell on the current screen, one per line."""
    parts: list[str] = []
    for widget in pilot.app.screen.query("*"):
        if isinstance(widget, Static) and widget.display:
            parts.append(plain(widget))
        elif isinstance(widget, OptionList) and widget.display:
            for index in range(widget.option_count):
                prompt = widget.get_option_at_index(index).prompt
                parts.append(getattr(prompt, "plain", str(prompt)))
        elif isinstance(widget, DataTable):
            for row in range(widget.row_count):
                parts.append(
                    " | ".join(str(getattr(c, "plain", c)) for c in widget.get_row_at(row))
                )
    return "\n".join(parts)


async def wait_for(pilot: Pilot, condition: Callable[[], Any], *, timeout: float = 8.0) -> None:
    """Let the app run until condition() holds (library loads happen on a thread)."""
    waited = 0.0
    while not condition():
        if waited >= timeout:
            raise AssertionError(f"timed out waiting; screen is {type(pilot.app.screen).__name__}")
        await pilot.pause(0.02)
        waited += 0.02


async def input_ready(pilot: Pilot) -> SayInput:
    """Wait until the conversation's input has focus: only then do digits pick choices.

    The input takes focus a moment after its screen appears; a digit pressed before that
    goes to the screen and picks nothing.
    """
    await wait_for(pilot, lambda: isinstance(pilot.app.focused, SayInput))
    assert isinstance(pilot.app.focused, SayInput)
    return pilot.app.focused


async def say(pilot: Pilot, text: str) -> None:
    """Type a line into the call's input and send it."""
    field = pilot.app.screen.query_one("#say")
    field.value = text  # type: ignore[attr-defined]
    await pilot.press("enter")
    await pilot.pause()


async def type_keys(pilot: Pilot, text: str) -> None:
    """Type as a person would, once the screen is there to type into."""
    await wait_for(pilot, lambda: pilot.app.screen.is_mounted and pilot.app.focused is not None)
    await pilot.press(*(("space" if ch == " " else ch) for ch in text))


def burst(pilot: Pilot, text: str) -> None:
    """Send every character at once, as a terminal does for tmux send-keys or a plain paste.

    Unlike pilot.press, nothing waits between keys, so a widget may still be behind on its
    own queue when the next key reaches the app.
    """
    for ch in text:
        pilot.app.post_message(events.Key("space" if ch == " " else ch, ch))
