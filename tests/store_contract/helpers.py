"""Record builders for the store contract tests (plain records; no model, no files)."""

from __future__ import annotations

import hashlib

from factcheck.models import Article, SegmentItem, Source, Verdict
from factcheck.records import PriorAppearance, PriorRecord
from factcheck.store.protocol import StoreBackend

TEXT = ('The mayor said "crime fell by 20 percent last year" at the meeting. '
        'Later, Jane Roe said "the budget doubled since 2019" in an interview.')


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote(text: str, part: str, speaker: str) -> SegmentItem:
    start = text.index(part)
    return SegmentItem(kind="direct", text=part, start=start, end=start + len(part), speaker=speaker,
                       speaker_type="person", confidence=0.9, checkworthiness=0.7)


def add_article(store: StoreBackend, text: str = TEXT, **fields: str) -> tuple[int, list[int]]:
    items = [quote(text, "crime fell by 20 percent last year", "Mayor Smith"),
             quote(text, "the budget doubled since 2019", "Jane Roe")] if text == TEXT else []
    article = Article(id=0, text=text, sha256=sha(text), origin="test", **fields)
    article_id, created, claim_ids = store.add_article(article, items, {"Mayor Smith": ["The mayor"]})
    assert created
    return article_id, claim_ids


def verdict(claim_id: int, rating: str = "False", status: str = "draft", reviewer: str = "ana") -> Verdict:
    return Verdict(id=0, claim_id=claim_id, rating=rating, explanation=f"{rating} because", reviewer=reviewer,
                   status=status)


def source(text: str = "Crime statistics 2023. Violent crime fell 18 percent.") -> Source:
    return Source(id=0, title="Police report", text=text, sha256=sha(text), kind="report",
                  publisher="City police", published="2023-04-01")


def prior(external_id: str = "cr-1", claim: str = "Crime fell by 20 percent last year",
          rating: str = "Mostly false", title: str = "Did crime fall?") -> PriorRecord:
    return PriorRecord(external_id=external_id, claim=claim, claimant="Mayor Smith", claimant_type="person",
                       rating=rating, reviewer="Checkers", review_url=f"https://example.org/{external_id}",
                       review_date="2024-01-02", title=title,
                       appearances=(PriorAppearance(url="https://news.example/a", headline="Mayor speaks",
                                                    date="2023-12-30"),))
