"""VerdictLog: record verdicts (conflict-checked), cluster actions with undo, history, exports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from factcheck.auth import LOCAL_ISSUER, Principal
from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.export import FORMATS, atomic_output, write_chunks
from factcheck.export.records import ExportSummary
from factcheck.models import STANCES, VERDICT_STATUSES, Evidence, Verdict
from factcheck.ratings import RatingScale, scale_for
from factcheck.records import BasedOn, Check, SpeakerVerdictCounts, UndoResult, VerdictFilters
from factcheck.store.protocol import StoreBackend

__all__ = ["Check", "ExportSummary", "UndoResult", "VerdictLog", "parse_bound"]


def parse_bound(text: str, *, end: bool) -> str:
    """A --since/--until value as an ISO 8601 UTC bound (``end``: exclusive, whole day included)."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if end:
                moment += timedelta(days=1)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
            if end:
                moment += timedelta(microseconds=1)
    except ValueError:
        flag = "--until" if end else "--since"
        raise InputError(f"{flag} {text!r} is not an ISO 8601 date; use YYYY-MM-DD or "
                         "YYYY-MM-DDTHH:MM[:SS][+00:00]") from None
    return moment.isoformat(timespec="microseconds")


def _evidence(items: Iterable[Evidence | str]) -> tuple[Evidence, ...]:
    from factcheck.export.lint import is_absolute_url

    result = []
    for item in items:
        ev = Evidence(url=item.strip()) if isinstance(item, str) else item
        if ev.url and not is_absolute_url(ev.url):
            raise InputError(f"evidence URL {ev.url!r} is not an absolute http(s) URL")
        if not ev.url and ev.source_id is None:
            raise InputError("an evidence item needs a URL or a reference-library source id")
        if ev.stance not in STANCES:
            raise InputError(f"evidence stance {ev.stance!r} is not one of {', '.join(STANCES)}")
        if (ev.start is None) != (ev.end is None) or (
                ev.start is not None and ev.end is not None and not 0 <= ev.start <= ev.end):
            raise InputError(f"evidence offsets {ev.start}..{ev.end} are not a valid span")
        result.append(ev)
    return tuple(result)


