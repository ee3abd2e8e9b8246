"""Dashboard section: how trustworthy the match levels are, and a refit from reviewer feedback."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from factcheck.auth import Action
from factcheck.errors import FactcheckError
from factcheck.workspace import Workspace
from factcheck.workspace.calibrate import CalibrationReport
from ui.identity import denied_reason

PREVIEW_KEY = "dashboard.calibration_preview"
MESSAGE_KEY = "dashboard.calibration_message"


def figures_frame(report: CalibrationReport) -> pd.DataFrame:
    """Before/after precision and recall of the levels on the held-back feedback."""
    rows = []
    for name, fig, (same, related) in (("Current", report.before, report.thresholds_before),
                                       ("Refitted", report.after, report.thresholds_after)):
        rows.append({"Calibration": name, "'same' from": round(same, 2),
                     "'related' from": round(related, 2),
                     "Precision of labels": round(fig.p_label, 3),
                     "Recall of labels": round(fig.r_label, 3),
                     "Precision of 'same'": round(fig.p_same, 3)})
    return pd.DataFrame(rows)


def _preview(ws: Workspace) -> None:
    try:
        st.session_state[PREVIEW_KEY] = ws.calibrate_levels(dry_run=True)
        st.session_state.pop(MESSAGE_KEY, None)
    except FactcheckError as exc:
        st.session_state.pop(PREVIEW_KEY, None)
        st.session_state[MESSAGE_KEY] = str(exc)


def _apply(ws: Workspace) -> None:
    try:
        report = ws.calibrate_levels()
        st.session_state[MESSAGE_KEY] = (f"Refitted from {report.labels} labels; the Review page "
                                         "now uses the new levels.")
    except FactcheckError as exc:
        st.session_state[MESSAGE_KEY] = str(exc)
    st.session_state.pop(PREVIEW_KEY, None)


def _rollback(ws: Workspace) -> None:
    try:
        st.session_state[MESSAGE_KEY] = ws.rollback_calibration()
    except FactcheckError as exc:
        st.session_state[MESSAGE_KEY] = str(exc)
    st.session_state.pop(PREVIEW_KEY, None)


def calibration_section(ws: Workspace) -> None:
    """Labels stored, the calibration in use, a preview of the refit and the refit itself."""
    st.subheader("Match levels", anchor=False)
    labels = ws.feedback_count()
    needed = int(ws.settings.match_calibration_min_labels)
    calibration = ws.calibration
    same, related = ws.thresholds_for("sentence").same, ws.thresholds_for("sentence").related
    st.caption(f"In use: the {calibration.origin} calibration "
               f"{'(' + calibration.created + ')' if calibration.created else ''}: for claims "
               f"from articles 'same' from {same:.0%} and 'related' from {related:.0%} "
               f"probability (precision targets {ws.settings.match_same_precision:.0%} / "
               f"{ws.settings.match_label_precision:.0%}).")
    st.progress(min(labels / needed, 1.0),
                text=f"{labels} same / not-the-same labels from reviewers ({needed} needed to refit)")
    denied = denied_reason(ws.principal, Action.CALIBRATE)
    with st.container(horizontal=True):
        st.button("Preview a refit", key="calibration.preview", on_click=_preview, args=(ws,),
                  disabled=labels < needed)
        st.button("Refit the levels", key="calibration.apply", on_click=_apply, args=(ws,),
                  disabled=labels < needed or bool(denied), type="primary", help=denied or None)
        st.button("Roll back", key="calibration.rollback", on_click=_rollback, args=(ws,),
                  disabled=calibration.origin == "shipped" or bool(denied), help=denied or None)
    message = st.session_state.get(MESSAGE_KEY)
    if message:
        st.info(message)
    preview: CalibrationReport | None = st.session_state.get(PREVIEW_KEY)
    if preview is not None:
        st.caption(f"On {preview.held_out_labels} held-back labels ({preview.train_labels} used "
                   "to fit):")
        st.dataframe(figures_frame(preview), hide_index=True, key="calibration.figures")
