"""Reference passages on CheckThat! 2021 task 2b: Recall@5, MRR, the "likely relevant" level, time.

The 19,250 PolitiFact fact-check excerpts of ``vclaims.jsonl`` (``text_excerpt`` with its
title and URL) become the reference library of a workspace cached under
``bench/.cache/evidence-ws`` (passage and title vectors in its embedding cache: built once);
each query (a debate sentence, with the two transcript lines before it as context, as in
``bench/claim_matching.py``) must find a passage of the fact-check article named in the qrels.
The top 5 holds one passage per source.

    python bench/evidence.py                 # dev figures (and train), CPU time per query
    python bench/evidence.py --fit           # refit factcheck/sources/passage_weights.json on TRAIN
    python bench/evidence.py --split dev --no-time

``--fit`` fits the logistic passage model on the train candidates only; the "likely relevant"
curve keeps train precision (which picks the threshold) and dev precision/recall (reported).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.claim_matching import DATA, TASKS, Split, load_split  # noqa: E402

TASK = DATA / TASKS["2b"]
CACHE = REPO / "bench" / ".cache" / "evidence-ws"
POLITIFACT = "https://www.politifact.com"
TOP = 5


def build_library(ws) -> None:
    """Archive the excerpts (once), embed their passages and titles (through the cache)."""
    from factcheck.sources.library import SourceInput

    rows = [json.loads(line) for line in (TASK / "vclaims.jsonl").read_text(encoding="utf-8").splitlines()]
    have = {s.origin for s, _ in ws.list_sources()}
    todo = [r for r in rows if r["vclaim_id"] not in have]
    started = time.perf_counter()
    for row in todo:
        source = SourceInput(label=row["vclaim_id"], text=row["text_excerpt"], title=row["title"],
                             url=POLITIFACT + row["url"], origin=row["vclaim_id"])
        ws.archive_source(source, kind="fact-check", publisher="PolitiFact", index=False)
    if todo:
        print(f"archived {len(todo)} sources in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    size = ws.sync_passage_index()
    ws.embedder.encode([s.title for s, _ in ws.list_sources() if s.title.strip()])
    print(f"library: {len(rows)} excerpts, {size} passages", file=sys.stderr)


def labelled_candidates(ws, split: Split, origin_of: dict[int, str]):
    """Each query's relevant fact-checks, candidates, and a relevance flag per candidate row."""
    out = []
    for query, cands in zip(split.queries, ws.passage_candidates(split.queries), strict=True):
        relevant = split.qrels.get(query.query_id, set())
        labels = np.asarray([origin_of.get(s, "") in relevant for s in cands.source_ids], dtype=bool)
        out.append((relevant, cands, labels))
    return out


def ranked_sources(model, cands) -> list[tuple[int, float]]:
    """(source id, probability) best first, one per source (the product's order)."""
    from factcheck.sources.ranking import best_per_source

    return [(r.source_id, r.probability)
            for r in best_per_source(cands, model.scores(cands.features).tolist(), 10_000)]


def figures(model, rows, origin_of, threshold: float | None = None) -> dict[str, float]:
    """Recall@5, MRR (first relevant source among all candidates), and the likely level's
    precision / recall over the top 5 (recall: of every relevant fact-check in the qrels)."""
    recall5 = rr = 0.0
    likely = likely_hits = relevant_total = 0
    for relevant, cands, _ in rows:
        relevant_total += len(relevant)
        ranked = ranked_sources(model, cands)
        ranks = [n for n, (sid, _) in enumerate(ranked, start=1) if origin_of[sid] in relevant]
        recall5 += bool(ranks and ranks[0] <= TOP)
        rr += 1.0 / ranks[0] if ranks else 0.0
        if threshold is not None:
            for sid, p in ranked[:TOP]:
                if p >= threshold:
                    likely += 1
                    likely_hits += origin_of[sid] in relevant
    n = len(rows)
    result = {"queries": n, "recall@5": recall5 / n, "mrr": rr / n}
    if threshold is not None:
        result.update(likely=likely, likely_precision=likely_hits / likely if likely else 0.0,
                      likely_recall=likely_hits / max(relevant_total, 1))
    return result


def top_scores(model, rows, origin_of) -> tuple[np.ndarray, np.ndarray, int]:
    """Probabilities and relevance of every top-5 row, and the number of relevant pairs."""
    scores, hits, total = [], [], 0
    for relevant, cands, _ in rows:
        total += len(relevant)
        for sid, p in ranked_sources(model, cands)[:TOP]:
            scores.append(p)
            hits.append(origin_of[sid] in relevant)
    return np.asarray(scores), np.asarray(hits, dtype=bool), total


