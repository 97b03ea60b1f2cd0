"""Hostile text in what a trainee types: stored exactly, shown literally, answered in time
(issue 8). Scenario and transcript files with hostile text: test_hardening_cli.py."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.cli.main import main
from simulator.engine import Call
from simulator.scenario.loader import load_scenario
from simulator.session import PlaySession
from simulator.store import ResultsStore
from simulator.terminal import literal
from simulator.transcript.model import MAX_TURN_CHARS
from simulator.transcript.parse import read_transcript
from tests.fixtures.hostile import HOSTILE, SCENARIO, paste
from tests.functional.conftest import MINI, ROOT

LOADED = load_scenario(MINI)
RAW_CONTROL = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))
# Unicode's Bidi_Control characters: invisible, and they reorder the rest of a line.
BIDI = "\u061c\u200e\u200f" + "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
HIDDEN = RAW_CONTROL + BIDI

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


def test_a_100_kb_paste_is_stored_exactly_and_answered(tmp_path: Path) -> None:
    text = paste(100)
    assert len(text.encode()) == 100_000
    with ResultsStore.open(tmp_path / "r.db") as store:
        session = PlaySession.start(LOADED, trainee="kim", mode="test", seed=1, store=store)
        session.say("Hi, this is Alex from Test Bank.")
        reply = session.say(text)
        (stored,) = rows(
            store.path, "SELECT text FROM turns WHERE session_id = ? AND idx = 3",
            session.session_id,
        )  # fmt: skip
    assert stored[0].encode() == text.encode()
    assert reply.lines  # the debtor still answers
    # Its time is a benchmark figure, not a test: profile_turns.py --paste-kb 100.


def test_a_100_kb_paste_played_is_rescored_from_its_transcript_identically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One limit governs a call's turns and a transcript's: whatever was played can be scored
    again from `play --json`, with the same findings."""
    text = paste(100)
    lines = ["You owe us money, pay now.", text, "Am I speaking with Sam Doe?"]
    script = tmp_path / "paste.yaml"
    script.write_text(json.dumps(lines, ensure_ascii=False), encoding="utf-8")
    assert main(["play", str(MINI), "--script", str(script), "--seed", "3", "--json"]) == 0
    played = capsys.readouterr().out
    data = json.loads(played)
    assert [t["text"] for t in data["transcript"] if t["speaker"] == "agent"] == lines
    path = tmp_path / "played.json"
    path.write_text(played, encoding="utf-8")
    assert [t.text for t in read_transcript(path).turns if t.speaker == "agent"] == lines

    assert main(["score", str(path), "--json"]) == 0
    findings = data["scorecard"]["findings"]
    assert findings and json.loads(capsys.readouterr().out)["findings"] == findings


def test_a_turn_over_the_limit_is_refused_before_anything_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at_limit, over = "a" * MAX_TURN_CHARS, "a" * (MAX_TURN_CHARS + 1)
    db = tmp_path / "r.db"
    with ResultsStore.open(db) as store:
        session = PlaySession.start(LOADED, trainee="kim", mode="test", seed=1, store=store)
        session.say("Hi, this is Alex from Test Bank.")
        before = (list(session.transcript), session.call.snapshot())
        with pytest.raises(ValueError, match="100,001 characters long; the limit is 100,000"):
            session.say(over)
        assert (list(session.transcript), session.call.snapshot()) == before
        session.say(at_limit)  # the limit itself is a valid turn
        assert [t.text for t in session.transcript if t.speaker == "agent"][-1] == at_limit
        assert rows(db, "SELECT count(*) FROM turns")[0][0] == len(session.transcript)

    script = tmp_path / "long.txt"
    script.write_text(f"Hi, this is Alex from Test Bank.\n{over}\n", encoding="utf-8")
    cli_db = tmp_path / "cli.db"
    args = ["--db", str(cli_db), "play", str(MINI), "--script", str(script), "--trainee", "kim"]
    assert main(args) == 1
    assert f"{script}: trainee line 2: a turn is 100,001 characters long" in capsys.readouterr().err
    assert not cli_db.exists()  # refused before a session was opened


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
    assert not any(c in text for c in HIDDEN)
    assert "[bold]x[/]" in text and "\\x1b[31m" in text and HOSTILE["emoji"] in text
    assert "\\u202eevil\\u202c \\u2067isolate\\u2069" in text and "مرحبا، أريد أن أدفع" in text
    data = json.loads(report("session", str(session.session_id), "--json"))
    said = [t["text"] for t in data["turns"] if t["speaker"] == "agent"]
    assert said == [t.text for t in session.transcript if t.speaker == "agent"]
    assert data["session"]["trainee"] == trainee


# --- terminal.literal ---------------------------------------------------------------------

_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})")
shown_as_is = st.text(
    st.characters(
        whitelist_categories=("L", "M", "N", "P", "S", "Zs"),
        blacklist_characters="\\",
    )
    | st.sampled_from(["\u200d", "\ufe0f", "\u200b"])  # emoji joiners stay
)


@given(text=st.text(st.characters(blacklist_characters="\\") | st.sampled_from(HIDDEN)))
def test_literal_escapes_every_hidden_character_and_nothing_is_lost(text: str) -> None:
    shown = literal(text)
    assert not any(c in shown for c in HIDDEN)
    restored = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), shown)
    assert restored == text
    assert shown.count("\\") == sum(c in HIDDEN for c in text)


@given(text=shown_as_is)
def test_literal_leaves_every_script_and_emoji_alone(text: str) -> None:
    assert literal(text) == text


def test_literal_shows_a_reordering_trick_as_written() -> None:
    assert literal("Kim \u202egnp.exe\u202c") == "Kim \\u202egnp.exe\\u202c"
    assert literal("\u2067مرحبا\u2069 ok\u200f\u061c") == "\\u2067مرحبا\\u2069 ok\\u200f\\u061c"
    for text in (HOSTILE["emoji"], HOSTILE["cjk"], "مرحبا، أريد أن أدفع שלום"):
        assert literal(text) == text
