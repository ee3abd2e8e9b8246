"""The hostile-input corpus through Workspace.ingest and the CLI: one clear message, nothing lost."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_ARTICLE
from tests.reliability.checks import changed_rows, check_store, digest, table_rows
from tests.reliability.corpus import (
    EITHER,
    ERROR,
    OK,
    CorpusFile,
    counts_by_class,
    dotdot_path,
    one_line,
)


def _seeded(workspace):
    """A workspace holding one article and one verdict: what must survive every bad input."""
    report = workspace.ingest([str(SEED_ARTICLE)])[0]
    assert report.status == "added", report
    claim = workspace.claims(article_id=report.article_id)[0]
    workspace.record_verdict(claim.id, workspace.rating_scale().labels()[0],
                             explanation="before the corpus", reviewer="alice")
    return workspace


def _check_reports(files: list[CorpusFile], reports, workspace) -> dict[str, str]:
    """Every input got its reports; errors are one line naming the input and the reason."""
    outcome: dict[str, str] = {}
    for item in files:
        label = str(item.path)
        mine = [r for r in reports if r.input == label or r.input.startswith((label + "#", label + ":"))]
        assert mine, f"no report for {label}"
        errors = [r for r in mine if r.status == "error"]
        if errors:
            assert len(errors) == 1 and len(mine) == 1, f"{label}: several reports {mine}"
            message = errors[0].message
            assert item.path.name in message, f"message does not name the input: {message!r}"
            assert one_line(message), f"message is not one clean line: {message!r}"
            assert item.expect in (ERROR, EITHER), f"{label} was refused: {message}"
            if item.reason:
                assert re.search(item.reason, message), f"{label}: unexpected reason {message!r}"
            outcome[item.path.name] = "refused"
            continue
        assert item.expect in (OK, EITHER), f"{label} was accepted: {mine}"
        assert all(r.status in ("added", "duplicate") for r in mine), mine
        texts = [workspace.article(r.article_id).text for r in mine]
        if item.contains:
            assert any(item.contains in t for t in texts), f"{label}: text lost {item.contains!r}"
        outcome[item.path.name] = "ingested"
    return outcome


def test_corpus_through_workspace_batch(workspace, corpus, tmp_path):
    ws = _seeded(workspace)
    before = table_rows(ws.path)
    via_dotdot = dotdot_path(tmp_path / "dd")
    inputs = [str(f.path) for f in corpus] + [str(via_dotdot), str(tmp_path / "missing.txt")]
    reports = ws.ingest(inputs)

    outcome = _check_reports(corpus, reports, ws)
    assert outcome["big-100mb.txt"] == "refused"
    assert outcome["one-line-10mb.txt"] == "refused"
    assert [r.status for r in reports if r.input == str(via_dotdot)] == ["added"]
    missing = [r for r in reports if r.input.endswith("missing.txt")]
    assert len(missing) == 1 and "no such file" in missing[0].message
    assert changed_rows(before, table_rows(ws.path)) == []
    consistency = check_store(ws.path, segmenter=ws.segment_text)
    assert consistency.problems == []
    assert consistency.index_state == "agrees"
    for article in ws.articles():  # offsets are exact, text is what was read
        for claim in ws.claims(article_id=article.id):
            assert article.text[claim.start:claim.end] == claim.text
    print("inputs tried by class:", counts_by_class(corpus), "outcome:", outcome)


def test_refused_inputs_change_nothing(workspace, corpus):
    ws = _seeded(workspace)
    refused = [f for f in corpus if f.expect == ERROR]
    before = digest(table_rows(ws.path))
    index_before = (ws.path / "claims.faiss").read_bytes()
    reports = ws.ingest([str(f.path) for f in refused])
    assert len(reports) == len(refused)
    assert all(r.status == "error" for r in reports)
    assert digest(table_rows(ws.path)) == before
    assert (ws.path / "claims.faiss").read_bytes() == index_before


def test_ingest_text_refuses_huge_and_empty_text(workspace):
    ws = _seeded(workspace)
    before = digest(table_rows(ws.path))
    limit = int(ws.settings.max_article_chars)
    huge = ws.ingest_text("The minister said costs rose. " * (limit // 30 + 10), label="paste")
    assert huge.status == "error" and "max_article_chars" in huge.message and huge.message.startswith("paste")
    empty = ws.ingest_text(" \n\t ", label="paste")
    assert empty.status == "error" and "empty" in empty.message
    assert digest(table_rows(ws.path)) == before


def test_corpus_through_cli_one_line_per_error(cli, corpus, tmp_path):
    folder = tmp_path / "ws"
    small = [f for f in corpus if not f.big and f.cls != "long"]
    first = cli(folder, "ingest", "--json", *[str(f.path) for f in small])
    assert first.exit_code == 1  # some inputs failed, the others were ingested
    reports = [json.loads(line) for line in first.stdout.splitlines() if line.startswith("{")]
    statuses = {r["input"]: r["status"] for r in reports}
    for item in small:
        assert any(k == str(item.path) or k.startswith(str(item.path)) for k in statuses), item.path
        if item.expect == OK:
            assert statuses.get(str(item.path), "added") in ("added", "duplicate")

    plain = cli(folder, "ingest", *[str(f.path) for f in small])
    assert plain.exit_code == 1
    error_lines = [line for line in plain.stderr.splitlines() if line.startswith("error")]
    refused = [f for f in small if any(r["input"] == str(f.path) and r["status"] == "error" for r in reports)]
    assert len(error_lines) == len(refused)
    for item in refused:
        assert sum(str(item.path) in line for line in error_lines) == 1, item.path
    assert "Traceback" not in plain.output
    assert re.search(r"0 added, \d+ duplicates, \d+ failed", plain.stdout)


def test_cli_refuses_big_file_with_one_line(cli, corpus, tmp_path):
    big = next(f for f in corpus if f.path.name == "big-100mb.txt")
    result = cli(tmp_path / "ws", "ingest", str(big.path))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "big-100mb.txt" in errors[0] and "max_article_bytes" in errors[0]


_PEAK_SCRIPT = textwrap.dedent("""
    import json, re, sys
    from factcheck.workspace import Workspace
    ws = Workspace(sys.argv[1])
    reports = ws.ingest(sys.argv[2:]) if len(sys.argv) > 2 else []
    # VmHWM, not ru_maxrss: Linux carries the forking parent's ru_maxrss across exec.
    status = open("/proc/self/status").read()
    peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
    print(json.dumps({"peak_kb": peak, "statuses": [r.status for r in reports]}))
