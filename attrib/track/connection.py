"""Opening the claim database's file, to write or only to read, and SQLite's errors said in words."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from attrib.errors import StoreDamaged, StoreError, StoreLocked

BUSY_TIMEOUT_MS = 10_000  # a second writer waits this long for the first one's article

# SQLite's primary result codes (an extended code keeps its primary one in the low byte).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_CORRUPT = 5, 6, 8, 11
_SQLITE_CANTOPEN, _SQLITE_CONSTRAINT, _SQLITE_NOTADB = 14, 19, 26


def store_error(path: Path, err: sqlite3.Error) -> StoreError:
    """The StoreError for an SQLite error on the database at `path`: what happened, and what to do."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        seconds = f"{BUSY_TIMEOUT_MS / 1000:g}"
        return StoreLocked(
            f"{path}: locked: another process has been writing to it for {seconds} s; try again when it is done"
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_CONSTRAINT) or isinstance(err, sqlite3.IntegrityError):
        return StoreDamaged(
            f"{path}: the database is damaged ({err}); restore a copy, or build it again with attrib db add"
        )
    if code == _SQLITE_READONLY:
        return StoreError(f"{path}: cannot write to it: {_why_read_only(path)}")
    if code == _SQLITE_CANTOPEN:
        return StoreError(f"{path}: cannot open: {err}")
    return StoreError(f"{path}: not a claim database: {err}")


def _why_read_only(path: Path) -> str:
    """Why a database cannot be written: the file, or its folder (SQLite writes files beside it)."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    except OSError:
        pass
    if not os.access(path, os.W_OK):
        return "the file is read-only (or immutable)"
    return "its folder is read-only (or immutable)"


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that only reads: through the write-ahead log as usual, or, when the file and its
    folder cannot be written (a read-only file system), as an immutable file."""
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.execute("PRAGMA user_version").fetchone()
    except sqlite3.OperationalError as err:
        # A database in WAL mode needs its -shm file beside it, even to read; where it cannot be
        # made, nobody can be writing either, so reading the file as it stands is safe.
        if (getattr(err, "sqlite_errorcode", 0) & 0xFF) not in (_SQLITE_CANTOPEN, _SQLITE_READONLY):
            raise
        db.close()
        db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    return db


def open_writable(path: Path) -> sqlite3.Connection:
    """A connection that writes, in WAL mode, made if missing; raises sqlite3.Error when the file cannot be written."""
    # Autocommit: transactions are opened and closed explicitly, one per article.
    db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: consistent after a crash
    db.execute("PRAGMA foreign_keys = ON")
    # A file that cannot be written is opened all the same, read-only: say so now,
    # with a write that is rolled back (and waits for another writer, as adding would).
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA user_version = {int(version)}")
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
    return db
