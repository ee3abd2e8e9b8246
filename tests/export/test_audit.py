"""Audit trail: the chain verifies, and any edit, removal or reordering names the broken line."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.export.audit import audit_chunks, verify
from factcheck.export.records import LINE_SAFE
from tests.export.strategies import export_rows


def _file(rows) -> bytes:
    return b"".join(audit_chunks(rows))


@settings(max_examples=40, deadline=None)
@given(st.lists(export_rows(), min_size=2, max_size=6), st.data())
def test_any_edit_is_detected_at_or_after_the_edited_line(rows, data) -> None:
    good = _file(rows)
    report = verify(io.BytesIO(good))
    assert report.ok and report.entries == len(rows)
    lines = good.split(b"\n")[:-1]
    target = data.draw(st.integers(0, len(lines) - 2), label="line")  # not the last: see head
    entry = json.loads(lines[target])
    entry["verdict"]["rating"] = entry["verdict"]["rating"] + "!"
    edited = list(lines)
    edited[target] = json.dumps(entry, ensure_ascii=False, sort_keys=True,
                                separators=(",", ":")).translate(LINE_SAFE).encode()
    broken = verify(io.BytesIO(b"\n".join(edited) + b"\n"))
    assert not broken.ok and broken.broken_line == target + 2


def test_removal_reorder_and_last_line_edit() -> None:
    from hypothesis import find

    rows = find(st.lists(export_rows(), min_size=4, max_size=4), lambda r: True)
    good = _file(rows)
    lines = good.split(b"\n")[:-1]
    removed = verify(io.BytesIO(b"\n".join(lines[:1] + lines[2:]) + b"\n"))
    assert (removed.ok, removed.broken_line) == (False, 2)
    swapped = verify(io.BytesIO(b"\n".join([lines[0], lines[2], lines[1], lines[3]]) + b"\n"))
    assert (swapped.ok, swapped.broken_line) == (False, 2)
    garbage = verify(io.BytesIO(b"\n".join([*lines[:3], b"{not json"]) + b"\n"))
    assert (garbage.ok, garbage.broken_line) == (False, 4)
    head = verify(io.BytesIO(good)).head_sha256
    entry = json.loads(lines[3])
    entry["verdict"]["rating"] = "True"
    last_edit = [*lines[:3], json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()]
    report = verify(io.BytesIO(b"\n".join(last_edit) + b"\n"))
    assert report.ok and report.head_sha256 != head  # only the recorded head catches this one
    reformatted = verify(io.BytesIO(b"\n".join([json.dumps(json.loads(lines[0]), indent=None).encode(), *lines[1:]]) + b"\n"))
    assert (reformatted.ok, reformatted.broken_line) == (False, 1)
