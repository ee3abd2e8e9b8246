"""`factcheck feeds …` through click's CliRunner (and one real process for Ctrl+C)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import main
from tests.feeds.conftest import TEST_SETTINGS
from tests.feeds.site import page, rss, serve
from tests.fetch.localserver import Reply

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from factcheck.cli import main; main()"]


@pytest.fixture
def folder(tmp_path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "config.json").write_text(json.dumps(TEST_SETTINGS), encoding="utf-8")
    return ws


@pytest.fixture
def run(folder, monkeypatch, embedder):
    import factcheck.workspace.embedding as core

    monkeypatch.setattr(core, "SentenceTransformerEmbedder", lambda *a, **k: embedder)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["--workspace", str(folder), "feeds", *args], catch_exceptions=False)

    return invoke


def test_add_list_poll_remove(run, server, folder) -> None:
    serve(server, "/story", page("a", title="Bus network"))
    good = serve(server, "/good.xml", Reply(200, rss([{"title": "Buses <b>expand</b>", "guid": "1",
                                                        "link": server.url("/story?utm_campaign=x")}])))
    broken = serve(server, "/broken.xml", Reply(200, b"<rss><channel><item>"))
    assert run("add", good, "--name", "Daily", "--every", "15").output == f"feed 1: {good} every 15 min\n"
    assert run("add", broken, "--name", "Broken").exit_code == 0
    duplicate = run("add", good)
    assert duplicate.exit_code == 1 and "already followed" in duplicate.output
    assert run("add", "ftp://example.org/feed").exit_code == 1
    assert "not a valid feed URL" in run("add", "http://").output
    listed = run("list")
    assert "Daily" in listed.output and "never polled" in listed.output and "2 feeds" in listed.output

    polled = run("poll")
    assert polled.exit_code == 1  # a feed failed…
    assert f"FAILED  feed 2 Broken ({broken}): not a well-formed RSS or Atom feed (2:" in polled.output
    assert "ok            feed 1 Daily: 1 new, 0 unchanged, 0 duplicate, 0 failed" in polled.output
    assert f"  new       {server.url('/story')}: article 1, " in polled.output
    assert "2 feeds polled, 1 new articles, 1 failed (Broken)" in polled.output

    rows = [json.loads(line) for line in run("list", "--json").output.splitlines()]
    assert [(r["id"], r["last_status"], r["failures"], r["every_minutes"]) for r in rows] == [
        (1, "ok", 0, 15), (2, "failed", 1, 60)]
    assert "next try in 60 min" in rows[1]["last_message"]

    # …and what the other feed brought is kept.
    stats = CliRunner().invoke(main, ["--workspace", str(folder), "stats", "--json"])
    assert json.loads(stats.output)["articles"] == 1
    report = json.loads(run("poll", "--all", "--json").output)
    assert [(f["feed_id"], f["status"]) for f in report["feeds"]] == [(1, "ok"), (2, "failed")]
    assert report["feeds"][0]["entries"][0]["status"] == "unchanged"

    assert run("remove", "2").output == f"removed feed 2: {broken}\n"
    missing = run("remove", "2")
    assert missing.exit_code == 1 and "no feed with id 2" in missing.output
    assert run("poll", "--all").exit_code == 0


def test_watch_once(run, server) -> None:
    url = serve(server, "/f.xml", Reply(200, rss([])))
    run("add", url)
    result = run("watch", "--once")
    assert result.exit_code == 0, result.output
    assert "ok            feed 1 " in result.output and "stopped after 1 polls" in result.output


def test_watch_stops_cleanly_on_ctrl_c(folder, server) -> None:
    url = serve(server, "/f.xml", Reply(200, rss([])))
    env = {**os.environ, "PYTHONPATH": str(REPO), "FACTCHECK_FEED_WATCH_TICK_S": "0.2"}
    add = subprocess.run([*CLI, "--workspace", str(folder), "feeds", "add", url,
                          "--every", "1"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert add.returncode == 0, add.stderr
    proc = subprocess.Popen([*CLI, "--workspace", str(folder), "feeds", "watch"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(s.path == "/f.xml" for s in server.seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopping after the current poll" in err and "stopped after 1 polls" in err
    assert "Traceback" not in err
    assert "1 feeds polled" in out