def curve(model, train_rows, dev_rows, origin_of) -> tuple[tuple[float, float, float, float], ...]:
    """(threshold, train precision, dev precision, dev recall) at every train precision step of 0.05."""
    t_scores, t_hits, _ = top_scores(model, train_rows, origin_of)
    d_scores, d_hits, d_total = top_scores(model, dev_rows, origin_of)
    order = np.argsort(-t_scores, kind="stable")
    precision = np.cumsum(t_hits[order]) / np.arange(1, len(order) + 1)
    rows = []
    for target in np.arange(0.50, 0.96, 0.05):
        ok = np.nonzero(precision >= target)[0]
        if len(ok) == 0 or ok[-1] < 9:  # fewer than 10 train rows: not a measurement
            continue
        threshold = float(t_scores[order][ok[-1]])
        picked = d_scores >= threshold
        rows.append((round(threshold, 5), round(float(target), 2),
                     round(float(d_hits[picked].mean()) if picked.any() else 0.0, 4),
                     round(float(d_hits[picked].sum()) / max(d_total, 1), 4)))
    return tuple(rows)


def fit(train_rows, dev_rows, origin_of):
    from sklearn.linear_model import LogisticRegression

    from factcheck.sources.ranking import PASSAGE_FEATURES, PassageModel

    x = np.vstack([c.features for _, c, _ in train_rows])
    y = np.concatenate([labels for _, _, labels in train_rows])
    reg = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    model = PassageModel(weights=tuple(float(w) for w in reg.coef_[0]), bias=float(reg.intercept_[0]))
    train = figures(model, train_rows, origin_of)
    note = (f"logistic regression by bench/evidence.py --fit on CheckThat! 2021 2B train ({len(train_rows)} "
            f"queries, {len(y)} candidate passages, {int(y.sum())} of a relevant fact-check) on "
            f"{time.strftime('%Y-%m-%d')}; train Recall@5 {train['recall@5']:.3f}, MRR {train['mrr']:.3f}; "
            f"features {', '.join(PASSAGE_FEATURES)}")
    return PassageModel(model.weights, model.bias, curve(model, train_rows, dev_rows, origin_of), note)


def dev_figures() -> dict[str, float]:
    """The shipped model's dev figures (for the quality gate): Recall@5, MRR, likely P/R."""
    from factcheck.workspace import Workspace

    ws = Workspace(CACHE)
    build_library(ws)
    origin_of = {s.id: s.origin for s, _ in ws.list_sources()}
    rows = labelled_candidates(ws, load_split("2b", "dev"), origin_of)
    level = ws.sources.model.likely(float(ws.settings.sources_likely_precision))
    return figures(ws.sources.model, rows, origin_of, level.threshold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "train", "both"), default="both")
    parser.add_argument("--fit", action="store_true", help="refit the passage model on train")
    parser.add_argument("--no-time", action="store_true", help="skip the timed batch search")
    args = parser.parse_args()
    if not (TASK / "vclaims.jsonl").exists():
        sys.exit(f"data not found under {TASK}")
    import torch

    torch.set_num_threads(2)
    from factcheck.sources.ranking import load_passage_model, save_passage_model
    from factcheck.workspace import Workspace

    ws = Workspace(CACHE)
    build_library(ws)
    origin_of = {s.id: s.origin for s, _ in ws.list_sources()}
    splits = {name: load_split("2b", name) for name in ("train", "dev")}
    rows = {name: labelled_candidates(ws, split, origin_of) for name, split in splits.items()
            if args.fit or args.split in (name, "both")}
    if args.fit:
        model = fit(rows["train"], rows["dev"], origin_of)
        save_passage_model(model)
        print(f"saved: {model.note}")
    model = load_passage_model()
    level = ws.sources.model.likely(float(ws.settings.sources_likely_precision))
    for name in ("train", "dev"):
        if name not in rows:
            continue
        r = figures(model, rows[name], origin_of, level.threshold)
        print(f"{name}: {r['queries']} queries  Recall@5={r['recall@5']:.3f}  MRR={r['mrr']:.3f}  "
              f"likely relevant (target {level.target:.2f}, p >= {level.threshold:.3f}): "
              f"precision {r['likely_precision']:.3f} recall {r['likely_recall']:.3f} "
              f"({r['likely']} of {TOP * r['queries']} shown)")
    if not args.no_time:
        queries = splits["dev"].queries
        ws.search_sources("warm up the model", k=TOP)
        cpu, wall = time.process_time(), time.perf_counter()
        for start in range(0, len(queries), 256):
            ws.search_sources_many(queries[start:start + 256], TOP)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"batch search (dev, {len(queries)} queries with context): {1000 * cpu / len(queries):.1f} "
              f"CPU-ms and {1000 * wall / len(queries):.1f} wall-ms per query")


if __name__ == "__main__":
    main()