""")


def peak_rss_kb(folder: Path, *inputs: str) -> tuple[int, list[str]]:
    """Peak RSS (kB) of a fresh process that opens a workspace and ingests ``inputs``."""
    done = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(folder), *inputs], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return int(data["peak_kb"]), list(data["statuses"])


def test_memory_stays_bounded_on_huge_inputs(corpus, tmp_path):
    """The 100 MB file is refused before it is read; the 10 MB line is refused after one read."""
    big = next(f for f in corpus if f.path.name == "big-100mb.txt")
    line = next(f for f in corpus if f.path.name == "one-line-10mb.txt")
    empty = next(f for f in corpus if f.path.name == "empty.txt")
    base, _ = peak_rss_kb(tmp_path / "a", str(empty.path))
    with_big, statuses = peak_rss_kb(tmp_path / "b", str(big.path))
    assert statuses == ["error"]
    with_line, statuses = peak_rss_kb(tmp_path / "c", str(line.path))
    assert statuses == ["error"]
    print(f"peak RSS: baseline {base // 1024} MB, 100 MB file {with_big // 1024} MB, "
          f"10 MB line {with_line // 1024} MB")
    assert with_big - base < 20 * 1024  # nothing of the 100 MB was read
    assert with_line - base < 120 * 1024  # bytes + one decoded copy, never the segmenter's tokens


@pytest.mark.parametrize("name", ["utf16le-nobom.txt", "utf16be-nobom.txt", "utf16-bom.txt", "latin1.txt"])
def test_encodings_decode_to_the_same_text(workspace, corpus, name):
    item = next(f for f in corpus if f.path.name == name)
    report = workspace.ingest([str(item.path)])[0]
    assert report.status == "added", report
    text = workspace.article(report.article_id).text
    assert item.contains in text and "\x00" not in text and "\ufffd" not in text


def test_segmenter_stays_near_linear_on_one_long_line():
    """400 kB of sentences on one line took 211 s before pysbd got bounded windows (now ~3 s)."""
    import time

    from factcheck.segment import segment

    text = "Mayor Ana López said the city budget rose by 4 percent in 2023. " * 6250
    started = time.perf_counter()
    items = segment(text)
    took = time.perf_counter() - started
    assert len(items) >= 6000
    assert all(text[i.start:i.end] == i.text for i in items)
    assert took < 60, f"segmenting 400 kB took {took:.0f}s"
