"""Exports of verdicts: CSV, JSON Lines, ClaimReview JSON-LD and the hash-chained audit trail.

Every exporter is a pure function from an iterable of records to an iterator of ``bytes``
chunks, so the CLI (to a file) and the UI (a download button) serve the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from factcheck.fileio import atomic_output

FORMATS: tuple[str, ...] = ("csv", "jsonl", "claimreview", "audit")
EXTENSIONS: dict[str, str] = {"csv": ".csv", "jsonl": ".jsonl", "claimreview": ".json",
                              "audit": ".audit.jsonl"}


def write_chunks(chunks: Iterable[bytes], out: BinaryIO) -> int:
    """Write every chunk to ``out``; returns the number of bytes written."""
    total = 0
    for chunk in chunks:
        out.write(chunk)
        total += len(chunk)
    return total


__all__ = ["EXTENSIONS", "FORMATS", "atomic_output", "write_chunks"]
