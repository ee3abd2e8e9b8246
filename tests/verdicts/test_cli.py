"""CLI: verdict / history / export / export --check / audit verify, exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import main
from factcheck.workspace import Workspace
from tests.verdicts.conftest import QUOTE, add_article


@pytest.fixture
def setup(tmp_path: Path):
    folder = tmp_path / "ws"
    ws = Workspace(folder)
    ids = []
    for n in (1, 2):
        ids += add_article(ws, f"Story {n}: she said \"{QUOTE}.\"", [(QUOTE, "Jane Doe", "person")],
                           title=f"S{n}", url=f"https://n{n}.example/s", published=f"2024-01-0{n}")
    ws.close()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, ["--workspace", str(folder), *args])

    return run, ids, tmp_path


def test_verdict_history_and_conflict(setup) -> None:
    run, (a, _b), _ = setup
    saved = run("verdict", str(a), "mostly false", "--explanation", "It was 3.9%", "--evidence",
                "https://stats.example/t", "--reviewer", "ann", "--status", "in review",
                "--based-on", "none", "--json")
    assert saved.exit_code == 0, saved.output
    first = json.loads(saved.output)
    assert (first["rating"], first["rating_value"], first["status"]) == ("Mostly false", 2, "in review")
    stale = run("verdict", str(a), "True", "--based-on", "none")
    assert stale.exit_code == 1
    assert "changed while you were editing" in stale.output and "'Mostly false'" in stale.output
    ok = run("verdict", str(a), "True", "--based-on", str(first["id"]))
    assert ok.exit_code == 0 and "saved #2" in ok.output
    history = json.loads(run("history", str(a), "--json").output)
    assert [h["rating"] for h in history] == ["Mostly false", "True"]
    assert "It was 3.9%" in run("history", str(a)).output
    assert run("verdict", str(a), "Maybe").exit_code == 1
    bad = run("verdict", "999", "True")
    assert bad.exit_code == 1 and "no claim with id 999" in bad.output


def test_cluster_verdict_and_undo(setup) -> None:
    run, (a, b), _ = setup
    result = json.loads(run("verdict", str(a), "False", "--cluster", "--json").output)
    assert sorted(v["claim_id"] for v in result["verdicts"]) == [a, b]
    undone = run("undo-batch", result["batch_id"])
    assert undone.exit_code == 0 and "2 claims restored" in undone.output
    assert json.loads(run("history", str(b), "--json").output)[-1]["retracted"] is True
    counts = json.loads(run("verdicts", "--by-speaker", "--json").output)
    assert counts == []


def test_export_to_file_check_and_audit(setup) -> None:
    run, (a, b), tmp = setup
    run("verdict", str(a), "False", "--status", "published", "--reviewer", "ann")
    run("verdict", str(b), "True", "--reviewer", "bob")
    out = tmp / "reviews.json"
    result = run("export", "--format", "claimreview", "--status", "published", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "exported 1 records" in result.output
    check = run("export", "--check", str(out))
    assert check.exit_code == 0 and "1 records, 0 problems" in check.output
    broken = tmp / "broken.json"
    review = json.loads(out.read_text())[0]
    review["reviewRating"]["ratingValue"] = 9
    broken.write_text(json.dumps([review, {"@type": "ClaimReview"}]))
    check = run("export", "--check", str(broken))
    assert check.exit_code == 1
    assert "record 1: reviewRating.ratingValue: 9 is outside" in check.output
    assert "record 2: claimReviewed" in check.output
    csv_out = run("export", "--format", "csv", "--reviewer", "bob")
    assert csv_out.exit_code == 0 and csv_out.output.count("\n") >= 2
    audit = tmp / "audit.jsonl"
    assert run("export", "--format", "audit", "-o", str(audit)).exit_code == 0
    assert run("audit", "verify", str(audit)).exit_code == 0
    lines = audit.read_bytes().splitlines()
    audit.write_bytes(lines[0].replace(b'"False"', b'"True"') + b"\n" + lines[1] + b"\n")
    failed = run("audit", "verify", str(audit))
    assert failed.exit_code == 1 and "line 2" in failed.output
    assert run("export").exit_code == 1
    assert run("export", "--format", "csv", "--since", "yesterday").exit_code == 1


def test_ratings_command_lists_shortcuts(setup) -> None:
    run, _, _ = setup
    listing = run("ratings").output
    assert "[1] True = 5" in listing and "[6] Misleading" in listing
