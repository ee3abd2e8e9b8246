"""JSON Lines export: one object per verdict with its claim, speaker and article."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from factcheck.export.records import LINE_SAFE, ExportRow
from factcheck.models import Verdict

BATCH = 1000


def evidence_dicts(row: ExportRow) -> list[dict[str, Any]]:
    return [{"url": e.url, "title": e.title, "passage": e.passage, "start": e.start, "end": e.end,
             "stance": e.stance, "source_id": e.source_id} for e in row.verdict.evidence]


def row_to_dict(row: ExportRow) -> dict[str, Any]:
    """The export fields of one verdict, in a stable order (CSV uses the same names)."""
    v = row.verdict
    return {
        "verdict_id": v.id, "claim_id": v.claim_id, "claim_text": row.claim_text,
        "kind": row.kind, "speaker": row.speaker, "speaker_type": row.speaker_type,
        "article_id": row.article_id, "article_title": row.article_title,
        "article_url": row.article_url, "article_published": row.article_published,
        "article_outlet": row.article_outlet, "start": row.start, "end": row.end,
        "rating": v.rating, "rating_value": v.rating_value, "best_rating": v.best_rating,
        "worst_rating": v.worst_rating, "explanation": v.explanation,
        "evidence": evidence_dicts(row), "reviewer": v.reviewer, "status": v.status,
        "created_at": v.created_at, "supersedes": v.supersedes, "origin": v.origin,
        "batch_id": v.batch_id, "retracted": v.retracted,
        "reviewer_issuer": v.reviewer_issuer, "reviewer_subject": v.reviewer_subject,
        "inputs": list(v.inputs),  # blind double review: the two independent reviews it settles
    }


COLUMNS: tuple[str, ...] = tuple(row_to_dict(ExportRow(
    verdict=Verdict(0, 0, ""), claim_text="", kind="", start=0, end=0, article_id=0)))


def jsonl_chunks(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """UTF-8 JSON Lines, one verdict per line, yielded a batch of lines at a time."""
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(row_to_dict(row), ensure_ascii=False).translate(LINE_SAFE))
        if len(lines) >= BATCH:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")
