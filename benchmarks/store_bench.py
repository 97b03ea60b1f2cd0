"""Store figures: each report query's time, the cost of committing a turn, and 16 writers at once.

    python benchmarks/store_generate.py --out /tmp/results.db     # once: 100k sessions, 3M turns
    python benchmarks/store_bench.py --db /tmp/results.db
    python benchmarks/store_bench.py --sessions 5000               # builds a small one first

Targets (issue 5): every report query < 100 ms on 100k sessions / 3M turns; a turn commit
< 2 ms; 16 concurrent writers lose nothing and never see "database is locked".
The turn-commit test writes one extra session into the database it measures.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.store import ResultsStore, TurnRecord

REPORT_TARGET_MS = 100.0
COMMIT_TARGET_MS = 2.0


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[-1]


def time_call(action: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    """Median and max wall ms, and median CPU ms (what the query costs on a busy machine)."""
    action()  # warm the page cache and the statement cache once
    wall, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return (*_ms(wall), statistics.median(cpu))


def report_queries(store: ResultsStore, repeat: int) -> list[tuple[str, float, float, float]]:
    db = store.db
    first, last = db.execute("SELECT min(started_at), max(started_at) FROM sessions").fetchone()
    month_ago = _days_before(last or "2025-01-31", 30)
    # The day after the first session: the most day and month totals a --since range can need.
    widest = _days_before(first or "2025-01-01", -1)
    trainee = db.execute(
        "SELECT t.name FROM trainees t JOIN sessions s ON s.trainee_id = t.id "
        "GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    scenario = db.execute("SELECT id FROM scenarios ORDER BY id LIMIT 1").fetchone()[0]
    session = db.execute("SELECT max(id) FROM sessions WHERE status = 'completed'").fetchone()[0]
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("report trainees", lambda: store.report_trainees()),
        (f"report trainees --since {month_ago}", lambda: store.report_trainees(month_ago)),
        ("report scenarios", lambda: store.report_scenarios()),
        (f"report scenarios --since {month_ago}", lambda: store.report_scenarios(month_ago)),
        ("report findings", lambda: store.report_findings()),
        (f"report findings --since {month_ago}", lambda: store.report_findings(month_ago)),
        (f"report trainees --since {widest}", lambda: store.report_trainees(widest)),
        (f"report scenarios --since {widest}", lambda: store.report_scenarios(widest)),
        (f"report findings --since {widest}", lambda: store.report_findings(widest)),
        (f"report trainee '{trainee}'", lambda: store.report_trainee(trainee)),
        (f"report session {session}", lambda: store.report_session(session)),
        (f"branch_counts {scenario}", lambda: store.branch_counts(scenario)),
        ("resumable sessions", lambda: store.resumable()),
    ]
    return [(name, *time_call(action, repeat)) for name, action in cases]


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _days_before(iso: str, days: int) -> str:
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(iso) - timedelta(days=days)).date().isoformat()


def _turn_pair(index: int) -> list[TurnRecord]:
    return [
        TurnRecord(index=index, speaker="agent", text="Can we agree on fifty a month?",
                   node="n1", intents=[{"intent": "offer_plan", "score": 0.9, "evidence": "fifty"}],
                   state_changes={"trust": [40, 45]}, branch="n1:offer"),
        TurnRecord(index=index + 1, speaker="debtor", text="Fifty I can do.", node="n1",
                   line_id="n1.ok"),
    ]  # fmt: skip


def _snapshot(exchange: int) -> dict[str, Any]:
    """A call state shaped and sized like the engine's: it holds the whole transcript so far,
    so it grows with the call (about 2.5 kB at the fifth exchange, like the library's)."""
    lines = [t.to_json() for i in range(exchange + 1) for t in _turn_pair(2 * i)]
    return {
        "scenario": "bench-scenario", "mode": "test", "node": f"n{exchange}",
        "state": {"meters": {"trust": 45, "anger": 10}, "variables": {"offered": 50},
                  "flags": {"verified": True}, "visits": {f"n{i}": 1 for i in range(exchange)}},
        "transcript": [{k: v for k, v in line.items() if k in ("speaker", "text", "node")}
                       for line in lines],
        "path": [f"n{i}" for i in range(exchange + 1)],
        "draws": [["pick", 3]] * (exchange + 1),
    }  # fmt: skip


EXCHANGES = 10  # per session in the turn-cost test; each session is finished, as a call is


def commit_cost(store: ResultsStore, turns: int) -> dict[str, float]:
    """ms per record_turns call as a call makes them: an agent turn and the debtor's answer
    with the whole call state, one commit each, in sessions of EXCHANGES that are finished.

    Wall time, and the thread's CPU time: on a shared machine the wall-clock tail is mostly
    other processes taking the CPU mid-commit, which CPU time leaves out."""
    wall: list[float] = []
    cpu: list[float] = []
    for first in range(0, turns, EXCHANGES):
        session_id = store.begin_session(
            trainee="bench writer", scenario_id="bench-scenario", scenario_hash="0" * 64,
            seed=first, mode="test", rubric_version="bench", app_version="bench",
        )  # fmt: skip
        for exchange in range(min(EXCHANGES, turns - first)):
            pair, snapshot = _turn_pair(2 * exchange), _snapshot(exchange)
            began, began_cpu = time.perf_counter(), time.thread_time()
            store.record_turns(session_id, pair, snapshot)
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.thread_time() - began_cpu) * 1000)
        store.mark_abandoned(session_id)
    wall.sort()
    cpu.sort()
    return {
        "p50": statistics.median(wall),
        "p99": _p99(wall),
        "max": wall[-1],
        "cpu_p50": statistics.median(cpu),
        "cpu_p99": _p99(cpu),
    }


