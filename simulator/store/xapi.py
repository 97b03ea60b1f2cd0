"""xAPI 1.0.3 statements, one per completed session, for an LMS or LRS to import.

The statement id is a UUID derived from the database's instance id and the session id, so
exporting twice sends the same statements and an LRS keeps each attempt once.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

from sqlite_utils import Database

from simulator.store.clock import duration_seconds, since_bound
from simulator.store.errors import StoreError
from simulator.store.schema import SCORE_COLUMNS

XAPI_VERSION = "1.0.3"
ENV_BASE_IRI = "COLLECTOR_SIM_XAPI_BASE"
DEFAULT_BASE_IRI = "https://collector-sim.example"
VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
SIMULATION_TYPE = "http://adlnet.gov/expapi/activities/simulation"
NAMESPACE = uuid.UUID("5b0f4a52-2c59-4c55-9d1e-6f0b8a9e6c41")


CONTEXT_FIELDS = (
    ("session-id", "id"),
    ("mode", "mode"),
    ("seed", "seed"),
    ("rubric-version", "rubric_version"),
    ("app-version", "app_version"),
    ("outcome", "outcome"),
)


def base_iri(value: str | None = None) -> str:
    """The IRI every id hangs from; the trainee accounts' homePage too, so keep it stable."""
    iri = (value or os.environ.get(ENV_BASE_IRI) or DEFAULT_BASE_IRI).rstrip("/")
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"the xAPI base IRI must be an http(s) URL, not '{iri}'")
    return iri


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration with the 0.01 s precision xAPI asks LRSs to keep."""
    hundredths = round(seconds * 100)
    hours, rest = divmod(hundredths, 360_000)
    minutes, rest = divmod(rest, 6_000)
    secs = f"{rest / 100:.2f}".rstrip("0").rstrip(".")
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if rest or text == "PT" else "")


def statement(row: dict[str, Any], base: str, instance_id: str) -> dict[str, Any]:
    """One session row (from statements()' query) as an xAPI statement."""
    passed = row["passed"]
    verb = "completed" if passed is None else ("passed" if passed else "failed")
    ext = f"{base}/xapi/extensions"
    result: dict[str, Any] = {"completion": True}
    overall = row["overall"]
    if overall is not None and math.isfinite(overall):
        clamped = min(max(float(overall), 0.0), 100.0)
        result["score"] = {"scaled": round(clamped / 100, 4), "raw": clamped, "min": 0, "max": 100}
    if passed is not None:
        result["success"] = bool(passed)
    seconds = duration_seconds(row["started_at"], row["ended_at"])
    if seconds is not None:
        result["duration"] = iso_duration(seconds)
    scores = {
        f"{ext}/score/{dim}": row[column]
        for dim, column in SCORE_COLUMNS.items()
        if dim != "overall" and row[column] is not None
    }
    if scores:
        result["extensions"] = scores
    locale = row["locale"] or "en-US"
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"{instance_id}/session/{row['id']}")),
        "actor": {
            "objectType": "Agent",
            "name": row["trainee"],
            "account": {"homePage": base, "name": row["trainee"]},
        },
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": f"{base}/scenarios/{quote(row['scenario_id'], safe='')}",
            "definition": {
                "name": {locale: row["title"]},
                "type": SIMULATION_TYPE,
                "extensions": {
                    f"{ext}/scenario-version": row["version"],
                    f"{ext}/scenario-hash": row["scenario_hash"],
                },
            },
        },
        "result": result,
        "context": {
            "platform": "collector-sim",
            "language": locale,
            "extensions": {
                f"{ext}/{name}": row[column]
                for name, column in CONTEXT_FIELDS
                if row[column] is not None
            },
        },
        "timestamp": row["ended_at"] or row["started_at"],
        "version": XAPI_VERSION,
    }


def statements(
    db: Database, since: str | None = None, base: str | None = None
) -> Iterator[dict[str, Any]]:
    iri = base_iri(base)
    instance_id = db.execute("SELECT value FROM store_meta WHERE key = 'instance_id'").fetchone()[0]
    rows = db.query(
        """
        SELECT s.id, t.name AS trainee, s.scenario_id, c.title, c.locale, c.version,
               s.scenario_hash, s.mode, s.seed, s.rubric_version, s.app_version, s.outcome,
               s.started_at, s.ended_at, s.score_compliance, s.score_empathy, s.score_outcome,
               s.overall, s.passed
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        JOIN scenarios c ON c.id = s.scenario_id
        WHERE s.status = 'completed' AND s.started_at >= ?
        ORDER BY s.id
        """,
        [since_bound(since)],
    )
    for row in rows:
        yield statement(row, iri, instance_id)
