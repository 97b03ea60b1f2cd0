"""A trainer's journey: lint the library, play-test with a state watch, hot reload, graph."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import DataTable, Select, TextArea

from simulator.session import PlaySession
from simulator.store import ResultsStore
from simulator.tui.screens.graph import GraphScreen
from simulator.tui.screens.modals import Ask
from simulator.tui.screens.playtest import PlaytestScreen
from simulator.tui.screens.trainer import TrainerScreen
from simulator.tui.widgets.statewatch import StateWatch
from simulator.tui.widgets.transcript import TranscriptView
from tests.functional.tui.helpers import (
    SIZE,
    input_ready,
    loaded,
    plain,
    say,
    screen_text,
    type_keys,
    wait_for,
)


def break_a_copy(library: Path) -> None:
    source = (library / "mini.yaml").read_text(encoding="utf-8")
    broken = source.replace("id: test-mini", "id: test-broken").replace(
        "next: end_plan", "next: nowhere_node"
    )
    (library / "broken.yaml").write_text(broken, encoding="utf-8")


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


async def open_trainer(pilot) -> None:
    await type_keys(pilot, "Tess")
    await pilot.press("ctrl+r", "enter")  # trainee -> trainer
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TrainerScreen))


async def test_lint_shows_the_file_around_each_problem(make_app, library: Path) -> None:
    break_a_copy(library)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_trainer(pilot)
        problems = app.screen.query_one("#problems", DataTable)
        await wait_for(pilot, lambda: problems.row_count >= 2)
        preview = plain(app.screen.query_one("#preview"))
        assert "broken.yaml:69:15" in preview
        assert ">69 │         next: nowhere_node" in preview
        caret_line = preview.splitlines()[
            preview.splitlines().index(
                next(line for line in preview.splitlines() if line.startswith(">69"))
            )
            + 1
        ]
        assert caret_line.index("^") == len(">69 │ ") + 14  # under column 15
        assert "no node with id 'nowhere_node'" in preview and "hint:" in preview
        problems.focus()
        await pilot.press("down")
        assert "broken.yaml:77:15" in plain(app.screen.query_one("#preview"))


async def test_playtest_watch_set_state_hot_reload_and_graph(
    make_app, library: Path, db: Path
) -> None:
    with ResultsStore.open(db) as store:  # one stored call, so the graph has cohort counts
        session = PlaySession.start(loaded(library, "test-mini"), trainee="Ana", store=store)
        session.say(session.choices()[0].text)
        session.finish()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_trainer(pilot)
        await pilot.press("s")
        scenarios = app.screen.query_one("#trainer-scenarios", DataTable)
        await wait_for(pilot, lambda: scenarios.row_count == 2)
        scenarios.move_cursor(row=scenarios.get_row_index("test-mini"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaytestScreen))
        playtest = app.screen
        watch = lambda: plain(playtest.query_one(StateWatch))  # noqa: E731
        assert "opening" in watch() and "trust" in watch()
        await input_ready(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert "verify_ask" in watch()
        assert "identify_self" in watch() and "this is alex from" in watch().lower()

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, Ask))
        await type_keys(pilot, "trust=nope")
        await pilot.press("enter")
        assert isinstance(app.screen, Ask)  # refused with a message, stays open
        app.screen.query_one("#answer").value = "trust=90"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is playtest)
        assert playtest.session.call.state.meters["trust"] == 90
        await say(pilot, "Am I speaking with Sam Doe?")
        assert "Okay, thanks for checking. How can I help?" in screen_text(pilot)

        # Edit the file on disk: the play-test reloads and replays to the same place.
        path = library / "mini.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "Okay, thanks for checking. How can I help?", "Right, thanks. What is it about?"
            ),
            encoding="utf-8",
        )
        touch_later(path)  # the play-test polls the file's mtime once a second
        await wait_for(pilot, lambda: "Right, thanks." in screen_text(pilot), timeout=5)
        assert playtest.session.call.node == "discovery"
        assert playtest.session.call.state.meters["trust"] >= 90  # the hand-set value came back
        view = playtest.query_one(TranscriptView)
        assert view.count == 5
        assert "Right, thanks. What is it about?" in screen_text(pilot)

        # Start from any node.
        playtest.query_one("#pt-start", Select).value = "negotiate"
        await pilot.pause()
        assert playtest.session.call.node == "negotiate"
        assert "What can we do?" in screen_text(pilot)

        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen))
        nodes = app.screen.query_one("#graph-nodes", DataTable)
        cells = [[c.plain for c in nodes.get_row_at(i)] for i in range(nodes.row_count)]
        opening = next(i for i, row in enumerate(cells) if row[0] == "opening")
        assert (
            cells[opening + 1][2].startswith("identify_self") and cells[opening + 1][4] == "1 100%"
        )
        assert "stateDiagram-v2" in app.screen.query_one(TextArea).text
