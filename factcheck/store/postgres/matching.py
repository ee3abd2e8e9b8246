"""Match queries on PostgreSQL: lexical search, candidate rows, clusters and reviewer feedback."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from factcheck.records import CandidateRow
from factcheck.store.db import utc_now
from factcheck.store.postgres.db import PgDatabase
from factcheck.store.postgres.fts import ranked
from factcheck.store.postgres.verdict_queries import PgVerdictQueries


class PgMatchStore(PgVerdictQueries):
    """Mixed into :class:`PostgresStore`: lexical match queries, clusters, match feedback."""

    db: PgDatabase

    def match_lexical(self, match: str, k: int, title_weight: float = 1.0) -> list[tuple[int, float]]:
        """Top-k (claim id, score; lower is better) over claim text + prior titles (see ``fts``)."""
        query = ranked("claims", "match_tsv", match, k, title_weight)
        return [] if query is None else [(int(r["id"]), float(r["s"])) for r in self.db.rows(*query)]

    def keyword_claims(self, match: str, k: int) -> list[tuple[int, float]]:
        """Top-k (claim id, score; lower is better) over claim text and speaker."""
        query = ranked("claims", "keyword_tsv", match, k, 1.0)
        return [] if query is None else [(int(r["id"]), float(r["s"])) for r in self.db.rows(*query)]

    def term_document_counts(self, words: Sequence[str]) -> dict[str, int]:
        """Empty: PostgreSQL keeps no document frequencies it can give cheaply (``ts_stat`` reads
        every row), so lexical queries here are never pruned (see ``lexical.prune_terms``)."""
        return {}

    def claim_rows(self, claim_ids: Iterable[int]) -> dict[int, CandidateRow]:
        """Fields needed to filter, fuse and group candidates: claim, article and verdict facts."""
        wanted = sorted(set(claim_ids))
        current = self.current_verdicts(wanted)
        rows = self.db.rows(
            "SELECT c.id, c.kind, c.text, c.speaker, c.article_id, c.cluster_id, c.norm_sha256,"
            " a.published, a.outlet, a.title, a.ingested_at FROM claims c"
            " JOIN articles a ON a.id = c.article_id WHERE c.id = ANY(%s)", (wanted,))
        return {int(r["id"]): CandidateRow(
            id=int(r["id"]), kind=str(r["kind"]), text=str(r["text"]), speaker=str(r["speaker"] or ""),
            article_id=int(r["article_id"]), cluster_id=r["cluster_id"],
            norm_sha256=str(r["norm_sha256"] or ""), published=str(r["published"] or ""),
            outlet=str(r["outlet"] or ""), title=str(r["title"] or ""),
            ingested_at=str(r["ingested_at"] or ""), has_verdict=int(r["id"]) in current) for r in rows}

    def appearance_dates(self, claim_ids: Iterable[int]) -> dict[int, str]:
        """When each claim appeared: its article's published date, else when it was ingested."""
        rows = self.db.rows(
            "SELECT c.id, COALESCE(NULLIF(a.published, ''), a.ingested_at, '') AS d FROM claims c"
            " JOIN articles a ON a.id = c.article_id WHERE c.id = ANY(%s)", (sorted(set(claim_ids)),))
        return {int(r["id"]): str(r["d"]) for r in rows}

    def claim_rows_light(self, claim_ids: Iterable[int]) -> dict[int, CandidateRow]:
        """``claim_rows`` with only the claim's own columns (see the SQLite store)."""
        rows = self.db.rows("SELECT id, kind, speaker, article_id, cluster_id, norm_sha256 FROM claims"
                            " WHERE id = ANY(%s)", (sorted(set(claim_ids)),))
        return {int(r["id"]): CandidateRow(
            id=int(r["id"]), kind=str(r["kind"]), text="", speaker=str(r["speaker"] or ""),
            article_id=int(r["article_id"]), cluster_id=r["cluster_id"],
            norm_sha256=str(r["norm_sha256"] or ""), published="", outlet="", title="", ingested_at="",
            has_verdict=False) for r in rows}

    def speaker_names(self, name: str) -> set[str]:
        """The speaker's canonical name and aliases, case-folded (for speaker filters and boosts)."""
        rows = self.db.rows(
            "SELECT s.name AS n FROM speakers s WHERE lower(s.name) = lower(%(n)s) UNION"
            " SELECT s.name FROM speaker_aliases al JOIN speakers s ON s.id = al.speaker_id"
            " WHERE lower(al.alias) = lower(%(n)s) UNION SELECT al.alias FROM speaker_aliases al"
            " JOIN speakers s ON s.id = al.speaker_id WHERE lower(s.name) = lower(%(n)s)", {"n": name})
        return {str(r["n"]).casefold() for r in rows} | {name.casefold()}

    def claims_with_hashes(self, hashes: Iterable[str]) -> dict[str, list[int]]:
        result: dict[str, list[int]] = {}
        for r in self.db.rows("SELECT norm_sha256, id FROM claims WHERE norm_sha256 = ANY(%s) ORDER BY id",
                              (sorted(set(hashes)),)):
            result.setdefault(str(r["norm_sha256"]), []).append(int(r["id"]))
        return result

    def claims_in_clusters(self, cluster_ids: Iterable[int]) -> dict[int, list[int]]:
        result: dict[int, list[int]] = {}
        for r in self.db.rows("SELECT cluster_id, id FROM claims WHERE cluster_id = ANY(%s) ORDER BY id",
                              (sorted(set(cluster_ids)),)):
            result.setdefault(int(r["cluster_id"]), []).append(int(r["id"]))
        return result

    def set_cluster_ids(self, assignment: dict[int, int | None]) -> None:
        with self.db.write() as conn, conn.cursor() as cur:
            cur.executemany("UPDATE claims SET cluster_id = %s WHERE id = %s",
                            [(cluster, cid) for cid, cluster in sorted(assignment.items())])

    # --- reviewer feedback on matches -------------------------------------------------------
    def add_match_feedback(self, claim_id: int, other_id: int, same: bool, reviewer: str,
                           score: float | None = None) -> int:
        with self.db.write() as conn:
            row = conn.execute(
                "INSERT INTO match_feedback (claim_id, other_id, same, score, reviewer, created_at)"
                " VALUES (%s,%s,%s,%s,%s,%s) RETURNING id",
                (claim_id, other_id, int(same), score, reviewer, utc_now())).fetchone()
            assert row is not None
            return int(row["id"])

    def match_feedback(self, claim_id: int) -> dict[int, bool]:
        """The latest same/different judgement per other claim, either direction."""
        rows = self.db.rows("SELECT claim_id, other_id, same FROM match_feedback"
                            " WHERE claim_id = %(c)s OR other_id = %(c)s ORDER BY id", {"c": claim_id})
        result: dict[int, bool] = {}
        for r in rows:
            other = int(r["other_id"]) if int(r["claim_id"]) == claim_id else int(r["claim_id"])
            result[other] = bool(r["same"])
        return result

    def all_match_feedback(self) -> list[tuple[int, int, bool]]:
        rows = self.db.rows("SELECT claim_id, other_id, same FROM match_feedback ORDER BY id")
        return [(int(r["claim_id"]), int(r["other_id"]), bool(r["same"])) for r in rows]

    def match_feedback_count(self) -> int:
        return int(self.db.scalar("SELECT COUNT(*) FROM match_feedback"))
