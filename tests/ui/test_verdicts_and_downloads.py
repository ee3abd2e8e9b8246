"""Verdicts page log and filters; download bytes equal what `factcheck export` writes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from factcheck.cli import main
from factcheck.workspace import Workspace
from ui.downloads import DOWNLOADS, ExportRequest, export_bytes


@pytest.fixture
def reviewed(seed_ws):
    ws = Workspace(seed_ws)
    claims = ws.claims()
    ws.record_verdict(claims[0].id, "False", explanation="=cmd|' /C calc'!A0", reviewer="Ana",
                      status="published")
    ws.record_verdict(claims[1].id, "Half true", reviewer="Bo", status="draft")
    return ws


@pytest.mark.parametrize("fmt", [fmt for fmt, _, _ in DOWNLOADS])
def test_download_bytes_are_the_cli_export(reviewed, seed_ws, tmp_path, fmt):
    request = ExportRequest(reviewer="Ana")
    data = export_bytes(reviewed, fmt, request)
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(main, ["--workspace", str(seed_ws), "export", "--format", fmt,
                                       "--reviewer", "Ana", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert data == out.read_bytes()
    assert data


def test_csv_and_claimreview_contents(reviewed):
    rows = list(csv.DictReader(io.StringIO(export_bytes(reviewed, "csv", ExportRequest()).decode())))
    # Ana's and Bo's; the prior fact-check imported from ClaimReview only when asked for.
    assert sorted(r["rating"] for r in rows) == ["False", "Half true"]
    with_priors = export_bytes(reviewed, "csv", ExportRequest(include_priors=True)).decode()
    assert sorted(r["rating"] for r in csv.DictReader(io.StringIO(with_priors))) == [
        "False", "Half true", "Half true"]
    assert {r["explanation"] for r in rows} >= {"'=cmd|' /C calc'!A0"}  # formula guarded
    reviews = json.loads(export_bytes(reviewed, "claimreview", ExportRequest(status="published")))
    ratings = sorted(r["reviewRating"]["alternateName"] for r in reviews)
    assert ratings == ["False"]  # priors are other organisations' reviews: not re-published


def test_verdicts_page_lists_current_verdicts_and_filters(reviewed, app):
    at = app("views/verdicts.py")
    assert not at.exception
    table = at.dataframe[0].value  # the team's verdicts; imported prior verdicts are not listed
    assert sorted(table["Rating"]) == ["False", "Half true"]
    at.text_input(key="verdicts.reviewer").input("Bo").run()
    assert at.dataframe[0].value["Rating"].tolist() == ["Half true"]
    at.text_input(key="verdicts.reviewer").input("").run()
    at.selectbox(key="verdicts.status").select("published").run()
    assert sorted(at.dataframe[0].value["Rating"]) == ["False"]
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["CSV", "JSON Lines", "ClaimReview JSON-LD"]
