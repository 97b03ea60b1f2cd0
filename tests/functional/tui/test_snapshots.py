"""What people see, pinned as SVG snapshots at 80x24, in English and Chinese.

Update after an intended change with: pytest tests/functional/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, TextArea

from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.call import CallScreen
from simulator.tui.screens.dashboard import DashboardScreen
from simulator.tui.screens.library import LibraryScreen
from simulator.tui.screens.review import ReviewScreen
from simulator.tui.screens.scorecard import ScorecardScreen
from simulator.tui.screens.trainer import TrainerScreen
from tests.fixtures.store.builders import build
from tests.functional.tui.helpers import SIZE, input_ready, launch, type_keys, wait_for
from tests.functional.tui.test_trainer import break_a_copy


async def steady(pilot: Pilot) -> None:
    """No blinking cursors, nothing still loading: the same picture on every run."""
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


async def play_first_choices(pilot: Pilot, count: int) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CallScreen))
    await input_ready(pilot)
    for _ in range(count):
        await pilot.press("1")
        await pilot.pause()


def test_start_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steady)


def test_library_with_a_chinese_scenario_selected(snap_compare, make_app) -> None:
    async def run_before(pilot: Pilot) -> None:
        await type_keys(pilot, "Ana")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
        table = pilot.app.screen.query_one("#scenarios", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        table.move_cursor(row=table.get_row_index("test-zh-mini"))
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_briefing_zh(snap_compare, make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-zh-mini", trainee="王芳", seed=1))

    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_practice_call_en(snap_compare, make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", seed=1))

    async def run_before(pilot: Pilot) -> None:
        await play_first_choices(pilot, 1)
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_practice_call_zh(snap_compare, make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-zh-mini", trainee="王芳", seed=1))

    async def run_before(pilot: Pilot) -> None:
        await play_first_choices(pilot, 2)
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_test_mode_call_in_the_light_theme(snap_compare, make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", mode="test", seed=1))

    async def run_before(pilot: Pilot) -> None:
        await play_first_choices(pilot, 0)
        await pilot.press("ctrl+t")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_scorecard_zh_findings(snap_compare, make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-zh-mini", trainee="王芳", mode="test", seed=1))

    async def run_before(pilot: Pilot) -> None:
        await play_first_choices(pilot, 0)
        for line in ("你欠钱了，赶紧还。", "请问您是李明先生本人吗？"):
            pilot.app.screen.query_one("#say", Input).value = line
            await pilot.press("enter")
        await pilot.press("ctrl+f", "y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ScorecardScreen))
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_scorecard_en_jumps_to_a_finding(snap_compare, make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", mode="test", seed=1))

    async def run_before(pilot: Pilot) -> None:
        await play_first_choices(pilot, 0)
        pilot.app.screen.query_one("#say", Input).value = "You owe us money, pay now."
        await pilot.press("enter", "ctrl+f", "y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ScorecardScreen))
        items = pilot.app.screen.query_one("#item-list", OptionList)
        items.highlighted = 0
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_lint_view(snap_compare, make_app, library: Path) -> None:
    break_a_copy(library)

    async def run_before(pilot: Pilot) -> None:
        await type_keys(pilot, "Tess")
        await pilot.press("ctrl+r", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TrainerScreen))
        table = pilot.app.screen.query_one("#problems", DataTable)
        await wait_for(pilot, lambda: table.row_count >= 2)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_dashboard_and_review_zh(snap_compare, make_app, db: Path) -> None:
    fixture = build(db)

    async def run_before(pilot: Pilot) -> None:
        await type_keys(pilot, "Pat")
        await pilot.press("ctrl+r", "ctrl+r", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DashboardScreen))
        pilot.app.push_screen(ReviewScreen(fixture.completed[5]))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
