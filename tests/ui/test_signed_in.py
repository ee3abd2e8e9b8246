"""Signed-in users in the app (AppTest seeds st.user): identity and role shown, controls by role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.workspace import Workspace

ISSUER = "https://id.example.org"


def signed_in(app, seed_ws: Path, *, sub: str, email: str, name: str, roles: list[str],
              page: str | None = None):
    (seed_ws / "config.json").write_text(json.dumps({"roles": roles}), encoding="utf-8")
    from streamlit.testing.v1 import AppTest

    from tests.ui.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=90)
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": sub, "email": email, "name": name}
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def sidebar_text(at) -> str:
    return "\n".join([t.value for t in at.sidebar.text] + [c.value for c in at.sidebar.caption])


@pytest.mark.model
def test_a_viewer_sees_who_they_are_and_cannot_save(seed_ws, app):
    at = signed_in(app, seed_ws, sub="sub-vic", email="vic@example.org", name="Vic Viewer", roles=[])
    text = sidebar_text(at)
    assert "Vic Viewer" in text and "Role: **viewer**" in text
    assert not [w for w in at.text_input if w.key == "reviewer.name"]  # no typed name when signed in
    save = at.button(key="verdict.save")
    assert save.disabled and "Needs the reviewer role" in (save.help or "")
    for button in at.button:
        if button.key and button.key.startswith(("same.", "notsame.")):
            assert button.disabled


@pytest.mark.model
def test_a_reviewer_saves_under_their_issuer_and_subject(seed_ws, app):
    at = signed_in(app, seed_ws, sub="sub-rae", email="rae@example.org", name="Rae Reviewer",
                   roles=["rae@example.org=reviewer"])
    assert "Role: **reviewer**" in sidebar_text(at)
    claim_id = at.session_state["review.claim_id"]
    at.button(key="rate.5").click().run()
    at.button(key="verdict.save").click().run()
    assert not at.exception
    [saved] = Workspace(seed_ws).history(claim_id)
    assert (saved.reviewer, saved.reviewer_issuer, saved.reviewer_subject) == (
        "Rae Reviewer", ISSUER, "sub-rae")


@pytest.mark.model
def test_a_reviewer_cannot_manage_feeds_or_import(seed_ws, app):
    at = signed_in(app, seed_ws, sub="sub-rae", email="rae@example.org", name="Rae",
                   roles=["sub-rae=reviewer"], page="views/ingest.py")
    assert not at.button(key="ingest.paste.submit").disabled  # reviewers ingest articles
    for key in ("ingest.claimreview.submit", "feeds.add.submit"):
        assert at.button(key=key).disabled, key


@pytest.mark.model
def test_an_unverified_email_never_gets_the_role_of_its_entry(seed_ws, app):
    (seed_ws / "config.json").write_text(json.dumps({"roles": ["rae@example.org=editor"]}),
                                         encoding="utf-8")
    from streamlit.testing.v1 import AppTest

    from tests.ui.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=90)
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": "sub-mallory", "name": "Mallory",
               "email": "rae@example.org", "email_verified": False}
    at.run()
    assert not at.exception and "Role: **viewer**" in sidebar_text(at)
    assert at.button(key="verdict.save").disabled
