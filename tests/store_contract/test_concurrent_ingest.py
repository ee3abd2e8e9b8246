"""Contract under concurrency: writers ingesting articles that name the same speakers in different
orders at once all succeed (no deadlock, no duplicate speaker) and every claim keeps its speaker."""

from __future__ import annotations

import random
import threading
from pathlib import Path

from factcheck.models import Article, SegmentItem
from factcheck.store.protocol import StoreBackend
from tests.store_contract.conftest import BackendFactory
from tests.store_contract.helpers import sha

NAMES = [f"Speaker {chr(65 + i)}" for i in range(10)]
WRITERS = 4
ARTICLES = 12


def article(writer: int, n: int, names: list[str]) -> tuple[Article, list[SegmentItem]]:
    text = " ".join(f'{name} said "w{writer} a{n} point {i}" today.' for i, name in enumerate(names))
    items = []
    for i, name in enumerate(names):
        part = f"w{writer} a{n} point {i}"
        start = text.index(part)
        items.append(SegmentItem(kind="direct", text=part, start=start, end=start + len(part), speaker=name,
                                 speaker_type="person"))
    return Article(id=0, text=text, sha256=sha(text), origin="test"), items


def test_concurrent_ingests_share_speakers(backend: StoreBackend, factory: BackendFactory, tmp_path: Path) -> None:
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        rng = random.Random(writer)
        store = factory(tmp_path / "store")
        try:
            for n in range(ARTICLES):
                names = rng.sample(NAMES, len(NAMES))
                new, items = article(writer, n, names)
                store.add_article(new, items, {names[0]: [names[0].upper()]})
        except BaseException as exc:
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    speakers = {s.name: s.id for s in backend.list_speakers()}
    assert sorted(speakers) == NAMES
    claims = backend.list_claims()
    assert len(claims) == WRITERS * ARTICLES * len(NAMES)
    assert all(speakers[c.speaker] == c.speaker_id for c in claims)
