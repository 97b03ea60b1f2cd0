"""Report queries for managers and trainers.

Cohort-wide reports read the rollup totals (rollups.py); one trainee's or one session's
report reads that trainee's or session's rows through an index. Scores are the machine's;
reviews are shown next to them, never blended in. `since` (an ISO date, UTC) keeps sessions
that started on or after it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from simulator.store import rollups
from simulator.store.clock import since_bound
from simulator.store.errors import StoreError
from simulator.store.schema import DIMENSIONS, SCORE_COLUMNS

TREND_WINDOW = 3
TOP_FINDINGS = 3


def _score(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    """Rounded scores and a pass rate (0..1) from a _ROLLUP_SUMMARY row."""
    out = dict(row)
    for key in ("best", "avg_compliance", "avg_empathy", "avg_outcome", "avg_overall"):
        out[key] = _score(row[key])
    out["pass_rate"] = round(row["passes"] / row["attempts"], 3) if row["attempts"] else None
    return out


def trend(latest_first: list[float]) -> float | None:
    """Mean of the last few overall scores minus the mean of the few before them."""
    window = min(TREND_WINDOW, len(latest_first) // 2)
    if window == 0:
        return None
    recent = latest_first[:window]
    before = latest_first[window : 2 * window]
    return round(sum(recent) / window - sum(before) / window, 1)


def _latest_and_trend(db: Database, trainee_id: int, bound: str) -> dict[str, float | None]:
    """From the trainee's last few completed attempts, read newest first through an index."""
    recent = [
        row[0]
        for row in db.execute(
            "SELECT overall FROM sessions "
            "WHERE trainee_id = ? AND status = 'completed' AND started_at >= ? "
            "AND overall IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ?",
            [trainee_id, bound, 2 * TREND_WINDOW],
        )
    ]
    return {"latest": _score(recent[0]) if recent else None, "trend": trend(recent)}


_ROLLUP_SUMMARY = """
    coalesce(sum(r.sessions), 0) AS sessions,
    coalesce(sum(r.completed), 0) AS attempts,
    coalesce(sum(r.passed), 0) AS passes,
    coalesce(sum(r.abandoned), 0) AS abandoned,
    coalesce(sum(r.sessions) - sum(r.completed) - sum(r.abandoned), 0) AS in_progress,
    max(r.best) AS best,
    sum(r.sum_compliance) / nullif(sum(r.n_compliance), 0) AS avg_compliance,
    sum(r.sum_empathy) / nullif(sum(r.n_empathy), 0) AS avg_empathy,
    sum(r.sum_outcome) / nullif(sum(r.n_outcome), 0) AS avg_outcome,
    sum(r.sum_overall) / nullif(sum(r.n_overall), 0) AS avg_overall,
    max(r.last_started) AS last_played
"""


def _rollup_summaries(
    db: Database, dim: str, bound: str, key: str | None = None
) -> dict[str, dict[str, Any]]:
    """key -> summary over [bound, forever) for one dimension (or one key), from the totals."""
    where, values = ("dim = ? AND key = ?", [dim, key]) if key else ("dim = ?", [dim])
    source, params = rollups.scoped("rollup_sessions", where, values, bound)
    rows = db.query(f"SELECT r.key, {_ROLLUP_SUMMARY} FROM ({source}) r GROUP BY r.key", params)
    return {row.pop("key"): row for row in rows}


_EMPTY = {
    "sessions": 0,
    "attempts": 0,
    "passes": 0,
    "abandoned": 0,
    "in_progress": 0,
    "best": None,
    "avg_compliance": None,
    "avg_empathy": None,
    "avg_outcome": None,
    "avg_overall": None,
    "last_played": None,
}


def trainees(db: Database, since: str | None = None) -> list[dict[str, Any]]:
    """One row per trainee: attempts, passes, best, latest, averages and trend."""
    bound = since_bound(since)
    totals = _rollup_summaries(db, "trainee", bound)
    return [
        {
            "trainee": name,
            **_summary(totals.get(name, _EMPTY)),
            **_latest_and_trend(db, trainee_id, bound),
        }
        for trainee_id, name in db.execute("SELECT id, name FROM trainees ORDER BY name, id")
    ]


def scenarios(db: Database, since: str | None = None) -> list[dict[str, Any]]:
    """One row per scenario: attempts, pass rate, averages, top findings, the cohort's choices."""
    bound = since_bound(since)
    totals = _rollup_summaries(db, "scenario", bound)
    top = _top_findings_by_scenario(db, bound)
    branches = _branch_counts(db, bound)
    return [
        {
            **row,
            **_summary(totals.get(row["scenario_id"], _EMPTY)),
            "top_findings": top.get(row["scenario_id"], []),
            "branches": branches.get(row["scenario_id"], {}),
        }
        for row in db.query(
            "SELECT id AS scenario_id, title, locale, version, content_hash FROM scenarios "
            "ORDER BY id"
        )
    ]


