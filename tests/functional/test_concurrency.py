"""Many trainees share one database file, and a killed process loses no committed turn."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from simulator.store import ResultsStore
from tests.fixtures.store.workers import turn_pair, write_sessions
from tests.functional.conftest import ROOT

WRITERS, SESSIONS, TURNS = 16, 4, 10


def test_sixteen_processes_write_at_once_and_lose_nothing(tmp_path: Path):
    path = str(tmp_path / "shared.db")  # created and migrated by the writers themselves
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(WRITERS), ctx.Queue()
    procs = [
        ctx.Process(target=write_sessions, args=(path, w, SESSIONS, TURNS, start, out))
        for w in range(WRITERS)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [errors for _, errors in results] == [[]] * WRITERS
    assert [p.exitcode for p in procs] == [0] * WRITERS

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM sessions WHERE status = 'completed'").fetchone()[
        0
    ] == (WRITERS * SESSIONS)
    assert conn.execute("SELECT count(*) FROM turns").fetchone()[0] == WRITERS * SESSIONS * TURNS
    assert conn.execute("SELECT DISTINCT turn_count FROM sessions").fetchall() == [(TURNS,)]
    conn.close()
    with ResultsStore.open(path) as store:
        rows = store.report_trainees()
        assert [(r["attempts"], r["passes"]) for r in rows] == [(SESSIONS, SESSIONS)] * WRITERS
        assert store.branch_counts("concurrency") == {
            "n1": {"n1:a": WRITERS * SESSIONS * TURNS // 2}
        }


def test_a_killed_process_leaves_every_committed_turn_and_a_resumable_session(tmp_path: Path):
    path = tmp_path / "results.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.fixtures.store.workers", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    session = int(child.stdout.readline().split()[1])
    reported = 0
    while reported < 80:
        reported = int(child.stdout.readline().split()[1])
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with ResultsStore.open(path) as store:
        (waiting,) = store.resumable("killed")
        assert waiting["id"] == session
        record = store.load_session(session)
        stored = len(record.turns)
        assert record.status == "in_progress"
        assert stored >= reported
        assert [t.index for t in record.turns] == list(range(stored))
        assert record.snapshot["turns"] == stored  # turns and snapshot commit together

        store.record_turns(session, turn_pair(stored), {"turns": stored + 2})
        card = {
            "scores": {"overall": 85.0},
            "passed": True,
            "findings": [
                {"turn": stored + 1, "category": "abusive_language", "rule": "US4",
                 "severity": "critical", "evidence": "line", "message": "m"},
            ],
        }  # fmt: skip
        store.finish_session(session, status="completed", outcome="payment_plan", scorecard=card)
        resumed = store.load_session(session)
        assert resumed.status == "completed"
        assert [t.index for t in resumed.turns] == list(range(stored + 2))
        assert resumed.turns[stored].findings[0]["rule"] == "US4"
        assert store.resumable() == []
