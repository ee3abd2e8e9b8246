"""Contract under concurrency: reviewers saving at once on one store lose nothing, and each claim's
history stays one chain (every record supersedes the one before it), stale views refused."""

from __future__ import annotations

import random
import threading
from pathlib import Path

from factcheck.errors import ConflictError
from factcheck.records import Check
from factcheck.store.protocol import StoreBackend
from tests.store_contract.conftest import BackendFactory
from tests.store_contract.helpers import add_article, verdict

REVIEWERS = 8
SAVES = 25


def test_concurrent_reviewers_keep_one_chain_per_claim(backend: StoreBackend, factory: BackendFactory,
                                                       tmp_path: Path) -> None:
    _, claims = add_article(backend)
    saved: list[tuple[int, str, str]] = []
    conflicts = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def review(n: int) -> None:
        rng = random.Random(n)
        store = factory(tmp_path / "store")  # each reviewer: its own store object on the same data
        try:
            for i in range(SAVES):
                claim_id = rng.choice(claims)
                text = f"r{n} #{i}"
                based_on = Check.SKIP
                if i % 2:  # half the saves carry the reviewer's view, which may be stale by now
                    current = store.current_verdict(claim_id)
                    based_on = None if current is None else current.id
                try:
                    record = store.add_verdict(verdict(claim_id, f"R{i % 3}", reviewer=f"r{n}"),
                                               based_on=based_on)
                except ConflictError:
                    with lock:
                        conflicts.append(claim_id)
                    continue
                with lock:
                    saved.append((record.id, f"r{n}", text))
        except BaseException as exc:  # reported below; a thread's exception would be lost
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=review, args=(n,)) for n in range(REVIEWERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(saved) + len(conflicts) == REVIEWERS * SAVES
    stored = {v.id: v for c in claims for v in backend.verdict_history(c)}
    assert {vid for vid, _, _ in saved} == set(stored)  # nothing lost, nothing extra
    assert all(stored[vid].reviewer == who for vid, who, _ in saved)
    for claim_id in claims:
        history = backend.verdict_history(claim_id)
        assert [v.supersedes for v in history] == [None, *(v.id for v in history[:-1])]
