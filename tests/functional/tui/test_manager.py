"""A manager's journey: dashboards, drill down to a trainee and a session, review, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from textual.widgets import Input, Select, TabbedContent

from simulator.store import ResultsStore
from simulator.tui.screens.dashboard import DashboardScreen
from simulator.tui.screens.modals import ExportDialog, ReviewDialog
from simulator.tui.screens.review import ReviewScreen
from simulator.tui.screens.trainee import TraineeScreen
from simulator.tui.widgets.table import ReportTable
from simulator.tui.widgets.transcript import TranscriptView
from tests.fixtures.store.builders import build
from tests.functional.tui.helpers import SIZE, screen_text, type_keys, wait_for


def rows(table: ReportTable) -> list[list[str]]:
    data = table.table
    return [[c.plain for c in data.get_row_at(i)] for i in range(data.row_count)]


async def open_dashboards(pilot) -> None:
    await type_keys(pilot, "Pat Manager")
    await pilot.press("ctrl+r", "ctrl+r")  # trainee -> trainer -> manager
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DashboardScreen))


async def test_dashboards_sort_filter_and_drill_down_to_a_review(
    make_app, db: Path, tmp_path: Path, monkeypatch
) -> None:
    fixture = build(db)
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboards(pilot)
        trainees = app.screen.query_one("#t-trainees", ReportTable)
        assert [r[0] for r in rows(trainees)] == ["Alex Rivera", "Sam Lee", "王芳"]
        trainees.sort_by(3)  # best, highest first
        assert rows(trainees)[0][0] == "Alex Rivera" and rows(trainees)[0][3] == "91"
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_keys(pilot, "王")
        await pilot.pause()
        assert [r[0] for r in rows(trainees)] == ["王芳"]
        await pilot.press("enter", "enter")  # leave the filter, open the row
        await wait_for(pilot, lambda: isinstance(app.screen, TraineeScreen))
        history = app.screen.query_one(ReportTable)
        assert {r[2] for r in rows(history)} == {"失业了，想还款", "Angry about the fees"}
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))

        # Findings tab, then back to Alex and his reviewed session.
        app.screen.query_one(TabbedContent).active = "rules"
        rules = app.screen.query_one("#t-rules", ReportTable)
        assert rows(rules)[0][0] == "US5"
        app.screen.query_one(TabbedContent).active = "trainees"
        trainees.query_one(Input).value = "alex"
        await pilot.pause()
        trainees.focus_table()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TraineeScreen))
        history = app.screen.query_one(ReportTable)
        table = history.table
        table.move_cursor(row=table.get_row_index(str(fixture.reviewed)))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        text = screen_text(pilot)
        assert "Arrest threat here." in text  # the stored comment at its turn
        assert "changed since this session was played" in text
        assert "Threatened arrest." in text and "Never mention arrest" in text

        # Override the overall score: shown beside the machine's, which stays.
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewDialog))
        app.screen.query_one("#dimension", Select).value = "overall"
        app.screen.query_one("#score", Input).value = "80"
        app.screen.query_one("#comment", Input).focus()
        await type_keys(pilot, "fair")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        scores = screen_text(pilot)
        assert "62" in scores and "80" in scores and "Pat Manager" in scores

        # A comment on turn 2.
        view = review.query_one(TranscriptView)
        view.focus()
        await pilot.press("down", "down")
        assert view.cursor == 2
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewDialog))
        assert isinstance(app.focused, Input) and app.focused.id == "comment"
        await type_keys(pilot, "good question")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))

        # Export this session from the screen.
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        assert app.screen.query_one("#format", Select).value == "session"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
    with ResultsStore.open(db) as store:
        record = store.load_session(fixture.reviewed)
    assert record.scores["overall"] == 62.0
    latest = record.reviews[-2:]
    assert latest[0]["score"] == 80.0 and latest[0]["comment"] == "fair"
    assert latest[0]["reviewer"] == "Pat Manager"
    assert latest[1]["turn"] == 2 and latest[1]["comment"] == "good question"
    exported = json.loads((tmp_path / f"session-{fixture.reviewed}-session.json").read_text())
    assert exported["session"]["id"] == fixture.reviewed
    assert any(r["comment"] == "good question" for t in exported["turns"] for r in t["reviews"])


async def test_dashboard_export_csv(make_app, db: Path, tmp_path: Path, monkeypatch) -> None:
    build(db)
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboards(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        scenarios = app.screen.query_one("#t-scenarios", ReportTable)
        assert {r[0] for r in rows(scenarios)} >= {"Lost job, wants to pay", "失业了，想还款"}
    with (tmp_path / "collector-sim-export.csv").open(encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    assert len(exported) == 9
    assert {r["trainee"] for r in exported} == {"Alex Rivera", "王芳", "Sam Lee"}
