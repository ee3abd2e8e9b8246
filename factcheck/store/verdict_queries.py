"""Verdict reads for exports: filters, streamed rows, ClaimReview groups, counts per speaker."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from factcheck.models import Evidence, Verdict
from factcheck.records import (
    NO_FILTERS,
    Appearance,
    Claimant,
    ExportRow,
    ReviewRecord,
    SpeakerVerdictCounts,
    VerdictFilters,
)
from factcheck.store.db import Database, connect

CHUNK = 2000
_CLUSTER_KEY = ("CASE WHEN c.cluster_id IS NOT NULL THEN 'cluster:' || c.cluster_id"
                " WHEN c.norm_sha256 <> '' THEN 'quote:' || c.norm_sha256"
                " ELSE 'claim:' || c.id END")
_ROW_SQL = (
    "SELECT v.*, c.text AS claim_text, c.kind AS kind, c.start AS c_start, c.\"end\" AS c_end,"
    " c.article_id AS article_id, c.speaker AS speaker, c.speaker_id AS speaker_id,"
    " c.speaker_type AS speaker_type, a.title AS a_title, a.url AS a_url,"
    " a.published AS a_published, a.outlet AS a_outlet, " + _CLUSTER_KEY + " AS cluster_key,"
    " s.name AS s_name, s.type AS s_type, s.job_title AS s_job_title, s.same_as AS s_same_as"
    " FROM verdicts v JOIN claims c ON c.id = v.claim_id JOIN articles a ON a.id = c.article_id"
    " LEFT JOIN speakers s ON s.id = c.speaker_id")


def current_rows(conn: sqlite3.Connection, claim_ids: list[int] | None) -> list[sqlite3.Row]:
    """THE definition of a current verdict: a claim's latest record, unless that record withdraws
    it (the tombstone an undo appends when there was no verdict before; an undo otherwise appends a
    copy of the earlier verdict, so a verdict withdrawn by an undo is never current)."""
    where = "" if claim_ids is None else f" WHERE claim_id IN ({','.join('?' * len(claim_ids))})"
    return conn.execute(
        "SELECT * FROM verdicts WHERE retracted = 0 AND id IN"
        f" (SELECT MAX(id) FROM verdicts{where} GROUP BY claim_id)", claim_ids or []).fetchall()


def row_to_verdict(row: sqlite3.Row) -> Verdict:
    evidence = tuple(Evidence(**item) for item in json.loads(row["evidence"] or "[]"))
    return Verdict(id=row["id"], claim_id=row["claim_id"], rating=row["rating"],
                   explanation=row["explanation"], evidence=evidence, reviewer=row["reviewer"],
                   status=row["status"], created_at=row["created_at"],
                   supersedes=row["supersedes"], rating_value=row["rating_value"],
                   best_rating=row["best_rating"], worst_rating=row["worst_rating"],
                   origin=row["origin"], batch_id=row["batch_id"], retracted=bool(row["retracted"]),
                   reviewer_issuer=row["reviewer_issuer"], reviewer_subject=row["reviewer_subject"],
                   inputs=parse_ids(row["inputs"]))


def parse_ids(text: str | None) -> tuple[int, ...]:
    """The review ids of a verdict's ``inputs`` column ('' when it settles no reviews)."""
    return tuple(int(part) for part in (text or "").split(",") if part.strip())


def row_to_export(row: sqlite3.Row) -> ExportRow:
    return ExportRow(verdict=row_to_verdict(row), claim_text=row["claim_text"], kind=row["kind"],
                     start=row["c_start"], end=row["c_end"], article_id=row["article_id"],
                     speaker=row["speaker"], speaker_id=row["speaker_id"],
                     speaker_type=row["speaker_type"], article_title=row["a_title"],
                     article_url=row["a_url"], article_published=row["a_published"],
                     article_outlet=row["a_outlet"], cluster_key=row["cluster_key"])


