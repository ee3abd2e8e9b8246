"""The blind double review commands on both backends: double-review, verdict as an independent review,
reviews (blind until both are in), queue, queue --adjudication, adjudicate, agreement --json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import main
from factcheck.testing import HashingEmbedder
from tests.conftest import SEEDS
from tests.pg_server import PgServer, database_name
from tests.test_pg_workspace import Run, make_runner


@pytest.fixture(params=["sqlite", "postgres"])
def run(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    url = ""
    if request.param == "postgres":
        pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.database(database_name(tmp_path))
    yield make_runner(tmp_path / "ws", monkeypatch, url)


def test_a_blind_double_review_session(run: Run) -> None:
    run("ingest", str(SEEDS))
    assert "is on" in run("double-review", "on").output
    queue = json.loads(run("queue", "--reviewer", "ana", "--json").output)
    first, second = queue["claim_ids"][:2]
    assert queue["double_review"] and queue["total"] == len(queue["claim_ids"])

    out = run("verdict", str(first), "False", "--reviewer", "ana", "--explanation", "police data").output
    assert "1 of 2 reviews in" in out and "hidden" in out
    seen = json.loads(run("reviews", str(first), "--reviewer", "bo", "--json").output)
    assert (seen["count"], seen["mine"], seen["others"]) == (1, None, [])  # blind
    assert json.loads(run("history", str(first), "--json").output) == []
    assert first not in json.loads(run("queue", "--reviewer", "ana", "--json").output)["claim_ids"]

    out = run("verdict", str(first), "Half true", "--reviewer", "bo").output
    assert "disagree" in out and "queue --adjudication" in out
    seen = json.loads(run("reviews", str(first), "--reviewer", "bo", "--json").output)
    assert [r["explanation"] for r in seen["others"]] == ["police data"]

    agreed = json.loads(run("verdict", str(second), "True", "--reviewer", "ana", "--json").output)
    settled = json.loads(run("verdict", str(second), "1", "--reviewer", "bo", "--json").output)  # 1: True
    assert agreed["verdict"] is None and settled["verdict"]["origin"] == "agreed"
    assert settled["verdict"]["inputs"] == [agreed["review"]["id"], settled["review"]["id"]]

    disputes = json.loads(run("queue", "--adjudication", "--json").output)
    assert [d["claim"]["id"] for d in disputes] == [first]
    assert [r["rating"] for r in disputes[0]["reviews"]] == ["False", "Half true"]
    assert "ana: False" in run("queue", "--adjudication").output

    verdict = json.loads(run("adjudicate", str(first), "--rating", "Mostly false", "--note", "both partly",
                             "--reviewer", "ed", "--based-on", "none", "--json").output)
    assert (verdict["origin"], verdict["reviewer"], verdict["rating"]) == ("adjudicated", "ed", "Mostly false")
    assert verdict["inputs"] == [r["id"] for r in disputes[0]["reviews"]]
    assert "settles reviews" in run("history", str(first)).output
    assert json.loads(run("queue", "--adjudication", "--json").output) == []

    figures = json.loads(run("agreement", "--json").output)
    assert figures["overall"]["items"] == 2 and figures["overall"]["alpha"] == pytest.approx(5 / 6)
    assert [p["reviewers"] for p in figures["pairs"]] == [["ana", "bo"]]
    assert "all reviewers" in run("agreement").output


def test_adjudication_errors_are_one_line_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = make_runner(tmp_path / "ws", monkeypatch, "")
    run("ingest", str(SEEDS))
    run("double-review", "on")
    run("verdict", "1", "True", "--reviewer", "ana")
    runner = CliRunner()
    monkeypatch.setattr("factcheck.workspace.embedding.SentenceTransformerEmbedder",
                        lambda *a, **k: HashingEmbedder())
    result = runner.invoke(main, ["--workspace", str(tmp_path / "ws"), "adjudicate", "1", "--rating", "True"],
                           env={"FACTCHECK_LEARNED_ATTRIBUTION": "false"})
    assert result.exit_code == 1 and "1 of 2 independent reviews" in result.output
    result = runner.invoke(main, ["--workspace", str(tmp_path / "ws"), "verdict", "1", "False",
                                  "--reviewer", "ana", "--cluster"], env={"FACTCHECK_LEARNED_ATTRIBUTION": "false"})
    assert result.exit_code == 1 and "cluster verdicts are off" in result.output
