"""The one cached Workspace of the app, opened from FACTCHECK_WORKSPACE (read here, at the edge)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from factcheck.workspace import Workspace

WORKSPACE_ENV = "FACTCHECK_WORKSPACE"
DEFAULT_WORKSPACE = "index"


def workspace_path() -> Path:
    """The workspace folder the app serves: $FACTCHECK_WORKSPACE, default ``index``."""
    return Path(os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE).resolve()


@st.cache_resource(show_spinner="Opening the workspace…")
def open_workspace(path: str) -> Workspace:
    """One Workspace per folder and process, shared by every session (its writes are locked)."""
    return Workspace(Path(path))


def workspace() -> Workspace:
    """The shared Workspace for this app process."""
    return open_workspace(str(workspace_path()))
