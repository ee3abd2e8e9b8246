"""Verdict reads on PostgreSQL: THE current verdict, filters, streamed export rows, per-speaker counts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from psycopg.rows import DictRow

from factcheck.models import Verdict
from factcheck.records import (
    NO_FILTERS,
    Appearance,
    Claimant,
    ExportRow,
    ReviewRecord,
    SpeakerVerdictCounts,
    VerdictFilters,
)
from factcheck.store.postgres.db import Conn, PgDatabase, as_row
from factcheck.store.verdict_queries import (
    CHUNK,
    _claimant,
    replace_history,
    row_to_export,
    row_to_verdict,
)

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


def current_rows(conn: Conn, claim_ids: list[int] | None) -> list[DictRow]:
    """THE current verdict (as in the SQLite store): a claim's latest record unless it is a tombstone."""
    where, params = ("", []) if claim_ids is None else (" WHERE claim_id = ANY(%s)", [claim_ids])
    return conn.execute(
        "SELECT * FROM verdicts WHERE retracted = 0 AND id IN"
        f" (SELECT MAX(id) FROM verdicts{where} GROUP BY claim_id)", params).fetchall()


class PgVerdictQueries:
    """Read side of the verdict store. Mixed into :class:`PostgresStore`."""

    db: PgDatabase

    @staticmethod
    def _filter_sql(filters: VerdictFilters, *, alias: str) -> tuple[str, list[Any]]:
        clauses, params = ["TRUE"], []
        if filters.since:
            clauses.append(f"{alias}.created_at >= %s")
            params.append(filters.since)
        if filters.until:
            clauses.append(f"{alias}.created_at < %s")
            params.append(filters.until)
        if filters.reviewer:
            clauses.append(f"lower({alias}.reviewer) = lower(%s)")
            params.append(filters.reviewer)
        if filters.status:
            clauses.append(f"{alias}.status = %s")
            params.append(filters.status)
        if not filters.include_priors:
            clauses.append(f"{alias}.origin <> 'claimreview'")
        return " AND ".join(clauses), params

    def _selection_sql(self, filters: VerdictFilters) -> tuple[str, list[Any]]:
        """Which verdict records ``filters`` select (see the SQLite store's ``_selection_sql``)."""
        if filters.include_history:
            return self._filter_sql(filters, alias="v")
        where, params = self._filter_sql(filters, alias="w")
        return (
            "v.id IN (SELECT MAX(w.id) FROM verdicts w WHERE w.retracted = 0 AND w.id NOT IN"
            " (SELECT supersedes FROM verdicts WHERE origin = 'undo' AND supersedes IS NOT NULL)"
            f" AND {where} GROUP BY w.claim_id)", params)

    def _stream(self, sql: str, params: list[Any], chunk: int) -> Iterator[DictRow]:
        """Rows of ``sql`` from one snapshot through a server-side cursor, ``chunk`` at a time."""
        with self.db.snapshot() as conn, conn.cursor(name="factcheck_stream") as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(chunk):
                yield from rows

    def iter_export_rows(self, filters: VerdictFilters = NO_FILTERS, *,
                         chunk: int = CHUNK) -> Iterator[ExportRow]:
        where, params = self._selection_sql(filters)
        for row in self._stream(f"{_ROW_SQL} WHERE {where} ORDER BY v.id", params, chunk):
            yield row_to_export(as_row(row))

    def iter_review_records(self, filters: VerdictFilters = NO_FILTERS, *,
                            chunk: int = CHUNK) -> Iterator[ReviewRecord]:
        """One record per reviewed quote (cluster): its latest selected verdict + appearances."""
        where, params = self._selection_sql(replace_history(filters))
        sql = (f"{_ROW_SQL} WHERE {where} AND c.kind <> 'prior'"
               f" ORDER BY ({_CLUSTER_KEY}) COLLATE \"C\", v.id DESC")
        pending: list[tuple[ExportRow, Claimant]] = []
        last_key = None
        for row in self._stream(sql, params, chunk):
            if row["cluster_key"] == last_key:
                continue
            last_key = row["cluster_key"]
            pending.append((row_to_export(as_row(row)), _claimant(as_row(row))))
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
        for kind, condition, values in (
                ("cluster", "c.cluster_id = ANY(%s)", [int(v) for v in by_kind["cluster"]]),
                ("quote", "c.norm_sha256 = ANY(%s)", by_kind["quote"]),
                ("claim", "c.id = ANY(%s)", [int(v) for v in by_kind["claim"]])):
            if not values:
                continue
            rows = self.db.rows(f"SELECT {columns} FROM claims c JOIN articles a ON a.id = c.article_id"
                                f" WHERE c.kind <> 'prior' AND {condition} ORDER BY c.id", (values,))
            for r in rows:
                value = {"cluster": r["cluster_id"], "quote": r["norm_sha256"], "claim": r["id"]}[kind]
                seen = found.setdefault(f"{kind}:{value}", {})
                seen.setdefault(r["article_id"], Appearance(
                    url=r["url"], headline=r["title"], date=r["published"],
                    claim_id=r["id"], outlet=r["outlet"]))
        return {key: tuple(sorted(items.values(), key=lambda a: (a.date or "9999", a.claim_id)))
                for key, items in found.items()}

    def current_verdicts(self, claim_ids: Iterable[int] | None = None, *,
                         include_priors: bool = True) -> dict[int, Verdict]:
        """The current verdict of each claim that has one (of ``claim_ids``, or of every claim)."""
        with self.db.connection() as conn:  # one statement: consistent without a transaction
            rows = current_rows(conn, None if claim_ids is None else sorted(set(claim_ids)))
        return {int(r["claim_id"]): row_to_verdict(as_row(r)) for r in rows
                if include_priors or r["origin"] != "claimreview"}

    def verdict_counts_by_speaker(self, *, include_priors: bool = False) -> list[SpeakerVerdictCounts]:
        """Current verdicts per speaker and rating, most-checked speakers first."""
        where, params = self._selection_sql(VerdictFilters(include_priors=include_priors))
        prior = "" if include_priors else " AND c.kind <> 'prior'"
        rows = self.db.rows(
            "SELECT s.id AS sid, s.name AS name, s.type AS type, v.rating AS rating,"
            " COUNT(*) AS n FROM verdicts v JOIN claims c ON c.id = v.claim_id"
            f" JOIN speakers s ON s.id = c.speaker_id WHERE {where}{prior}"
            " GROUP BY s.id, s.name, s.type, v.rating", params)
        counts: dict[int, SpeakerVerdictCounts] = {}
        for r in rows:
            entry = counts.setdefault(r["sid"], SpeakerVerdictCounts(r["sid"], r["name"], r["type"], 0))
            entry.by_rating[r["rating"]] = int(r["n"])
        result = [SpeakerVerdictCounts(c.speaker_id, c.speaker, c.speaker_type,
                                       sum(c.by_rating.values()), dict(c.by_rating))
                  for c in counts.values()]
        return sorted(result, key=lambda c: (-c.total, c.speaker.casefold()))