def _top_findings_by_scenario(db: Database, bound: str) -> dict[str, list[dict[str, Any]]]:
    source, params = rollups.scoped("rollup_findings", "dim = 'scenario'", [], bound)
    counted = db.query(
        f"SELECT key, category, rule, sum(count) AS count FROM ({source}) "
        "GROUP BY key, rule, category",
        params,
    )
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in counted:
        grouped[row.pop("key")].append(row)
    return {
        scenario: sorted(items, key=lambda r: (-r["count"], r["rule"], r["category"]))[
            :TOP_FINDINGS
        ]
        for scenario, items in grouped.items()
    }


def _branch_counts(
    db: Database, bound: str, scenario_id: str | None = None
) -> dict[str, dict[str, dict[str, int]]]:
    """scenario -> node -> branch -> times taken, in sorted order."""
    where, params = ("scenario_id = ?", [scenario_id]) if scenario_id else ("1 = 1", [])
    source, values = rollups.scoped("rollup_branches", where, params, bound)
    nested: dict[str, dict[str, dict[str, int]]] = {}
    for scenario, node, branch, count in db.execute(
        f"SELECT scenario_id, node, branch, sum(count) FROM ({source}) "
        "GROUP BY scenario_id, node, branch ORDER BY scenario_id, node, branch",
        values,
    ):
        nested.setdefault(scenario, {}).setdefault(node, {})[branch] = count
    return nested


def branch_counts(db: Database, scenario_id: str) -> dict[str, dict[str, int]]:
    """How the whole cohort chose at each node of one scenario."""
    return _branch_counts(db, "", scenario_id).get(scenario_id, {})


