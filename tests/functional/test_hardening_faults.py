"""Faults during a call: the database fails or vanishes, the disk fills, the scenario file
changes. Each leaves the database intact and loses no committed turn (issue 8).

Two faults are tested where they were built and are not repeated here:
- kill -9 mid-call, then resume: tests/functional/test_play_cli.py and
  tests/functional/test_concurrency.py;
- 16 processes writing one database at once: tests/functional/test_concurrency.py.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlite_utils import Database

from simulator.cli.main import main
from simulator.engine import Call
from simulator.engine.state import StateError
from simulator.scenario.loader import load_scenario
from simulator.session import PlaySession, SessionSaveError
from simulator.store import ResultsStore
from simulator.transcript.model import Turn
from simulator.transcript.parse import read_transcript
from tests.functional.conftest import FIXTURES, GOOD, ROOT


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A private copy of the fixture scenarios, safe to edit."""
    folder = tmp_path / "library"
    shutil.copytree(FIXTURES / "scenarios", folder)
    return folder


@pytest.fixture
def call(tmp_path: Path, library: Path) -> Iterator[tuple[PlaySession, ResultsStore, Path]]:
    """A stored test call after its first exchange (three committed turns)."""
    db = tmp_path / "data" / "results.db"
    store = ResultsStore.open(db)
    session = PlaySession.start(
        load_scenario(library / "mini.yaml"), trainee="kim", mode="test", seed=9, store=store
    )
    session.say(GOOD[0])
    yield session, store, db
    store.close()


