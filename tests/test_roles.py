"""Roles enforced by the library on both backends: viewer < reviewer < editor, identity on verdicts."""

from __future__ import annotations

import json

import pytest

from factcheck.auth import (
    REQUIRED_ROLE,
    Action,
    Principal,
    Role,
    local_principal,
    role_for,
    signed_in_principal,
)
from factcheck.config import Settings
from factcheck.errors import InputError, PermissionDeniedError
from factcheck.workspace import Workspace
from tests.ui.workspaces import PRIOR_REVIEW

ARTICLE = ('The mayor said "crime fell by 20 percent last year" at the council meeting. '
           'Later, Jane Roe said "the budget for schools doubled since 2019" in an interview.')
ISSUER = "https://id.example.org"
VIEWER = Principal(ISSUER, "sub-vic", "Vic Viewer", Role.VIEWER, "vic@example.org")
REVIEWER = Principal(ISSUER, "sub-rae", "Rae Reviewer", Role.REVIEWER, "rae@example.org")
OTHER_REVIEWER = Principal(ISSUER, "sub-ron", "Ron Reviewer", Role.REVIEWER, "ron@example.org")
EDITOR = Principal(ISSUER, "sub-eda", "Eda Editor", Role.EDITOR, "eda@example.org")


def _crime(ws: Workspace) -> int:
    if not ws.claims():
        ws.ingest_text(ARTICLE, title="Council")
    return next(c.id for c in ws.claims() if "crime fell" in c.text)


def test_a_viewer_reads_but_cannot_write(backend_workspace: Workspace) -> None:
    claim_id = _crime(backend_workspace)
    ws = backend_workspace.acting_as(VIEWER)
    assert ws.claims() and ws.search("crime fell", k=1)  # reading and searching are open
    assert ws.export_chunks("jsonl") is not None
    with pytest.raises(PermissionDeniedError, match="needs the reviewer role") as denied:
        ws.record_verdict(claim_id, "False")
    assert denied.value.required == "reviewer" and denied.value.role == "viewer"
    assert "vic@example.org=reviewer" in str(denied.value)  # says how to fix it
    with pytest.raises(PermissionDeniedError, match="reviewer role"):
        ws.apply_verdict_to_cluster(claim_id, "False")
    with pytest.raises(PermissionDeniedError, match="reviewer role"):
        ws.record_match_feedback(claim_id, claim_id, True)
    with pytest.raises(PermissionDeniedError, match="reviewer role"):
        ws.ingest_text("Somebody said \"the sky is green\" on Monday.")
    assert backend_workspace.history(claim_id) == []  # nothing was written


def test_a_reviewer_records_under_their_identity_but_cannot_publish(
        backend_workspace: Workspace) -> None:
    claim_id = _crime(backend_workspace)
    ws = backend_workspace.acting_as(REVIEWER)
    saved = ws.record_verdict(claim_id, "False", explanation="council minutes", based_on=None)
    assert (saved.reviewer, saved.reviewer_issuer, saved.reviewer_subject) == (
        "Rae Reviewer", ISSUER, "sub-rae")
    [stored] = backend_workspace.history(claim_id)
    assert (stored.reviewer_issuer, stored.reviewer_subject) == (ISSUER, "sub-rae")
    with pytest.raises(PermissionDeniedError, match="cannot publish verdicts: that needs the editor"):
        ws.record_verdict(claim_id, "False", status="published")
    with pytest.raises(PermissionDeniedError, match="own identity"):
        ws.record_verdict(claim_id, "True", reviewer="Somebody Else")
    for call in (lambda: ws.import_claimreview_text([("p.json", json.dumps(PRIOR_REVIEW))]),
                 lambda: ws.add_feed("http://127.0.0.1:9/feed.xml"),
                 lambda: ws.calibrate_levels(),
                 lambda: ws.rollback_calibration(),
                 lambda: setattr(ws, "settings", ws.settings.with_overrides(rating_scale="free"))):
        with pytest.raises(PermissionDeniedError, match="editor role"):
            call()
    assert ws.settings.rating_scale == "default"
    rows = [json.loads(line) for line in b"".join(ws.export_chunks("jsonl")).decode().splitlines()]
    assert [(r["reviewer"], r["reviewer_issuer"], r["reviewer_subject"]) for r in rows] == [
        ("Rae Reviewer", ISSUER, "sub-rae")]