def findings(db: Database, since: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Finding counts by category x trainee and by rule, over finished sessions.

    One grouped pass over the totals; both views are folded from it in Python, which costs
    less than asking SQLite to sort the same rows twice.
    """
    source, params = rollups.scoped("rollup_findings", "dim = 'trainee'", [], since_bound(since))
    by_category: dict[tuple[str, str], int] = defaultdict(int)
    by_rule: dict[tuple[str, str, str], list[int]] = {}
    for rule, category, severity, trainee_name, count, sessions in db.execute(
        f"SELECT rule, category, severity, key, sum(count), sum(sessions) FROM ({source}) "
        "GROUP BY key, rule, category, severity",
        params,
    ):
        by_category[category, trainee_name] += count
        totals = by_rule.setdefault((rule, category, severity), [0, 0, 0])
        totals[0] += count
        totals[1] += sessions
        totals[2] += 1
    return {
        "by_category": [
            {"category": category, "trainee": name, "count": count}
            for (category, name), count in sorted(
                by_category.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])
            )
        ],
        "by_rule": [
            {
                "rule": rule,
                "category": category,
                "severity": severity,
                "count": count,
                "sessions": sessions,
                "trainees": trainees,
            }
            for (rule, category, severity), (count, sessions, trainees) in sorted(
                by_rule.items(), key=lambda kv: (-kv[1][0], kv[0][0], kv[0][1])
            )
        ],
    }


def trainee(db: Database, name: str, since: str | None = None) -> dict[str, Any]:
    row = db.execute("SELECT id FROM trainees WHERE name = ?", [name]).fetchone()
    if row is None:
        raise StoreError(f"no trainee named '{name}'")
    trainee_id, bound = int(row[0]), since_bound(since)
    params = {"trainee": trainee_id, "since": bound}
    summary = _rollup_summaries(db, "trainee", bound, name).get(name, _EMPTY)
    history = [
        {
            **h,
            **{k: _score(h[k]) for k in ("compliance", "empathy", "outcome_score", "overall")},
            "passed": None if h["passed"] is None else bool(h["passed"]),
        }
        for h in db.query(
            """
            SELECT s.id AS session_id, s.scenario_id, c.title, s.mode, s.status, s.started_at,
                   s.ended_at, s.outcome, s.score_compliance AS compliance,
                   s.score_empathy AS empathy, s.score_outcome AS outcome_score, s.overall,
                   s.passed,
                   (SELECT count(*) FROM findings f WHERE f.session_id = s.id) AS findings,
                   (SELECT count(*) FROM reviews r WHERE r.session_id = s.id) AS reviews
            FROM sessions s
            JOIN scenarios c ON c.id = s.scenario_id
            WHERE s.trainee_id = :trainee AND s.started_at >= :since
            ORDER BY s.started_at DESC, s.id DESC
            """,
            params,
        )
    ]
    per_scenario = [
        {**r, "best": _score(r["best"])}
        for r in db.query(
            """
            SELECT s.scenario_id, c.title, count(*) AS attempts,
                   coalesce(sum(s.passed = 1), 0) AS passes, max(s.overall) AS best
            FROM sessions s
            JOIN scenarios c ON c.id = s.scenario_id
            WHERE s.trainee_id = :trainee AND s.status = 'completed' AND s.started_at >= :since
            GROUP BY s.scenario_id ORDER BY s.scenario_id
            """,
            params,
        )
    ]
    frequent = list(
        db.query(
            """
            SELECT f.category, f.rule, f.severity, count(*) AS count
            FROM sessions s
            JOIN findings f ON f.session_id = s.id
            WHERE s.trainee_id = :trainee AND s.started_at >= :since
                AND s.status != 'in_progress'
            GROUP BY f.category, f.rule, f.severity
            ORDER BY count DESC, f.rule, f.category
            """,
            params,
        )
    )
    base = {**_summary(summary), **_latest_and_trend(db, trainee_id, bound)}
    weakest = sorted(
        (
            {"dimension": dim, "average": base[f"avg_{dim}"]}
            for dim in DIMENSIONS[:3]
            if base[f"avg_{dim}"] is not None
        ),
        key=lambda d: (d["average"], d["dimension"]),
    )
    return {
        "trainee": name,
        "summary": base,
        "weakest": {"dimensions": weakest, "findings": frequent[:5]},
        "scenarios": per_scenario,
        "history": history,
    }


def session_row(db: Database, session_id: int) -> dict[str, Any]:
    rows = list(
        db.query(
            "SELECT s.*, t.name AS trainee, c.title AS scenario_title, "
            "c.content_hash AS scenario_current_hash "
            "FROM sessions s JOIN trainees t ON t.id = s.trainee_id "
            "JOIN scenarios c ON c.id = s.scenario_id WHERE s.id = ?",
            [session_id],
        )
    )
    if not rows:
        raise StoreError(f"no session {session_id}")
    return rows[0]


def session_findings(db: Database, session_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            """
            SELECT t.idx + 1 AS turn, f.category, f.rule, f.severity, f.evidence, f.message,
                   f.tip, f.source
            FROM findings f JOIN turns t ON t.id = f.turn_id
            WHERE f.session_id = ? ORDER BY t.idx, f.id
            """,
            [session_id],
        )
    )


def session_markers(db: Database, session_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            """
            SELECT t.idx + 1 AS turn, m.marker, m.polarity, m.evidence
            FROM empathy_markers m JOIN turns t ON t.id = m.turn_id
            WHERE m.session_id = ? ORDER BY t.idx, m.id
            """,
            [session_id],
        )
    )


def session_reviews(db: Database, session_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            """
            SELECT r.id, t.idx + 1 AS turn, r.reviewer, r.dimension, r.score, r.comment,
                   r.created_at
            FROM reviews r LEFT JOIN turns t ON t.id = r.turn_id
            WHERE r.session_id = ? ORDER BY r.created_at, r.id
            """,
            [session_id],
        )
    )


def session(db: Database, row: dict[str, Any], current_hash: str | None) -> dict[str, Any]:
    """The transcript with findings, markers and reviews placed at their turns."""
    session_id = row["id"]
    found = session_findings(db, session_id)
    marks = session_markers(db, session_id)
    reviews = session_reviews(db, session_id)
    reference = current_hash or row["scenario_current_hash"]
    turns = [
        {
            "turn": t["idx"] + 1,
            "speaker": t["speaker"],
            "text": t["text"],
            "node": t["node"],
            "branch": t["branch"],
            "intents": json.loads(t["intents"]),
            "state_changes": json.loads(t["state_changes"]),
            "at": t["at"],
            "findings": [f for f in found if f["turn"] == t["idx"] + 1],
            "markers": [m for m in marks if m["turn"] == t["idx"] + 1],
            "reviews": [r for r in reviews if r["turn"] == t["idx"] + 1],
        }
        for t in db.query(
            "SELECT idx, speaker, text, node, branch, intents, state_changes, at FROM turns "
            "WHERE session_id = ? ORDER BY idx",
            [session_id],
        )
    ]
    scores = {
        dim: {
            "machine": _score(row[column]),
            "reviews": [
                {k: r[k] for k in ("reviewer", "score", "comment", "created_at")}
                for r in reviews
                if r["dimension"] == dim and r["score"] is not None
            ],
        }
        for dim, column in SCORE_COLUMNS.items()
    }
    return {
        "session": {
            "id": session_id,
            "trainee": row["trainee"],
            "scenario_id": row["scenario_id"],
            "scenario_title": row["scenario_title"],
            "scenario_hash": row["scenario_hash"],
            "seed": row["seed"],
            "mode": row["mode"],
            "rubric_version": row["rubric_version"],
            "app_version": row["app_version"],
            "status": row["status"],
            "started_at": row["started_at"],
            "ended_at": row["ended_at"],
            "outcome": row["outcome"],
            "passed": None if row["passed"] is None else bool(row["passed"]),
            "notes": row["notes"],
        },
        "scenario_changed": row["scenario_hash"] != reference,
        "scores": scores,
        "findings": found,
        "markers": marks,
        "reviews": [r for r in reviews if r["turn"] is None],
        "turns": turns,
    }
