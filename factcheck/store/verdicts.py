"""Append-only verdicts: save with conflict check, current/history, cluster batches and undo."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace

from factcheck.errors import ConflictError, InputError, NotFoundError
from factcheck.models import Evidence, Verdict
from factcheck.records import NO_FILTERS, BasedOn, Check, UndoResult, VerdictFilters
from factcheck.store.db import Database, utc_now
from factcheck.store.verdict_queries import VerdictQueries, current_rows, row_to_verdict


def evidence_to_json(evidence: Sequence[Evidence]) -> str:
    return json.dumps([{"url": e.url, "title": e.title, "passage": e.passage, "start": e.start,
                        "end": e.end, "stance": e.stance, "source_id": e.source_id}
                       for e in evidence], ensure_ascii=False)


class VerdictStore(VerdictQueries):
    """Verdict persistence. Mixed into :class:`factcheck.store.Store`.

    Undo never deletes or updates: it appends, for every claim of the batch whose current
    verdict is still the batch's, either a copy of the verdict that was current before the
    batch, or a tombstone (``retracted=1``) when there was none. Both carry
    ``origin='undo'``, ``batch_id='undo:<batch>'`` and ``supersedes`` = the batch's verdict,
    which is thereby *withdrawn*: exports never pick it again.
    """

    db: Database

    def add_verdict(self, verdict: Verdict, *, based_on: BasedOn = Check.SKIP) -> Verdict:
        """Append ``verdict`` (its ``id``, ``created_at`` and ``supersedes`` are filled in).

        ``based_on`` is the id of the verdict the reviewer saw (None: they saw none); if the
        claim's current verdict differs, :class:`ConflictError` is raised and nothing is saved.
        """
        with self.db.write() as conn:
            self._require_claims(conn, [verdict.claim_id])
            current = self._current_in(conn, verdict.claim_id)
            self._check_conflict(verdict, current, based_on)
            latest = self._latest_id_in(conn, verdict.claim_id)
            return self._insert(conn, replace(verdict, supersedes=latest))

    def add_cluster_verdict(self, template: Verdict, claim_ids: Sequence[int], *,
                            based_on: BasedOn = Check.SKIP) -> tuple[str, list[Verdict]]:
        """Append ``template`` to every claim of ``claim_ids`` as one undoable batch.

        The conflict check applies to ``template.claim_id`` (the claim the reviewer looked at).
        """
        batch_id = uuid.uuid4().hex
        with self.db.write() as conn:
            self._require_claims(conn, [template.claim_id, *claim_ids])
            self._check_conflict(template, self._current_in(conn, template.claim_id), based_on)
            saved = []
            for claim_id in dict.fromkeys([template.claim_id, *claim_ids]):
                record = replace(template, claim_id=claim_id, origin="cluster", batch_id=batch_id,
                                 supersedes=self._latest_id_in(conn, claim_id))
                saved.append(self._insert(conn, record))
        return batch_id, saved

    def undo_batch(self, batch_id: str, *, reviewer: str = "", reviewer_issuer: str = "",
                   reviewer_subject: str = "") -> UndoResult:
        """Withdraw a cluster batch by appending restoring records (see the class docstring)."""
        undo_id = f"undo:{batch_id}"
        with self.db.write() as conn:
            rows = conn.execute("SELECT * FROM verdicts WHERE batch_id = ? AND origin = 'cluster'"
                                " ORDER BY id", (batch_id,)).fetchall()
            if not rows:
                raise NotFoundError(f"no cluster batch {batch_id!r}; `factcheck history CLAIM_ID`"
                                    " shows the batch id of each verdict")
            if conn.execute("SELECT 1 FROM verdicts WHERE batch_id = ? LIMIT 1",
                            (undo_id,)).fetchone():
                raise InputError(f"batch {batch_id!r} was already undone")
            restored, skipped = [], []
            for batch_verdict in (row_to_verdict(r) for r in rows):
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
        """The claim's current verdict (see :meth:`current_verdicts`), or None."""
        return self._current_in(self.db.conn, claim_id)

    def get_verdict(self, verdict_id: int) -> Verdict:
        verdict = self._get_in(self.db.conn, verdict_id)
        if verdict is None:
            raise NotFoundError(f"no verdict with id {verdict_id}")
        return verdict

    def verdict_history(self, claim_id: int) -> list[Verdict]:
        """Every record of the claim, oldest first (tombstones included)."""
        rows = self.db.conn.execute("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id",
                                    (claim_id,))
        return [row_to_verdict(r) for r in rows]

    def batch_verdicts(self, batch_id: str) -> list[Verdict]:
        rows = self.db.conn.execute("SELECT * FROM verdicts WHERE batch_id = ? ORDER BY id",
                                    (batch_id,))
        return [row_to_verdict(r) for r in rows]

    def verdict_log(self, filters: VerdictFilters = NO_FILTERS, *,
                    limit: int | None = None) -> list[Verdict]:
        """Verdict records selected by ``filters`` (every matching record with
        ``include_history``, else each claim's current one among them), newest first."""
        where, params = self._selection_sql(filters)
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.db.conn.execute(
            f"SELECT v.* FROM verdicts v WHERE {where} ORDER BY v.id DESC{tail}", params)
        return [row_to_verdict(r) for r in rows]

    def cluster_claim_ids(self, claim_id: int) -> list[int]:
        """Every non-prior claim carrying the same quote: same cluster_id, else same norm hash."""
        row = self.db.conn.execute("SELECT id, cluster_id, norm_sha256 FROM claims WHERE id = ?",
                                   (claim_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no claim with id {claim_id}; `factcheck claims` lists claims")
        if row["cluster_id"] is not None:
            sql, key = "cluster_id = ?", row["cluster_id"]
        elif row["norm_sha256"]:
            sql, key = "norm_sha256 = ?", row["norm_sha256"]
        else:
            return [claim_id]
        ids = [int(r[0]) for r in self.db.conn.execute(
            f"SELECT id FROM claims WHERE {sql} AND kind <> 'prior' ORDER BY id", (key,))]
        return ids if claim_id in ids else [claim_id, *ids]

    # --- helpers --------------------------------------------------------------------------
    @staticmethod
    def _require_claims(conn: sqlite3.Connection, claim_ids: Iterable[int]) -> None:
        for claim_id in set(claim_ids):
            if conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone() is None:
                raise NotFoundError(f"no claim with id {claim_id}; `factcheck claims` lists claims")

    @staticmethod
    def _latest_id_in(conn: sqlite3.Connection, claim_id: int) -> int | None:
        row = conn.execute("SELECT MAX(id) FROM verdicts WHERE claim_id = ?", (claim_id,)).fetchone()
        return None if row[0] is None else int(row[0])

    @staticmethod
    def _get_in(conn: sqlite3.Connection, verdict_id: int | None) -> Verdict | None:
        if verdict_id is None:
            return None
        row = conn.execute("SELECT * FROM verdicts WHERE id = ?", (verdict_id,)).fetchone()
        return None if row is None else row_to_verdict(row)

    @staticmethod
    def _current_in(conn: sqlite3.Connection, claim_id: int) -> Verdict | None:
        rows = current_rows(conn, [claim_id])
        return row_to_verdict(rows[0]) if rows else None

    @staticmethod
    def _check_conflict(attempted: Verdict, current: Verdict | None, based_on: BasedOn) -> None:
        if based_on is Check.SKIP:
            return
        current_id = None if current is None else current.id
        if current_id == based_on:
            return
        seen = "no verdict" if based_on is None else f"verdict #{based_on}"
        now = "no verdict any more" if current is None else (
            f"verdict #{current.id} {current.rating!r} by {current.reviewer or 'an unnamed reviewer'}"
            f" at {current.created_at} ({current.status}): {_short(current.explanation)}")
        raise ConflictError(
            f"claim {attempted.claim_id} changed while you were editing: you saw {seen}, it now has "
            f"{now}. Your verdict {attempted.rating!r} ({attempted.status}): "
            f"{_short(attempted.explanation)} was NOT saved; review the current verdict, then save "
            f"again based on it (CLI: --based-on {current_id if current_id is not None else 'none'})",
            current=current, attempted=attempted)

    @staticmethod
    def _insert(conn: sqlite3.Connection, v: Verdict) -> Verdict:
        created_at = utc_now()
        cur = conn.execute(
            "INSERT INTO verdicts (claim_id, rating, rating_value, best_rating, worst_rating,"
            " explanation, evidence, reviewer, status, created_at, supersedes, origin, batch_id,"
            " retracted, reviewer_issuer, reviewer_subject, inputs)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (v.claim_id, v.rating, v.rating_value, v.best_rating, v.worst_rating, v.explanation,
             evidence_to_json(v.evidence), v.reviewer, v.status, created_at, v.supersedes,
             v.origin, v.batch_id, int(v.retracted), v.reviewer_issuer, v.reviewer_subject,
             ",".join(map(str, v.inputs))))
        return replace(v, id=int(cur.lastrowid or 0), created_at=created_at)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if not text:
        return "(no explanation)"
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")
