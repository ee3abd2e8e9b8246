"""Workspace: the one object the CLI and the UI call; each capability is a mixin."""

from __future__ import annotations

from factcheck.workspace.core import Progress, WorkspaceCore
from factcheck.workspace.feeds import FeedOps
from factcheck.workspace.matching import MatchingOps
from factcheck.workspace.review import ReviewOps
from factcheck.workspace.sources import SourceOps
from factcheck.workspace.verdicts import VerdictOps

__all__ = ["Progress", "Workspace"]


class Workspace(MatchingOps, VerdictOps, SourceOps, FeedOps, ReviewOps, WorkspaceCore):
    """A workspace folder: articles, claims, verdicts, sources, and their indexes.

    >>> ws = Workspace("index")          # doctest: +SKIP
    >>> ws.ingest(["seeds/"])            # doctest: +SKIP
    """
