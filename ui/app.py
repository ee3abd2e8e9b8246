"""The reviewer app: page config, sign-in when configured, the reviewer box, navigation, run."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts only ui/ on the path
    sys.path.insert(0, str(ROOT))

from ui.identity import auth_configured, login_page, reviewer_sidebar, signed_in  # noqa: E402
from ui.model_status import model_notice  # noqa: E402
from ui.resources import workspace  # noqa: E402

st.set_page_config(page_title="factcheck", page_icon="🔎", layout="wide",
                   initial_sidebar_state="expanded")

PAGES = [
    st.Page("views/review.py", title="Review", icon="✅", default=True, url_path="review"),
    st.Page("views/search.py", title="Search", icon="🔍", url_path="search"),
    st.Page("views/ingest.py", title="Ingest", icon="📥", url_path="ingest"),
    st.Page("views/verdicts.py", title="Verdicts", icon="📜", url_path="verdicts"),
    st.Page("views/dashboard.py", title="Dashboard", icon="📊", url_path="dashboard"),
    st.Page("views/adjudication.py", title="Adjudication", icon="⚖️", url_path="adjudication"),
    st.Page("views/sources.py", title="Sources", icon="📚", url_path="sources"),
]

if auth_configured() and not signed_in():  # a team deployment: nothing but the sign-in page
    st.navigation([st.Page(login_page, title="Sign in", icon="🔑", url_path="signin")]).run()
    st.stop()

page = st.navigation(PAGES)
reviewer_sidebar(workspace().principal)
model_notice(workspace())  # the model starts loading on the session's next run, after this page
page.run()
