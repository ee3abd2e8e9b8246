"""Sources page: the reference library — add (paste, upload, URL), list and search passages."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from factcheck.auth import Action
from factcheck.errors import FactcheckError
from factcheck.models import SOURCE_KINDS
from factcheck.sources.library import SOURCE_SUFFIXES, SourceInput
from ui.identity import denied_reason
from ui.ingest_report import safe_upload_name
from ui.render import escape_inline, escape_markdown, highlighted_markdown
from ui.resources import workspace
from ui.review_panels import relevance_line

ws = workspace()
st.title("Reference sources")
st.caption("Official records, statistics and reports the evidence panel of the Review page draws on.")

add_tab, list_tab, search_tab = st.tabs(["Add", "Library", "Search"])

denied = denied_reason(ws.principal, Action.SOURCES)
with add_tab, st.form("sources.add", clear_on_submit=True):
    if denied:
        st.info(f"🔒 {denied}")
    cols = st.columns(3)
    kind = cols[0].selectbox("Kind", SOURCE_KINDS, key="sources.kind")
    publisher = cols[1].text_input("Publisher", key="sources.publisher")
    published = cols[2].text_input("Date (YYYY-MM-DD)", key="sources.published")
    title = st.text_input("Title", key="sources.title")
    url = st.text_input("Link of the original (optional)", key="sources.url")
    text = st.text_area("Paste the source text…", key="sources.text", height=160)
    files = st.file_uploader(f"…or upload files ({', '.join(SOURCE_SUFFIXES)})",
                             type=[s.lstrip(".") for s in SOURCE_SUFFIXES],
                             accept_multiple_files=True, key="sources.files")
    urls = st.text_area("…or fetch http(s) URLs (one per line)", key="sources.urls", height=68)
    if st.form_submit_button("Add to the library", key="sources.submit", type="primary",
                             disabled=bool(denied), help=denied or None):
        reports = []
        meta = {"kind": kind, "publisher": publisher.strip(), "published": published.strip()}
        try:
            if text.strip():
                reports.append(ws.archive_source(
                    SourceInput(label="pasted text", text=text, title=title.strip(),
                                url=url.strip(), origin="paste"),
                    title=title.strip(), url=url.strip(), **meta))
            inputs, names = [u.strip() for u in urls.splitlines() if u.strip()], {}
            with tempfile.TemporaryDirectory(prefix="factcheck-source-") as tmp:
                for number, upload in enumerate(files or []):
                    path = Path(tmp) / f"{number:03d}_{safe_upload_name(upload.name)}"
                    path.write_bytes(upload.getvalue())
                    inputs.append(str(path))
                    names[str(path)] = upload.name
                if inputs:
                    reports.extend(ws.add_sources(inputs, title=title.strip(), **meta))
        except FactcheckError as exc:
            st.error(escape_markdown(str(exc)))
        for report in reports:
            label = names.get(report.input, report.input) if inputs else report.input
            message = report.message.replace(report.input, label)
            if report.status == "added":
                st.success(escape_markdown(f"{label}: added as source {report.source_id} "
                                           f"({report.passages} passages)"))
            elif report.status == "duplicate":
                st.info(escape_markdown(f"{label}: already in the library "
                                        f"(source {report.source_id})"))
            else:
                st.error(escape_markdown(message or f"{label}: not added"))

with list_tab:
    library = ws.list_sources()
    st.caption(f"{len(library)} source{'s' if len(library) != 1 else ''}")
    st.dataframe(pd.DataFrame([{
        "Title": s.title, "Kind": s.kind, "Publisher": s.publisher, "Date": s.published,
        "Passages": n, "Link": s.url, "Archived": s.fetched_at, "Id": s.id} for s, n in library],
        columns=["Title", "Kind", "Publisher", "Date", "Passages", "Link", "Archived", "Id"]),
        hide_index=True, key="sources.table", width="stretch")

with search_tab:
    with st.form("sources.search"):
        query = st.text_input("Search the library", key="sources.query")
        asked = st.form_submit_button("Search", key="sources.search_submit")
    if asked:
        try:
            hits = ws.search_sources(query, k=10)
        except FactcheckError as exc:
            st.error(escape_markdown(str(exc)))
            hits = []
        if asked and not hits:
            st.caption("No passage found.")
        for number, hit in enumerate(hits):
            with st.container(border=True, key=f"sources.hit.{number}"):
                st.markdown(f"**{escape_inline(hit.source.title or 'untitled')}** · "
                            f"{escape_inline(hit.source.publisher)}")
                st.caption(relevance_line(hit))
                start = hit.sentence.start - hit.passage.start
                end = hit.sentence.end - hit.passage.start
                if not 0 <= start <= end <= len(hit.passage.text):
                    start = end = 0
                st.markdown(highlighted_markdown(hit.passage.text, start, end))
