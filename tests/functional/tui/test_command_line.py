"""The command line opens the app where it should: play -> briefing, resume -> the call; serve."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from simulator.cli.main import build_parser, main
from simulator.session import PlaySession
from simulator.store import ResultsStore
from simulator.tui.app import CollectorApp
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.call import CallScreen
from simulator.tui.widgets.transcript import TranscriptView
from tests.functional.tui.helpers import ROOT, SIZE, loaded, screen_text, wait_for


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[CollectorApp]:
    """Apps the CLI would have run, kept for a Pilot instead of taking over the terminal."""
    apps: list[CollectorApp] = []
    monkeypatch.setattr(CollectorApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


async def test_play_without_a_script_opens_the_briefing_ready_to_start(
    captured, library: Path, db: Path
) -> None:
    argv = ["--db", str(db), "--scenarios", str(library), "play", "test-mini"]
    argv += ["--trainee", "Ana", "--mode", "test", "--seed", "11", "--from", "discovery"]
    argv += ["--set", "trust=70"]
    assert main(argv) == 0
    [app] = captured
    app.clock = lambda: 0.0
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        assert app.screen.mode == "test"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        call = app.screen.session.call
        assert isinstance(app.focused, Input) and app.focused.id == "say"
        assert (call.mode, call.seed, call.node) == ("test", 11, "discovery")
        assert call.state.meters["trust"] == 70
        assert app.user == "Ana"


async def test_resume_opens_the_unfinished_call(captured, library: Path, db: Path) -> None:
    with ResultsStore.open(db) as store:
        session = PlaySession.start(loaded(library, "test-mini"), trainee="Ana", store=store)
        session.say(session.choices()[0].text)
        session_id = session.session_id
    assert main(["--db", str(db), "--scenarios", str(library), "resume", str(session_id)]) == 0
    [app] = captured
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        # the screen is pushed before its conversation has mounted and drawn the turns
        await wait_for(pilot, lambda: app.screen.query(TranscriptView))
        view = app.screen.query_one(TranscriptView)
        await wait_for(pilot, lambda: view.count >= 3)
        assert view.count == 3
        assert "Who's asking?" in screen_text(pilot)


def test_no_command_opens_the_app(captured) -> None:
    assert main([]) == 0
    assert len(captured) == 1 and captured[0].launch is None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_listens_on_the_port(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "--db",
            str(tmp_path / "r.db"),
            "serve",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    conn.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
                    reply = conn.recv(200)
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "serve never listened"
                time.sleep(0.2)
        assert reply.startswith(b"HTTP/1.") and b" 200 " in reply
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_without_textual_serve_says_how_to_install(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve", "--port", "8123"]) == 2
    assert "pip install 'collector-sim[serve]'" in capsys.readouterr().err


def test_serve_command_carries_the_library_and_database(tmp_path: Path) -> None:
    from simulator.cli.commands.serve import app_command

    args = build_parser().parse_args(["--db", "r.db", "--scenarios", "lib", "serve"])
    command = app_command(args)
    assert f"--db {Path('r.db').resolve()}" in command
    assert f"--scenarios {Path('lib').resolve()}" in command
