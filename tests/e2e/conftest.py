"""Browser tier: Debian's Chromium through pytest-playwright, and the app served on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "test-results"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """Debian's Chromium; a missing browser fails the run when FACTCHECK_REQUIRE_BROWSER=1."""
    path = shutil.which("chromium")
    if path is None:
        message = ("Chromium is not installed: `apt-get install chromium` (or `make sysdeps`); "
                   "the browser tests never download one")
        if os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message + " (set FACTCHECK_REQUIRE_BROWSER=1 to fail instead)")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": chromium_path(), "headless": True,
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1500, "height": 1100},
            "accept_downloads": True}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve_app(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """``serve_app(workspace, extra_args=())``: start the app on that workspace (more
    ``streamlit run`` options in ``extra_args``); returns its base URL."""
    started: list[subprocess.Popen[bytes]] = []

    def start(workspace: Path, extra_args: Sequence[str] = ()) -> str:
        port = free_port()
        env = {**os.environ, "FACTCHECK_WORKSPACE": str(workspace), "HF_HUB_OFFLINE": "1"}
        log = (tmp_path / f"streamlit-{port}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", *extra_args],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {(tmp_path / f'streamlit-{port}.log').read_text()}")
            try:
                if httpx.get(f"{base}/_stcore/health", timeout=1).text == "ok":
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the app did not answer /_stcore/health within 60 s")

    yield start
    for proc in started:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-results/ (look at them)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
