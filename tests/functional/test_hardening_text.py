"""Hostile text in what a trainee types: stored exactly, shown literally, answered in time
(issue 8). Scenario and transcript files with hostile text: test_hardening_cli.py."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.diagnostics import DiagnosticError
from simulator.engine import Call
from simulator.scenario.loader import load_scenario
from simulator.session import PlaySession
from simulator.store import ResultsStore
from simulator.transcript.parse import MAX_TURN_CHARS, read_transcript
from tests.fixtures.hostile import HOSTILE, SCENARIO, paste, write_transcript

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "scenarios" / "mini.yaml"
LOADED = load_scenario(MINI)
RAW_CONTROL = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))

hostile_text = st.one_of(
    st.sampled_from(sorted(HOSTILE.values())),
    st.text(min_size=1, max_size=60),  # any code point but lone surrogates
    st.lists(st.sampled_from(sorted(HOSTILE.values())), min_size=2, max_size=4).map(" ".join),
)


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    said=st.lists(hostile_text, min_size=1, max_size=3),
    trainee=hostile_text.filter(str.strip),  # names are stored stripped; blank is refused
)
def test_what_the_trainee_types_is_stored_byte_for_byte(
    tmp_path: Path, said: list[str], trainee: str
) -> None:
    db = tmp_path / f"{time.monotonic_ns()}.db"
    with ResultsStore.open(db) as store:
        session = PlaySession.start(LOADED, trainee=trainee, mode="test", seed=1, store=store)
        typed = []
        for text in said:
            if session.ended:
                break
            session.say(text)
            typed.append(text)
        session.set_notes(said[0])

        agent = [t.text for t in session.transcript if t.speaker == "agent"]
        assert agent == typed
        stored = rows(
            db, "SELECT text FROM turns WHERE session_id = ? AND speaker = 'agent' ORDER BY idx",
            session.session_id,
        )  # fmt: skip
        assert [text.encode() for (text,) in stored] == [t.encode() for t in typed]
        record = store.load_session(session.session_id)
        assert (record.trainee, record.notes) == (trainee.strip(), said[0])
        resumed = Call.restore(LOADED.scenario, record.snapshot)
        assert resumed.transcript == session.transcript


def test_split_characters_become_replacement_marks_not_a_crash(tmp_path: Path) -> None:
    with ResultsStore.open(tmp_path / "r.db") as store:
        session = PlaySession.start(LOADED, trainee="kim\udcff", mode="test", seed=1, store=store)
        session.say("\ud83d\ude00 joined, \ud800 alone")
        stored = store.load_session(session.session_id)
    assert stored.trainee == "kim\ufffd"
    assert stored.turns[1].text == "😀 joined, \ufffd alone"


def test_a_100_kb_paste_is_stored_exactly_and_answered_in_time(tmp_path: Path) -> None:
    text = paste(100)
    assert len(text.encode()) == 100_000
    with ResultsStore.open(tmp_path / "r.db") as store:
        session = PlaySession.start(LOADED, trainee="kim", mode="test", seed=1, store=store)
        session.say("Hi, this is Alex from Test Bank.")
        began = time.perf_counter()
        reply = session.say(text)
        took = time.perf_counter() - began
        (stored,) = rows(
            store.path, "SELECT text FROM turns WHERE session_id = ? AND idx = 3",
            session.session_id,
        )  # fmt: skip
    assert stored[0].encode() == text.encode()
    assert reply.lines  # the debtor still answers
    # Far over the 10 ms a normal turn may take: the compliance checker reads all 100 kB
    # (see docs/performance.md); this guards against it growing worse than linear.
    assert took < 5.0, f"a 100 kB turn took {took:.1f} s"


def test_a_transcript_turn_over_the_limit_is_refused_where_it_is(tmp_path: Path) -> None:
    path = write_transcript(tmp_path / "paste.json", [("agent", "hi"), ("debtor", paste(100))])
    try:
        read_transcript(path)
    except DiagnosticError as exc:
        first = exc.diagnostics[0]
        assert (first.code, first.line) == ("T012", 10)
        assert f"{MAX_TURN_CHARS:,}" in first.message
    else:
        raise AssertionError("a 100 kB turn was read")


def test_reports_show_hostile_trainees_and_turns_literally(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    trainee = "Kim " + HOSTILE["rich_markup"] + " " + HOSTILE["ansi"]
    with ResultsStore.open(db) as store:
        session = PlaySession.start(
            load_scenario(SCENARIO), trainee=trainee, mode="test", seed=1, store=store
        )
        session.say("Hi, this is Alex from Test Bank. " + HOSTILE["control"])
        session.say("Can you tell me what happened? " + HOSTILE["rtl"] + " " + HOSTILE["emoji"])
        session.finish()
    env = {**os.environ, "COLLECTOR_SIM_DB": str(db), "PYTHONIOENCODING": "utf-8"}

    def report(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "report", *args],
            capture_output=True, env=env, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        return done.stdout.decode("utf-8")

    text = report("session", str(session.session_id))
    assert not any(c in text for c in RAW_CONTROL)
    assert "[bold]x[/]" in text and "\\x1b[31m" in text and HOSTILE["emoji"] in text
    data = json.loads(report("session", str(session.session_id), "--json"))
    said = [t["text"] for t in data["turns"] if t["speaker"] == "agent"]
    assert said == [t.text for t in session.transcript if t.speaker == "agent"]
    assert data["session"]["trainee"] == trainee
