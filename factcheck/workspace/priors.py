"""PriorChecks: ClaimReview import into the store and indexes, reviewer feedback, calibration."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from factcheck.config import Settings
from factcheck.errors import NotFoundError
from factcheck.match.claimreview_import import (
    ImportProblem,
    ImportReport,
    ParseResult,
    PriorRecord,
    parse_claimreview_file,
    parse_claimreview_text,
)
from factcheck.records import PriorAppearance
from factcheck.store.protocol import StoreBackend
from factcheck.workspace.calibrate import CALIBRATION_NAME, CalibrationReport, calibrate, rollback
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.matching import Matcher
from factcheck.workspace.vector_sync import SyncedVectorIndex

UPSERT_CHUNK = 2_000  # prior records per write transaction during an import


@dataclass(eq=False)
class PriorChecks:
    """Other organisations' fact-checks (ClaimReview) in, same/not-the-same labels, refits."""

    path: Path
    store: StoreBackend
    settings: Settings
    embedder: LazyEmbedder
    claims: SyncedVectorIndex
    titles: SyncedVectorIndex
    matcher: Matcher

    def prior_appearances(self, claim_id: int) -> list[PriorAppearance]:
        """Where an imported prior claim appeared (ClaimReview ``itemReviewed.appearance``)."""
        return self.store.prior_appearances(claim_id)

    def import_claimreview(self, paths: Iterable[str | Path]) -> ImportReport:
        """Import ClaimReview files or http(s) URLs of feeds (fetched through the safe fetcher);
        malformed records are reported by position and skipped."""
        parsed = []
        for path in paths:
            text = str(path)
            if text.startswith(("http://", "https://")):
                parsed.append(self._fetch_claimreview(text))
            else:
                parsed.append(parse_claimreview_file(Path(path)))
        return self._import_parsed(parsed)

    def import_claimreview_text(self, documents: Iterable[tuple[str, str]]) -> ImportReport:
        """Import ClaimReview documents given as (name, JSON or JSON Lines text), e.g. uploads."""
        return self._import_parsed([parse_claimreview_text(text, name) for name, text in documents])

    def _fetch_claimreview(self, url: str) -> ParseResult:
        from factcheck.fetch import FetchPolicy, fetch_url

        document = fetch_url(url, FetchPolicy.from_settings(self.settings))
        try:
            text = document.body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return ParseResult(problems=[ImportProblem(url, f"not UTF-8 text ({exc.reason})")])
        return parse_claimreview_text(text, url)

    def _import_parsed(self, parsed: Iterable[ParseResult]) -> ImportReport:
        records: list[PriorRecord] = []
        problems: list[ImportProblem] = []
        for result in parsed:
            records.extend(rec for _, rec in result.records)
            problems.extend(result.problems)
        # Load (and repair) the index first: the new claims then sync into it without a notice.
        self.claims.get()
        # The records are written (a transaction per chunk, on the writer thread's own connection)
        # while the model embeds their texts: SQLite works without the GIL, and so does torch.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prior-writer") as writer:
            written = writer.submit(self._upsert_in_chunks, records)
            # the vectors are cached by text, so the indexes sync without the model below
            self.embedder.encode([r.claim for r in records] + [r.title for r in records if r.title])
            upserted = written.result()
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        claim_ids, changed_text = [], []
        for (status, cid, changed), rec in zip(upserted, records, strict=True):
            counts[status] += 1
            claim_ids.append(cid)
            if changed:
                changed_text.append((cid, rec.claim))
        self.claims.get()  # syncs new claims from the vector cache
        if changed_text:
            self.claims.add([cid for cid, _ in changed_text],
                            self.embedder.encode([t for _, t in changed_text]))
        self.claims.save()
        self.titles.get()
        return ImportReport(added=counts["added"], updated=counts["updated"],
                            unchanged=counts["unchanged"], problems=tuple(problems),
                            claim_ids=tuple(claim_ids))

    def _upsert_in_chunks(self, records: list[PriorRecord]) -> list[tuple[str, int, bool]]:
        """``upsert_priors`` a chunk at a time: short transactions, so the vector cache's writes
        from the embedding thread wait for one chunk at most (each record stands alone: an import
        cut short is completed by importing again)."""
        results: list[tuple[str, int, bool]] = []
        for offset in range(0, len(records), UPSERT_CHUNK):
            results.extend(self.store.upsert_priors(records[offset:offset + UPSERT_CHUNK]))
        return results

    def record_match_feedback(self, claim_id: int, other_id: int, same: bool, reviewer: str) -> int:
        """Store a reviewer's judgement that two claims are (not) the same claim."""
        for cid in (claim_id, other_id):
            self.store.get_claim(cid)
        if claim_id == other_id:
            raise NotFoundError(f"claim {claim_id} cannot be compared with itself")
        return self.store.add_match_feedback(claim_id, other_id, same, reviewer)

    def calibrate_levels(self, *, dry_run: bool = False) -> CalibrationReport:
        """Refit the match levels from the stored same/not-the-same feedback (see ``calibrate``)."""
        return calibrate(self.matcher, dry_run=dry_run)

    def rollback_calibration(self) -> str:
        """Restore the previous calibration; says which one is now in use."""
        return rollback(self.path)

    def calibration_stamp(self) -> int:
        """Changes whenever this workspace's calibration file changes (0: the shipped one)."""
        try:
            return (self.path / CALIBRATION_NAME).stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def feedback_count(self) -> int:
        return self.store.match_feedback_count()
