"""Blind double review at scale: review save latency, queue build (single vs double mode), disputes, agreement.

    .venv/bin/python bench/double_review.py [--claims 20000] [--reviewed 10000] [--reviewers 10]
                                            [--database-url postgresql://…]

A synthetic workspace (claims straight through the store, no model) in a temporary folder (or a
fresh PostgreSQL database with --database-url); ``--reviewed`` claims get two independent reviews
from random reviewers whose ratings are a claim's "true" rating plus noise (so alpha is high but
below 1). Printed: save p50/p99, queue build p50 in both modes, disputes and agreement times, alpha.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LABELS = ["False", "Mostly false", "Half true", "Mostly true", "True"]


def timed(call: Callable[[], object], runs: int = 5) -> float:
    """Median seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(ws: object, claims: int, per_article: int = 100) -> list[int]:
    from factcheck.models import Article, SegmentItem

    rng = random.Random(7)
    ids: list[int] = []
    for article in range(claims // per_article):
        items, sentences, pos = [], [], 0
        for n in range(per_article):
            text = f"Claim {n} of article {article}: the figure rose by {rng.randint(1, 99)} percent."
            items.append(SegmentItem(kind="statement", text=text, start=pos, end=pos + len(text),
                                     checkworthiness=rng.random()))
            sentences.append(text)
            pos += len(text) + 1
        body = "\n".join(sentences)
        _, _, claim_ids = ws.store.add_article(  # type: ignore[attr-defined]
            Article(id=0, text=body, sha256=hashlib.sha256(body.encode()).hexdigest(), title=f"A{article}"),
            items)
        ids.extend(claim_ids)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--reviewed", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=10)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    from factcheck.config import Settings
    from factcheck.testing import HashingEmbedder
    from factcheck.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "ws", Settings(database_url=args.database_url, learned_attribution=False),
                       embedder=HashingEmbedder())
        start = time.perf_counter()
        ids = build(ws, args.claims)
        print(f"built {len(ids)} claims in {time.perf_counter() - start:.1f}s "
              f"({'PostgreSQL' if args.database_url else 'SQLite'})")
        single = timed(lambda: ws.review_queue(reviewer="r0"))
        ws.set_double_review(True)
        rng = random.Random(11)
        saves = []
        for claim_id in rng.sample(ids, min(args.reviewed, len(ids))):
            truth = rng.randrange(5)
            for who in rng.sample(range(args.reviewers), 2):
                rating = LABELS[max(0, min(4, truth + rng.choice([0, 0, 0, 0, 1, -1])))]
                begin = time.perf_counter()
                ws.review(claim_id, rating, reviewer=f"r{who}")
                saves.append(time.perf_counter() - begin)
        saves.sort()
        print(f"{len(saves)} reviews saved: p50 {saves[len(saves) // 2] * 1000:.1f} ms, "
              f"p99 {saves[int(len(saves) * 0.99)] * 1000:.1f} ms")
        double = timed(lambda: ws.review_queue(reviewer="r0"))
        print(f"queue build p50: single review {single * 1000:.0f} ms, double review {double * 1000:.0f} ms")
        print(f"disputes: {len(ws.disputes())} in {timed(ws.disputes) * 1000:.0f} ms (p50)")
        report = ws.agreement()
        seconds = timed(ws.agreement)
        print(f"agreement over {report.overall.items} items and {len(report.pairs)} pairs in "
              f"{seconds * 1000:.0f} ms (p50): alpha {report.overall.alpha:.3f}, "
              f"same rating {report.overall.percent_agreement:.0%}")
        ws.close()


if __name__ == "__main__":
    main()
