"""Ingest reports in plain words, and safe names for uploaded files."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.models import IngestReport

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_upload_name(name: str) -> str:
    """A file name for an upload: no folders, no odd characters, extension kept (lower case)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._")[:80] or "upload"
    suffix = _UNSAFE.sub("", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem


def describe(report: IngestReport) -> str:
    """One sentence saying what happened to an input."""
    if report.status == "added":
        found = "1 claim" if report.claims == 1 else f"{report.claims} claims"
        return f"Added as article {report.article_id}: {found} found."
    if report.status == "duplicate":
        return f"Already in the workspace (article {report.article_id}); nothing changed."
    return f"Not ingested: {report.message or 'unknown error'}"


def report_rows(reports: Sequence[IngestReport]) -> list[dict[str, object]]:
    """Table rows for the report (plain text cells; st.dataframe shows them literally)."""
    return [{"Input": r.input, "Result": r.status, "Claims": r.claims, "What happened": describe(r)}
            for r in reports]


def summary(reports: Sequence[IngestReport]) -> str:
    """``2 added (31 claims), 1 duplicate, 0 failed`` (no untrusted text in it)."""
    added = [r for r in reports if r.status == "added"]
    dupes = sum(r.status == "duplicate" for r in reports)
    failed = sum(r.status == "error" for r in reports)
    claims = sum(r.claims for r in added)
    return (f"**{len(added)} added** ({claims} claims), {dupes} "
            f"{'duplicate' if dupes == 1 else 'duplicates'}, {failed} failed")
