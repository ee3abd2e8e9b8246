"""A deep link as the very first request to a fresh server routes through st.navigation only."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_first_request_to_a_deep_link_shows_the_page_and_no_legacy_list(page: Page, serve_app, tmp_path):
    base = serve_app(tmp_path / "ws")
    page.goto(f"{base}/dashboard")  # nothing else has reached this server yet
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_label("Your name (recorded with verdicts)")).to_be_visible(timeout=30_000)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Dashboard", exact=True)).to_be_visible()
    # Streamlit's auto-discovered multipage list would name the entry script and the page files
    expect(nav.get_by_text("app", exact=True)).to_have_count(0)
    expect(nav.get_by_text("dashboard", exact=True)).to_have_count(0)
    screenshot(page, "deep-link-dashboard")
