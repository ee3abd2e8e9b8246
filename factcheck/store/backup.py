"""Database copies for backup and restore (SQLite online backup API, integrity-checked)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factcheck.errors import StoreError


def backup_database(conn: sqlite3.Connection, destination: Path) -> None:
    """A consistent copy of the live database ``conn`` at ``destination`` (complete or absent)."""
    partial = destination.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    partial.replace(destination)


def check_backup(database: Path) -> None:
    """Raise :class:`StoreError` unless the database file passes SQLite's integrity check."""
    check = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"backup database {database} is unreadable: {exc}") from exc
    finally:
        check.close()
    if result != "ok":
        raise StoreError(f"backup database {database} failed its integrity check: {result}")


def restore_database(database: Path, destination: Path) -> None:
    """Copy a checked backup database over ``destination`` (its WAL files removed first)."""
    check_backup(database)
    for stale in [destination, *(Path(f"{destination}{s}") for s in ("-wal", "-shm"))]:
        stale.unlink(missing_ok=True)
    partial = destination.with_name(f"{destination.name}.restoring")
    src = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    dest = sqlite3.connect(partial)
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()
    partial.replace(destination)
