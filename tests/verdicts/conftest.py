"""Fixtures for verdict tests: a workspace with claims stored directly (no model needed)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.models import Article, SegmentItem
from factcheck.workspace import Workspace

QUOTE = "Unemployment fell to 3.4 percent last year"


def add_article(ws: Workspace, text: str, quotes: list[tuple[str, str, str]], *, title: str = "",
                url: str = "", published: str = "", outlet: str = "") -> list[int]:
    """Store ``text`` with one claim per (quote, speaker, speaker_type); returns claim ids."""
    items = []
    for quote, speaker, speaker_type in quotes:
        start = text.index(quote)
        items.append(SegmentItem(kind="direct", text=quote, start=start, end=start + len(quote),
                                 speaker=speaker, speaker_type=speaker_type))
    new = Article(id=0, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), title=title,
                  url=url, published=published, outlet=outlet, origin="test")
    _article_id, _created, claim_ids = ws.store.add_article(new, items)
    return claim_ids


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace(tmp_path / "source-ws")
    yield workspace
    workspace.close()


@pytest.fixture
def three_appearances(ws: Workspace) -> list[int]:
    """The same quote by the same speaker in three articles, plus one unrelated claim."""
    ids = []
    for n, day in enumerate(["2024-03-02", "2024-03-01", "2024-03-05"], start=1):
        text = f"Story {n}. The minister said: \"{QUOTE}.\" Critics disagreed. Extra {n}."
        ids += add_article(ws, text, [(QUOTE, "Jane Doe", "person")], title=f"Story {n}",
                           url=f"https://news{n}.example/story", published=day, outlet=f"News {n}")
    ids += add_article(ws, "Other story. The mayor said: \"Crime doubled in 2023.\"",
                       [("Crime doubled in 2023.", "Bob Mayor", "person")], title="Other",
                       url="https://other.example/a", published="2024-02-01")
    return ids
