"""A trainee's journey: start, library, briefing, a whole call in each mode, scorecard."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, TabbedContent, TextArea

from simulator.store import ResultsStore
from simulator.transcript.model import MAX_TURN_CHARS
from simulator.tui.prefs import load_preferences
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.call import CallScreen
from simulator.tui.screens.library import LibraryScreen
from simulator.tui.screens.modals import Confirm, Notice
from simulator.tui.screens.progress import ProgressScreen
from simulator.tui.screens.scorecard import ScorecardScreen
from simulator.tui.screens.start import StartScreen
from simulator.tui.widgets.bars import MeterPanel
from simulator.tui.widgets.conversation import ChoiceList, ChoiceRow
from simulator.tui.widgets.transcript import TranscriptView
from tests.functional.tui.helpers import (
    SIZE,
    burst,
    input_ready,
    launch,
    plain,
    say,
    screen_text,
    type_keys,
    wait_for,
)

EN_CALL = (
    "Am I speaking with Sam Doe?",
    "That sounds stressful. Why was the payment missed?",
    "Could you manage 60 dollars a month?",
)


def sessions(db: Path) -> list[dict]:
    with ResultsStore.open(db) as store:
        return store.report_trainee("Ana")["history"]


async def test_practice_call_from_start_to_scorecard(make_app, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        await type_keys(pilot, "Ana")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        table = app.screen.query_one("#scenarios", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        # Filters and search as you type narrow the list.
        app.screen.query_one("#f-locale", Select).value = "zh-CN"
        await pilot.pause()
        assert [table.get_row_at(0)[0].plain, table.row_count] == ["信用卡逾期提醒（测试）", 1]
        app.screen.query_one("#f-locale", Select).value = "en-US"
        app.screen.query_one("#f-difficulty", Select).value = 1
        app.screen.query_one("#f-persona", Select).value = "hardship"
        await pilot.pause()
        assert [table.get_row_at(0)[0].plain, table.row_count] == ["Mini test scenario", 1]
        for name in ("locale", "difficulty", "persona"):
            app.screen.query_one(f"#f-{name}", Select).value = Select.NULL
        await pilot.pause()
        assert table.row_count == 2
        await pilot.press("slash")
        await type_keys(pilot, "mini scenario")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        assert "Sam Doe" in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        call = app.screen
        await input_ready(pilot)
        assert "Hello?" in screen_text(pilot)
        choices = call.query_one("#choices", ChoiceList)
        assert len(choices.query(ChoiceRow)) == 2 and choices.display
        trust_before = call.session.call.state.meters["trust"]
        await pilot.press("1")  # the first guided choice
        await pilot.pause()
        transcript = call.query_one(TranscriptView)
        assert transcript.count == 3
        assert "Hi, this is Alex from Test Bank." in screen_text(pilot)
        assert call.session.call.state.meters["trust"] > trust_before
        meter_text = screen_text(pilot)
        assert f"{call.session.call.state.meters['trust']:.0f}" in meter_text
        for line in EN_CALL:
            await say(pilot, line)
        assert call.session.ended
        assert "The call has ended: Payment plan" in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        text = screen_text(pilot)
        assert "PASSED" in text and "Outcome Payment plan" in text
        for dimension in ("Compliance", "Empathy", "Outcome", "Overall"):
            assert dimension in text
    history = sessions(db)
    assert len(history) == 1 and history[0]["status"] == "completed"
    assert history[0]["mode"] == "practice"
    assert load_preferences().name == "Ana"


async def test_test_mode_hides_aids_and_scorecard_jumps_to_the_finding(
    make_app, library: Path, db: Path
) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", mode="test", seed=3))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        call = app.screen
        assert not call.query(MeterPanel) and not call.query("#warnings")
        assert not call.query_one("#choices", ChoiceList).display
        await input_ready(pilot)
        await pilot.press("1")  # no choices in test mode: the digit is typed
        assert call.query_one("#say", Input).value == "1"
        call.query_one("#say", Input).value = ""
        await say(pilot, "You owe us money, pay now.")
        await say(pilot, "Hi, this is Alex from Test Bank.")
        text = screen_text(pilot)
        assert "Coach" not in text and "US2" not in text  # no live hints in test mode
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        card = app.screen
        findings = card.card["findings"]
        assert findings, "debt talk before verification is a finding"
        items = card.query_one("#item-list", OptionList)
        items.focus()
        items.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert card.query_one(TabbedContent).active == "transcript"
        view = card.query_one(TranscriptView)
        first = card._items[0]
        turn = view.turn(first[0])
        assert turn is not None and turn.has_class("-highlight")
        if first[1] == "finding" and first[2].get("tip"):
            assert any(plain(n).startswith("Tip ") for n in turn.query(".note.-jump-tip"))
    history = sessions(db)
    assert history[0]["mode"] == "test" and history[0]["status"] == "completed"


async def test_zh_call_with_number_keys(make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-zh-mini", trainee="王芳", seed=1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        assert "李明" in screen_text(pilot) and "¥8,000.00" in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        call = app.screen
        await input_ready(pilot)
        for _ in range(4):
            await pilot.press("1")
            await pilot.pause()
        assert call.session.ended
        assert "行，那就每个月500元。" in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        assert "Payment plan" in screen_text(pilot)


async def test_leaving_mid_call_keeps_notes_and_a_resumable_session(make_app, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, "Ana")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        table = app.screen.query_one("#scenarios", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        table.move_cursor(row=table.get_row_index("test-mini"))
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        await input_ready(pilot)
        await pilot.press("1")
        await wait_for(pilot, lambda: app.screen.query_one(TranscriptView).count == 3)
        await pilot.press("ctrl+n")
        assert isinstance(app.focused, TextArea)
        await type_keys(pilot, "hours cut")
        await pilot.press("ctrl+n")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")  # stay
        assert isinstance(app.screen, CallScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert "1 unfinished call" in screen_text(pilot)
    with ResultsStore.open(db) as store:
        [row] = store.resumable("Ana")
        record = store.load_session(row["id"])
    assert record.status == "in_progress" and record.notes == "hours cut"
    assert len(record.turns) == 3

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the remembered name is filled in
        await wait_for(pilot, lambda: isinstance(again.screen, LibraryScreen))
        await wait_for(pilot, lambda: "unfinished" in screen_text(pilot))
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(again.screen, CallScreen))
        call = again.screen
        assert call.query_one(TranscriptView).count == 3
        assert call.query_one(TextArea).text == "hours cut"
        for line in EN_CALL:
            await say(pilot, line)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(again.screen, ScorecardScreen))
    with ResultsStore.open(db) as store:
        assert store.load_session(row["id"]).status == "completed"


async def test_quit_mid_call_asks_first(make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CallScreen)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_progress_shows_attempts_and_frequent_findings(
    make_app, library: Path, db: Path
) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", mode="test"))
    async with app.run_test(size=SIZE) as pilot:
        for attempt in range(2):
            await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen | ScorecardScreen))
            if isinstance(app.screen, ScorecardScreen):
                await pilot.press("r")  # retry
            else:
                await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
            await say(pilot, "You owe us money, pay now.")
            if attempt:
                for line in ("Hi, this is Alex from Test Bank.", *EN_CALL):
                    await say(pilot, line)
                await pilot.press("enter")
            else:
                await pilot.press("ctrl+f", "y")
            await wait_for(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        table = app.screen.query_one("#scenarios", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        row = [c.plain for c in table.get_row("test-mini")]
        best = max(r["overall"] for r in sessions(db))
        assert row[-2:] == [f"{best:.0f}", "2"]  # my best and my tries
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressScreen))
        text = screen_text(pilot)
        assert "2 attempts" in text
        spark = app.screen.query_one("#row-overall Sparkline")
        assert len(spark.data) == 2
        assert "US2" in text or "CN2" in text


async def test_a_database_failure_mid_call_is_explained_not_a_crash(
    make_app, library: Path
) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        await input_ready(pilot)
        app.workspace.store.db.close()  # the database goes away under the call
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, Notice))
        text = screen_text(pilot)
        assert "Could not save the call" in text and "collector-sim-recovery" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert app.is_running


async def call_ready(pilot: Pilot) -> CallScreen:
    """The practice call with its input focused and the guided choices listed."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
    await pilot.press("enter")
    await input_ready(pilot)
    call = pilot.app.screen
    assert isinstance(call, CallScreen)
    assert len(call.query(ChoiceRow)) == 2
    return call


