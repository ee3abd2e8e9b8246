"""Review page, similar prior claims: levels, verdict badge, byline, flags in words, folding, empties."""

from __future__ import annotations

import json

import pytest

from factcheck.models import Article, Claim, Match
from factcheck.workspace import Workspace
from ui.match_view import flag_words, level_label, shared_markdown, shared_terms, split_levels
from ui.render import escape_inline


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _claim_with_prior(folder):
    """A seed claim whose best similar claim is the imported prior, labelled same or related."""
    ws = Workspace(folder)
    for claim in ws.claims():
        if claim.kind == "prior":
            continue
        matches = ws.similar_claims(claim.id, k=3)
        if matches and matches[0].claim.kind == "prior" and matches[0].level != "none":
            return claim, matches[0]
    raise AssertionError("no seed claim matches the prior fact-check")


def _claim_without_prior(folder):
    ws = Workspace(folder)
    for claim in ws.claims():
        if claim.kind != "prior" and all(m.level == "none" for m in ws.similar_claims(claim.id)):
            return claim
    raise AssertionError("every seed claim has a labelled match")


@pytest.mark.model
def test_a_known_prior_reads_at_a_glance(seed_ws, app):
    claim, match = _claim_with_prior(seed_ws)
    at = app(reviewer="Ana Reviewer")
    at.session_state["review.claim_id"] = claim.id
    at.run()
    assert not at.exception
    text = markdown_text(at)
    words = "Likely the same claim" if match.level == "same" else "Related claim"
    assert escape_inline(f"{words} · {round(match.score * 100)} %") in text
    assert ":orange-badge[Half true]" in text  # the verdict as a coloured badge
    assert ":orange-background[Leningrad]" in text  # shared words highlighted
    captions = "\n".join(c.value for c in at.caption)
    assert "Vladimir Putin · Example Fact Check" in captions
    assert "No prior fact-check is likely" not in "\n".join(i.value for i in at.info)
    at.button(key=f"same.{claim.id}.{match.claim.id}").click().run()
    assert Workspace(seed_ws).store.match_feedback(claim.id) == {match.claim.id: True}


@pytest.mark.model  # the panel ranks the claim's candidates with the real encoder
def test_a_claim_without_a_prior_says_so_and_folds_weak_candidates(seed_ws, app):
    claim = _claim_without_prior(seed_ws)
    at = app(reviewer="Ana Reviewer")
    at.session_state["review.claim_id"] = claim.id
    at.run()
    assert not at.exception
    assert any("No prior fact-check is likely" in i.value for i in at.info)
    weaker = [e for e in at.expander if e.label.startswith("Weaker candidates")]
    assert weaker and weaker[0].label == f"Weaker candidates ({len(Workspace(seed_ws).similar_claims(claim.id))})"


@pytest.mark.model
def test_a_workspace_without_prior_fact_checks_says_what_to_do(empty_ws, app):
    ws = Workspace(empty_ws)
    ws.ingest_text("The mayor said the city cut crime by 20 percent in two years.", title="Crime")
    ws.close()
    # this one-sentence article's attribution is below the default min_confidence: show it anyway
    (empty_ws / "config.json").write_text('{"min_confidence": 0}', encoding="utf-8")
    at = app(reviewer="Ana Reviewer")
    assert not at.exception
    info = "\n".join(i.value for i in at.info)
    assert "No prior fact-checks in this workspace yet" in info
    assert "factcheck import claimreview" in info


@pytest.mark.model
def test_untrusted_prior_text_is_escaped(seed_ws, app, tmp_path):
    review = {"@type": "ClaimReview", "claimReviewed":
              "Siege of Leningrad [click](http://evil.example) ![x](http://evil.example/p.png) $x$",
              "url": "https://fc.example/evil", "author": {"name": "Evil <b>Checker</b>"},
              "datePublished": "2023-10-21", "reviewRating": {"alternateName": "False"}}
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(review))
    ws = Workspace(seed_ws)
    ws.import_claimreview([path])
    claim, _ = _claim_with_prior(seed_ws)
    ws.close()
    at = app(reviewer="Ana Reviewer")
    at.session_state["review.claim_id"] = claim.id
    at.run()
    text = markdown_text(at) + "\n".join(c.value for c in at.caption)
    assert "](http" not in text and "<b>" not in text
    assert "\\[click\\]" in text


def _match(level: str, score: float, text: str = "Crime fell by 34,000 in 2019") -> Match:
    claim = Claim(id=1, article_id=1, kind="prior", text=text, start=0, end=len(text),
                  speaker="Jane Doe")
    article = Article(id=1, text=text, sha256="x", title="t", outlet="PolitiFact",
                      published="2020-01-02T00:00:00")
    return Match(claim=claim, score=score, level=level, article=article)


def test_pure_panel_helpers():
    assert level_label(_match("same", 0.934)) == ("Likely the same claim · 93 %", "blue")
    assert level_label(_match("none", 0.02))[0] == "Weak match · 2 %"
    assert flag_words("number: 34,000 vs 43,000") == "different number: 34,000 vs 43,000"
    assert flag_words("negation: only the left text is negated") == "one side negated"
    assert flag_words("date: 2019 vs 2020") == "different year: 2019 vs 2020"
    assert flag_words("date: March vs May") == "different date: March vs May"
    assert flag_words("entity: Obama vs Bush") == "different name: Obama vs Bush"
    terms = shared_terms("Crime fell in Chicago in 2019", "Crime fell by 34,000 in 2019")
    assert terms == {"crime", "fell", "2019"}
    assert shared_markdown("Crime *fell* [x](y)", {"crime", "fell"}) == (
        ":orange-background[Crime] \\*:orange-background[fell]\\* \\[x\\]\\(y\\)")
    likely, weaker = split_levels([_match("same", 0.9), _match("none", 0.1), _match("related", 0.6)])
    assert [m.level for m in likely] == ["same", "related"] and len(weaker) == 1
