"""SourceLibrary through a real Workspace: add files and URLs, offsets, search, evidence, providers, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.workspace import Workspace
from tests.fetch.localserver import LocalServer, Reply
from tests.sources.conftest import make_pdf
from tests.sources.test_providers import factcheck_api, wiki_api

STATS = ("# Labor statistics 2019\n\nThe unemployment rate fell to 3.5 percent in September 2019, the "
         "lowest since 1969. About 136,000 jobs were added in the month.\n\nWages grew 2.9% over the year.\n")
HTML = ("<html><head><title>Crime report</title><meta property='og:site_name' content='City Police'></head>"
        "<body><article><h1>Crime report</h1><p>" + "Chicago recorded 492 murders in 2019, a 13 percent "
        "drop from the year before. " * 3 + "</p></article></body></html>")


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.routes["/report.html"] = [Reply(200, HTML.encode(), {"Content-Type": "text/html; charset=utf-8"})]
        srv.routes["/w/api.php"] = wiki_api
        srv.routes["/v1alpha1/claims:search"] = factcheck_api
        yield srv


@pytest.fixture
def ws(tmp_path: Path, embedder, server) -> Iterator[Workspace]:
    settings = Settings().with_overrides(
        fetch_allowlist=["127.0.0.1"], wikipedia_api_url=server.url("/w/api.php"),
        google_factcheck_api_url=server.url("/v1alpha1/claims:search"),
        google_factcheck_api_key="k3y-SECRET-123", provider_deadline_s=5)
    workspace = Workspace(tmp_path / "ws", settings, embedder=embedder)
    yield workspace
    workspace.close()


def _files(tmp_path: Path) -> list[str]:
    (tmp_path / "stats.md").write_text(STATS, encoding="utf-8")
    (tmp_path / "plain.txt").write_bytes("Le taux de chômage a baissé à 8,1 % en 2019.".encode("cp1252"))
    (tmp_path / "report.pdf").write_bytes(make_pdf(["Vaccines are tested in trials with 30,000 people."],
                                                   title="Vaccine safety"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return [str(tmp_path / n) for n in ("stats.md", "plain.txt", "report.pdf", "image.txt")]


def test_add_search_and_offsets(ws: Workspace, tmp_path: Path, server) -> None:
    reports = ws.add_sources([*_files(tmp_path), server.url("/report.html")], kind="statistics",
                             publisher="Stats Office", reliability_note="official series")
    status = {Path(r.input).name: r.status for r in reports}
    assert status == {"stats.md": "added", "plain.txt": "added", "report.pdf": "added",
                      "image.txt": "error", "report.html": "added"}
    assert "PNG image" in next(r.message for r in reports if r.status == "error")
    again = ws.add_sources([str(tmp_path / "stats.md")])
    assert again[0].status == "duplicate"

    sources = {s.title: (s, n) for s, n in ws.list_sources()}
    stats, _ = sources["Labor statistics 2019"]
    assert (stats.kind, stats.publisher, stats.reliability_note) == ("statistics", "Stats Office", "official series")
    assert len(stats.sha256) == 64 and stats.fetched_at
    web, _ = sources["Crime report"]
    assert web.url == server.url("/report.html")
    # Offsets: every stored passage is exactly its slice of the archived text.
    count = 0
    for source, n in sources.values():
        passages = ws.store.passages_of(source.id)
        assert len(passages) == n > 0
        for p in passages:
            assert source.text[p.start:p.end] == p.text
            count += 1
    assert len(ws.passage_index) == count
    assert (ws.path / "passages.faiss").exists()

    hits = ws.search_sources("Unemployment hit 3.5%, the lowest in 50 years", k=3)
    top = hits[0]
    assert top.source.title == "Labor statistics 2019"
    assert top.source.text[top.sentence.start:top.sentence.end] == top.sentence.text
    assert "3.5 percent" in top.sentence.text
    assert any(h.kind == "number" and h.status == "agree" for h in top.hints)
    assert 0 < top.score <= 1 and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_bad_input_is_reported(ws: Workspace, tmp_path: Path, server) -> None:
    with pytest.raises(InputError, match="unknown source kind"):
        ws.add_sources([str(tmp_path)], kind="blog")
    blocked = Workspace(tmp_path / "other", Settings(), embedder=ws.embedder.inner)
    report = blocked.add_sources([server.url("/report.html")])[0]
    assert report.status == "error" and "loopback" in report.message
    assert ws.add_sources([str(tmp_path / "missing.md")])[0].message.endswith("no such file")
    with pytest.raises(InputError, match="empty"):
        ws.search_sources("  ")


def test_evidence_for_claim_with_online_providers(ws: Workspace) -> None:
    report = ws.ingest_text('Donald Trump said: "The unemployment rate fell to 3.5 percent, the lowest since 1969."',
                            label="speech")
    claim = ws.claims(article_id=report.article_id)[0]
    assert ws.evidence_for_claim(claim.id).hits == []  # empty library, no online lookup by default
    ws.settings = ws.settings.with_overrides(providers=["wikipedia", "google_factcheck"])
    panel = ws.evidence_for_claim(claim.id, k=3, online=True)
    assert any(n.startswith("wikipedia: 2 new sources archived") for n in panel.notices), panel.notices
    assert any(n.startswith("google_factcheck: 1 new sources archived") for n in panel.notices), panel.notices
    assert panel.hits and panel.hits[0].source.kind in ("encyclopedia", "fact-check")
    kinds = {s.kind for s, _ in ws.list_sources()}
    assert kinds == {"encyclopedia", "fact-check"}
    if hasattr(ws.store, "upsert_prior"):
        priors = ws.claims(kind="prior", include_priors=True)
        assert [p.external_id for p in priors] == [
            "https://www.politifact.com/factchecks/2019/oct/07/donald-trump/unemployment/"]
    # Asking again is answered from the cache: nothing new, no error.
    seen_before = len(ws.store.list_sources())
    assert all("error" not in n for n in ws.lookup_online(claim.id))
    assert len(ws.store.list_sources()) == seen_before


def test_failing_provider_becomes_a_notice(ws: Workspace, server) -> None:
    report = ws.ingest_text("The mayor said crime fell 13 percent in 2019.", label="note")
    claim = ws.claims(article_id=report.article_id)[0]
    server.routes["/w/api.php"] = [Reply(500, b"down")]
    ws.settings = ws.settings.with_overrides(providers=["wikipedia"], google_factcheck_api_key="")
    notices = ws.lookup_online(claim.id)
    assert len(notices) == 1 and notices[0].startswith("wikipedia: ") and "HTTP 500" in notices[0]
    ws.settings = ws.settings.with_overrides(providers=["google_factcheck"])
    assert "needs an API key" in ws.lookup_online(claim.id)[0]


def test_cli_sources_add_list_search(ws: Workspace, tmp_path: Path) -> None:
    from factcheck.cli import main

    (tmp_path / "stats.md").write_text(STATS, encoding="utf-8")
    folder = str(ws.path)
    ws.close()
    runner = CliRunner()
    added = runner.invoke(main, ["--workspace", folder, "sources", "add", str(tmp_path / "stats.md"),
                                 "--kind", "statistics", "--publisher", "BLS", "--date", "2019-10-04"])
    assert added.exit_code == 0, added.output
    assert "added" in added.output
    listed = runner.invoke(main, ["--workspace", folder, "sources", "list", "--json"])
    assert listed.exit_code == 0, (listed.output, listed.exception)
    row = json.loads(_lines(listed.output, '{"id"')[0])
    assert (row["kind"], row["publisher"], row["published"]) == ("statistics", "BLS", "2019-10-04")
    found = runner.invoke(main, ["--workspace", folder, "sources", "search", "jobs added in September", "-k", "1", "--json"])
    assert found.exit_code == 0, found.output
    hit = json.loads(_lines(found.output, '{"passage_id"')[0])
    assert hit["source"]["title"] == "Labor statistics 2019" and "136,000 jobs" in hit["text"]
    bad = runner.invoke(main, ["--workspace", folder, "sources", "add", str(tmp_path / "nope.md")])
    assert bad.exit_code == 1
    (tmp_path / "q.tsv").write_text("query_id\ttext\tcontext\nq1\tjobs added in September\t\n"
                                    "q2\tunemployment rate\tLabor statistics\n", encoding="utf-8")
    batch = runner.invoke(main, ["--workspace", folder, "sources", "search", "--queries",
                                 str(tmp_path / "q.tsv"), "-k", "1", "--json"])
    assert batch.exit_code == 0, batch.output
    lines = [json.loads(line) for line in _lines(batch.output, '{"query_id"')]
    assert [line["query_id"] for line in lines] == ["q1", "q2"]
    assert lines[0]["results"][0]["passage_id"] == hit["passage_id"] and len(lines[1]["results"]) == 1
    assert {"likely_relevant", "likely_precision", "title_dense"} <= set(lines[0]["results"][0])
    framed = runner.invoke(main, ["--workspace", folder, "sources", "search", "unemployment rate",
                                  "--context", "Labor statistics", "-k", "1", "--json"])
    single = json.loads(_lines(framed.output, '{"passage_id"')[0])
    assert single["passage_id"] == lines[1]["results"][0]["passage_id"]
    assert single["score"] == pytest.approx(lines[1]["results"][0]["score"], abs=0.01)


def _lines(output: str, start: str) -> list[str]:
    """JSON lines of a command's output; the model's progress bar (stderr) may precede them."""
    return output[output.index(start):].splitlines()


def test_source_title_is_a_ranking_signal(workspace: Workspace) -> None:
    """Two sources with the same body: the one whose title paraphrases the claim ranks first."""
    from factcheck.sources.library import SourceInput

    body = "The figures were published by the agency in its annual summary of the year."
    for label, title in (("other", "Annual report on rainfall in coastal towns"),
                         ("match", "Senator says the minimum wage doubled under the governor")):
        report = workspace.archive_source(SourceInput(label=label, text=f"{body} ({label})", title=title),
                                          kind="report")
        assert report.status == "added"
    claim = "The minimum wage doubled under the governor, the senator says."
    hits = workspace.search_sources(claim, k=2)
    assert [h.source.title.startswith("Senator") for h in hits] == [True, False]
    assert hits[0].lexical > hits[1].lexical
    report = workspace.ingest_text(f'A senator said: "{claim}"', label="speech")
    claim_id = workspace.claims(article_id=report.article_id)[0].id
    assert workspace.evidence_for_claim(claim_id, k=1).hits[0].source.title.startswith("Senator")
    # The title's own vector is a feature of every passage of its source.
    from factcheck.match.ranking import Query
    from factcheck.sources.ranking import PASSAGE_FEATURES

    cands = workspace.passage_candidates([Query(text=claim)])[0]
    titles = {workspace.source(sid).title[:7]: row[PASSAGE_FEATURES.index("title")]
              for sid, row in zip(cands.source_ids, cands.features.tolist(), strict=True)}
    assert titles["Senator"] > titles["Annual "] + 0.2


def test_one_passage_per_source_and_context(workspace: Workspace) -> None:
    """A long source matching everywhere fills one slot; the context moves the context features."""
    from factcheck.match.ranking import Query
    from factcheck.sources.library import SourceInput
    from factcheck.sources.ranking import PASSAGE_FEATURES

    long_text = "\n\n".join(f"Paragraph {n}: the city's murder rate fell by 10 percent in 2019, "
                             f"the police said in report number {n}." for n in range(8))
    workspace.archive_source(SourceInput(label="long", text=long_text, title="Murder rate fell"))
    workspace.archive_source(SourceInput(label="other", text="Homicides in the city dropped last year.",
                                         title="Homicides drop"))
    assert len(workspace.store.passages_of(1)) > 3
    hits = workspace.search_sources("the murder rate fell 10 percent", k=5)
    assert len(hits) == 2 and len({h.source.id for h in hits}) == 2
    plain, framed = workspace.passage_candidates([
        Query(text="It went down."), Query(text="It went down.", context="Homicides in the city")])
    col = PASSAGE_FEATURES.index("context")
    assert np.allclose(plain.features[:, col], plain.features[:, PASSAGE_FEATURES.index("dense")])
    assert not np.allclose(framed.features[:, col], framed.features[:, PASSAGE_FEATURES.index("dense")])


def test_title_search_follows_title_edits_and_deletes(workspace: Workspace) -> None:
    from factcheck.sources.library import SourceInput

    report = workspace.archive_source(SourceInput(label="a", text="Plain body text about nothing.",
                                                  title="Hurricane season outlook"), index=False)
    store = workspace.store
    assert [pid for pid, _ in store.search_passages_lexical('"hurricane"', 5)]
    with store.db.write() as conn:
        conn.execute("UPDATE sources SET title = 'Drought warning' WHERE id = ?", (report.source_id,))
    assert store.search_passages_lexical('"hurricane"', 5) == []
    assert store.search_passages_lexical('"drought"', 5)
    with store.db.write() as conn:
        conn.execute("DELETE FROM sources WHERE id = ?", (report.source_id,))
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
    assert store.search_passages_lexical('"drought" OR "plain"', 5) == []
