"""The CLI: ingest, segment --json contract, claims, stats, reindex, errors and exit codes."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from factcheck.cli import main
from tests.conftest import SEED_ARTICLE, SEEDS


@pytest.fixture
def run(tmp_path, monkeypatch, embedder):
    import factcheck.workspace.embedding as core

    # Share the session's loaded model with the CLI's workspace.
    monkeypatch.setattr(core, "SentenceTransformerEmbedder", lambda *a, **k: embedder)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["--workspace", str(tmp_path / "ws"), *args], catch_exceptions=False)

    return invoke


def test_ingest_twice_then_stats_and_claims(run):
    first = run("ingest", str(SEEDS))
    assert first.exit_code == 0, first.output
    assert "1 added" in first.output
    second = run("ingest", str(SEEDS))
    assert second.exit_code == 0 and "1 duplicates" in second.output
    stats = json.loads(run("stats", "--json").output)
    assert stats["articles"] == 1 and stats["claims"] > 0
    claims = json.loads(run("claims", "--json").output)
    assert len(claims) == stats["claims"]
    assert {"kind", "text", "start", "end", "speaker", "cue"} <= set(claims[0])
    assert f"indexed {stats['claims']} claims" in run("reindex").output


def test_segment_json_contract(run, tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("“Prices rose 9%,” said Anna Berg.", encoding="utf-8")
    result = run("segment", "--json", str(SEED_ARTICLE), str(other))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["file"] for line in lines] == [str(SEED_ARTICLE), str(other)]
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert lines[0]["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    for item in lines[0]["items"]:
        assert text[item["start"]:item["end"]] == item["text"]
        assert {"kind", "speaker", "cue"} <= set(item)


def test_failed_input_gives_message_and_nonzero_exit(run, tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"), str(SEED_ARTICLE))
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.output
    assert "1 added" in result.output


def test_unknown_claim_id_is_a_one_line_error(run):
    result = run("claims", "--kind", "poem")
    assert result.exit_code == 1 and "unknown claim kind 'poem'" in result.output


def test_backup_and_restore(run, tmp_path):
    run("ingest", str(SEEDS))
    assert run("backup", str(tmp_path / "bk")).exit_code == 0
    restored = CliRunner().invoke(main, ["--workspace", str(tmp_path / "new"), "restore", str(tmp_path / "bk")])
    assert restored.exit_code == 0, restored.output
    assert (tmp_path / "new" / "factcheck.sqlite3").exists()