@dataclass(eq=False)
class VerdictLog:
    """Append-only verdicts: record (conflict-checked), cluster actions with undo, history, exports."""

    store: StoreBackend
    settings: Settings
    notices: list[str]

    def rating_scale(self) -> RatingScale:
        """The scale named by the ``rating_scale`` setting."""
        return scale_for(str(self.settings.rating_scale))

    def _new_verdict(self, claim_id: int, rating: str, explanation: str,
                     evidence: Iterable[Evidence | str], reviewer: str, status: str,
                     by: Principal | None) -> Verdict:
        """The verdict to append; ``by`` is who records it (None: the local ``reviewer`` name)."""
        if status not in VERDICT_STATUSES:
            raise InputError(f"status {status!r} is not one of: {', '.join(VERDICT_STATUSES)}")
        scale = self.rating_scale()
        chosen = scale.resolve(rating)
        ordinal = chosen.value is not None
        return Verdict(id=0, claim_id=claim_id, rating=chosen.label, explanation=explanation.strip(),
                       evidence=_evidence(evidence), status=status,
                       reviewer=by.display_name if by is not None else reviewer.strip(),
                       reviewer_issuer=by.issuer if by is not None else LOCAL_ISSUER,
                       reviewer_subject=by.subject if by is not None else reviewer.strip(),
                       rating_value=chosen.value, best_rating=scale.best if ordinal else None,
                       worst_rating=scale.worst if ordinal else None)

    def record_verdict(self, claim_id: int, rating: str, *, explanation: str = "",
                       evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                       status: str = "draft", based_on: BasedOn = Check.SKIP,
                       by: Principal | None = None) -> Verdict:
        """Append a verdict for a claim; the rating's value/best/worst are stored with it.

        ``based_on`` is the id of the verdict the reviewer was looking at (None: none); when
        the claim's current verdict is another one, :class:`ConflictError` carries both.
        ``by`` is the reviewer's identity (the Workspace passes its checked principal).
        """
        new = self._new_verdict(claim_id, rating, explanation, evidence, reviewer, status, by)
        return self.store.add_verdict(new, based_on=based_on)

    def current_verdict(self, claim_id: int) -> Verdict | None:
        return self.store.current_verdict(claim_id)

    def current_verdicts(self, claim_ids: Iterable[int] | None = None, *,
                         include_priors: bool = False) -> dict[int, Verdict]:
        """Each claim's current verdict (the store's one definition); priors' only when asked."""
        return self.store.current_verdicts(claim_ids, include_priors=include_priors)

    def batch_verdicts(self, batch_id: str) -> list[Verdict]:
        """The verdict records one cluster action (or its undo) appended."""
        return self.store.batch_verdicts(batch_id)

    def history(self, claim_id: int) -> list[Verdict]:
        """Every verdict record of a claim, oldest first (raises NotFoundError for no claim)."""
        self.store.get_claim(claim_id)
        return self.store.verdict_history(claim_id)

    def verdicts(self, *, since: str = "", until: str = "", reviewer: str = "", status: str = "",
                 limit: int | None = None, include_priors: bool = False,
                 current_only: bool = False) -> list[Verdict]:
        """The verdict log (every record matching the filters), newest first; ``current_only``:
        per claim, the latest record matching the filters that no undo withdrew (what exports pick).

        Verdicts imported with prior fact-checks (ClaimReview) are left out unless asked for.
        """
        return self.store.verdict_log(
            self._filters(since, until, reviewer, status, not current_only, include_priors),
            limit=limit)

    def cluster_claims(self, claim_id: int) -> list[int]:
        """Claims a cluster action on ``claim_id`` would touch (every appearance of the quote)."""
        return self.store.cluster_claim_ids(claim_id)

    def apply_verdict_to_cluster(self, claim_id: int, rating: str, *, explanation: str = "",
                                 evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                                 status: str = "draft", based_on: BasedOn = Check.SKIP,
                                 by: Principal | None = None) -> str:
        """Record the verdict on every appearance of the claim's quote; returns the batch id."""
        new = self._new_verdict(claim_id, rating, explanation, evidence, reviewer, status, by)
        batch_id, _saved = self.store.add_cluster_verdict(
            new, self.store.cluster_claim_ids(claim_id), based_on=based_on)
        return batch_id

    def undo_batch(self, batch_id: str, *, reviewer: str = "",
                   by: Principal | None = None) -> UndoResult:
        """Undo a cluster action by appending records; claims edited since are left alone."""
        if by is None:
            result = self.store.undo_batch(batch_id, reviewer=reviewer)
        else:
            result = self.store.undo_batch(batch_id, reviewer=by.label,
                                           reviewer_issuer=by.issuer, reviewer_subject=by.subject)
        if result.skipped:
            self.notices.append(
                f"undo left claims {', '.join(map(str, result.skipped))} alone: they got a newer"
                " verdict after the cluster action")
        return result

    def verdict_counts_by_speaker(self, *, include_priors: bool = False) -> list[SpeakerVerdictCounts]:
        return self.store.verdict_counts_by_speaker(include_priors=include_priors)

    # --- exports --------------------------------------------------------------------------
    def _filters(self, since: str, until: str, reviewer: str, status: str,
                 include_history: bool, include_priors: bool = False) -> VerdictFilters:
        if status and status not in VERDICT_STATUSES:
            raise InputError(f"status {status!r} is not one of: {', '.join(VERDICT_STATUSES)}")
        return VerdictFilters(since=parse_bound(since, end=False) if since else "",
                              until=parse_bound(until, end=True) if until else "",
                              reviewer=reviewer.strip(), status=status,
                              include_history=include_history, include_priors=include_priors)

    def export_chunks(self, fmt: str, *, since: str = "", until: str = "", reviewer: str = "",
                      status: str = "", include_history: bool = False, include_priors: bool = False,
                      summary: list[ExportSummary] | None = None) -> Iterator[bytes]:
        """The bytes of an export, streamed (the UI offers exactly what the CLI writes).

        Verdicts imported with prior fact-checks are other organisations' work: they are left
        out unless ``include_priors``; the audit trail always holds every record.
        """
        from factcheck.export.pipeline import export_stream

        if fmt not in FORMATS:
            raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if fmt == "audit" and (since or until or reviewer or status):
            raise InputError("the audit trail is always the full history; drop --since/--until/"
                             "--reviewer/--status")
        if fmt == "claimreview" and status != "published":
            self.notices.append("ClaimReview export includes unpublished verdicts; add "
                                "--status published to export published reviews only")
        whole = fmt == "audit"
        filters = self._filters(since, until, reviewer, status, include_history or whole,
                                include_priors or whole)
        return export_stream(self.store, fmt, filters, self.settings, summary)

    def export(self, fmt: str, out: BinaryIO | Path, *, since: str = "", until: str = "",
               reviewer: str = "", status: str = "", include_history: bool = False,
               include_priors: bool = False) -> ExportSummary:
        """Write an export to a file object, or atomically to a path (complete or absent)."""
        summary: list[ExportSummary] = []
        chunks = self.export_chunks(fmt, since=since, until=until, reviewer=reviewer,
                                    status=status, include_history=include_history,
                                    include_priors=include_priors, summary=summary)
        if isinstance(out, Path):
            with atomic_output(out) as handle:
                write_chunks(chunks, handle)
        else:
            write_chunks(chunks, out)
        return summary[0]
