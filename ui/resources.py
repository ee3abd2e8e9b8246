"""The one cached Workspace of the app (FACTCHECK_WORKSPACE, read here), seen as the session's user."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from factcheck.workspace import Workspace
from ui.identity import current_principal

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
    """The shared Workspace of this app process, acting as this session's user: every write the
    pages make is checked against that user's role by the library."""
    shared = open_workspace(str(workspace_path()))
    return shared.acting_as(current_principal(shared.settings))
