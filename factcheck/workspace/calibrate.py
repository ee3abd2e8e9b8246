"""Workspace calibration: refit match levels from reviewer feedback, keep the previous one, roll back."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import InputError, NotFoundError
from factcheck.fileio import atomic_write_bytes
from factcheck.match.calibration import (
    Calibration,
    TypeCalibration,
    calibration_from_json,
    candidate_features,
    label_target,
    precision_curve,
    query_type,
)

if TYPE_CHECKING:
    from factcheck.workspace.matching import Matcher

CALIBRATION_NAME = "calibration.json"
PREVIOUS_NAME = "calibration.previous.json"
HELD_OUT = 0.3  # share of the labelled claims kept back to measure before/after
SEED = 12  # the held-back part is drawn with a fixed seed: the same labels give the same split


def load_workspace_calibration(folder: Path, cached: tuple[float, Calibration] | None,
                               ) -> tuple[float, Calibration] | None:
    """The workspace's own calibration file (re-read only when it changed), or None."""
    path = folder / CALIBRATION_NAME
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    if cached is not None and cached[0] == mtime:
        return cached
    return mtime, calibration_from_json(path.read_text(encoding="utf-8"), origin=str(path))


@dataclass(frozen=True, slots=True)
class Label:
    """One reviewer judgement turned into a calibration row: where the prior ranked, and why."""

    claim_id: int
    other_id: int
    same: bool
    kind: str
    fused: tuple[float, ...]  # fused scores of the query's ranked list down to the prior
    signals: tuple[tuple[float, ...], ...]  # the fusion signals of those candidates
    rank: int  # 1-based rank of the prior in that list; 0 when it is not among the candidates


@dataclass(frozen=True, slots=True)
class LevelFigures:
    """Precision and recall of the levels on labelled pairs (a held-back part of the feedback)."""

    labelled: int
    same: int
    pairs: int
    relevant: int
    p_label: float
    r_label: float
    p_same: float

    def as_dict(self) -> dict[str, float]:
        return {"pairs": self.pairs, "relevant": self.relevant, "labelled": self.labelled,
                "same": self.same, "P_label": round(self.p_label, 4),
                "R_label": round(self.r_label, 4), "P_same": round(self.p_same, 4)}


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    """What a refit did (or would do with ``--dry-run``)."""

    labels: int
    train_labels: int
    held_out_labels: int
    query_type: str
    refit_weights: bool
    before: LevelFigures
    after: LevelFigures
    thresholds_before: tuple[float, float]
    thresholds_after: tuple[float, float]
    applied: bool
    calibration: Calibration = field(repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"labels": self.labels, "train_labels": self.train_labels,
                "held_out_labels": self.held_out_labels, "query_type": self.query_type,
                "refit_weights": self.refit_weights, "applied": self.applied,
                "before": self.before.as_dict(), "after": self.after.as_dict(),
                "thresholds_before": {"same": self.thresholds_before[0],
                                      "related": self.thresholds_before[1]},
                "thresholds_after": {"same": self.thresholds_after[0],
                                     "related": self.thresholds_after[1]}}


def feedback_labels(ws: Matcher) -> list[Label]:
    """Every stored same/not-the-same judgement (the latest per pair), ranked as the panel ranks it."""
    latest: dict[tuple[int, int], bool] = {}
    for claim_id, other_id, same in ws.store.all_match_feedback():
        latest[(claim_id, other_id)] = same
    by_claim: dict[int, list[tuple[int, bool]]] = {}
    for (claim_id, other_id), same in latest.items():
        by_claim.setdefault(claim_id, []).append((other_id, same))
    claims = ws.store.get_claims(sorted(by_claim))
    ids = [cid for cid in sorted(by_claim) if cid in claims]
    queries = [ws.panel_query(claims[cid]) for cid in ids]
    labels = []
    for cid, query, ranked in zip(ids, queries, ws.rank_candidates(queries), strict=True):
        order = [s.claim_id for s in ranked]
        kind = query_type(query.text, context=query.context, speaker=query.speaker)
        for other_id, same in by_claim[cid]:
            rank = order.index(other_id) + 1 if other_id in order else 0
            top = ranked[:max(rank, 1) + 1]
            labels.append(Label(cid, other_id, same, kind, tuple(s.score for s in top),
                                tuple(ws.calibration_signals(query, top)), rank))
    return labels


def _probability(calibration: TypeCalibration, label: Label) -> float:
    if label.rank == 0:
        return 0.0
    return calibration.probabilities(label.fused, label.signals)[label.rank - 1]


def figures(labels: Sequence[Label], calibration: TypeCalibration,
            thresholds: tuple[float, float]) -> LevelFigures:
    """P_label, R_label, P_same of the labelled pairs under one calibration and thresholds."""
    same_t, related_t = thresholds
    probs = [_probability(calibration, lab) for lab in labels]
    labelled = [lab.same for lab, p in zip(labels, probs, strict=True) if p >= related_t]
    same = [lab.same for lab, p in zip(labels, probs, strict=True) if p >= same_t]
    relevant = sum(lab.same for lab in labels)
    return LevelFigures(len(labelled), len(same), len(labels), relevant,
                        sum(labelled) / len(labelled) if labelled else 0.0,
                        sum(labelled) / relevant if relevant else 0.0,
                        sum(same) / len(same) if same else 0.0)


