"""Totals per day, month, quarter, year and all time, kept current in each write's transaction.

Aggregating 100,000 sessions row by row takes SQLite well over 100 ms, so the dashboards
read these totals instead. Without `--since` a report reads the all-time rows, one per key.
A `--since DATE` range splits into whole days up to the end of that month, whole months up
to the end of that quarter, whole quarters up to the end of that year, and whole years
after: at most 30 days, 2 months and 3 quarters of rows, whatever the history holds.

What counts where:
- a session counts from begin_session, under the day it started (UTC);
- its scores and findings count once, when it finishes (completed or abandoned);
- a branch choice counts when its turn is recorded.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from simulator.store import inserts
from simulator.store.schema import DIMENSIONS

GRAINS = ("day", "month", "quarter", "year", "all")
DIMS = ("trainee", "scenario")
SESSION_COUNTS = ("sessions", "completed", "passed", "abandoned")


def quarter(year: int, month: int) -> str:
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


def periods(started_at: str) -> tuple[tuple[str, str], ...]:
    """The day, month, quarter, year and all-time periods a session counts in."""
    return (
        ("day", started_at[:10]),
        ("month", started_at[:7]),
        ("quarter", quarter(int(started_at[:4]), int(started_at[5:7]))),
        ("year", started_at[:4]),
        ("all", ""),
    )


def _score_columns() -> list[str]:
    return [c for name in DIMENSIONS for c in (f"sum_{name}", f"n_{name}")]


SESSION_COLUMNS = [*SESSION_COUNTS, *_score_columns()]
_SESSION_UPSERT = (
    "INSERT INTO rollup_sessions (dim, key, grain, period, "
    + ", ".join(SESSION_COLUMNS)
    + ", best, last_started) VALUES (?, ?, ?, ?, "
    + ", ".join("?" for _ in SESSION_COLUMNS)
    + ", ?, ?) ON CONFLICT DO UPDATE SET "
    + ", ".join(f"{c} = {c} + excluded.{c}" for c in SESSION_COLUMNS)
    + ", best = CASE WHEN best IS NULL OR excluded.best > best THEN excluded.best ELSE best END"
    + ", last_started = CASE WHEN last_started IS NULL OR excluded.last_started > last_started"
    + " THEN excluded.last_started ELSE last_started END"
)


def add_session(
    db: Database,
    *,
    trainee: str,
    scenario_id: str,
    started_at: str,
    counts: dict[str, int],
    scores: dict[str, float | None] | None = None,
) -> None:
    """Add one session's contribution (counts by name, scores when it completed)."""
    values: list[Any] = [counts.get(name, 0) for name in SESSION_COUNTS]
    for name in DIMENSIONS:
        score = (scores or {}).get(name)
        values += [0.0, 0] if score is None else [float(score), 1]
    best = (scores or {}).get("overall")
    for dim, key in (("trainee", trainee), ("scenario", scenario_id)):
        for grain, period in periods(started_at):
            db.execute(_SESSION_UPSERT, [dim, key, grain, period, *values, best, started_at])


def add_findings(
    db: Database, *, trainee: str, scenario_id: str, started_at: str, session_id: int
) -> None:
    """Add a finished session's findings, counted per rule, to both dimensions."""
    for dim, key in (("trainee", trainee), ("scenario", scenario_id)):
        for grain, period in periods(started_at):
            db.execute(
                """
                INSERT INTO rollup_findings
                    (dim, key, grain, period, rule, category, severity, count, sessions)
                SELECT ?, ?, ?, ?, rule, category, severity, count(*), 1
                FROM findings WHERE session_id = ?
                GROUP BY rule, category, severity
                ORDER BY rule, category, severity
                ON CONFLICT DO UPDATE SET count = count + excluded.count,
                    sessions = sessions + excluded.sessions
                """,
                [dim, key, grain, period, session_id],
            )


def add_branches(
    db: Database, *, scenario_id: str, started_at: str, choices: list[tuple[str, str]]
) -> None:
    """Count each (node, branch) taken once in every period, in one statement per batch."""
    rows = [
        (scenario_id, grain, period, node, branch, 1)
        for node, branch in choices
        for grain, period in periods(started_at)
    ]
    inserts.insert(
        db,
        "rollup_branches",
        ("scenario_id", "grain", "period", "node", "branch", "count"),
        rows,
        on_conflict="ON CONFLICT DO UPDATE SET count = count + excluded.count",
    )


def ranges(since: str) -> list[tuple[str, str, str | None]]:
    """(grain, first period, end period or None) covering [since, forever) with whole periods.

    The end is exclusive, except that first == end names exactly one period (all time).

    Period names sort as text within a grain, and a year's name ('2026') sorts after every
    month or quarter name of the year before ('2025-12', '2025-Q4'), so it can end a range.
    """
    if not since:
        return [("all", "", "")]
    day = date.fromisoformat(since)
    out: list[tuple[str, str, str | None]] = []
    month = day
    if day.day != 1:
        month = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        out.append(("day", day.isoformat(), month.isoformat()))
    year, first_month = month.year, month.month
    if (first_month - 1) % 3:
        next_quarter = first_month + 3 - (first_month - 1) % 3
        end = f"{year:04d}-{next_quarter:02d}" if next_quarter <= 12 else f"{year + 1:04d}"
        out.append(("month", month.isoformat()[:7], end))
        year, first_month = (year, next_quarter) if next_quarter <= 12 else (year + 1, 1)
    if first_month != 1:
        out.append(("quarter", quarter(year, first_month), f"{year + 1:04d}"))
        year += 1
    out.append(("year", f"{year:04d}", None))
    return out


def scoped(table: str, where: str, params: list[Any], since: str) -> tuple[str, list[Any]]:
    """SQL selecting the rows of a rollup table that cover [since, forever), and its params."""
    parts, values = [], []
    for grain, first, end in ranges(since):
        sql = f"SELECT * FROM {table} WHERE {where} AND grain = ?"
        values += [*params, grain]
        if first == end:
            sql += " AND period = ?"
            values.append(first)
        else:
            sql += " AND period >= ?"
            values.append(first)
            if end is not None:
                sql += " AND period < ?"
                values.append(end)
        parts.append(sql)
    return " UNION ALL ".join(parts), values
