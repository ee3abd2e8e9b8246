"""Fixtures for workspace-level export tests (reuse the verdict tests' helpers)."""

from __future__ import annotations

from tests.verdicts.conftest import three_appearances, ws  # noqa: F401 - fixtures
