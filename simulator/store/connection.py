"""Opening the database the way every writer must, and one retrying write transaction.

Many trainees share one file, so each write takes the write lock up front (BEGIN IMMEDIATE):
a deferred transaction that upgrades to a writer mid-way can fail with "database is locked"
even while a busy timeout is set. A lock still held after the timeout is retried with backoff.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from simulator.store.errors import StoreError
from simulator.store.schema import MIGRATIONS

T = TypeVar("T")

BUSY_TIMEOUT_S = 15.0
RETRIES = 8
_BUSY_WORDS = ("locked", "busy")


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc).lower() for word in _BUSY_WORDS
    )


def connect(path: Path) -> Database:
    """A migrated, WAL-mode connection with foreign keys on, or StoreError saying why not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder for the results database {path}: {exc}"
        ) from None
    if path.is_dir():
        raise StoreError(f"the results database path {path} is a folder, not a file")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the results database {path}: {exc}") from None
    db = Database(conn, execute_plugins=False)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        # NORMAL in WAL mode keeps every commit through a killed process; only a power cut
        # can lose the last commits, never corrupt the file.
        db.execute("PRAGMA synchronous = NORMAL")
        _retry(lambda: _enable_wal(db))
        if MIGRATIONS.pending(db):
            write(db, lambda: MIGRATIONS.apply(db))
        _check_writable(db)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"cannot use the results database {path}: {exc}") from None
    return db


def _enable_wal(db: Database) -> None:
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")


def _check_writable(db: Database) -> None:
    """Fail at open, not at the first turn, when the file or its folder is read-only."""
    write(db, lambda: db.execute("UPDATE store_meta SET value = value WHERE key = 'instance_id'"))


def _retry(action: Callable[[], T]) -> T:
    for attempt in range(RETRIES):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(min(0.05 * 2**attempt, 1.0) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def write(db: Database, action: Callable[[], T]) -> T:
    """Run action in one immediate transaction, committed before returning; nested calls join."""
    if db.conn.in_transaction:
        return action()
    _still_there(db)

    def attempt() -> T:
        db.execute("BEGIN IMMEDIATE")
        try:
            result = action()
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
        return result

    return _retry(attempt)


def _still_there(db: Database) -> None:
    """SQLite goes on writing into a deleted file's inode and loses it all at exit: refuse."""
    file = db.execute("PRAGMA database_list").fetchone()[2]
    if file and not Path(file).exists():
        raise StoreError(f"the results database {file} was deleted or moved during the session")


@contextmanager
def batch(db: Database) -> Iterator[None]:
    """Many writes in one transaction (bulk import, benchmarks): all committed or none."""
    _retry(lambda: db.execute("BEGIN IMMEDIATE"))
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
