"""Ingest page part: upload ClaimReview JSON / JSON Lines files of prior fact-checks."""

from __future__ import annotations

import streamlit as st

from factcheck.auth import Action
from factcheck.match.claimreview_import import ImportReport
from factcheck.workspace import Workspace
from ui.identity import denied_reason
from ui.render import escape_inline

REPORT_KEY = "ingest.claimreview.report"


def report_lines(report: ImportReport) -> list[str]:
    """The import report in plain words (problems name the file and record)."""
    lines = [f"{report.added} prior fact-checks added, {report.updated} updated, "
             f"{report.unchanged} unchanged, {report.skipped} skipped."]
    lines.extend(f"Skipped {problem}" for problem in report.problems[:20])
    if len(report.problems) > 20:
        lines.append(f"… and {len(report.problems) - 20} more skipped records.")
    return lines


def claimreview_upload(ws: Workspace) -> None:
    """A form taking ClaimReview uploads; the content is validated by the library's parser."""
    st.caption("Prior fact-checks as schema.org ClaimReview (a JSON object, array, @graph or "
               "JSON Lines): the Review page then shows similar fact-checked claims. From a shell: "
               "`factcheck import claimreview FILE|URL`.")
    limit_mb = int(ws.settings.max_upload_mb)
    with st.form("ingest_claimreview", clear_on_submit=True):
        files = st.file_uploader(f"ClaimReview files (.json, .jsonl; up to {limit_mb} MB each)",
                                 type=["json", "jsonl"], accept_multiple_files=True,
                                 key="ingest.claimreview.files")
        denied = denied_reason(ws.principal, Action.IMPORT_CLAIMREVIEW)
        if denied:
            st.info(f"🔒 {denied}")
        if st.form_submit_button("Import fact-checks", key="ingest.claimreview.submit",
                                 type="primary", disabled=bool(denied),
                                 help=denied or None) and files:
            documents, too_big = [], []
            for upload in files:
                data = upload.getvalue()
                if len(data) > limit_mb * 1_000_000:
                    too_big.append(upload.name)
                    continue
                documents.append((upload.name, data.decode("utf-8-sig", errors="replace")))
            with st.spinner("Importing and embedding the fact-checks…"):
                report = ws.import_claimreview_text(documents)
            lines = report_lines(report)
            lines.extend(f"Skipped {name}: over the {limit_mb} MB upload limit (setting "
                         "max_upload_mb)" for name in too_big)
            st.session_state[REPORT_KEY] = lines
    lines = st.session_state.get(REPORT_KEY)
    if lines:
        st.markdown("\n".join(f"- {escape_inline(line)}" for line in lines))
        st.page_link("views/review.py", label="Review claims against them", icon="✅")
