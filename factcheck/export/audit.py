"""Audit trail: the whole verdict history as hash-chained JSON Lines, and its verification.

Line *n* is ``{"seq": n, "prev_sha256": H(line n-1), "verdict": {...}}`` in canonical JSON
(sorted keys, no spaces), where ``H`` is the sha256 of the previous line's exact bytes
(without its newline) and the first line carries ``GENESIS``. Editing, inserting, removing
or reordering any line breaks the chain at the line after it; editing the *last* line is
caught by comparing the head hash (sha256 of the last line) with the one recorded at export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from factcheck.export.jsonl import row_to_dict
from factcheck.export.records import LINE_SAFE, ExportRow

GENESIS = "0" * 64
BATCH = 1000


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The outcome of :func:`verify`: ``ok``, entries checked, head hash, first broken line."""

    ok: bool
    entries: int
    head_sha256: str
    broken_line: int | None = None
    message: str = ""


def _canonical(entry: dict[str, object]) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            .translate(LINE_SAFE).encode())


def audit_lines(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """The chained lines (without newlines), one per verdict record, in the order given."""
    previous = GENESIS
    for seq, row in enumerate(rows, start=1):
        line = _canonical({"seq": seq, "prev_sha256": previous, "verdict": row_to_dict(row)})
        previous = hashlib.sha256(line).hexdigest()
        yield line


def audit_chunks(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """The audit file's bytes, a batch of lines at a time."""
    batch: list[bytes] = []
    for line in audit_lines(rows):
        batch.append(line)
        if len(batch) >= BATCH:
            yield b"\n".join(batch) + b"\n"
            batch = []
    if batch:
        yield b"\n".join(batch) + b"\n"


def verify(stream: BinaryIO) -> AuditReport:
    """Check the chain line by line; names the first line that does not follow from the one before."""
    previous = GENESIS
    count = 0
    for number, raw in enumerate(stream, start=1):
        line = raw.rstrip(b"\n")
        if not line.strip():
            return _broken(count, previous, number, "empty line inside the audit trail")
        try:
            entry = json.loads(line)
        except ValueError as exc:
            return _broken(count, previous, number, f"not valid JSON ({exc})")
        if not isinstance(entry, dict) or not isinstance(entry.get("verdict"), dict):
            return _broken(count, previous, number, "not an audit entry (no 'verdict' object)")
        if entry.get("seq") != number:
            return _broken(count, previous, number,
                           f"sequence number {entry.get('seq')!r}, expected {number}"
                           " (a line was removed, inserted or moved)")
        if entry.get("prev_sha256") != previous:
            return _broken(count, previous, number,
                           "prev_sha256 does not match the previous line: the previous line was "
                           "edited, or lines were removed, inserted or reordered")
        if _canonical(entry) != line:
            return _broken(count, previous, number, "line is not in canonical form (re-encoded or edited)")
        previous = hashlib.sha256(line).hexdigest()
        count += 1
    return AuditReport(ok=True, entries=count, head_sha256=previous,
                       message=f"chain intact: {count} entries, head sha256 {previous}")


def _broken(count: int, previous: str, line: int, reason: str) -> AuditReport:
    return AuditReport(ok=False, entries=count, head_sha256=previous, broken_line=line,
                       message=f"line {line}: {reason}")
