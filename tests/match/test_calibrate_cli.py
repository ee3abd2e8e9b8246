"""CLI: `search --json` carries the query type, `calibrate` refuses/refits/rolls back, URL import."""

import json

import pytest
from click.testing import CliRunner

from factcheck.cli import main
from tests.fetch.localserver import LocalServer, Reply
from tests.match.conftest import PRIORS, claimreview
from tests.match.test_calibration import _labelled_workspace


def _run(folder, *args):
    return CliRunner().invoke(main, ["--workspace", str(folder), *args])


@pytest.mark.model
def test_search_json_has_probability_level_and_query_type(tmp_path, priors_file):
    folder = tmp_path / "ws"
    assert _run(folder, "import", "claimreview", str(priors_file)).exit_code == 0
    result = _run(folder, "search", "--json", "-k", "2", "Mexico is paying for the border wall")
    record = json.loads(result.stdout)[0]
    assert record["query_type"] == "short" and 0 <= record["score"] <= 1
    assert record["level"] in {"same", "related", "none"} and record["fused"] > 0
    tsv = tmp_path / "q.tsv"
    tsv.write_text("q1\tThe wall will be paid for by Mexico, he said again tonight\n", encoding="utf-8")
    line = json.loads(_run(folder, "search", "--queries", str(tsv)).stdout.splitlines()[0])
    assert line["query_type"] == "sentence"


def test_calibrate_refusal_then_refit_and_rollback(tmp_path, prior_ws):
    folder = prior_ws.path
    result = _run(folder, "calibrate", "--dry-run")
    assert result.exit_code != 0
    assert "at least 60" in result.output and "has 0" in result.output
    _labelled_workspace(prior_ws)
    (folder / "config.json").write_text(json.dumps({"match_calibration_min_labels": 40}))
    result = _run(folder, "calibrate", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["applied"] is False and {"P_label", "R_label", "P_same"} <= set(report["after"])
    result = _run(folder, "calibrate")
    assert result.exit_code == 0 and "saved" in result.output and "before" in result.output
    result = _run(folder, "calibrate", "--rollback")
    assert result.exit_code == 0 and "shipped" in result.output


@pytest.mark.model
def test_import_claimreview_from_a_url(tmp_path):
    folder = tmp_path / "ws"
    feed = "\n".join(json.dumps(claimreview(*p)) for p in PRIORS[:3]).encode()
    with LocalServer() as server:
        server.routes["/feed.jsonl"] = [Reply(200, feed, {"Content-Type": "application/x-ndjson"})]
        server.routes["/gone"] = [Reply(404, b"no")]
        folder.mkdir()
        (folder / "config.json").write_text(json.dumps({"fetch_allowlist": ["127.0.0.1"]}))
        result = _run(folder, "import", "claimreview", server.url("/feed.jsonl"))
        assert result.exit_code == 0, result.output
        assert "added 3" in result.output
        result = _run(folder, "import", "claimreview", server.url("/gone"))
        assert result.exit_code != 0 and "404" in result.output
    blocked = _run(tmp_path / "other", "import", "claimreview", "http://127.0.0.1:9/feed.json")
    assert blocked.exit_code != 0 and "127.0.0.1" in blocked.output
