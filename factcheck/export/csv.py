"""CSV export: one row per verdict, evidence as JSON, cells guarded against formula injection."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from factcheck.export.jsonl import COLUMNS, row_to_dict
from factcheck.export.records import ExportRow

BATCH = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)


def guard_cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is kept."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return value
    if kind is list:
        return guard_cell(json.dumps(value, ensure_ascii=False))
    return guard_cell(str(value))


def csv_chunks(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """UTF-8 CSV (RFC 4180, header row first), yielded a batch of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_cell(v) for v in row_to_dict(row).values()])
        if count % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
