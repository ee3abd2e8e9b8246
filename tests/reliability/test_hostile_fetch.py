"""Fetching end to end through `factcheck ingest URL` and Workspace.ingest; upload names; serve warning."""

from __future__ import annotations

import pytest

from factcheck.config import Settings
from tests.fetch.localserver import LocalServer, Reply
from tests.reliability.checks import digest, table_rows

ARTICLE = (b"<html><head><title>Budget</title></head><body><article><p>"
           + b"Mayor Ana Lopez said the city budget rose by 4 percent in 2023. " * 5
           + b"</p></article></body></html>")


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def _workspace(tmp_path, embedder, allow: bool):
    from factcheck.workspace import Workspace

    settings = Settings().with_overrides(fetch_allowlist=["127.0.0.1"] if allow else [],
                                         fetch_timeout_s=5.0)
    return Workspace(tmp_path / "ws", settings=settings, embedder=embedder)


def test_loopback_refused_unless_allowlisted(server, tmp_path, embedder):
    server.routes["/a"] = [Reply(200, ARTICLE, {"Content-Type": "text/html"})]
    url = server.url("/a")
    closed = _workspace(tmp_path / "closed", embedder, allow=False)
    report = closed.ingest([url])[0]
    assert (report.status == "error" and url in report.message) or "127.0.0.1" in report.message
    assert server.seen == []  # refused before any request left
    opened = _workspace(tmp_path / "open", embedder, allow=True)
    assert opened.ingest([url])[0].status == "added"
    assert len(server.seen) == 1


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://10.0.0.1/internal",  # private
    "http://[fe80::1]/",  # link-local
    "http://localhost:9/",  # a DNS name resolving to loopback (only the IP is allowlisted... by name)
    "file:///etc/passwd",  # not http(s)
    "ftp://127.0.0.1/x",
])
def test_redirects_to_forbidden_places_are_refused(server, tmp_path, embedder, target):
    ws = _workspace(tmp_path, embedder, allow=True)
    ws.ingest_text("Mayor Ana Lopez said the budget rose by 4 percent.", label="before")
    before = digest(table_rows(ws.path))
    server.routes["/r"] = [Reply.redirect(target)]
    report = ws.ingest([server.url("/r")])[0]
    assert report.status == "error", report
    assert "\n" not in report.message and "/r" in report.message
    assert digest(table_rows(ws.path)) == before
    assert [s.path for s in server.seen] == ["/r"]


@pytest.mark.parametrize("value", ["file:///etc/passwd", "javascript:alert(1)", "gopher://127.0.0.1/",
                                   "http://169.254.169.254/latest/meta-data/"])
def test_cli_refuses_forbidden_urls_with_one_line(cli, tmp_path, value):
    result = cli(tmp_path / "ws", "ingest", value)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and value in errors[0], result.output
    assert "Traceback" not in result.output


def test_cli_fetches_allowlisted_server_only(cli, server, tmp_path):
    server.routes["/a"] = [Reply(200, ARTICLE, {"Content-Type": "text/html"})]
    folder = tmp_path / "ws"
    refused = cli(folder, "ingest", server.url("/a"))
    assert refused.exit_code == 1 and server.seen == []
    folder.mkdir(exist_ok=True)
    (folder / "config.json").write_text('{"fetch_allowlist": ["127.0.0.1"]}', encoding="utf-8")
    accepted = cli(folder, "ingest", server.url("/a"))
    assert accepted.exit_code == 0, accepted.output
    assert "1 added" in accepted.stdout


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\evil.md", "evil.md"),
    ("..", "upload"),
    ("a\x00b\n\x1b[31m.txt", None),
    ("ñandú 記事.TXT", None),
    ("x" * 300 + ".html", None),
])
def test_upload_names_are_sanitised(name, expected):
    from ui.ingest_report import safe_upload_name

    safe = safe_upload_name(name)
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert all(c.isprintable() for c in safe) and len(safe) <= 100
    if expected is not None:
        assert safe == expected


def _serve(cli, monkeypatch, tmp_path, *args: str):
    import factcheck.cli.core as core

    calls: list[list[str]] = []
    monkeypatch.setattr(core, "run_server", lambda command, env: calls.append(command) or 0)
    result = cli(tmp_path / "ws", "serve", *args)
    return result, calls


def test_serve_on_public_address_warns_about_metrics(cli, monkeypatch, tmp_path):
    result, calls = _serve(cli, monkeypatch, tmp_path, "--address", "0.0.0.0")
    assert "/_stcore/metrics" in result.stderr and "warning" in result.stderr
    assert calls and calls[0][calls[0].index("--server.address") + 1] == "0.0.0.0"


def test_serve_binds_loopback_by_default_without_warning(cli, monkeypatch, tmp_path):
    result, calls = _serve(cli, monkeypatch, tmp_path)
    assert "warning" not in result.stderr
    command = calls[0]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert "--server.maxUploadSize" in command
