"""Server-side render time of the Review page (AppTest) on the seed workspace and on 100,000 claims.

    .venv/bin/python bench/ui.py [--claims 100000] [--runs 20]

Workspaces are built once under bench/.cache/ (the big one straight through the store, with
random unit vectors put in the embedding cache, so no model inference is needed). Reported:
the first render of a fresh session (cold: the queue cache is empty) and p50/p95 of fresh
sessions and of reruns after that (warm).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / ".cache"
sys.path.insert(0, str(REPO))


def build_seed(folder: Path) -> None:
    from tests.ui.workspaces import build_seed_workspace

    if not (folder / "factcheck.sqlite3").exists():
        build_seed_workspace(folder)


def build_big(folder: Path, claims: int, per_article: int = 100) -> None:
    """``claims`` synthetic claims in articles of ``per_article``, vectors cached, index built."""
    from factcheck.embed import text_hash
    from factcheck.models import Article, SegmentItem
    from factcheck.workspace import Workspace

    if (folder / "factcheck.sqlite3").exists():
        return
    rng = random.Random(7)
    vectors = np.random.default_rng(7)
    words = ["inflation", "unemployment", "budget", "deficit", "schools", "hospitals", "taxes", "wages", "border", "energy", "prices", "crime", "housing", "pensions", "exports", "growth", "climate", "vaccines", "tariffs"]
    ws = Workspace(folder)
    model_id = ws.embedder.model_id
    speakers = [f"Speaker {i}" for i in range(200)]
    for article in range(claims // per_article):
        sentences, items, pos = [], [], 0
        for n in range(per_article):
            claim = (f"In {2000 + n % 25} {rng.choice(words)} rose by {rng.randint(1, 99)} percent "
                     f"while {rng.choice(words)} fell, article {article} claim {n}.")
            items.append(SegmentItem(kind=rng.choice(["direct", "indirect", "statement"]),
                                     text=claim, start=pos, end=pos + len(claim),
                                     speaker=rng.choice(speakers), speaker_type="person",
                                     checkworthiness=rng.random()))
            sentences.append(claim)
            pos += len(claim) + 1
        text = "\n".join(sentences)
        batch = vectors.standard_normal((len(items), 384)).astype(np.float32)
        batch /= np.linalg.norm(batch, axis=1, keepdims=True)
        ws.store.cache_vectors(model_id, {text_hash(i.text): v for i, v in zip(items, batch, strict=True)})


        ws.store.add_article(Article(id=0, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                                     title=f"Synthetic article {article}", outlet="Bench",
                                     published="2024-01-01"), items)
    ws.reindex()
    ws.close()


def measure(folder: Path, runs: int) -> dict[str, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["FACTCHECK_WORKSPACE"] = str(folder)
    st.cache_resource.clear()
    st.cache_data.clear()
    # Open the workspace and load the model outside the timings (one per process in the app).
    from ui.resources import workspace

    workspace().claim_index  # noqa: B018 - warm the index like a running server
    fresh, reruns = [], []
    cold = 0.0
    for number in range(runs):
        at = AppTest.from_file(str(REPO / "ui" / "app.py"), default_timeout=600)
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        assert not at.exception, at.exception
        if number == 0:
            cold = elapsed
        else:
            fresh.append(elapsed)
        start = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - start)
    return {"cold": cold, "fresh_p50": statistics.median(fresh),
            "fresh_p95": float(np.percentile(fresh, 95)),
            "rerun_p50": statistics.median(reruns), "rerun_p95": float(np.percentile(reruns, 95))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    CACHE.mkdir(parents=True, exist_ok=True)
    seed = CACHE / "ui-seed"
    big = CACHE / f"ui-{args.claims}"
    build_seed(seed)
    started = time.perf_counter()
    build_big(big, args.claims)
    print(f"workspaces ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    for name, folder in (("seed", seed), (f"{args.claims:,} claims", big)):
        r = measure(folder, args.runs)
        print(f"Review page, {name:>15}: cold {r['cold'] * 1000:7.0f} ms | fresh session "
              f"p50 {r['fresh_p50'] * 1000:5.0f} ms p95 {r['fresh_p95'] * 1000:5.0f} ms | rerun "
              f"p50 {r['rerun_p50'] * 1000:5.0f} ms p95 {r['rerun_p95'] * 1000:5.0f} ms "
              f"({args.runs} runs)")


if __name__ == "__main__":
    main()
