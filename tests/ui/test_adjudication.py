"""Adjudication page and Dashboard agreement: both reviews side by side, the adjudicated verdict records
both inputs and the adjudicator; the mode toggle; the agreement table (model-free workspace)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from factcheck.config import Settings
from factcheck.testing import HashingEmbedder
from factcheck.workspace import Workspace
from tests.ui.conftest import APP, _clear_caches

ARTICLE = ('The mayor said "crime fell by 20 percent last year" at the council meeting. '
           'Later, Jane Roe said "the budget for schools doubled since 2019" in an interview.')


@pytest.fixture
def disputed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, int]]:
    """A workspace in blind double review with one disputed claim and one agreed claim."""
    folder = tmp_path / "ws"
    (folder).mkdir()
    (folder / "config.json").write_text('{"learned_attribution": false}')
    ws = Workspace(folder, Settings(learned_attribution=False), embedder=HashingEmbedder())
    assert ws.ingest_text(ARTICLE, title="Council").status == "added"
    ws.set_double_review(True)
    first, second = (c.id for c in ws.claims()[:2])
    ws.review(first, "True", reviewer="Ana", explanation="The **police** data <b>confirms</b> it",
              evidence=["https://example.org/police"])
    ws.review(first, "Mostly false", reviewer="Bo", explanation="Only 3 percent")
    ws.review(second, "False", reviewer="Ana")
    ws.review(second, "False", reviewer="Bo")
    ws.close()
    monkeypatch.setenv("FACTCHECK_WORKSPACE", str(folder))
    _clear_caches()
    yield folder, first
    _clear_caches()


def open_page(page: str, reviewer: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.session_state["reviewer.name"] = reviewer
    at.switch_page(page)
    return at.run()


def test_adjudication_shows_both_reviews_and_saves_the_verdict(disputed: tuple[Path, int]) -> None:
    folder, claim = disputed
    at = open_page("views/adjudication.py", "Ed")
    assert not at.exception, at.exception
    assert at.toggle(key="adjudication.mode").value is True
    shown = "\n".join(m.value for m in at.markdown)
    assert "**True**" in shown and "**Mostly false**" in shown  # side by side
    assert "Ana" in shown and "Bo" in shown and "Only 3 percent" in shown
    assert "<b>" not in shown and "\\*\\*police\\*\\*" in shown  # reviewer text escaped, never markup
    assert at.selectbox(key="adjudication.claim").value == claim
    at.selectbox(key="adjudication.rating").select("Half true")
    at.text_area(key="adjudication.note").input("Both partly right")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    assert any("Adjudicated claim" in s.value for s in at.success), [e.value for e in at.error]
    ws = Workspace(folder, embedder=HashingEmbedder())
    verdict = ws.current_verdict(claim)
    assert verdict is not None and (verdict.origin, verdict.rating, verdict.reviewer) == (
        "adjudicated", "Half true", "Ed")
    reviews = sorted(r.id for r in ws.store.reviews_of([claim])[claim])
    assert list(verdict.inputs) == reviews and verdict.explanation == "Both partly right"
    assert [e.url for e in verdict.evidence] == ["https://example.org/police"]  # sources kept
    assert ws.disputes() == []
    assert any("No claim waits" in i.value for i in at.info)


def test_the_mode_toggle_and_the_agreement_table(disputed: tuple[Path, int]) -> None:
    folder, _claim = disputed
    at = open_page("views/dashboard.py", "Ed")
    assert not at.exception, at.exception
    assert any("Reviewer agreement" in s.value for s in at.subheader)
    (table,) = [d.value for d in at.dataframe]  # the agreement table (no speaker chosen)
    assert list(table["Reviewers"]) == ["all reviewers", "Ana & Bo"]
    assert list(table["Double-reviewed"]) == [2, 2] and list(table["Items in alpha"]) == [2, 2]
    assert list(table["Same rating"]) == ["50%", "50%"]
    at = open_page("views/adjudication.py", "Ed")
    at.toggle(key="adjudication.mode").set_value(False).run()
    assert not at.exception
    assert not Workspace(folder, embedder=HashingEmbedder()).double_review_enabled()
