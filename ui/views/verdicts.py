"""Verdicts page: the verdict log with filters, and CSV / JSONL / ClaimReview downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from factcheck.errors import FactcheckError
from factcheck.models import VERDICT_STATUSES
from ui.downloads import DOWNLOADS, ExportRequest, export_bytes, file_name
from ui.render import escape_markdown
from ui.resources import workspace

ws = workspace()
st.title("Verdicts")

cols = st.columns([1, 1, 1.4, 1, 1])
since = cols[0].date_input("Saved from", value=None, key="verdicts.since")
until = cols[1].date_input("Saved until", value=None, key="verdicts.until")
reviewer = cols[2].text_input("Reviewer", key="verdicts.reviewer")
status = cols[3].selectbox("Status", ["", *VERDICT_STATUSES], key="verdicts.status",
                           format_func=lambda s: s or "any")
history = cols[4].toggle("Every record", key="verdicts.history",
                         help="Include superseded records (the full history), not only current verdicts")
request = ExportRequest(since=since.isoformat() if since else "",
                        until=until.isoformat() if until else "", reviewer=reviewer.strip(),
                        status=status, include_history=history)

try:
    log = ws.verdicts(since=request.since, until=request.until, reviewer=request.reviewer,
                      status=request.status, limit=5000, current_only=not history)
except FactcheckError as exc:
    st.error(escape_markdown(str(exc)))
    st.stop()

claims = ws.claims_by_id(v.claim_id for v in log)
frame = pd.DataFrame([{
    "When": v.created_at, "Rating": v.rating, "Status": v.status, "Reviewer": v.reviewer,
    "Claim": claims[v.claim_id].text if v.claim_id in claims else "",
    "Speaker": claims[v.claim_id].speaker if v.claim_id in claims else "",
    "Explanation": v.explanation, "Evidence": len(v.evidence), "Claim id": v.claim_id,
    "Verdict id": v.id} for v in log],
    columns=["When", "Rating", "Status", "Reviewer", "Claim", "Speaker", "Explanation", "Evidence",
             "Claim id", "Verdict id"])
st.caption(f"{len(frame)} verdict{'s' if len(frame) != 1 else ''}")
st.dataframe(frame, hide_index=True, key="verdicts.table", width="stretch")

st.subheader("Download", anchor=False)
st.caption("The same files `factcheck export` writes, with the filters above.")
with st.container(horizontal=True):
    for fmt, label, mime in DOWNLOADS:
        st.download_button(label, data=lambda fmt=fmt: export_bytes(ws, fmt, request),
                           file_name=file_name(fmt), mime=mime, key=f"download.{fmt}",
                           on_click="ignore", icon="⬇️")
