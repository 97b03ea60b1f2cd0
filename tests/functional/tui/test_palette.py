"""The command palette gets anywhere: screens, scenarios (brief, play-test, graph), themes."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input

from simulator.tui.prefs import load_preferences
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.graph import GraphScreen
from simulator.tui.screens.library import LibraryScreen
from tests.functional.tui.helpers import SIZE, type_keys, wait_for


async def run_command(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    pilot.app.screen.query_one(Input).value = query
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))


async def test_palette_opens_scenarios_screens_and_themes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, "Ana")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await run_command(pilot, "Graph: Mini test")
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen))
        await run_command(pilot, "Brief: 信用卡")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        assert app.screen.loaded.scenario.id == "test-zh-mini"
        assert [type(s).__name__ for s in app.screen_stack[1:]] == [
            "LibraryScreen",
            "BriefingScreen",
        ]
        await run_command(pilot, "Theme: collector-light")
        assert app.theme == "collector-light"
        await pilot.press("ctrl+t")
        assert app.theme == "collector-dark"
    assert load_preferences().theme == "collector-dark"
