"""CLI contract: `search --json`, `search --queries FILE.tsv`, `import claimreview`."""

import json

import pytest
from click.testing import CliRunner

from factcheck.cli import main


def _run(tmp_path, *args):
    result = CliRunner().invoke(main, ["--workspace", str(tmp_path / "ws"), *args])
    return result


@pytest.mark.model
def test_import_then_search_json_and_queries(tmp_path, priors_file):
    result = _run(tmp_path, "import", "claimreview", str(priors_file))
    assert result.exit_code == 0, result.output
    assert "added 10" in result.output
    result = _run(tmp_path, "search", "--json", "-k", "3", "Mexico is paying for the border wall")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)
    assert len(matches) == 3
    assert {"id", "external_id", "text", "speaker", "kind", "score", "verdict", "url"} <= set(matches[0])
    assert matches[0]["external_id"] == "pf-wall" and matches[0]["verdict"] == "False"
    assert matches[0]["url"] == "https://fc.example/pf-wall" and matches[0]["kind"] == "prior"

    tsv = tmp_path / "q.tsv"
    tsv.write_text("query_id\ttext\tspeaker\tcontext\n"
                   "q1\tVaccines give kids autism\tsomeone\tWe talked about health.\n"
                   "q2\tThe wall will be paid for by Mexico\t\t\n", encoding="utf-8")
    result = _run(tmp_path, "search", "--json", "-k", "2", "--queries", str(tsv))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query_id"] for line in lines] == ["q1", "q2"]
    assert lines[0]["results"][0]["external_id"] == "pf-vax"
    assert lines[1]["results"][0]["external_id"] == "pf-wall" and len(lines[1]["results"]) == 2


@pytest.mark.model
def test_queries_without_header_and_bad_input(tmp_path, priors_file):
    _run(tmp_path, "import", "claimreview", str(priors_file))
    tsv = tmp_path / "plain.tsv"
    tsv.write_text("a\tRoad repair money doubled\n", encoding="utf-8")
    result = _run(tmp_path, "search", "--json", "-k", "1", "--queries", str(tsv))
    assert json.loads(result.stdout)["query_id"] == "a"
    bad = _run(tmp_path, "search", "--json", "--kind", "prior", "--since", "yesterday", "x y")
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output


@pytest.mark.model
def test_import_reports_malformed_records(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"@type": "ClaimReview", "identifier": "x"}\n{"claimReviewed": "ok y z",'
                    ' "identifier": "y"}\n', encoding="utf-8")
    result = _run(tmp_path, "import", "claimreview", str(path))
    assert result.exit_code == 0 and "added 1" in result.output and "skipped 1" in result.output
    assert "line 1: claimReviewed is missing" in result.output
