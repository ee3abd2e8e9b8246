"""Calibration from reviewer feedback, for real: 300 labels from 2B train qrels → refit → 2B dev levels.

    python bench/claim_matching.py --feedback

A copy of the cached 2B benchmark workspace gets every 2B train and dev query as a stored claim
(one small article per query: the transcript lines before it, then the sentence; the speaker; the
debate date), exactly what the Review panel queries with. 300 labels are then recorded with
``Workspace.record_match_feedback`` (the code path of the Same claim / Not the same buttons):
for train claims in a fixed random order, the panel's top 3 candidates plus the qrels' prior,
"same" exactly when the qrels say so. ``calibrate`` refits, and the panel levels of the 2B dev
claims (top 10 of every query) are measured with the shipped calibration and with the refit.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factcheck.workspace.calibrate import CALIBRATION_NAME

LABELS = 300
SEED = 7


def add_query_claims(ws: Any, queries: list[Any]) -> dict[str, int]:
    """Store each query as a claim in its own article (context lines, then the sentence)."""
    from factcheck.models import Article, SegmentItem

    ws.embedder.encode([q.text for q in queries])
    _ = ws.claim_index
    ids = {}
    for q in queries:
        prefix = f"{q.context} " if q.context else ""
        text = prefix + q.text
        item = SegmentItem(kind="statement", text=q.text, start=len(prefix), end=len(text),
                           speaker=q.speaker.title(), speaker_type="person")
        new = Article(id=0, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                      title=q.query_id, published=q.date, origin=q.query_id)
        _, _, claim_ids = ws.store.add_article(new, [item], {})
        ids[q.query_id] = claim_ids[0]
    _ = ws.claim_index  # syncs the new claims from the vector cache
    ws.save_index()
    return ids


def panel_levels(ws: Any, claim_ids: dict[str, int], qrels: dict[str, set[str]],
                 level_figures: Callable[..., dict[str, float]]) -> dict[str, float]:
    """Issue 12 level figures of the panel queries of stored query claims."""
    from types import SimpleNamespace

    qids = sorted(claim_ids)
    claims = ws.store.get_claims([claim_ids[q] for q in qids])
    queries = [ws.panel_query(claims[claim_ids[q]]) for q in qids]
    results = ws.search_many(queries)
    split = SimpleNamespace(queries=[SimpleNamespace(query_id=q) for q in qids], qrels=qrels)
    return level_figures(split, results)


def record_labels(ws: Any, claim_ids: dict[str, int], qrels: dict[str, set[str]],
                  count: int = LABELS) -> int:
    """Record ``count`` judgements through ``record_match_feedback`` (the buttons' path)."""
    qids = sorted(q for q in claim_ids if q in qrels)
    random.Random(SEED).shuffle(qids)
    claims = ws.store.get_claims([claim_ids[q] for q in qids])
    prior_ids = ws.store.prior_ids_by_external(sorted({e for q in qids for e in qrels[q]}))
    recorded = 0
    for start in range(0, len(qids), 64):
        batch = qids[start:start + 64]
        queries = [ws.panel_query(claims[claim_ids[q]]) for q in batch]
        for qid, ranked in zip(batch, ws.rank_candidates(queries), strict=True):
            shown = [s.claim_id for s in ranked[:3]]
            relevant = {prior_ids[e] for e in qrels[qid] if e in prior_ids}
            for other in dict.fromkeys(shown + sorted(relevant)):
                if recorded >= count:
                    return recorded
                ws.record_match_feedback(claim_ids[qid], other, other in relevant, "bench")
                recorded += 1
    return recorded


def _copy(base: Any, folder: Path) -> Any:
    from factcheck.workspace import Workspace

    shutil.copytree(base.path, folder)
    (folder / CALIBRATION_NAME).unlink(missing_ok=True)
    return Workspace(folder)


def run(base_ws: Any, train: Any, dev: Any, level_figures: Callable[..., dict[str, float]]) -> dict:
    """The whole experiment on throw-away copies of the benchmark workspace; prints the figures.

    One copy holds the train claims (labelled, then calibrated), another the dev claims (measured
    with the shipped calibration, then with the refitted one): neither split sees the other.
    """
    base_ws.close()
    with tempfile.TemporaryDirectory(prefix="fc-feedback-") as tmp:
        labelled = _copy(base_ws, Path(tmp) / "train")
        train_ids = add_query_claims(labelled, train.queries)
        recorded = record_labels(labelled, train_ids, train.qrels)
        report = labelled.calibrate_levels()
        labelled.close()
        measured = _copy(base_ws, Path(tmp) / "dev")
        dev_ids = add_query_claims(measured, dev.queries)
        before = panel_levels(measured, dev_ids, dev.qrels, level_figures)
        shutil.copy(Path(tmp) / "train" / CALIBRATION_NAME, Path(tmp) / "dev" / CALIBRATION_NAME)
        after = panel_levels(measured, dev_ids, dev.qrels, level_figures)
        measured.close()
    show = lambda f: (f"P_label {f['P_label']:.3f}  R_label {f['R_label']:.3f}  "  # noqa: E731
                      f"P_same {f['P_same']:.3f}  (labelled {f['labelled']}, same {f['same']})")
    print(f"feedback: {recorded} labels ({report.train_labels} fit, {report.held_out_labels} held "
          f"back; weights refit: {report.refit_weights}; type {report.query_type})")
    print(f"  held-back labels  before {report.before.as_dict()}")
    print(f"                    after  {report.after.as_dict()}")
    print(f"  2b dev panel  shipped calibration: {show(before)}")
    print(f"                after calibrate:     {show(after)}")
    sys.stdout.flush()
    return {"before": before, "after": after, "report": report.as_dict()}