def test_undo_own_cluster_action_only_editors_undo_anyones(backend_workspace: Workspace) -> None:
    claim_id = _crime(backend_workspace)
    rae, ron = backend_workspace.acting_as(REVIEWER), backend_workspace.acting_as(OTHER_REVIEWER)
    batch = rae.apply_verdict_to_cluster(claim_id, "False")
    with pytest.raises(PermissionDeniedError, match="undo another reviewer's cluster action"):
        ron.undo_batch(batch)
    assert rae.undo_batch(batch).restored == (claim_id,)
    [_, tombstone] = backend_workspace.history(claim_id)
    assert tombstone.retracted and tombstone.reviewer_subject == "sub-rae"
    second = rae.apply_verdict_to_cluster(claim_id, "True")
    result = backend_workspace.acting_as(EDITOR).undo_batch(second)
    assert result.restored == (claim_id,)
    assert backend_workspace.history(claim_id)[-1].reviewer_subject == "sub-eda"


def test_an_editor_publishes_and_the_local_user_is_an_editor(backend_workspace: Workspace) -> None:
    claim_id = _crime(backend_workspace)
    published = backend_workspace.acting_as(EDITOR).record_verdict(claim_id, "False",
                                                                   status="published")
    assert published.status == "published" and published.reviewer_subject == "sub-eda"
    local = backend_workspace.principal
    assert local.issuer == "local" and local.role is Role.EDITOR
    typed = backend_workspace.record_verdict(claim_id, "True", reviewer="ana", status="published")
    assert (typed.reviewer, typed.reviewer_issuer, typed.reviewer_subject) == ("ana", "local", "ana")


def test_every_action_has_a_role_and_the_ladder_is_ordered() -> None:
    assert set(REQUIRED_ROLE) == set(Action)
    assert Role.VIEWER < Role.REVIEWER < Role.EDITOR
    assert {a for a, r in REQUIRED_ROLE.items() if r is Role.VIEWER} == {Action.READ}
    assert REQUIRED_ROLE[Action.RECORD_VERDICT] is Role.REVIEWER
    for action in (Action.PUBLISH, Action.SETTINGS, Action.SOURCES, Action.FEEDS,
                   Action.IMPORT_CLAIMREVIEW, Action.CALIBRATE, Action.ADJUDICATE):
        assert REQUIRED_ROLE[action] is Role.EDITOR, action


def test_roles_come_from_settings() -> None:
    settings = Settings(roles=["Eda@Example.org=editor", "sub-rae=reviewer"], default_role="viewer")
    assert role_for(settings, subject="x", email="eda@example.org") is Role.EDITOR
    assert role_for(settings, subject="sub-rae") is Role.REVIEWER
    assert role_for(settings, subject="nobody", email="n@example.org") is Role.VIEWER
    user = signed_in_principal(settings, issuer=ISSUER, subject="sub-rae", name="Rae")
    assert user == Principal(ISSUER, "sub-rae", "Rae", Role.REVIEWER)
    assert local_principal(Settings(local_role="viewer"), "ana") == Principal(
        "local", "ana", "ana", Role.VIEWER)
    with pytest.raises(InputError, match="use one of: viewer, reviewer, editor"):
        role_for(Settings(roles=["a@example.org=admin"]), subject="s", email="a@example.org")
    with pytest.raises(InputError, match="must look like"):
        role_for(Settings(roles=["editor"]), subject="s")
    with pytest.raises(InputError, match="reserved"):
        signed_in_principal(settings, issuer="local", subject="ana")


def test_local_role_setting_limits_the_single_user(tmp_path, fast_embedder) -> None:
    ws = Workspace(tmp_path / "ws", Settings(local_role="viewer", learned_attribution=False),
                   embedder=fast_embedder)
    try:
        with pytest.raises(PermissionDeniedError, match="set the `local_role` setting"):
            ws.ingest_text(ARTICLE)
    finally:
        ws.close()
