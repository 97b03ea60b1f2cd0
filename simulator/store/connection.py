"""Opening the database the way every writer must, and one retrying write transaction.

Many trainees share one file, so each write takes the write lock up front (BEGIN IMMEDIATE):
a deferred transaction that upgrades to a writer mid-way can fail with "database is locked"
even while a busy timeout is set. A lock still held after the timeout is retried with backoff.

Checkpoints (copying the WAL back into the file, with two fsyncs) are moved out of the
turns: SQLite would run one inside whichever commit crosses 1,000 WAL pages, about one
turn in a hundred. The store checkpoints when a session ends and when it closes instead;
WAL_PAGES stays as a backstop for a writer that never does either.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from simulator.store.errors import StoreError
from simulator.store.schema import MIGRATIONS

T = TypeVar("T")

BUSY_TIMEOUT_S = 15.0
RETRIES = 8
WAL_PAGES = 10_000  # about 40 MB of WAL before a commit checkpoints by itself
_BUSY_WORDS = ("locked", "busy")


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc).lower() for word in _BUSY_WORDS
    )


def connect(path: Path) -> tuple[Database, FileIdentity | None]:
    """A migrated, WAL-mode connection with foreign keys on and the file it opened, or
    StoreError saying why not."""
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
        db.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
        _retry(lambda: _enable_wal(db))
        if MIGRATIONS.pending(db):
            write(db, lambda: MIGRATIONS.apply(db))
        _check_writable(db)
        file = FileIdentity.of(db)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"cannot use the results database {path}: {exc}") from None
    return db, file


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


def write(db: Database, action: Callable[[], T], file: FileIdentity | None = None) -> T:
    """Run action in one immediate transaction, committed before returning; nested calls join.

    ``file`` is the database file the connection opened: the write is refused if the path
    no longer names it. Only the writes of ``connect`` itself (migrations, the writability
    probe) pass none, since the file is being opened at that moment."""
    if db.conn.in_transaction:
        return action()
    if file is not None:
        file.check()

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


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """The file a connection opened, by device and inode: its path may come to name another.

    SQLite keeps writing to the file it opened. Deleted, that file vanishes with everything
    committed when the process exits; moved, its path may hold a new file that never sees
    these turns. Either way the session must stop and save its call elsewhere."""

    path: str
    device: int
    inode: int

    @classmethod
    def of(cls, db: Database) -> FileIdentity | None:
        """None for an in-memory database, which has no file to lose."""
        file = db.execute("PRAGMA database_list").fetchone()[2]
        if not file:
            return None
        try:
            seen = os.stat(file)
        except OSError as exc:
            raise StoreError(f"cannot use the results database {file}: {exc.strerror}") from None
        return cls(file, seen.st_dev, seen.st_ino)

    def check(self) -> None:
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            raise StoreError(
                f"the results database {self.path} was deleted or moved during the session"
            ) from None
        except OSError as exc:
            raise StoreError(
                f"the results database {self.path} cannot be checked: {exc.strerror or exc}"
            ) from None
        if (now.st_dev, now.st_ino) != (self.device, self.inode):
            raise StoreError(
                f"the results database {self.path} was replaced by another file during the session"
            )


def checkpoint(db: Database) -> None:
    """Copy the WAL into the database file without waiting for anyone (PASSIVE).

    Every commit is already durable in the WAL, so a checkpoint that cannot run now (another
    process holds it, the disk is read-only or full) loses nothing: a later one, or the next
    connection to open the file, does the work. Its failure is not the caller's failure."""
    try:
        if not db.conn.in_transaction:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:  # a closed connection included: close() stays safe to repeat
        return


@contextmanager
def batch(db: Database, file: FileIdentity | None = None) -> Iterator[None]:
    """Many writes in one transaction (bulk import, benchmarks): all committed or none."""
    if file is not None:
        file.check()
    _retry(lambda: db.execute("BEGIN IMMEDIATE"))
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
