"""Backup and restore of a workspace: the store's database copy plus the index files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import InputError
from factcheck.store import Store
from factcheck.store.backup import check_backup, restore_database

if TYPE_CHECKING:
    from factcheck.workspace import Workspace

INDEX_SUFFIX = ".faiss"
STATE_SUFFIX = ".faiss.state"  # an index's saved-at marker (vector_sync.SyncedVectorIndex.state_path)


def index_files(folder: Path) -> list[Path]:
    """The index files of a workspace folder, with their saved-at markers."""
    return [*folder.glob(f"*{INDEX_SUFFIX}"), *folder.glob(f"*{STATE_SUFFIX}")]


def backup_workspace(workspace: Workspace, target: Path) -> Path:
    """Write a consistent copy of the workspace database (online backup) and indexes to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    workspace.backup_database(target / Store.FILENAME)
    workspace.save_index()
    for index_file in index_files(workspace.path):
        shutil.copy2(index_file, target / index_file.name)
    config = workspace.path / "config.json"
    if config.exists():
        shutil.copy2(config, target / config.name)
    return target


def restore_workspace(source: Path, folder: Path) -> None:
    """Replace the workspace in ``folder`` with the backup in ``source`` (checked first)."""
    from factcheck.config import load_settings

    if load_settings(folder).database_url:  # the data is not in the folder: a restore would miss it
        raise InputError(
            f"this workspace's store is the PostgreSQL database in database_url; load the backup into "
            f"an empty database with `factcheck migrate-store --from {source} --to postgresql://…` "
            "and point database_url at it")
    database = source / Store.FILENAME
    if not database.is_file():
        raise InputError(f"{source} holds no {Store.FILENAME}; is it a factcheck backup folder?")
    check_backup(database)
    folder.mkdir(parents=True, exist_ok=True)
    for index_file in index_files(folder):
        index_file.unlink()
    restore_database(database, folder / Store.FILENAME)
    for name in [p.name for p in index_files(source)] + ["config.json"]:
        if (source / name).exists():
            shutil.copy2(source / name, folder / name)
