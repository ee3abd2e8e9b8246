"""Glue: the store's streamed records through the chosen exporter, counting what was written."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from factcheck.config import Settings
from factcheck.export.audit import GENESIS
from factcheck.export.claimreview import Publisher, claimreview_chunks
from factcheck.export.csv import csv_chunks
from factcheck.export.jsonl import jsonl_chunks
from factcheck.export.records import ExportRow, ExportSummary, ReviewRecord, VerdictFilters

T = TypeVar("T")


class VerdictRows(Protocol):
    """What an export reads: the store's streamed verdict rows (any backend provides them)."""

    def iter_export_rows(self, filters: VerdictFilters = ..., *,
                         chunk: int = ...) -> Iterator[ExportRow]: ...

    def iter_review_records(self, filters: VerdictFilters = ..., *,
                            chunk: int = ...) -> Iterator[ReviewRecord]: ...


class _Counter:
    def __init__(self) -> None:
        self.records = 0

    def count(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            self.records += 1
            yield item


def publisher_from(settings: Settings) -> Publisher:
    return Publisher(name=str(settings.organization_name), url=str(settings.organization_url),
                     review_url_template=str(settings.review_url_template))


def export_stream(store: VerdictRows, fmt: str, filters: VerdictFilters, settings: Settings,
                  summary: list[ExportSummary] | None = None) -> Iterator[bytes]:
    """Bytes of ``fmt`` for the verdicts ``filters`` selects; appends an ExportSummary at the end.

    Settings are checked now (before any byte is produced); the rows are read lazily.
    """
    publisher = publisher_from(settings) if fmt == "claimreview" else None
    return _stream(store, fmt, filters, publisher, summary)


def _stream(store: VerdictRows, fmt: str, filters: VerdictFilters, publisher: Publisher | None,
            summary: list[ExportSummary] | None) -> Iterator[bytes]:
    from factcheck.export.audit import audit_lines

    counter = _Counter()
    head = GENESIS
    size = 0
    if publisher is not None:
        chunks = claimreview_chunks(counter.count(store.iter_review_records(filters)), publisher)
    elif fmt == "csv":
        chunks = csv_chunks(counter.count(store.iter_export_rows(filters)))
    elif fmt == "jsonl":
        chunks = jsonl_chunks(counter.count(store.iter_export_rows(filters)))
    else:
        def audit() -> Iterator[bytes]:
            nonlocal head
            batch: list[bytes] = []
            for line in audit_lines(counter.count(store.iter_export_rows(filters))):
                batch.append(line)
                if len(batch) >= 1000:
                    head = hashlib.sha256(batch[-1]).hexdigest()
                    yield b"\n".join(batch) + b"\n"
                    batch = []
            if batch:
                head = hashlib.sha256(batch[-1]).hexdigest()
                yield b"\n".join(batch) + b"\n"
        chunks = audit()
    for chunk in chunks:
        size += len(chunk)
        yield chunk
    if summary is not None:
        summary.append(ExportSummary(fmt, counter.records, size, head if fmt == "audit" else ""))
