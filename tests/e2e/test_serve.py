"""`factcheck serve` in a real browser: the Review page usable while the model loads, whose notice
then goes by itself, and a server that stops with the command."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from factcheck.workspace import Workspace
from tests.e2e.conftest import REPO, free_port, screenshot
from tests.e2e.test_journey import SEED

pytestmark = pytest.mark.e2e


def _healthy(base: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "factcheck serve exited"
        try:
            if httpx.get(f"{base}/_stcore/health", timeout=1).text == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"factcheck serve did not answer {base}/_stcore/health within {seconds:.0f} s")


def test_serve_review_page_model_notice_and_stop(page: Page, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    ws = Workspace(folder)
    try:
        assert ws.ingest_text(SEED.read_text(encoding="utf-8"), label=SEED.name).status == "added"
    finally:
        ws.close()
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-c", "from factcheck.cli import main; main()", "--workspace",
                             str(folder), "serve", "--port", str(port)], cwd=REPO, stdout=log,
                            stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        _healthy(base, proc)
        page.goto(base)
        expect(page.get_by_role("button", name="Save verdict")).to_be_enabled(timeout=90_000)
        notice = page.get_by_text("loading in the background")
        expect(notice).to_be_visible()  # the first page is drawn before the model load starts...
        expect(notice).to_have_count(0, timeout=120_000)  # ...and its notice goes without a click
        screenshot(page, "serve-model-loaded")
    finally:
        proc.terminate()  # `factcheck serve` is the server process itself: the signal reaches it
        proc.wait(timeout=20)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{base}/_stcore/health", timeout=2)
    assert "missing ScriptRunContext" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
