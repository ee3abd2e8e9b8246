"""The Ingest page (AppTest) given hostile pasted text: one report row each, never an exception."""

from __future__ import annotations

import pytest

from tests.conftest import REPO

APP = REPO / "ui" / "app.py"
HOSTILE = [
    (" \n\t\u3000 ", "error"),
    ("The minister said costs rose. " * 34_000, "error"),  # over max_article_chars
    ('قال الوزير "لن نرفع الضرائب". 👩🏽‍⚕️ cafe\u0301 said "unclosed and ” stray « quotes.', "added"),
    ("[x](javascript:alert(1)) <script>alert(1)</script> ![](http://127.0.0.1:9/a.png) "
     "The mayor said the budget rose by 4 percent.", "added"),
]


@pytest.fixture
def page(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FACTCHECK_WORKSPACE", str(tmp_path / "ws"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("views/ingest.py").run()
    yield at
    st.cache_resource.clear()


def test_hostile_pastes_give_one_report_row_each(page):
    at = page
    for text, expected in HOSTILE:
        at.text_area(key="ingest.paste.text").input(text)
        at.button(key="ingest.paste.submit").click().run()
        assert not at.exception, at.exception
        frame = at.dataframe[0].value
        assert len(frame) == 1
        assert frame["Result"].tolist() == [expected], frame.to_dict()
        assert "\n" not in frame["What happened"].iloc[0]
