"""CSV and JSON Lines exporters: exact round trips for any text, formula injection guarded."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.export.csv import FORMULA_START, csv_chunks, guard_cell
from factcheck.export.jsonl import COLUMNS, jsonl_chunks, row_to_dict
from tests.export.strategies import export_rows


def _expected_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return guard_cell(json.dumps(value, ensure_ascii=False))
    return guard_cell(str(value))


@settings(max_examples=60, deadline=None)
@given(st.lists(export_rows(), max_size=5))
def test_csv_round_trips_every_cell(rows) -> None:
    data = b"".join(csv_chunks(rows)).decode("utf-8")
    parsed = list(csv.reader(io.StringIO(data, newline="")))
    assert parsed[0] == list(COLUMNS)
    assert len(parsed) == len(rows) + 1
    for row, cells in zip(rows, parsed[1:], strict=True):
        assert cells == [_expected_cell(v) for v in row_to_dict(row).values()]
        for cell in cells:
            assert not cell.startswith(FORMULA_START) or cell.lstrip("-").replace(".", "", 1).isdigit()
        evidence = json.loads(cells[COLUMNS.index("evidence")].removeprefix("'"))
        assert evidence == row_to_dict(row)["evidence"]


def test_formula_injection_gets_an_apostrophe() -> None:
    assert guard_cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert [guard_cell(s) for s in ("+1", "-1", "@x", "ok", "")] == ["'+1", "'-1", "'@x", "ok", ""]


@settings(max_examples=60, deadline=None)
@given(st.lists(export_rows(), max_size=5))
def test_jsonl_is_one_exact_object_per_verdict(rows) -> None:
    data = b"".join(jsonl_chunks(rows))
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == ""
    assert [json.loads(line) for line in lines[:-1]] == [row_to_dict(r) for r in rows]


def test_chunks_are_bounded_batches() -> None:
    from hypothesis import find

    row = find(export_rows(), lambda r: True)
    chunks = list(jsonl_chunks(row for _ in range(2500)))
    assert len(chunks) == 3  # 1000 + 1000 + 500 lines: never the whole export at once
