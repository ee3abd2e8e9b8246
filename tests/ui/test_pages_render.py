"""Every page renders without an exception on an empty workspace and on the seed workspace."""

from __future__ import annotations

import pytest

PAGES = ["views/review.py", "views/search.py", "views/ingest.py", "views/verdicts.py",
         "views/dashboard.py", "views/sources.py", "views/adjudication.py"]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_empty_workspace(empty_ws, app, page):
    at = app(page)
    assert not at.exception, at.exception
    assert at.title or at.markdown


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_seed_workspace(seed_ws, app, page):
    at = app(page)
    assert not at.exception, at.exception