def split_labels(labels: Sequence[Label]) -> tuple[list[Label], list[Label]]:
    """(fit, held back): whole claims go to one side, drawn with a fixed seed."""
    claims = sorted({lab.claim_id for lab in labels})
    random.Random(SEED).shuffle(claims)
    held = set(claims[:max(1, round(len(claims) * HELD_OUT))])
    return ([lab for lab in labels if lab.claim_id not in held],
            [lab for lab in labels if lab.claim_id in held])


def refit_type(base: TypeCalibration, labels: Sequence[Label], refit_weights: bool,
               ) -> TypeCalibration:
    """A type calibration refitted on labels: new weights (scikit-learn) if asked, then a new curve."""
    ranked = [lab for lab in labels if lab.rank > 0]
    coef, intercept = base.coef, base.intercept
    if refit_weights and len({lab.same for lab in ranked}) == 2 and _sklearn_available():
        from sklearn.linear_model import LogisticRegression

        x = [candidate_features(lab.fused, lab.signals)[lab.rank - 1] for lab in ranked]
        model = LogisticRegression(C=1.0, max_iter=2000).fit(x, [lab.same for lab in ranked])
        coef = tuple(float(c) for c in model.coef_[0])
        intercept = float(model.intercept_[0])
    draft = TypeCalibration(coef, intercept, base.curve, base.note)
    pairs = [(_probability(draft, lab), lab.same) for lab in labels]
    curve = precision_curve(pairs, sum(lab.same for lab in labels))
    note = (f"refitted on {len(labels)} reviewer labels"
            f"{' (weights and thresholds)' if refit_weights else ' (thresholds)'}")
    return TypeCalibration(coef, intercept, curve, note)


def _sklearn_available() -> bool:
    """scikit-learn refits the weights; without it (not a runtime dependency) only thresholds move."""
    import importlib.util

    return importlib.util.find_spec("sklearn") is not None


def calibrate(ws: Matcher, *, dry_run: bool = False) -> CalibrationReport:
    """Refit this workspace's levels from its feedback; keeps the previous calibration for rollback."""
    labels = feedback_labels(ws)
    needed = int(ws.settings.match_calibration_min_labels)
    positives = sum(lab.same for lab in labels)
    each = max(3, needed // 10)
    if len(labels) < needed or positives < each or len(labels) - positives < each:
        raise InputError(
            f"calibration needs at least {needed} same/not-the-same labels with at least {each} "
            f"of each; this workspace has {len(labels)} ({positives} same, "
            f"{len(labels) - positives} not the same). Mark more prior claims on the Review page.")
    kinds = [lab.kind for lab in labels]
    kind = max(set(kinds), key=kinds.count)
    fit_part, held = split_labels(labels)
    current = ws.calibration
    same_p = float(ws.settings.match_same_precision)
    label_p = label_target(kind, float(ws.settings.match_label_precision),
                           float(ws.settings.match_sentence_label_precision))
    base = current.for_type(kind)
    refit_weights = (len(fit_part) >= int(ws.settings.match_calibration_fusion_labels)
                     and _sklearn_available())
    fitted = refit_type(base, fit_part, refit_weights)
    new = replace(current, types={**current.types, kind: fitted}, origin="workspace feedback",
                  created=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))
    before_t = current.thresholds(kind, same_precision=same_p, label_precision=label_p)
    after_t = new.thresholds(kind, same_precision=same_p, label_precision=label_p)
    report = CalibrationReport(
        len(labels), len(fit_part), len(held), kind, refit_weights,
        figures(held, base, before_t), figures(held, fitted, after_t), before_t, after_t,
        applied=not dry_run, calibration=new)
    if not dry_run:
        new = replace(new, report=report.as_dict())
        save_calibration(ws.path, new)
    return report


def save_calibration(folder: Path, calibration: Calibration) -> None:
    """Write the workspace calibration atomically, keeping the current one as the previous."""
    path = folder / CALIBRATION_NAME
    if path.exists():
        atomic_write_bytes(folder / PREVIOUS_NAME, path.read_bytes())
    atomic_write_bytes(path, calibration.to_json().encode("utf-8"))


def rollback(folder: Path) -> str:
    """Restore the previous calibration (or the shipped one when there was none); says which."""
    path, previous = folder / CALIBRATION_NAME, folder / PREVIOUS_NAME
    if previous.exists():
        atomic_write_bytes(path, previous.read_bytes())
        previous.unlink()
        return "previous workspace calibration restored"
    if path.exists():
        path.unlink()
        return "workspace calibration removed: the shipped calibration is used again"
    raise NotFoundError("nothing to roll back: this workspace uses the shipped calibration")
