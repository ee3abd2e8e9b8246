"""Ingest page: paste text, upload files or enter URLs; progress and a plain-words report per item."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from factcheck.auth import Action
from factcheck.ingest import ARTICLE_SUFFIXES
from factcheck.models import IngestReport
from ui import state
from ui.claimreview_upload import claimreview_upload
from ui.feeds_section import render_feeds
from ui.identity import denied_reason
from ui.ingest_report import report_rows, safe_upload_name, summary
from ui.resources import workspace

ws = workspace()
st.title("Ingest articles")
st.caption("Articles are split into claims and quotes, embedded and indexed; the text is kept as is.")
denied = denied_reason(ws.principal, Action.INGEST)
if denied:
    st.info(f"🔒 {denied}")


def show_reports(reports: list[IngestReport]) -> None:
    st.session_state[state.INGEST_REPORTS] = reports


def run_with_progress(label: str, work) -> list[IngestReport]:
    bar = st.progress(0.0, text=f"{label}…")

    def progress(item: str, done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{label}: {done} of {total}")

    reports = work(progress)
    bar.progress(1.0, text=f"{label}: done")
    return reports


paste_tab, upload_tab, url_tab, claimreview_tab = st.tabs(
    ["Paste text", "Upload files", "URLs", "Prior fact-checks (ClaimReview)"])

with claimreview_tab:
    claimreview_upload(ws)

with paste_tab, st.form("ingest_paste", clear_on_submit=False):
    title = st.text_input("Title (optional)", key="ingest.paste.title")
    cols = st.columns(3)
    outlet = cols[0].text_input("Outlet (optional)", key="ingest.paste.outlet")
    published = cols[1].text_input("Date (optional, YYYY-MM-DD)", key="ingest.paste.date")
    url = cols[2].text_input("Link (optional)", key="ingest.paste.url")
    text = st.text_area("Article text", key="ingest.paste.text", height=220)
    if st.form_submit_button("Ingest text", key="ingest.paste.submit", type="primary",
                             disabled=bool(denied), help=denied or None):
        report = ws.ingest_text(text, label="pasted text", title=title.strip(),
                                outlet=outlet.strip(), published=published.strip(),
                                url=url.strip())
        show_reports([report])

limit_mb = int(ws.settings.max_upload_mb)
with upload_tab, st.form("ingest_upload", clear_on_submit=True):
    files = st.file_uploader(
        f"Article files ({', '.join(ARTICLE_SUFFIXES)}; up to {limit_mb} MB each)",
        type=[s.lstrip(".") for s in ARTICLE_SUFFIXES], accept_multiple_files=True,
        key="ingest.upload.files")
    if st.form_submit_button("Ingest files", key="ingest.upload.submit", type="primary",
                             disabled=bool(denied), help=denied or None) and files:
        reports: list[IngestReport] = []
        with tempfile.TemporaryDirectory(prefix="factcheck-upload-") as tmp:
            paths, names = [], {}
            for number, upload in enumerate(files):
                data = upload.getvalue()
                if len(data) > limit_mb * 1_000_000:
                    reports.append(IngestReport(
                        input=upload.name, status="error",
                        message=f"{upload.name}: {len(data) / 1e6:.1f} MB is over the {limit_mb} MB "
                                "upload limit (setting max_upload_mb)"))
                    continue
                # The library checks the content (encoding, HTML, binary) whatever the extension says.
                path = Path(tmp) / f"{number:03d}_{safe_upload_name(upload.name)}"
                path.write_bytes(data)
                paths.append(str(path))
                names[str(path)] = upload.name
            if paths:
                done = run_with_progress("Ingesting files", lambda cb: ws.ingest(paths, progress=cb))
                for r in done:
                    reports.append(IngestReport(
                        input=names.get(r.input, r.input), status=r.status,
                        article_id=r.article_id, claims=r.claims,
                        message=r.message.replace(r.input, names.get(r.input, r.input))))
        show_reports(reports)

with url_tab, st.form("ingest_urls"):
    raw = st.text_area("One http(s) URL per line", key="ingest.urls.text", height=120)
    if st.form_submit_button("Fetch and ingest", key="ingest.urls.submit", type="primary",
                             disabled=bool(denied), help=denied or None):
        urls = [line.strip() for line in raw.splitlines() if line.strip()]
        if urls:
            show_reports(run_with_progress("Fetching", lambda cb: ws.ingest(urls, progress=cb)))

reports = state.get(state.INGEST_REPORTS)
if reports:
    st.subheader("Report")
    st.markdown(summary(reports))
    st.dataframe(report_rows(reports), hide_index=True, key="ingest.report_table",
                 width="stretch")
    if any(r.status == "added" for r in reports):
        st.page_link("views/review.py", label="Review the new claims", icon="✅")

render_feeds(ws)
