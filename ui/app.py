"""The reviewer app: page config, the reviewer box, navigation between pages, run."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts only ui/ on the path
    sys.path.insert(0, str(ROOT))

from ui.identity import reviewer_sidebar  # noqa: E402
from ui.model_status import model_notice, start_model_load  # noqa: E402
from ui.resources import workspace  # noqa: E402

st.set_page_config(page_title="factcheck", page_icon="🔎", layout="wide",
                   initial_sidebar_state="expanded")

PAGES = [
    st.Page("views/review.py", title="Review", icon="✅", default=True, url_path="review"),
    st.Page("views/search.py", title="Search", icon="🔍", url_path="search"),
    st.Page("views/ingest.py", title="Ingest", icon="📥", url_path="ingest"),
    st.Page("views/verdicts.py", title="Verdicts", icon="📜", url_path="verdicts"),
    st.Page("views/dashboard.py", title="Dashboard", icon="📊", url_path="dashboard"),
    st.Page("views/sources.py", title="Sources", icon="📚", url_path="sources"),
]

page = st.navigation(PAGES)
reviewer_sidebar()
model_notice(workspace())
page.run()
start_model_load(workspace())  # after the first page is drawn, so that page does not wait for it
