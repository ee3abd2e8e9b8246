"""Every CLI command works the same on both backends: ingest, claims, verdict, history, export, search.

The same session runs against a SQLite workspace and against one whose store is a real PostgreSQL
database (``database_url``); the model-free HashingEmbedder keeps it in the fast tier.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from factcheck.cli import main
from factcheck.testing import HashingEmbedder
from tests.conftest import SEEDS
from tests.pg_server import PgServer, database_name

Run = Callable[..., Result]
VOLATILE = {"created_at", "ingested_at", "fetched_at", "batch_id", "undo_batch_id", "datePublished",
            "dateCreated", "dateModified"}


@pytest.fixture(params=["sqlite", "postgres"])
def backend_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_runner(folder: Path, monkeypatch: pytest.MonkeyPatch, url: str) -> Run:
    import factcheck.workspace.embedding as embedding

    monkeypatch.setattr(embedding, "SentenceTransformerEmbedder", lambda *a, **k: HashingEmbedder())
    runner = CliRunner()
    env = {"FACTCHECK_DATABASE_URL": url, "FACTCHECK_LEARNED_ATTRIBUTION": "false"}

    def run(*args: str) -> Result:
        result = runner.invoke(main, ["--workspace", str(folder), *args], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture
def run(backend_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> Iterator[Run]:
    url = ""
    if backend_name == "postgres":
        pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.database(database_name(tmp_path))
    yield make_runner(tmp_path / "ws", monkeypatch, url)


def session(run: Run, folder: Path) -> dict[str, Any]:
    """One reviewer's session through the CLI; what it printed, without timestamps."""
    out: dict[str, Any] = {}
    out["ingest"] = run("ingest", str(SEEDS), "--json").output
    out["again"] = run("ingest", str(SEEDS)).output
    claims = json.loads(run("claims", "--json").output)
    out["claims"] = claims
    first, second = claims[0]["id"], claims[1]["id"]
    saved = json.loads(run("verdict", str(first), "False", "--explanation", "no", "--reviewer", "ana",
                           "--json").output)
    run("verdict", str(first), "Mostly false", "--reviewer", "bo", "--status", "published",
        "--based-on", str(saved["id"]))
    run("verdict", str(second), "True", "--reviewer", "ana", "--status", "published")
    out["history"] = json.loads(run("history", str(first), "--json").output)
    out["csv"] = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    out["jsonl"] = [json.loads(line) for line in run("export", "--format", "jsonl").stdout.splitlines()]
    # scores differ (bm25 vs ts_rank: see factcheck/store/postgres/fts.py); the hits do not
    out["search"] = [m["id"] for m in json.loads(run("search", claims[0]["text"], "--json", "-k", "3").output)]
    out["stats"] = json.loads(run("stats", "--json").output)
    batch = json.loads(run("verdict", str(second), "Half true", "--cluster", "--reviewer", "bo", "--json").output)
    out["undo"] = json.loads(run("undo-batch", batch["batch_id"], "--json").output)
    out["verdicts"] = json.loads(run("verdicts", "--json").output)
    out["by_speaker"] = json.loads(run("verdicts", "--by-speaker", "--json").output)
    claimreview = json.loads(run("export", "--format", "claimreview", "--status", "published").stdout)
    out["claimreview"] = len(claimreview) if isinstance(claimreview, list) else claimreview
    return scrub(out)


def scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def test_a_review_session_through_the_cli(run: Run, backend_name: str, tmp_path: Path) -> None:
    out = session(run, tmp_path / "ws")
    assert "1 duplicates" in out["again"]
    assert out["stats"]["articles"] == 1 and out["stats"]["verdicts"] == 3
    assert [v["rating"] for v in out["history"]] == ["False", "Mostly false"]
    assert out["history"][1]["supersedes"] == out["history"][0]["id"]
    assert [row["rating"] for row in out["csv"]] == ["Mostly false", "True"]
    assert out["search"] and out["search"][0] == out["claims"][0]["id"]
    assert out["verdicts"][0]["rating"] == "True"  # the newest record: the undo restored "True"
    assert out["undo"]["restored"]
    assert out["claimreview"]
    # with database_url the folder keeps only local files: no SQLite database in it
    assert (tmp_path / "ws" / "factcheck.sqlite3").exists() == (backend_name == "sqlite")


def test_both_backends_print_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      pg_server: PgServer) -> None:
    lite = session(make_runner(tmp_path / "a", monkeypatch, ""), tmp_path / "a")
    post = session(make_runner(tmp_path / "b", monkeypatch,
                               pg_server.database(database_name(tmp_path))), tmp_path / "b")
    for key in lite:
        if key != "ingest":  # the ingest report names the workspace folder
            assert post[key] == lite[key], key


def test_a_postgres_workspace_backup_restores_through_migrate_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_server: PgServer) -> None:
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    run = make_runner(tmp_path / "ws", monkeypatch, pg_server.database(database_name(tmp_path)))
    before = session(run, tmp_path / "ws")
    run("backup", str(tmp_path / "backup"))
    refused = CliRunner().invoke(main, ["--workspace", str(tmp_path / "ws"), "restore", str(tmp_path / "backup")],
                                 env={"FACTCHECK_DATABASE_URL": pg_server.url()})
    assert refused.exit_code == 1 and "migrate-store --from" in refused.output
    fresh = pg_server.database(database_name(tmp_path / "restored"))
    run("migrate-store", "--from", str(tmp_path / "backup"), "--to", fresh)
    again = make_runner(tmp_path / "ws2", monkeypatch, fresh)
    for claim in before["claims"][:2]:  # every record back, ids and timestamps included
        assert again("history", str(claim["id"]), "--json").output == run("history", str(claim["id"]), "--json").output
    assert json.loads(again("stats", "--json").output) == json.loads(run("stats", "--json").output)
