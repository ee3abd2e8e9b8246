"""Append-only verdicts on PostgreSQL: save with conflict check under a claim row lock, batches, undo."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace

from factcheck.errors import InputError, NotFoundError
from factcheck.models import Verdict
from factcheck.records import NO_FILTERS, BasedOn, Check, UndoResult, VerdictFilters
from factcheck.store.db import utc_now
from factcheck.store.postgres.db import Conn, PgDatabase, as_row
from factcheck.store.postgres.verdict_queries import PgVerdictQueries, current_rows
from factcheck.store.verdict_queries import row_to_verdict
from factcheck.store.verdicts import VerdictStore, evidence_to_json


class PgVerdictStore(PgVerdictQueries):
    """Verdict persistence with the SQLite store's semantics (see :class:`VerdictStore`).

    Where SQLite serialises every write (``BEGIN IMMEDIATE``), here each write locks the rows of
    the claims it touches (``SELECT … FOR UPDATE``), so two reviewers saving on one claim at once
    are ordered and the conflict check of the second sees the first.
    """

    db: PgDatabase

    def add_verdict(self, verdict: Verdict, *, based_on: BasedOn = Check.SKIP) -> Verdict:
        with self.db.write() as conn:
            self._lock_claims(conn, [verdict.claim_id])
            # after the lock, in a new statement (a new snapshot): the claim's latest record, which
            # is also its current verdict unless it is a tombstone (THE definition, ``current_rows``)
            row = conn.execute("SELECT * FROM verdicts WHERE claim_id = %s ORDER BY id DESC LIMIT 1",
                               (verdict.claim_id,)).fetchone()
            latest = None if row is None else row_to_verdict(as_row(row))
            current = None if latest is None or latest.retracted else latest
            VerdictStore._check_conflict(verdict, current, based_on)
            return self._insert(conn, replace(verdict, supersedes=None if latest is None else latest.id))

    def add_cluster_verdict(self, template: Verdict, claim_ids: Sequence[int], *,
                            based_on: BasedOn = Check.SKIP) -> tuple[str, list[Verdict]]:
        batch_id = uuid.uuid4().hex
        with self.db.write() as conn:
            self._lock_claims(conn, [template.claim_id, *claim_ids])
            VerdictStore._check_conflict(template, self._current_in(conn, template.claim_id), based_on)
            saved = []
            for claim_id in dict.fromkeys([template.claim_id, *claim_ids]):
                record = replace(template, claim_id=claim_id, origin="cluster", batch_id=batch_id,
                                 supersedes=self._latest_id_in(conn, claim_id))
                saved.append(self._insert(conn, record))
        return batch_id, saved

    def undo_batch(self, batch_id: str, *, reviewer: str = "", reviewer_issuer: str = "",
                   reviewer_subject: str = "") -> UndoResult:
        """Withdraw a cluster batch by appending restoring records (see :class:`VerdictStore`)."""
        undo_id = f"undo:{batch_id}"
        with self.db.write() as conn:
            rows = conn.execute("SELECT * FROM verdicts WHERE batch_id = %s AND origin = 'cluster'"
                                " ORDER BY id", (batch_id,)).fetchall()
            if not rows:
                raise NotFoundError(f"no cluster batch {batch_id!r}; `factcheck history CLAIM_ID`"
                                    " shows the batch id of each verdict")
            self._lock_claims(conn, [int(r["claim_id"]) for r in rows])
            if conn.execute("SELECT 1 FROM verdicts WHERE batch_id = %s LIMIT 1", (undo_id,)).fetchone():
                raise InputError(f"batch {batch_id!r} was already undone")
            restored, skipped = [], []
            for batch_verdict in (row_to_verdict(as_row(r)) for r in rows):
                claim_id = batch_verdict.claim_id
                if self._latest_id_in(conn, claim_id) != batch_verdict.id:
                    skipped.append(claim_id)
                    continue
                previous = self._get_in(conn, batch_verdict.supersedes)
                if previous is None or previous.retracted:
                    record = replace(batch_verdict, reviewer=reviewer or batch_verdict.reviewer,
                                     reviewer_issuer=reviewer_issuer or batch_verdict.reviewer_issuer,
                                     reviewer_subject=reviewer_subject or batch_verdict.reviewer_subject,
                                     explanation=f"withdrawn by undo of cluster batch {batch_id}",
                                     evidence=(), retracted=True)
                else:
                    record = replace(previous, retracted=False)
                self._insert(conn, replace(record, claim_id=claim_id, origin="undo",
                                           batch_id=undo_id, supersedes=batch_verdict.id))
                restored.append(claim_id)
        return UndoResult(batch_id, undo_id, tuple(restored), tuple(skipped))

    # --- reads ----------------------------------------------------------------------------
    def current_verdict(self, claim_id: int) -> Verdict | None:
        with self.db.connection() as conn:  # one statement: consistent without a transaction
            return self._current_in(conn, claim_id)

    def get_verdict(self, verdict_id: int) -> Verdict:
        row = self.db.row("SELECT * FROM verdicts WHERE id = %s", (verdict_id,))
        if row is None:
            raise NotFoundError(f"no verdict with id {verdict_id}")
        return row_to_verdict(as_row(row))

    def verdict_history(self, claim_id: int) -> list[Verdict]:
        rows = self.db.rows("SELECT * FROM verdicts WHERE claim_id = %s ORDER BY id", (claim_id,))
        return [row_to_verdict(as_row(r)) for r in rows]

    def batch_verdicts(self, batch_id: str) -> list[Verdict]:
        rows = self.db.rows("SELECT * FROM verdicts WHERE batch_id = %s ORDER BY id", (batch_id,))
        return [row_to_verdict(as_row(r)) for r in rows]

    def verdict_log(self, filters: VerdictFilters = NO_FILTERS, *,
                    limit: int | None = None) -> list[Verdict]:
        where, params = self._selection_sql(filters)
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.db.rows(f"SELECT v.* FROM verdicts v WHERE {where} ORDER BY v.id DESC{tail}", params)
        return [row_to_verdict(as_row(r)) for r in rows]

    def cluster_claim_ids(self, claim_id: int) -> list[int]:
        """Every non-prior claim carrying the same quote: same cluster_id, else same norm hash."""
        row = self.db.row("SELECT id, cluster_id, norm_sha256 FROM claims WHERE id = %s", (claim_id,))
        if row is None:
            raise NotFoundError(f"no claim with id {claim_id}; `factcheck claims` lists claims")
        if row["cluster_id"] is not None:
            sql, key = "cluster_id = %s", row["cluster_id"]
        elif row["norm_sha256"]:
            sql, key = "norm_sha256 = %s", row["norm_sha256"]
        else:
            return [claim_id]
        ids = [int(r["id"]) for r in self.db.rows(
            f"SELECT id FROM claims WHERE {sql} AND kind <> 'prior' ORDER BY id", (key,))]
        return ids if claim_id in ids else [claim_id, *ids]

    # --- helpers --------------------------------------------------------------------------
    @staticmethod
    def _lock_claims(conn: Conn, claim_ids: Iterable[int]) -> None:
        """Lock the claims' rows for this transaction (in id order: no deadlock); all must exist."""
        wanted = sorted(set(claim_ids))
        found = {int(r["id"]) for r in conn.execute(
            "SELECT id FROM claims WHERE id = ANY(%s) ORDER BY id FOR UPDATE", (wanted,))}
        for claim_id in wanted:
            if claim_id not in found:
                raise NotFoundError(f"no claim with id {claim_id}; `factcheck claims` lists claims")

    @staticmethod
    def _latest_id_in(conn: Conn, claim_id: int) -> int | None:
        row = conn.execute("SELECT MAX(id) AS m FROM verdicts WHERE claim_id = %s", (claim_id,)).fetchone()
        return None if row is None or row["m"] is None else int(row["m"])

    @staticmethod
    def _get_in(conn: Conn, verdict_id: int | None) -> Verdict | None:
        if verdict_id is None:
            return None
        row = conn.execute("SELECT * FROM verdicts WHERE id = %s", (verdict_id,)).fetchone()
        return None if row is None else row_to_verdict(as_row(row))

    @staticmethod
    def _current_in(conn: Conn, claim_id: int) -> Verdict | None:
        rows = current_rows(conn, [claim_id])
        return row_to_verdict(as_row(rows[0])) if rows else None

    @staticmethod
    def _insert(conn: Conn, v: Verdict) -> Verdict:
        created_at = utc_now()
        row = conn.execute(
            "INSERT INTO verdicts (claim_id, rating, rating_value, best_rating, worst_rating,"
            " explanation, evidence, reviewer, status, created_at, supersedes, origin, batch_id,"
            " retracted, reviewer_issuer, reviewer_subject, inputs)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
            (v.claim_id, v.rating, v.rating_value, v.best_rating, v.worst_rating, v.explanation,
             evidence_to_json(v.evidence), v.reviewer, v.status, created_at, v.supersedes,
             v.origin, v.batch_id, int(v.retracted), v.reviewer_issuer, v.reviewer_subject,
             ",".join(map(str, v.inputs)))).fetchone()
        assert row is not None
        return replace(v, id=int(row["id"]), created_at=created_at)
