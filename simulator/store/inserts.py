"""Many rows in one INSERT statement, the way the turn writes need it.

sqlite-utils' ``insert_all`` spends a table lookup and a savepoint on every call, which
costs several times a turn's own insert; these go through ``Database.execute`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

MAX_VARIABLES = 999
"""Bound values per statement: SQLite before 3.32 allows no more (sqlite-utils keeps to it
too), and the build in use is not ours to choose."""


def insert(
    db: Database,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    on_conflict: str = "",
) -> None:
    """Insert ``rows`` (values in ``columns`` order); ``on_conflict`` is an upsert clause."""
    marks = "(" + ", ".join("?" * len(columns)) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    per_statement = max(1, MAX_VARIABLES // len(columns))
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        sql = head + ", ".join([marks] * len(chunk))
        db.execute(f"{sql} {on_conflict}" if on_conflict else sql, [v for r in chunk for v in r])
