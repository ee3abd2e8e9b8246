"""The Feeds section of the Ingest page (AppTest): follow, poll now, outcome per feed, remove."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feeds.conftest import TEST_SETTINGS
from tests.feeds.site import page, rss, serve
from tests.fetch.localserver import Reply

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def _clear() -> None:
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app_ws(tmp_path, monkeypatch) -> Iterator[Path]:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(TEST_SETTINGS), encoding="utf-8")
    monkeypatch.setenv("FACTCHECK_WORKSPACE", str(folder))
    _clear()
    yield folder
    _clear()


def ingest_page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.switch_page("views/ingest.py").run()
    assert not at.exception
    return at



def frame(at, column: str):
    """The table holding ``column`` (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.model
def test_feeds_section_follow_poll_remove(app_ws, server) -> None:
    serve(server, "/story", page("a", title="Bus network"))
    good = serve(server, "/good.xml", Reply(200, rss([
        {"title": "<script>alert(1)</script>Buses *expand* [x](http://evil.example)", "guid": "1",
         "link": server.url("/story")}])))
    broken = serve(server, "/broken.xml", Reply(200, b"<rss><channel><item>"))

    at = ingest_page()
    assert any("No feeds followed yet" in i.value for i in at.info)
    for url, name in ((good, "Daily"), (broken, "Broken [link](http://evil.example)")):
        at.text_input(key="feeds.add.url").input(url)
        at.text_input(key="feeds.add.name").input(name)
        at.button(key="feeds.add.submit").click().run()
        assert not at.exception
    at.text_input(key="feeds.add.url").input("ftp://nope.example/feed")
    at.button(key="feeds.add.submit").click().run()
    assert "must start with http" in at.error[0].value

    feeds = frame(at, "Next poll")
    assert list(feeds["Feed"]) == ["Daily", "Broken [link](http://evil.example)"]
    assert list(feeds["Outcome"]) == ["not polled yet", "not polled yet"]

    at.button(key="feeds.poll").click().run()
    assert not at.exception
    feeds = frame(at, "Next poll")
    assert list(feeds["Outcome"]) == ["ok", "failed"]
    assert feeds["Details"][1].startswith(f"{broken}: not a well-formed RSS or Atom feed")
    assert any("2 feeds polled" in m.value and "1 new articles" in m.value for m in at.markdown)
    # The failing feed's name and reason are shown escaped: no live link, no markup.
    warning = at.warning[0].value
    assert "\\[link\\]" in warning and "](http" not in warning
    report = frame(at, "Why")
    assert list(report["Result"]) == ["new", "feed failed"]
    assert report["Entry"][0] == "Buses *expand* [x](http://evil.example)"  # plain text, tags removed

    at.selectbox(key="feeds.remove.id").select(2).run()
    at.button(key="feeds.remove").click().run()
    assert list(frame(at, "Next poll")["ID"]) == [1]
