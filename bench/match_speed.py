"""Matching speed: similar_claims (k=10, explained) latency over 100,000 claims; batch query rate.

    python bench/match_speed.py [--claims 100000] [--probes 200] [--queries 1000]

The workspace (bench/.cache/ws-speed) holds the 2A + 2B verified-claim texts as news claims,
repeated until --claims claims exist (one article each); their vectors are copied from the
benchmark workspaces' caches, so building it needs no model time. Batch queries are fresh
debate sentences (never embedded before): the rate includes embedding.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.claim_matching import CACHE, DATA, TASKS, workspace_for  # noqa: E402


def build(n_claims: int):
    from factcheck.models import Article, SegmentItem
    from factcheck.workspace import Workspace

    sources = [workspace_for(task) for task in ("2b", "2a")]
    ws = Workspace(CACHE / "ws-speed")
    if ws.stats().claims >= n_claims:
        return ws
    texts: list[str] = []
    for src in sources:
        texts.extend(c.text for c in src.claims(kind="prior"))
        src.close()
        with sqlite3.connect(ws.store.db.path) as conn:  # reuse the computed vectors
            conn.execute("ATTACH DATABASE ? AS src", (str(src.store.db.path),))
            conn.execute("INSERT OR IGNORE INTO embeddings SELECT * FROM src.embeddings")
            conn.commit()
            conn.execute("DETACH DATABASE src")
    started = time.perf_counter()
    have = ws.stats().claims
    with ws.store.db.write():
        for n in range(have, n_claims):
            text = texts[n % len(texts)]
            body = f"{text}\n\n(copy {n})"
            item = SegmentItem(kind="statement", text=text, start=0, end=len(text))
            new = Article(id=0, text=body, sha256=hashlib.sha256(body.encode()).hexdigest(),
                          title=f"article {n}", outlet=f"outlet {n % 50}",
                          published=f"20{10 + n % 10}-01-01", origin="bench")
            ws.store.add_article(new, [item])
    print(f"stored {n_claims - have} claims in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    ws.reindex()
    return ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    ws = build(args.claims)
    print(f"workspace: {ws.stats().claims} claims, {len(ws.claim_index)} vectors")
    rng = random.Random(7)
    ids = rng.sample(sorted(c.id for c in ws.claims()), args.probes)
    ws.similar_claims(ids[0], k=10, explain=True)  # warm: indexes loaded, model loaded
    timings = []
    for cid in ids:
        started = time.perf_counter()
        ws.similar_claims(cid, k=10, explain=True)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, round(0.99 * len(timings)) - 1)]
    print(f"similar_claims k=10 explain: p50 {statistics.median(timings):.1f} ms, "
          f"p99 {p99:.1f} ms, max {timings[-1]:.1f} ms over {len(timings)} claims")
    lines = []
    for path in sorted((DATA / TASKS["2b"] / "transcripts").glob("*.tsv")):
        lines.extend(row.split("\t")[2] for row in path.read_text(encoding="utf-8").splitlines()
                     if row.count("\t") >= 2 and len(row.split("\t")[2].split()) >= 6)
    rng.shuffle(lines)
    from factcheck.match.ranking import Query

    queries = [Query(text=f"{t} ({rng.random():.6f})", k=10) for t in lines[:args.queries]]
    started = time.perf_counter()
    ws.search_many(queries)
    elapsed = time.perf_counter() - started
    print(f"search_many: {len(queries)} fresh queries in {elapsed:.1f}s = "
          f"{len(queries) / elapsed:.0f} queries/s end to end (embedding included)")


if __name__ == "__main__":
    main()
