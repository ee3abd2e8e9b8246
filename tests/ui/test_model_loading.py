"""The app loads the model in the background once its first page is drawn, and says so on the page meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from factcheck.testing import HashingEmbedder
from factcheck.workspace import embedding
from factcheck.workspace.embedding import LazyEmbedder

BACKGROUND_LOAD = LazyEmbedder.load_in_background  # before the app tests' fixture turns it off


class GatedModel(HashingEmbedder):
    """A model whose load waits until the test opens the gate."""

    def __init__(self, gate: threading.Event, fail: str = "") -> None:
        super().__init__()
        self.gate, self.fail, self.loaded = gate, fail, False

    def load(self) -> None:
        assert self.gate.wait(30)
        if self.fail:
            raise RuntimeError(self.fail)
        self.loaded = True


def _notices(at) -> list[str]:
    return [i.value for i in at.info if "loading in the background" in i.value]


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch):
    def install(fail: str = "") -> threading.Event:
        gate = threading.Event()
        model = GatedModel(gate, fail)
        monkeypatch.setattr(embedding, "SentenceTransformerEmbedder", lambda *a, **k: model)
        monkeypatch.setattr(LazyEmbedder, "load_in_background", BACKGROUND_LOAD)
        return gate

    return install


def _until(predicate, at, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        at.run()
        if predicate(at):
            return at
        time.sleep(0.1)
    raise AssertionError("the app did not reach the expected state")


def test_first_page_is_drawn_while_the_model_loads_then_the_notice_goes(seed_ws, app, gated):
    from ui.resources import workspace

    gate = gated()
    at = app()
    assert not at.exception, at.exception
    assert _notices(at), [i.value for i in at.info]  # says the model is loading...
    assert at.button  # ...and the Review page is drawn and usable meanwhile (its verdict form)
    assert workspace().model_state() == "idle"  # the first page does not share the CPU with the load
    at.run()  # the next run (the notice's refresh once the browser drew the page, or a click)
    assert workspace().model_state() == "loading"
    assert _notices(at)  # still loading: the notice stays
    gate.set()
    _until(lambda t: not _notices(t), at)
    assert workspace().model_state() == "ready"
    assert not at.exception


def test_a_model_that_fails_to_load_is_reported_on_the_page(seed_ws, app, gated):
    gate = gated(fail="model.safetensors has sha256 0000, expected 53aa")
    gate.set()
    at = _until(lambda t: bool(t.error), app())
    assert "could not be loaded" in at.error[0].value and "sha256" in at.error[0].value


@pytest.mark.model  # the filtered queue's first claim has a context not embedded when the seed was built
def test_many_articles_filter_by_id_instead_of_a_list(seed_ws, app, monkeypatch):
    import ui.queue

    monkeypatch.setattr(ui.queue, "ARTICLE_LIST_MAX", 0)  # the seed workspace has one article
    at = app()
    assert not at.exception, at.exception
    assert "Article" not in [s.label for s in at.selectbox]
    box = next(n for n in at.number_input if n.label == "Article id")
    from ui.resources import workspace

    article_id = workspace().claims()[0].article_id
    box.set_value(article_id).run()
    assert not at.exception, at.exception
    assert any(b.label == "Save verdict" for b in at.button)  # that article's first claim, its verdict form
    box.set_value(article_id + 1000).run()
    assert any("No claim to review" in i.value for i in at.info)


def test_the_model_load_starts_after_a_page_that_stops_early(empty_ws, app, gated):
    from ui.resources import workspace

    gate = gated()
    at = app()  # an empty workspace: the Review page says so and stops there (st.stop)
    assert not at.exception, at.exception
    assert any("No claim to review" in i.value for i in at.info)
    assert workspace().model_state() == "idle"
    at.run()  # the notice's refresh (or a click) starts the load all the same
    assert workspace().model_state() == "loading"
    gate.set()
    _until(lambda t: not _notices(t), at)
