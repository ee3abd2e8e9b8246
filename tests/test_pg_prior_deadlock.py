"""Two ClaimReview imports of the same records in opposite orders, at once, on PostgreSQL: neither
deadlocks (each takes all its locks up front, in one global order) and both see the same claims."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from factcheck.records import PriorRecord
from tests.pg_server import PgServer, database_name

psycopg = pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")

from factcheck.store.postgres import PostgresStore  # noqa: E402

SPEAKERS = ["Mayor Smith", "Jane Roe", "Bo Li", "Ann Lee"]


def records(count: int) -> list[PriorRecord]:
    # speakers and claim texts shared across records, so the imports also meet on speaker rows
    # and on the synthetic articles (one per distinct claim text)
    return [PriorRecord(external_id=f"https://checks.example/{n:03d}",
                        claim=f"Crime fell by {n % (count // 2)} percent last year",
                        claimant=SPEAKERS[n % len(SPEAKERS)], claimant_type="person",
                        rating="False", reviewer="Checkers", title=f"Check {n}")
            for n in range(count)]


def test_opposite_order_imports_do_not_deadlock(pg_server: PgServer, tmp_path: Path) -> None:
    url = pg_server.database(database_name(tmp_path))
    stores = [PostgresStore(url), PostgresStore(url)]
    batch = records(60)
    orders = [batch, list(reversed(batch))]
    start = threading.Barrier(2)
    results: list[object] = [None, None]

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = stores[n].upsert_priors(orders[n])
        except Exception as exc:  # the failure under test: psycopg's DeadlockDetected
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(isinstance(r, Exception) for r in results), results
        first, second = results
        assert isinstance(first, list) and isinstance(second, list)
        ids = {rec.external_id: cid for rec, (_s, cid, _c) in zip(orders[0], first, strict=True)}
        assert ids == {rec.external_id: cid for rec, (_s, cid, _c) in zip(orders[1], second, strict=True)}
        assert len(set(ids.values())) == len(batch)
        assert sorted(s for s, _c, _x in first + second).count("added") == len(batch)
    finally:
        for store in stores:
            store.close()