def stored_turns(db: Path, session_id: int) -> list[tuple[str, str]]:
    """The committed turns, read by a fresh connection after checking the file is sound."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "SELECT speaker, text FROM turns WHERE session_id = ? ORDER BY idx", [session_id]
        ).fetchall()
    finally:
        conn.close()
    return [(speaker, text) for speaker, text in rows]


def spoken(session: PlaySession) -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in session.transcript]


def assert_recovery_is_complete(error: SessionSaveError, session: PlaySession) -> None:
    """The file holds the whole call and enough to continue it, not just the last turn."""
    assert error.recovery_file is not None and error.recovery_file.is_file()
    assert str(error.recovery_file) in str(error)
    data = json.loads(error.recovery_file.read_text(encoding="utf-8"))
    assert (data["session_id"], data["trainee"], data["scenario"]) == (
        session.session_id,
        "kim",
        "test-mini",
    )
    assert data["scenario_hash"] == session.loaded.content_hash
    assert [Turn(**t) for t in data["turns"]] == session.transcript
    assert data["snapshot"] == json.loads(json.dumps(session.call.snapshot()))
    restored = Call.restore(session.scenario, data["snapshot"])
    assert restored.transcript == session.transcript and restored.node == session.call.node
    # ...and `score` reads it as the transcript it is, in the call's language and context.
    transcript = read_transcript(error.recovery_file)
    assert transcript.turns == [  # a transcript's turns are read stripped
        Turn(t.speaker, t.text.strip(), t.node, t.line_id) for t in session.transcript
    ]
    assert (transcript.locale, transcript.rules) == (session.scenario.locale, "us")
    assert transcript.context == session.context and data["context"] == asdict(session.context)


def test_a_database_that_turns_read_only_mid_call_loses_nothing(call) -> None:
    session, store, db = call
    committed = stored_turns(db, session.session_id)
    assert committed == spoken(session) and len(committed) == 3
    store.db.execute("PRAGMA query_only = ON")  # every write now fails as on a read-only file

    with pytest.raises(SessionSaveError, match="readonly database") as info:
        session.say(GOOD[1])
    assert_recovery_is_complete(info.value, session)
    assert stored_turns(db, session.session_id) == committed

    store.db.execute("PRAGMA query_only = OFF")  # writable again: what waited is committed
    session.say(GOOD[2])
    assert stored_turns(db, session.session_id) == spoken(session)
    with ResultsStore.open(db) as other:
        resumed = PlaySession.resume(session.loaded, other, session.session_id)
        assert resumed.transcript == session.transcript


def test_a_turn_that_waited_for_the_database_keeps_its_own_findings(call) -> None:
    session, store, _db = call
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(SessionSaveError):
        session.say("You owe us money, pay now.")  # disclosed before verifying: a finding
    store.db.execute("PRAGMA query_only = OFF")
    session.say(GOOD[1])  # commits both exchanges

    record = store.load_session(session.session_id)
    waited, later = [t for t in record.turns if t.speaker == "agent"][1:]
    assert [f["category"] for f in waited.findings] == ["disclosure_before_verification"]
    assert [i["intent"] for i in waited.intents] == ["request_payment"]
    assert later.findings == [] and [i["intent"] for i in later.intents] == ["verify_identity"]
    assert [f["turn"] for f in record.findings] == [waited.turn]


@pytest.mark.parametrize("close", ["finish", "abandon"])
def test_turns_waiting_for_the_database_are_committed_before_the_session_closes(
    call, close: str
) -> None:
    session, store, db = call
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(SessionSaveError):
        session.say(GOOD[1])
    store.db.execute("PRAGMA query_only = OFF")
    getattr(session, close)()  # no say() in between: the waiting turns go in first
    assert stored_turns(db, session.session_id) == spoken(session)
    assert store.load_session(session.session_id).status == (
        "completed" if close == "finish" else "abandoned"
    )


def test_a_session_with_no_saved_state_is_refused_as_a_state_error(
    call, capsys, tmp_path: Path
) -> None:
    session, store, db = call
    bare = store.begin_session(
        trainee="kim",
        scenario_id=session.scenario.id,
        scenario_hash=session.loaded.content_hash,
        seed=1,
        mode="test",
        rubric_version="1",
        app_version="test",
    )
    with pytest.raises(StateError, match="no saved call state"):
        PlaySession.resume(session.loaded, store, bare)
    scenarios = str(session.loaded.path.parent)
    script = tmp_path / "rest.txt"
    script.write_text(GOOD[1] + "\n", encoding="utf-8")
    args = ["--db", str(db), "--scenarios", scenarios, "resume", str(bare), "--script", str(script)]
    assert main(args) == 1
    assert "no saved call state" in capsys.readouterr().err


def test_a_full_disk_mid_call_loses_nothing(call) -> None:
    session, store, db = call
    committed = stored_turns(db, session.session_id)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page

    with pytest.raises(SessionSaveError, match="database or disk is full") as info:
        session.say(GOOD[1] + " " + "and so on " * 800)  # 8 kB: needs new pages
    assert_recovery_is_complete(info.value, session)
    assert stored_turns(db, session.session_id) == committed

    store.db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    session.say(GOOD[2])
    assert stored_turns(db, session.session_id) == spoken(session)


def test_a_disk_that_fills_at_commit_rolls_the_turn_back_whole(call, monkeypatch) -> None:
    session, store, db = call
    committed = stored_turns(db, session.session_id)
    execute = Database.execute

    def full_at_commit(self: Database, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return execute(self, sql, *args)

    monkeypatch.setattr(Database, "execute", full_at_commit)
    with pytest.raises(SessionSaveError, match="database or disk is full") as info:
        session.say(GOOD[1])
    assert_recovery_is_complete(info.value, session)
    assert not store.db.conn.in_transaction
    assert stored_turns(db, session.session_id) == committed  # no half of the exchange

    monkeypatch.setattr(Database, "execute", execute)
    for line in GOOD[2:]:
        session.say(line)
    session.finish()
    assert stored_turns(db, session.session_id) == spoken(session)


def test_a_call_stored_after_its_last_turn_but_never_scored_resumes_and_completes(
    call,
) -> None:
    """kill -9 between the last turn's commit and the scorecard (the kill between turns is
    tested in test_play_cli.py): the call ended in a state no scenario node names."""
    session, _store, db = call
    while not session.ended:
        session.say("purple elephants")  # not understood until the debtor gives up
    assert session.call.node.startswith("_")
    with ResultsStore.open(db) as other:
        resumed = PlaySession.resume(session.loaded, other, session.session_id)
        assert resumed.ended and resumed.transcript == session.transcript
        card = resumed.finish()
        record = other.load_session(session.session_id)
    assert (record.status, record.outcome) == ("completed", session.call.outcome.outcome)
    assert record.scores["overall"] == card.to_json()["scores"]["overall"]
    assert stored_turns(db, session.session_id) == spoken(session)


def delete(db: Path) -> None:
    for path in db.parent.glob(f"{db.name}*"):
        path.unlink()


def recreate(db: Path) -> None:
    """Deleted, and a new database made at the same path (another user, a reinstall)."""
    delete(db)
    ResultsStore.open(db).close()


def move_and_copy_back(db: Path) -> None:
    """Moved away, and a copy put in its place (a backup restored over it)."""
    moved = db.with_name("moved.db")
    db.rename(moved)
    shutil.copyfile(moved, db)


FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "deleted": (delete, "was deleted or moved during the session"),
    "recreated": (recreate, "was replaced by another file during the session"),
    "moved": (move_and_copy_back, "was replaced by another file during the session"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_database_deleted_or_replaced_mid_call_is_noticed_and_the_call_saved(
    call, fault: str
) -> None:
    """SQLite would go on writing to the file it opened: gone with the process, or no
    longer the file at that path. Either way the call must go to a recovery file."""
    session, _store, db = call
    change, message = FAULTS[fault]
    change(db)
    with pytest.raises(SessionSaveError, match=message) as info:
        session.say(GOOD[1])
    assert_recovery_is_complete(info.value, session)
    if db.exists():  # the file now at the path never received this turn
        assert GOOD[1] not in [text for _, text in stored_turns(db, session.session_id)]


def test_a_recovery_file_scores_like_the_call(call, capsys: pytest.CaptureFixture[str]) -> None:
    session, _store, db = call
    session.say("You owe us money, pay now.")  # a finding worth keeping
    delete(db)
    with pytest.raises(SessionSaveError) as info:
        session.say(GOOD[1])
    assert main(["score", str(info.value.recovery_file), "--json"]) == 0
    rescored = json.loads(capsys.readouterr().out)
    findings = session.scorecard().to_json()["findings"]
    assert findings and rescored["findings"] == findings


@pytest.mark.parametrize("command", ["play", "resume"])
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_cli_exits_2_with_the_recovery_file_when_the_database_goes(
    tmp_path: Path,
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    fault: str,
) -> None:
    db = tmp_path / "data" / "results.db"
    script = tmp_path / "script.txt"
    script.write_text("\n".join(GOOD if command == "play" else GOOD[1:]) + "\n", encoding="utf-8")
    args = ["--db", str(db), "--scenarios", str(library)]
    if command == "play":
        args += ["play", "test-mini", "--script", str(script), "--trainee", "kim"]
    else:
        with ResultsStore.open(db) as store:
            started = PlaySession.start(
                load_scenario(library / "mini.yaml"), trainee="kim", mode="test", store=store
            )
            started.say(GOOD[0])
        args += ["resume", str(started.session_id), "--script", str(script)]
    say = PlaySession.say
    change = FAULTS[fault][0]

    def say_after_the_fault(self: PlaySession, text: str) -> object:
        if len(self.transcript) >= 3:  # one exchange is stored: now the file goes
            change(db)
            monkeypatch.setattr(PlaySession, "say", say)
        return say(self, text)

    monkeypatch.setattr(PlaySession, "say", say_after_the_fault)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert FAULTS[fault][1] in err and "Traceback" not in err
    saved = Path(err.split("the transcript was saved to ")[1].strip())
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [t["text"] for t in data["turns"] if t["speaker"] == "agent"] == GOOD[:2]
    assert main(["score", str(saved)]) == 0


def _cli(*args: str | Path, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLLECTOR_SIM_DB": str(db), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done


def test_a_scenario_edited_during_a_call(call, library: Path) -> None:
    session, store, db = call
    path = library / "mini.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Fine. What do you want?", "EDITED: fine.").replace(
        "What can we do?", "EDITED: what now?"
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    waiting = PlaySession.start(
        session.loaded, trainee="kim", mode="test", seed=3, store=store
    )  # a second call on the old model, left in progress
    waiting.say(GOOD[0])

    for line in GOOD[1:]:
        session.say(line)
    session.finish()
    assert session.call.outcome is not None and session.call.outcome.outcome == "payment_plan"
    assert not any("EDITED" in t.text for t in session.transcript)  # the loaded model played
    assert stored_turns(db, session.session_id) == spoken(session)
    with ResultsStore.open(db) as other:
        assert other.load_session(session.session_id).scenario_hash == session.loaded.content_hash
    assert load_scenario(path).content_hash != session.loaded.content_hash

    report = _cli("--scenarios", library, "report", "session", str(session.session_id), db=db)
    assert report.returncode == 0, report.stderr
    assert "! The scenario changed since this session was played" in report.stdout
    rest = library.parent / "rest.txt"
    rest.write_text("\n".join(GOOD[1:]) + "\n", encoding="utf-8")
    resumed = _cli(
        "--scenarios", library, "resume", str(waiting.session_id), "--script", rest, db=db
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "scenario 'test-mini' changed since this session was played" in resumed.stderr
    assert stored_turns(db, waiting.session_id)[:3] == spoken(waiting)
