"""Workspace: the one object the CLI and the UI call; services composed behind a thin facade."""

from __future__ import annotations

from factcheck.workspace.facade import Workspace
from factcheck.workspace.vector_sync import Progress

__all__ = ["Progress", "Workspace"]
