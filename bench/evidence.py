"""Evidence retrieval on CheckThat! 2021 task 2b: Recall@5, MRR and time per claim.

The 19,250 PolitiFact fact-check excerpts of ``vclaims.jsonl`` (``text_excerpt`` with its
title and URL) become the reference library of a workspace cached under
``bench/.cache/evidence-ws``; each query (a debate sentence) must find a passage of the
fact-check article named in the qrels.

Run: ``.venv/bin/python bench/evidence.py [--split dev|train|both] [--data ../shared/data]``.
Tuning (``--sweep``) is allowed on the train split only.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "data"
TASK = Path("clef2021-checkthat-task2b-en")
CACHE = REPO / "bench" / ".cache" / "evidence-ws"
POLITIFACT = "https://www.politifact.com"


def build_library(ws, data: Path) -> None:
    from factcheck.sources.library import SourceInput

    with open(data / TASK / "vclaims.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    have = {s.origin for s, _ in ws.list_sources()}
    todo = [r for r in rows if r["vclaim_id"] not in have]
    started = time.perf_counter()
    for n, row in enumerate(todo, start=1):
        source = SourceInput(label=row["vclaim_id"], text=row["text_excerpt"], title=row["title"],
                             url=POLITIFACT + row["url"], origin=row["vclaim_id"])
        ws.archive_source(source, kind="fact-check", publisher="PolitiFact", index=False)
        if n % 2000 == 0:
            print(f"  archived {n}/{len(todo)} ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
    if todo:
        print(f"archived {len(todo)} sources in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    started = time.perf_counter()

    def progress(label: str, done: int, total: int) -> None:
        if done % 5000 < 1000:
            print(f"  embedded {done}/{total} passages ({time.perf_counter() - started:.0f}s)", file=sys.stderr)

    size = ws.sync_passage_index(progress=progress)
    print(f"library: {len(rows)} sources, {size} passages", file=sys.stderr)


def load_split(data: Path, split: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    queries: dict[str, str] = {}
    with open(data / TASK / f"{split}_queries.tsv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for qid, text in reader:
            queries[qid] = text
    qrels: dict[str, set[str]] = {}
    with open(data / TASK / f"{split}_qrels.tsv", encoding="utf-8", newline="") as fh:
        for line in fh:
            parts = line.split("\t")
            if len(parts) >= 4 and parts[3].strip() == "1":
                qrels.setdefault(parts[0], set()).add(parts[2])
    return {q: t for q, t in queries.items() if q in qrels}, qrels


def evaluate(ws, queries, qrels, origin_of, dense_weight: float, title_weight: float, *,
             timed: bool) -> dict[str, float]:
    from factcheck.sources.retrieval import DENSE_WEIGHT, TITLE_WEIGHT

    recall5, rr, times = [], [], []
    passages = {}
    for qid, text in queries.items():
        vector = ws.embedder.inner.encode([text])
        ranked = ws.rank_passages(text, vector, 100, dense_weight, title_weight)
        missing = [pid for pid, *_ in ranked if pid not in passages]
        passages.update(ws.store.get_passages(missing))
        ranks = [i for i, (pid, *_) in enumerate(ranked, start=1)
                 if origin_of[passages[pid].source_id] in qrels[qid]]
        first = ranks[0] if ranks else None
        recall5.append(1.0 if first is not None and first <= 5 else 0.0)
        rr.append(1.0 / first if first else 0.0)
        if timed and (dense_weight, title_weight) == (DENSE_WEIGHT, TITLE_WEIGHT):
            started = time.perf_counter()
            ws.search_sources(text, k=5)  # the real per-claim path: retrieval + sentence + hints
            times.append(time.perf_counter() - started)
    result = {"queries": len(queries), "recall@5": statistics.mean(recall5), "mrr": statistics.mean(rr)}
    if times:
        result["ms_per_claim_mean"] = 1000 * statistics.mean(times)
        result["ms_per_claim_p95"] = 1000 * sorted(times)[int(0.95 * (len(times) - 1))]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "train", "both"), default="both")
    parser.add_argument("--sweep", action="store_true",
                        help="try dense and title weights (train split only)")
    args = parser.parse_args()
    if not (args.data / TASK / "vclaims.jsonl").exists():
        sys.exit(f"data not found under {args.data / TASK}; pass --data")

    from factcheck.sources.retrieval import DENSE_WEIGHT, TITLE_WEIGHT
    from factcheck.workspace import Workspace

    ws = Workspace(CACHE)
    build_library(ws, args.data)
    origin_of = {s.id: s.origin for s, _ in ws.list_sources()}
    ws.search_sources("warm up the model", k=5)
    splits = ["train", "dev"] if args.split == "both" else [args.split]
    if args.sweep:
        queries, qrels = load_split(args.data, "train")
        for title in (0.0, 1.0, 2.0, 4.0):
            for weight in (0.5, 0.6, 0.7, 0.8, 0.9):
                r = evaluate(ws, queries, qrels, origin_of, weight, title, timed=False)
                print(f"train dense_weight={weight:.1f} title_weight={title:.1f}  "
                      f"recall@5={r['recall@5']:.3f}  mrr={r['mrr']:.3f}", flush=True)
        return
    for split in splits:
        queries, qrels = load_split(args.data, split)
        r = evaluate(ws, queries, qrels, origin_of, DENSE_WEIGHT, TITLE_WEIGHT, timed=True)
        print(f"{split}: {r['queries']} queries  Recall@5={r['recall@5']:.3f}  MRR={r['mrr']:.3f}  "
              f"time/claim mean={r['ms_per_claim_mean']:.1f} ms p95={r['ms_per_claim_p95']:.1f} ms "
              f"(dense_weight={DENSE_WEIGHT}, title_weight={TITLE_WEIGHT})")


if __name__ == "__main__":
    main()
