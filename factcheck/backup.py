"""Backup and restore of a workspace: SQLite online backup API plus the index files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import InputError, StoreError
from factcheck.store import Store

if TYPE_CHECKING:
    from factcheck.workspace.core import WorkspaceCore

INDEX_SUFFIX = ".faiss"


def backup_workspace(workspace: WorkspaceCore, target: Path) -> Path:
    """Write a consistent copy of the workspace database (online backup) and indexes to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    destination = target / Store.FILENAME
    partial = destination.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    dest = sqlite3.connect(partial)
    try:
        workspace.store.db.conn.backup(dest)
    finally:
        dest.close()
    partial.replace(destination)
    workspace.save_index()
    for index_file in workspace.path.glob(f"*{INDEX_SUFFIX}"):
        shutil.copy2(index_file, target / index_file.name)
    config = workspace.path / "config.json"
    if config.exists():
        shutil.copy2(config, target / config.name)
    return target


def restore_workspace(source: Path, folder: Path) -> None:
    """Replace the workspace in ``folder`` with the backup in ``source`` (checked first)."""
    database = source / Store.FILENAME
    if not database.is_file():
        raise InputError(f"{source} holds no {Store.FILENAME}; is it a factcheck backup folder?")
    check = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"backup database {database} is unreadable: {exc}") from exc
    finally:
        check.close()
    if result != "ok":
        raise StoreError(f"backup database {database} failed its integrity check: {result}")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in [folder / Store.FILENAME, *(folder / f"{Store.FILENAME}{s}" for s in ("-wal", "-shm"))]:
        stale.unlink(missing_ok=True)
    for index_file in folder.glob(f"*{INDEX_SUFFIX}"):
        index_file.unlink()
    partial = folder / f"{Store.FILENAME}.restoring"
    src = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    dest = sqlite3.connect(partial)
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()
    partial.replace(folder / Store.FILENAME)
    for name in [p.name for p in source.glob(f"*{INDEX_SUFFIX}")] + ["config.json"]:
        if (source / name).exists():
            shutil.copy2(source / name, folder / name)