def _p99(ordered: list[float]) -> float:
    return ordered[int(0.99 * (len(ordered) - 1))]


def _writer(path: str, worker: int, sessions: int, turns: int, start: Any, out: Any) -> None:
    errors: list[str] = []
    latencies: list[float] = []
    try:
        store = ResultsStore.open(path)
        start.wait()
        for n in range(sessions):
            session_id = store.begin_session(
                trainee=f"writer {worker:02d}", scenario_id="concurrency", scenario_hash="c" * 64,
                seed=n, mode="test", rubric_version="bench", app_version="bench",
            )  # fmt: skip
            for i in range(0, turns, 2):
                began = time.perf_counter()
                store.record_turns(session_id, _turn_pair(i), {"turn": i + 2})
                latencies.append((time.perf_counter() - began) * 1000)
            store.finish_session(
                session_id, status="completed", outcome="payment_plan",
                scorecard={"scores": {"overall": 80.0}, "passed": True, "findings": []},
            )  # fmt: skip
        store.close()
    except Exception as exc:  # reported to the parent, which fails the run
        errors.append(f"{type(exc).__name__}: {exc}")
    out.put((worker, errors, latencies))


def concurrency(writers: int, sessions: int, turns: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "concurrent.db")
        start, out = ctx.Barrier(writers), ctx.Queue()
        procs = [
            ctx.Process(target=_writer, args=(path, w, sessions, turns, start, out))
            for w in range(writers)
        ]
        began = time.perf_counter()
        for p in procs:
            p.start()
        results = [out.get(timeout=600) for _ in procs]
        for p in procs:
            p.join()
        wall = time.perf_counter() - began
        conn = sqlite3.connect(path)
        counted = {
            "sessions": conn.execute(
                "SELECT count(*) FROM sessions WHERE status = 'completed'"
            ).fetchone()[0],
            "turns": conn.execute("SELECT count(*) FROM turns").fetchone()[0],
        }
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
    latencies = sorted(ms for _, _, lat in results for ms in lat)
    errors = [e for _, errs, _ in results for e in errs]
    return {
        "wall_s": wall,
        "expected": {"sessions": writers * sessions, "turns": writers * sessions * turns},
        "counted": counted,
        "integrity": integrity,
        "errors": errors,
        "commit_p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "commit_p99_ms": _p99(latencies) if latencies else float("nan"),
        "exit_codes": [p.exitcode for p in procs],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="results store benchmarks")
    parser.add_argument("--db", type=Path, help="a database built by store_generate.py")
    parser.add_argument("--sessions", type=int, default=5000, help="size to build without --db")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per report query")
    parser.add_argument("--turns", type=int, default=500, help="commits for the turn-cost test")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--writer-sessions", type=int, default=5)
    parser.add_argument("--writer-turns", type=int, default=20, help="turns per session, even")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        path = args.db
        if path is None:
            from store_generate import generate

            path = Path(scratch) / "bench.db"
            print(f"building {args.sessions} sessions in {path} ...", file=sys.stderr)
            generate(path, args.sessions, 30, 7)
        elif not path.is_file():
            parser.error(f"{path} does not exist; build it with benchmarks/store_generate.py")
        store = ResultsStore.open(path)
        counts = {t: store.db.table(t).count for t in ("sessions", "turns", "findings")}
        print(f"machine: {platform.machine()} {platform.system()} {platform.release()}, "
              f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}")  # fmt: skip
        print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB): "
              + ", ".join(f"{k} {v:,}" for k, v in counts.items()))  # fmt: skip
        print(
            f"\nreport queries, {args.repeat} runs: median and max wall time, median CPU time "
            f"(target < {REPORT_TARGET_MS:.0f} ms; load average {_load()})"
        )
        worst = 0.0
        for name, median, slowest, cpu in report_queries(store, args.repeat):
            worst = max(worst, slowest)
            flag = "" if slowest < REPORT_TARGET_MS else "  MISSES TARGET"
            print(f"  {name:<48} {median:7.1f} {slowest:7.1f} {cpu:7.1f} ms{flag}")
        cost = commit_cost(store, args.turns)
        store.close()
    print(f"  slowest report query: {worst:.1f} ms")
    print(f"\nturn commit (agent turn + reply + snapshot, one transaction; {args.turns} commits "
          f"in sessions of {EXCHANGES}; load average {_load()})")  # fmt: skip
    print(f"  wall p50 {cost['p50']:.2f} ms  p99 {cost['p99']:.2f} ms  max {cost['max']:.2f} ms; "
          f"CPU p50 {cost['cpu_p50']:.2f} ms  p99 {cost['cpu_p99']:.2f} ms "
          f"(target < {COMMIT_TARGET_MS:.0f} ms)")  # fmt: skip

    result = concurrency(args.writers, args.writer_sessions, args.writer_turns)
    lost = {k: result["expected"][k] - result["counted"][k] for k in result["expected"]}
    print(f"\n{args.writers} concurrent writers, {args.writer_sessions} sessions x "
          f"{args.writer_turns} turns each, a commit per turn pair")  # fmt: skip
    print(f"  wall {result['wall_s']:.1f} s; commit p50 {result['commit_p50_ms']:.2f} ms, "
          f"p99 {result['commit_p99_ms']:.2f} ms under contention")  # fmt: skip
    print(f"  expected {result['expected']}, counted {result['counted']}, lost {lost}")
    print(f"  errors: {len(result['errors'])}  integrity_check: {result['integrity']}")
    for error in result["errors"][:5]:
        print(f"    {error}")
    ok = (
        not result["errors"] and result["integrity"] == "ok" and not any(lost.values())
        and all(code == 0 for code in result["exit_codes"])
    )  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
