"""A real OIDC sign-in round trip in Chromium against oidc-provider-mock on 127.0.0.1: a viewer
cannot record a verdict, a reviewer's verdict carries the provider's issuer and their subject."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.errors import PermissionDeniedError
from factcheck.workspace import Workspace
from tests.e2e.conftest import free_port, screenshot

pytestmark = pytest.mark.e2e

ARTICLE = ('The mayor said "crime fell by 20 percent last year" at the council meeting on Monday. '
           'Later, Jane Roe said "the budget for schools doubled since 2019" in an interview.')
USERS = [{"sub": "sub-vic", "email": "vic@example.org", "name": "Vic Viewer"},
         {"sub": "sub-rae", "email": "rae@example.org", "name": "Rae Reviewer"}]


@pytest.fixture
def oidc_provider(tmp_path: Path) -> Iterator[str]:
    """oidc-provider-mock on a free loopback port with two predefined users; yields its issuer."""
    try:
        import oidc_provider_mock  # noqa: F401
    except ImportError:
        message = "oidc-provider-mock (the dev extra) is not installed: `make setup`"
        if os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1":  # the browser tier must not skip
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    args = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    for user in USERS:
        args += ["--user-claims", json.dumps(user)]
    log = (tmp_path / "oidc.log").open("wb")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"oidc-provider-mock exited: {(tmp_path / 'oidc.log').read_text()}")
            try:
                found = httpx.get(f"{base}/.well-known/openid-configuration", timeout=1)
                if found.status_code == 200:
                    yield str(found.json()["issuer"])
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("oidc-provider-mock did not answer within 30 s")
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def auth_secrets(folder: Path, issuer: str) -> Path:
    """A secrets.toml pointing the app's st.login at the mock provider (any client id works)."""
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "test-cookie-secret-not-for-production"\n'
        'client_id = "factcheck-e2e"\n'
        'client_secret = "e2e-secret"\n'
        f'server_metadata_url = "{issuer.rstrip("/")}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    return path


def sign_in(page: Page, base: str, subject: str) -> None:
    page.goto(base)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=30_000)  # the provider's page
    page.get_by_role("button", name=subject, exact=True).click()
    page.wait_for_url(re.compile(re.escape(base)), timeout=30_000)


def test_login_round_trip_viewer_and_reviewer(browser: Browser, serve_app, oidc_provider: str,
                                              tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    (folder).mkdir()
    (folder / "config.json").write_text(json.dumps(
        {"roles": ["rae@example.org=reviewer"], "default_role": "viewer"}), encoding="utf-8")
    ws = Workspace(folder)
    assert ws.ingest_text(ARTICLE, title="Council").status == "added"
    ws.close()
    base = serve_app(folder, ["--secrets.files", str(auth_secrets(tmp_path, oidc_provider))])

    # A viewer: signed in, identity and role shown, no name box, saving disabled with the reason.
    viewer = browser.new_page(viewport={"width": 1500, "height": 1100})
    viewer.goto(base)
    expect(viewer.get_by_role("button", name="Sign in")).to_be_visible(timeout=60_000)
    expect(viewer.get_by_text("Your name (recorded with verdicts)")).to_have_count(0)
    screenshot(viewer, "login-signin")
    sign_in(viewer, base, "sub-vic")
    sidebar = viewer.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Vic Viewer")).to_be_visible(timeout=60_000)
    expect(sidebar.get_by_text("viewer", exact=True)).to_be_visible()
    expect(viewer.get_by_text("Your name (recorded with verdicts)")).to_have_count(0)
    save = viewer.get_by_role("button", name=re.compile("Save verdict"))
    expect(save).to_be_visible(timeout=60_000)
    expect(save).to_be_disabled()
    expect(viewer.get_by_text(re.compile("Needs the reviewer role to record verdicts"))).to_be_visible()
    screenshot(viewer, "login-viewer")
    viewer.close()

    # A reviewer (role from the roles setting, by email): a saved verdict carries issuer + subject.
    reviewer = browser.new_page(viewport={"width": 1500, "height": 1100})
    sign_in(reviewer, base, "sub-rae")
    sidebar = reviewer.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Rae Reviewer")).to_be_visible(timeout=60_000)
    expect(sidebar.get_by_text("reviewer", exact=True)).to_be_visible()
    save = reviewer.get_by_role("button", name=re.compile("Save verdict"))
    expect(save).to_be_enabled(timeout=60_000)
    reviewer.keyboard.press("5")  # the rating keys work as for anyone: 5 = False
    expect(reviewer.get_by_text("Rating — False")).to_be_visible()
    save.click()
    expect(reviewer.get_by_text(re.compile(r"Saved verdict #\d+: False")).first).to_be_visible(
        timeout=30_000)
    screenshot(reviewer, "login-reviewer")
    reviewer.close()

    ws = Workspace(folder)
    try:
        [saved] = ws.verdicts()
        assert (saved.reviewer, saved.reviewer_issuer, saved.reviewer_subject) == (
            "Rae Reviewer", oidc_provider, "sub-rae")
        # the library refuses the viewer whatever the UI shows
        from factcheck.auth import signed_in_principal

        vic = signed_in_principal(ws.settings, issuer=oidc_provider, subject="sub-vic",
                                  name="Vic Viewer", email="vic@example.org")
        with pytest.raises(PermissionDeniedError, match="needs the reviewer role"):
            ws.acting_as(vic).record_verdict(saved.claim_id, "True")
    finally:
        ws.close()
