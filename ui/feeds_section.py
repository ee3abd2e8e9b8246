"""The Feeds section of the Ingest page: follow, remove and poll feeds; last poll and outcome per feed."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from factcheck.auth import Action
from factcheck.errors import FactcheckError
from factcheck.feeds.records import Feed, PollReport
from factcheck.workspace import Workspace
from ui.identity import denied_reason
from ui.render import escape_inline

POLL_REPORT = "feeds.poll_report"  # the last "Poll now" report of this session
FEED_ERROR = "feeds.error"


def feed_rows(feeds: Sequence[Feed]) -> list[dict[str, object]]:
    """One table row per feed (plain-text cells: st.dataframe shows them literally)."""
    return [{"ID": f.id, "Feed": f.label, "URL": f.url, "Every (min)": f.every_minutes,
             "Last poll": f.last_poll_at[:19].replace("T", " ") or "never",
             "Outcome": f.last_status or "not polled yet", "Details": f.last_message,
             "Failures in a row": f.failures,
             "Next poll": f.next_poll_at[:19].replace("T", " ") or "now"} for f in feeds]


def entry_rows(report: PollReport) -> list[dict[str, object]]:
    """What each polled entry became (new article, unchanged, duplicate, failed) and why."""
    rows: list[dict[str, object]] = []
    for feed in report.feeds:
        if feed.status != "ok":
            rows.append({"Feed": feed.label, "Entry": "", "Result": f"feed {feed.status}",
                         "Article": None, "Why": feed.message})
        rows.extend({"Feed": feed.label, "Entry": e.title or e.url, "Result": e.status,
                     "Article": e.article_id, "Why": e.message} for e in feed.entries)
    return rows


def poll_summary(report: PollReport) -> str:
    """``3 feeds polled: 2 new articles, 1 failed`` (counts only; no untrusted text)."""
    failed = len(report.failed)
    return (f"**{len(report.feeds)} feeds polled**: {report.new_articles} new articles, "
            f"{failed} failed, in {report.seconds:.1f} s")


def render_feeds(ws: Workspace) -> None:
    """Draw the section (called once from ui/views/ingest.py)."""
    st.subheader("Feeds")
    st.caption("Followed RSS and Atom feeds; each poll ingests new entries (the linked page, or the "
               "entry's own summary when the page fails). Dates are kept at the precision known.")
    denied = denied_reason(ws.principal, Action.FEEDS)
    if denied:
        st.info(f"🔒 {denied}")
    with st.form("feeds_add", clear_on_submit=True):
        cols = st.columns([4, 2, 1])
        url = cols[0].text_input("Feed URL (RSS or Atom)", key="feeds.add.url")
        name = cols[1].text_input("Name (optional)", key="feeds.add.name")
        every = cols[2].number_input("Every (min)", min_value=1, value=int(ws.settings.feed_every_minutes),
                                     step=5, key="feeds.add.every")
        if st.form_submit_button("Follow feed", key="feeds.add.submit", disabled=bool(denied),
                                 help=denied or None):
            try:
                feed = ws.add_feed(url, name=name, every_minutes=int(every))
                st.session_state[FEED_ERROR] = ""
                st.toast(f"Following feed {feed.id}")
            except FactcheckError as exc:
                st.session_state[FEED_ERROR] = str(exc)
    if st.session_state.get(FEED_ERROR):
        st.error(escape_inline(st.session_state[FEED_ERROR]))
    feeds = ws.list_feeds()
    if not feeds:
        st.info("No feeds followed yet.")
        return
    st.dataframe(feed_rows(feeds), hide_index=True, key="feeds.table", width="stretch")
    cols = st.columns([1, 1, 2])
    if cols[0].button("Poll now", key="feeds.poll", type="primary", disabled=bool(denied),
                      help=denied or None):
        with st.spinner("Polling feeds…"):
            st.session_state[POLL_REPORT] = ws.poll_feeds(force=True)
        st.rerun()
    ids = [f.id for f in feeds]
    chosen = cols[2].selectbox("Feed to remove", ids, format_func=lambda i: f"feed {i}", key="feeds.remove.id")
    if cols[1].button("Remove feed", key="feeds.remove", disabled=bool(denied),
                      help=denied or None):
        try:
            ws.remove_feed(int(chosen))
        except FactcheckError as exc:
            st.session_state[FEED_ERROR] = str(exc)
        st.rerun()
    report = st.session_state.get(POLL_REPORT)
    if isinstance(report, PollReport):
        st.markdown(poll_summary(report))
        for failed in report.failed:
            st.warning(escape_inline(f"{failed.label}: {failed.message}"))
        st.dataframe(entry_rows(report), hide_index=True, key="feeds.report_table", width="stretch")
        if report.new_articles:
            st.page_link("views/review.py", label="Review the new claims", icon="✅")
