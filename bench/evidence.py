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

``--fit`` fits the logistic passage model on the train candidates only (each query also without
its speaker, date and/or context); the "likely relevant" curves, one for queries with speaker,
date or context ("contextual") and one for the same sentences typed bare ("plain"), keep train
precision (which picks the threshold) and dev precision/recall (reported).
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
from factcheck.match.ranking import Query  # noqa: E402

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


def plain(split: Split) -> Split:
    """The same queries typed bare: no speaker, context or date (the "plain" kind)."""
    return Split([Query(text=q.text, query_id=q.query_id, k=q.k) for q in split.queries], split.qrels)


def variant(features: np.ndarray, speaker: bool, date: bool, context: bool) -> np.ndarray:
    """The features a query would have had without its speaker / date / context (same candidates)."""
    from factcheck.sources.ranking import PASSAGE_FEATURES

    col = PASSAGE_FEATURES.index
    out = features.copy()
    if not speaker:
        out[:, [col("speaker"), col("has_speaker")]] = 0.0
    if not date:
        out[:, [col("date"), col("has_date")]] = 0.0
    if not context:
        out[:, col("context")] = out[:, col("dense")]
        out[:, col("title_context")] = out[:, col("title")]
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


def fit(rows: dict[str, list], origin_of):
    """Logistic regression on the train candidates, each query also without its speaker, date
    and/or context (eight variants), so typed queries and undated articles are scored fairly."""
    import itertools

    from sklearn.linear_model import LogisticRegression

    from factcheck.sources.ranking import PASSAGE_FEATURES, PassageModel

    combos = list(itertools.product((True, False), repeat=3))
    x = np.vstack([variant(c.features, *combo) for combo in combos for _, c, _ in rows["train"]])
    y = np.concatenate([labels for _ in combos for _, _, labels in rows["train"]])
    reg = LogisticRegression(C=1.0, max_iter=3000).fit(x, y)
    model = PassageModel(weights=tuple(float(w) for w in reg.coef_[0]), bias=float(reg.intercept_[0]))
    train = figures(model, rows["train"], origin_of)
    curves = {"contextual": curve(model, rows["train"], rows["dev"], origin_of),
              "plain": curve(model, rows["train-plain"], rows["dev-plain"], origin_of)}
    note = (f"logistic regression by bench/evidence.py --fit on CheckThat! 2021 2B train ({len(rows['train'])} "
            f"queries x 8 variants without speaker/date/context, {len(y)} candidate rows, {int(y.sum())} of a "
            f"relevant fact-check) on {time.strftime('%Y-%m-%d')}; train Recall@5 {train['recall@5']:.3f}, "
            f"MRR {train['mrr']:.3f}; features {', '.join(PASSAGE_FEATURES)}")
    return PassageModel(model.weights, model.bias, curves, note)


def dev_figures() -> dict[str, dict[str, float]]:
    """The shipped model's dev figures per query kind (for the quality gate)."""
    from factcheck.workspace import Workspace

    ws = Workspace(CACHE)
    build_library(ws)
    origin_of = {s.id: s.origin for s, _ in ws.list_sources()}
    dev = load_split("2b", "dev")
    model, target = ws.sources.model, float(ws.settings.sources_likely_precision)
    return {kind: figures(model, labelled_candidates(ws, split, origin_of), origin_of,
                          model.likely(target, kind).threshold)
            for kind, split in (("contextual", dev), ("plain", plain(dev)))}


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
    from factcheck.sources.ranking import WEIGHTS_FILE, load_passage_model, save_passage_model
    from factcheck.workspace import Workspace

    ws = Workspace(CACHE)
    build_library(ws)
    origin_of = {s.id: s.origin for s, _ in ws.list_sources()}
    splits = {name: load_split("2b", name) for name in ("train", "dev")}
    names = ["train", "dev"] if args.fit or args.split == "both" else [args.split]
    rows = {}
    for name in names:
        rows[name] = labelled_candidates(ws, splits[name], origin_of)
        rows[f"{name}-plain"] = labelled_candidates(ws, plain(splits[name]), origin_of)
    if args.fit:
        model = fit(rows, origin_of)
        sha = save_passage_model(model)
        print(f"saved: {model.note}\nsha256 {sha}: set PASSAGE_WEIGHTS_SHA256 in factcheck/sources/ranking.py")
    model = load_passage_model(WEIGHTS_FILE) if args.fit else load_passage_model()
    target = float(ws.settings.sources_likely_precision)
    for name in names:
        for kind, key in (("contextual", name), ("plain", f"{name}-plain")):
            level = model.likely(target, kind)
            r = figures(model, rows[key], origin_of, level.threshold)
            print(f"{name} {kind:<10}: {r['queries']} queries  Recall@5={r['recall@5']:.3f}  MRR={r['mrr']:.3f}  "
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