async def test_a_burst_of_typing_keeps_its_digits(make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", seed=1))
    sentence = "I can offer 2 payments of 50 or 1 of 100"
    async with app.run_test(size=SIZE) as pilot:
        call = await call_ready(pilot)
        turns = len(call.session.transcript)
        burst(pilot, sentence)
        field = call.query_one("#say", Input)
        await wait_for(pilot, lambda: field.value.endswith("of 100"))  # every key is in
        await pilot.pause()
        assert field.value == sentence
        assert len(call.session.transcript) == turns  # nothing was picked or sent
        assert call.query_one(TranscriptView).count == turns
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(call.session.transcript) > turns)
        assert call.session.transcript[turns].text == sentence


async def test_a_digit_on_an_empty_input_picks_that_choice(make_app, library: Path) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", seed=1))
    async with app.run_test(size=SIZE) as pilot:
        call = await call_ready(pilot)
        field = call.query_one("#say", Input)
        assert app.focused is field
        await pilot.press("x", "backspace")  # typed then cleared: empty again, so digits pick
        assert field.value == ""
        second = call.session.choices()[1].text
        await pilot.press("2")
        await wait_for(pilot, lambda: len(call.session.transcript) > 1)
        assert call.session.transcript[1].text == second
        assert field.value == "" and app.focused is field
        await pilot.press("9")  # more than there are choices: typed, not picked
        assert field.value == "9"


async def test_a_paste_over_the_turn_limit_is_refused_with_a_reason(
    make_app, library: Path
) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", seed=1))
    async with app.run_test(size=SIZE) as pilot:
        call = await call_ready(pilot)
        field = call.query_one("#say", Input)
        field.insert_text_at_cursor("a" * (MAX_TURN_CHARS + 1))
        await pilot.pause()
        assert field.value == ""
        assert any("at most 100,000 characters" in n.message for n in app._notifications)
        field.insert_text_at_cursor("b" * MAX_TURN_CHARS)
        await pilot.pause()
        assert len(field.value) == MAX_TURN_CHARS


async def test_a_digit_picks_a_choice_while_the_transcript_has_focus(
    make_app, library: Path
) -> None:
    app = make_app(launch=launch(library, "test-mini", trainee="Ana", seed=1))
    async with app.run_test(size=SIZE) as pilot:
        call = await call_ready(pilot)
        first = call.session.choices()[0].text
        call.query_one(TranscriptView).focus()  # as after clicking it to scroll back
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, lambda: len(call.session.transcript) > 1)
        assert call.session.transcript[1].text == first
