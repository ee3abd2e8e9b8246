"""Dashboard: match-level figures, a refit preview from reviewer labels, refit and rollback."""

from __future__ import annotations

import json

import pytest
import streamlit as st

from factcheck.workspace import Workspace
from factcheck.workspace.calibrate import CALIBRATION_NAME
from ui.model_status import LOADING  # the background model-load notice is not a calibration message


def _label(folder, count: int = 40) -> None:
    ws = Workspace(folder)
    prior = ws.claims(kind="prior")[0]
    claims = [c for c in ws.claims() if c.kind != "prior"]
    similar = sorted(claims, key=lambda c: -len(set(c.text.lower().split()) & {"siege", "leningrad"}))
    for claim in similar[:4]:
        ws.record_match_feedback(claim.id, prior.id, True, "Ana")
    others = [(a.id, b.id) for a in claims[:8] for b in claims[8:16]]
    for a, b in others[:count - 4]:
        ws.record_match_feedback(a, b, False, "Ana")
    ws.close()


@pytest.mark.model
def test_dashboard_refuses_then_previews_applies_and_rolls_back(seed_ws, app):
    at = app("views/dashboard.py", reviewer="Ana")
    assert not at.exception
    assert any(s.value == "Match levels" for s in at.subheader)
    assert at.button(key="calibration.apply").disabled
    assert "0 same / not-the-same labels" in at.get("progress")[-1].proto.text
    _label(seed_ws)
    (seed_ws / "config.json").write_text(json.dumps({"match_calibration_min_labels": 30}))
    st.cache_resource.clear()  # the app reopens the workspace with the new settings
    st.cache_data.clear()
    at = app("views/dashboard.py", reviewer="Ana")
    at.button(key="calibration.preview").click().run()
    assert not at.exception
    assert not [i for i in at.info if i.value != LOADING], [i.value for i in at.info]
    frame = at.dataframe[-1].value
    assert list(frame["Calibration"]) == ["Current", "Refitted"]
    assert not (seed_ws / CALIBRATION_NAME).exists()
    at.button(key="calibration.apply").click().run()
    assert (seed_ws / CALIBRATION_NAME).exists()
    assert any("Refitted from 40 labels" in i.value for i in at.info)
    at.button(key="calibration.rollback").click().run()
    assert not (seed_ws / CALIBRATION_NAME).exists()
    assert any("shipped" in i.value for i in at.info)