def _claimant(row: sqlite3.Row) -> Claimant:
    kind = row["speaker_type"] if row["speaker_type"] != "unknown" else (row["s_type"] or "unknown")
    same_as = tuple(str(u) for u in json.loads(row["s_same_as"] or "[]"))
    return Claimant(name=row["s_name"] or row["speaker"], type=kind,
                    job_title=row["s_job_title"] or "", same_as=same_as)


class VerdictQueries:
    """Read side of the verdict store. Mixed into :class:`factcheck.store.Store`."""

    db: Database

    @staticmethod
    def _filter_sql(filters: VerdictFilters, *, alias: str) -> tuple[str, list[Any]]:
        """SQL conditions (joined by AND, ``1`` when none) for the date/reviewer/status filters."""
        clauses, params = ["1"], []
        if filters.since:
            clauses.append(f"{alias}.created_at >= ?")
            params.append(filters.since)
        if filters.until:
            clauses.append(f"{alias}.created_at < ?")
            params.append(filters.until)
        if filters.reviewer:
            clauses.append(f"{alias}.reviewer = ? COLLATE NOCASE")
            params.append(filters.reviewer)
        if filters.status:
            clauses.append(f"{alias}.status = ?")
            params.append(filters.status)
        if not filters.include_priors:
            clauses.append(f"{alias}.origin <> 'claimreview'")
        return " AND ".join(clauses), params

    def _selection_sql(self, filters: VerdictFilters) -> tuple[str, list[Any]]:
        """Which verdict records ``filters`` select (condition on alias ``v``).

        With history: every record matching the filters. Otherwise, per claim, the latest
        record that matches the filters and is neither a tombstone nor withdrawn by an undo
        (so ``status=published`` gives the last *published* verdict even while a newer draft
        is being written). Without filters this is exactly :func:`current_rows` (an undo appends
        a restoring copy or a tombstone after what it withdraws; the contract tests check it).
        """
        if filters.include_history:
            return self._filter_sql(filters, alias="v")
        where, params = self._filter_sql(filters, alias="w")
        return (
            "v.id IN (SELECT MAX(w.id) FROM verdicts w WHERE w.retracted = 0 AND w.id NOT IN"
            " (SELECT supersedes FROM verdicts WHERE origin = 'undo' AND supersedes IS NOT NULL)"
            f" AND {where} GROUP BY w.claim_id)", params)

    def _stream(self, sql: str, params: list[Any], chunk: int) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` from one read snapshot on a private connection, ``chunk`` at a time."""
        conn = connect(self.db.path)
        try:
            conn.execute("BEGIN")
            cursor = conn.execute(sql, params)
            while rows := cursor.fetchmany(chunk):
                yield from rows
            conn.execute("COMMIT")
        finally:
            conn.close()

    def iter_export_rows(self, filters: VerdictFilters = NO_FILTERS, *,
                         chunk: int = CHUNK) -> Iterator[ExportRow]:
        """Selected verdicts with their claim and article, oldest first, in bounded memory."""
        where, params = self._selection_sql(filters)
        for row in self._stream(f"{_ROW_SQL} WHERE {where} ORDER BY v.id", params, chunk):
            yield row_to_export(row)

    def iter_review_records(self, filters: VerdictFilters = NO_FILTERS, *,
                            chunk: int = CHUNK) -> Iterator[ReviewRecord]:
        """One record per reviewed quote (cluster): its latest selected verdict + appearances.

        Prior fact-checks imported from other organisations (kind 'prior') are left out.
        """
        where, params = self._selection_sql(replace_history(filters))
        sql = (f"{_ROW_SQL} WHERE {where} AND c.kind <> 'prior'"
               " ORDER BY cluster_key, v.id DESC")
        pending: list[tuple[ExportRow, Claimant]] = []
        last_key = None
        for row in self._stream(sql, params, chunk):
            if row["cluster_key"] == last_key:
                continue
            last_key = row["cluster_key"]
            pending.append((row_to_export(row), _claimant(row)))
            if len(pending) >= chunk:
                yield from self._with_appearances(pending)
                pending = []
        yield from self._with_appearances(pending)

    def _with_appearances(self, groups: list[tuple[ExportRow, Claimant]]) -> Iterator[ReviewRecord]:
        found = self.appearances([row.cluster_key for row, _ in groups])
        for row, claimant in groups:
            yield ReviewRecord(row=row, claimant=claimant, appearances=found.get(row.cluster_key, ()))

    def appearances(self, keys: list[str]) -> dict[str, tuple[Appearance, ...]]:
        """Every article carrying each cluster key's quote, earliest first (one per article)."""
        by_kind: dict[str, list[str]] = {"cluster": [], "quote": [], "claim": []}
        for key in keys:
            kind, _, value = key.partition(":")
            by_kind[kind].append(value)
        found: dict[str, dict[int, Appearance]] = {}
        columns = ("c.id, c.cluster_id, c.norm_sha256, c.article_id, a.url, a.title, a.published,"
                   " a.outlet")
        for kind, column in (("cluster", "c.cluster_id"), ("quote", "c.norm_sha256"),
                             ("claim", "c.id")):
            values = by_kind[kind]
            for offset in range(0, len(values), 500):
                part = values[offset:offset + 500]
                rows = self.db.conn.execute(
                    f"SELECT {columns} FROM claims c JOIN articles a ON a.id = c.article_id"
                    f" WHERE c.kind <> 'prior' AND {column} IN ({','.join('?' * len(part))})"
                    " ORDER BY c.id", part)
                for r in rows:
                    value = {"cluster": r["cluster_id"], "quote": r["norm_sha256"],
                             "claim": r["id"]}[kind]
                    seen = found.setdefault(f"{kind}:{value}", {})
                    seen.setdefault(r["article_id"], Appearance(
                        url=r["url"], headline=r["title"], date=r["published"],
                        claim_id=r["id"], outlet=r["outlet"]))
        return {key: tuple(sorted(items.values(), key=lambda a: (a.date or "9999", a.claim_id)))
                for key, items in found.items()}

    def current_verdicts(self, claim_ids: Iterable[int] | None = None, *,
                         include_priors: bool = True) -> dict[int, Verdict]:
        """The current verdict of each claim that has one (of ``claim_ids``, or of every claim);
        ``include_priors=False`` leaves out verdicts imported with prior fact-checks."""
        conn = self.db.conn
        if claim_ids is None:
            rows = current_rows(conn, None)
        else:
            wanted = sorted(set(claim_ids))
            rows = [r for o in range(0, len(wanted), 900) for r in current_rows(conn, wanted[o:o + 900])]
        return {int(r["claim_id"]): row_to_verdict(r) for r in rows
                if include_priors or r["origin"] != "claimreview"}

    def verdict_counts_by_speaker(self, *, include_priors: bool = False) -> list[SpeakerVerdictCounts]:
        """Current verdicts per speaker and rating, most-checked speakers first."""
        where, params = self._selection_sql(VerdictFilters(include_priors=include_priors))
        prior = "" if include_priors else " AND c.kind <> 'prior'"
        rows = self.db.conn.execute(
            "SELECT s.id AS sid, s.name AS name, s.type AS type, v.rating AS rating,"
            " COUNT(*) AS n FROM verdicts v JOIN claims c ON c.id = v.claim_id"
            f" JOIN speakers s ON s.id = c.speaker_id WHERE {where}{prior}"
            " GROUP BY s.id, v.rating", params)
        counts: dict[int, SpeakerVerdictCounts] = {}
        for r in rows:
            entry = counts.setdefault(r["sid"], SpeakerVerdictCounts(r["sid"], r["name"], r["type"], 0))
            entry.by_rating[r["rating"]] = int(r["n"])
        result = [SpeakerVerdictCounts(c.speaker_id, c.speaker, c.speaker_type,
                                       sum(c.by_rating.values()), dict(c.by_rating))
                  for c in counts.values()]
        return sorted(result, key=lambda c: (-c.total, c.speaker.casefold()))


def replace_history(filters: VerdictFilters) -> VerdictFilters:
    """ClaimReview always reviews current verdicts: history is ignored there."""
    return replace(filters, include_history=False)
