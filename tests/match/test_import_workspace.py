"""ClaimReview import into a workspace: priors + verdicts; re-import updates, never duplicates."""

import json

from tests.match.conftest import PRIORS, by_external, claimreview, write_jsonl


def test_import_creates_prior_claims_with_verdicts(prior_ws):
    claim = by_external(prior_ws, "pf-wall")
    assert claim.kind == "prior" and claim.speaker == "John Roe"
    assert (claim.start, claim.end) == (0, len(claim.text))
    article = prior_ws.article(claim.article_id)
    assert article.origin == "claimreview" and article.text == claim.text
    assert article.outlet == "PolitiFact" and article.url == "https://fc.example/pf-wall"
    assert article.title == "Who pays for the wall" and article.published == "2016-08-31"
    verdict = prior_ws.store.current_verdicts([claim.id])[claim.id]
    assert verdict.rating == "False" and verdict.origin == "claimreview"
    assert verdict.status == "published" and verdict.reviewer == "PolitiFact"
    assert prior_ws.stats().prior_claims == len(PRIORS)
    assert prior_ws.stats().articles == 0  # synthetic articles are not news articles


def test_reimport_is_unchanged_and_never_duplicates(prior_ws, priors_file):
    report = prior_ws.import_claimreview([priors_file])
    assert (report.added, report.updated, report.unchanged) == (0, 0, len(PRIORS))
    assert prior_ws.stats().prior_claims == len(PRIORS)
    assert prior_ws.stats().verdicts == 0  # imported ratings are not the team's verdicts
    assert len(prior_ws.verdicts(include_priors=True)) == len(PRIORS)


def test_rating_change_appends_a_verdict_text_change_updates_claim(prior_ws, tmp_path):
    claim = by_external(prior_ws, "pf-wall")
    changed = [claimreview(*p) for p in PRIORS]
    changed[2]["reviewRating"]["alternateName"] = "Pants on Fire"
    changed[0]["claimReviewed"] = "Unemployment dropped sharply in 2019."
    report = prior_ws.import_claimreview([write_jsonl(tmp_path / "v2.jsonl", changed)])
    assert (report.added, report.updated) == (0, 2)
    history = prior_ws.store.verdict_history(claim.id)
    assert [v.rating for v in history] == ["False", "Pants on Fire"]
    assert history[1].supersedes == history[0].id
    new = by_external(prior_ws, "pf-unemp")
    assert new.text == "Unemployment dropped sharply in 2019."
    assert prior_ws.stats().prior_claims == len(PRIORS)
    # the lexical and dense indexes follow the new text
    assert prior_ws.keyword_search("dropped 2019")[0].claim.id == new.id
    assert prior_ws.search("unemployment dropped sharply in 2019", k=1)[0].dense > 0.95


def test_malformed_records_are_skipped_and_the_rest_import(workspace, tmp_path):
    path = tmp_path / "mixed.json"
    good = claimreview(*PRIORS[0])
    bad = dict(good, claimReviewed=None, identifier="x")
    path.write_text(json.dumps([good, bad]), encoding="utf-8")
    report = workspace.import_claimreview([path])
    assert report.added == 1 and report.skipped == 1
    assert report.problems[0].position == f"{path} record 2"


def test_priors_with_identical_text_are_two_claims(workspace, tmp_path):
    one = claimreview("a", "Taxes went up.", "X", "2020-01-01", "True", "t1")
    two = claimreview("b", "Taxes went up.", "Y", "2021-01-01", "False", "t2")
    report = workspace.import_claimreview([write_jsonl(tmp_path / "d.jsonl", [one, two])])
    assert report.added == 2
    again = workspace.import_claimreview([tmp_path / "d.jsonl"])
    assert again.unchanged == 2
    found = {m.claim.external_id for m in workspace.search("taxes went up", k=2)}
    assert found == {"a", "b"}


def test_match_feedback_is_stored(prior_ws):
    a, b = by_external(prior_ws, "pf-wall"), by_external(prior_ws, "pf-gas")
    prior_ws.record_match_feedback(a.id, b.id, False, "rev")
    assert prior_ws.store.match_feedback(b.id) == {a.id: False}


def test_import_claimreview_text_reports_bad_records(workspace):
    from ui.claimreview_upload import report_lines

    good = json.dumps(claimreview(*PRIORS[0]))
    report = workspace.import_claimreview_text([("upload.jsonl", good + "\n{not json\n")])
    assert report.added == 1 and report.skipped == 1
    lines = report_lines(report)
    assert lines[0].startswith("1 prior fact-checks added") and "upload.jsonl" in lines[1]


def test_records_are_written_in_chunks_beside_the_embedding(workspace, priors_file, monkeypatch):
    # The store writes run on a writer thread, a transaction per chunk, while the model embeds;
    # the report and the stored claims are those of one whole import.
    import threading

    import factcheck.workspace.priors as priors_module

    monkeypatch.setattr(priors_module, "UPSERT_CHUNK", 2)
    calls = []
    upsert = workspace.store.upsert_priors

    def recording(records):
        calls.append((threading.current_thread().name, len(records)))
        return upsert(records)

    monkeypatch.setattr(workspace.store, "upsert_priors", recording)
    report = workspace.import_claimreview([priors_file])
    assert report.added == len(PRIORS) and len(set(report.claim_ids)) == len(PRIORS)
    assert [n for _, n in calls] == [2] * (len(PRIORS) // 2) + [len(PRIORS) % 2] * (len(PRIORS) % 2)
    assert all(name.startswith("prior-writer") for name, _ in calls)
    assert {by_external(workspace, ext).id for ext, *_ in PRIORS} == set(report.claim_ids)
    assert workspace.search(PRIORS[0][1], k=1)[0].claim.id == by_external(workspace, PRIORS[0][0]).id
