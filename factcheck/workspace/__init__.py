"""Workspace: the one object the CLI and the UI call; services composed behind a thin facade."""

from __future__ import annotations

from factcheck.workspace.core import Progress
from factcheck.workspace.facade import Workspace

__all__ = ["Progress", "Workspace"]
