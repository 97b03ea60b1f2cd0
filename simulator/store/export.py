"""Export sessions as CSV (one row each), JSON (whole transcripts) or xAPI statements.

Files are written beside the target and renamed into place, so a failed export never leaves
half a file where an LMS import will look for it.
"""

from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlite_utils import Database

from simulator.store import reports, xapi
from simulator.store.clock import duration_seconds, since_bound
from simulator.store.errors import StoreError
from simulator.store.render import csv_row

FORMATS = ("csv", "json", "xapi")
CSV_COLUMNS = (
    "session_id",
    "trainee",
    "scenario_id",
    "scenario_title",
    "scenario_hash",
    "scenario_changed",
    "status",
    "mode",
    "seed",
    "rubric_version",
    "app_version",
    "started_at",
    "ended_at",
    "duration_s",
    "turns",
    "outcome",
    "compliance",
    "empathy",
    "outcome_score",
    "overall",
    "passed",
    "findings",
    "reviews",
    "reviewed_overall",
)


def session_rows(db: Database, since: str | None = None) -> Iterator[dict[str, Any]]:
    """One summary row per session started on or after since, oldest first."""
    rows = db.query(
        """
        SELECT s.id AS session_id, t.name AS trainee, s.scenario_id, c.title AS scenario_title,
               s.scenario_hash, s.scenario_hash != c.content_hash AS scenario_changed,
               s.status, s.mode, s.seed, s.rubric_version, s.app_version, s.started_at,
               s.ended_at, s.turn_count AS turns, s.outcome, s.score_compliance AS compliance,
               s.score_empathy AS empathy, s.score_outcome AS outcome_score, s.overall,
               s.passed,
               (SELECT count(*) FROM findings f WHERE f.session_id = s.id) AS findings,
               (SELECT count(*) FROM reviews r WHERE r.session_id = s.id) AS reviews,
               (SELECT r.score FROM reviews r
                WHERE r.session_id = s.id AND r.dimension = 'overall' AND r.score IS NOT NULL
                ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS reviewed_overall
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        JOIN scenarios c ON c.id = s.scenario_id
        WHERE s.started_at >= ?
        ORDER BY s.id
        """,
        [since_bound(since)],
    )
    for row in rows:
        seconds = duration_seconds(row["started_at"], row["ended_at"])
        yield {
            **row,
            "scenario_changed": bool(row["scenario_changed"]),
            "passed": None if row["passed"] is None else bool(row["passed"]),
            "duration_s": None if seconds is None else round(seconds, 3),
        }


def _write_csv(db: Database, since: str | None, out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in session_rows(db, since):
        writer.writerow(csv_row(row, CSV_COLUMNS))
        count += 1
    return count


def _write_json_array(items: Iterator[Any], out: IO[str], key: str | None) -> int:
    """Stream a JSON array (optionally as the one key of an object) without holding it all."""
    out.write("{" + json.dumps(key) + ":[" if key else "[")
    count = 0
    for item in items:
        out.write(("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write(("\n" if count else "") + ("]}" if key else "]") + "\n")
    return count


def _sessions(db: Database, since: str | None) -> Iterator[dict[str, Any]]:
    ids = [row["session_id"] for row in session_rows(db, since)]
    for session_id in ids:
        yield reports.session(db, reports.session_row(db, session_id), None)


def export(
    db: Database,
    fmt: str,
    out_path: Path,
    since: str | None = None,
    base_iri: str | None = None,
) -> int:
    """Write the export and return how many sessions (or statements) it holds."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")
    since_bound(since)
    if fmt == "xapi":
        xapi.base_iri(base_iri)
    if out_path.is_dir():
        raise StoreError(f"cannot write {out_path}: it is a folder; give a file name")
    # A unique name beside the target, opened like any new file so the umask applies.
    tmp = out_path.with_name(f".{out_path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("x", encoding="utf-8", newline="") as out:
            if fmt == "csv":
                count = _write_csv(db, since, out)
            elif fmt == "json":
                count = _write_json_array(_sessions(db, since), out, "sessions")
            else:
                count = _write_json_array(xapi.statements(db, since, base_iri), out, None)
        os.replace(tmp, out_path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write {out_path}: {exc.strerror or exc}") from None
        raise
    return count
