"""Cold start: one-shot `factcheck search` on a 100,000-claim workspace, each run a fresh process.

    python bench/cold_start.py [--claims 100000] [--runs 5]

The workspace (bench/.cache/ws-100k) starts from the 19,250 PolitiFact priors (bench/.cache/priors19k,
made by bench/speed_ratios.py) and adds news claims with the same texts (one article each, so their
vectors come from the store's cache: building needs no model time) until --claims claims exist.
Each run is a fresh query (never embedded before), so the process embeds it: wall and CPU seconds of
the whole process, as a user would run it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CACHE = REPO / "bench" / ".cache"
PRIORS = CACHE / "priors19k"
QUERIES = ["Says the murder rate in {} fell by half last year", "Says gas taxes in {} doubled since 2010",
           "Says {} has the highest unemployment rate in the country", "Says teachers in {} earn less than janitors"]
PLACES = ["Ohio", "Texas", "Chicago", "Florida", "Georgia", "Oregon", "Maine", "Iowa", "Utah", "Nevada"]


def build(n_claims: int) -> Path:
    """bench/.cache/ws-100k with at least ``n_claims`` claims and an up-to-date claim index."""
    from factcheck.models import Article, SegmentItem
    from factcheck.workspace import Workspace

    folder = CACHE / f"ws-{n_claims // 1000}k"
    if not folder.exists():
        if not PRIORS.exists():
            sys.exit(f"needs {PRIORS}: run `python bench/speed_ratios.py` first (it imports the priors)")
        shutil.copytree(PRIORS, folder)
    ws = Workspace(folder)
    have = ws.stats().claims
    if have < n_claims:
        texts = [c.text for c in ws.claims(kind="prior")]
        started = time.perf_counter()
        for offset in range(have, n_claims, 5000):
            batch = []
            for n in range(offset, min(n_claims, offset + 5000)):
                text = texts[n % len(texts)]
                body = f"{text}\n\n(copy {n})"
                item = SegmentItem(kind="statement", text=text, start=0, end=len(text))
                batch.append((Article(id=0, text=body, sha256=hashlib.sha256(body.encode()).hexdigest(),
                                      title=f"article {n}", outlet=f"outlet {n % 50}",
                                      published=f"20{10 + n % 10}-01-01", origin="bench"), [item], {}))
            ws.store.add_articles(batch)
        print(f"stored {n_claims - have} claims in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        ws.reindex()
    index = ws.claim_index  # the approximate layer as a long-lived workspace has it, saved with the index
    if index.layer_due:  # missing, stale, or from an older layer format: built (and saved) now
        started = time.perf_counter()
        index.ensure_approximate(wait=True)
        if index.build_error:
            sys.exit(index.build_error)
        print(f"built the approximate layer in {time.perf_counter() - started:.0f}s: {index.approximate}",
              file=sys.stderr)
    ws.close()
    return folder


def one_shot(folder: Path, query: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KB) of one `factcheck search` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", "from factcheck.cli import main; main()", "--workspace",
                          str(folder), "search", "-k", "10", query], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0 or not out.stdout.strip():
        sys.exit(f"search failed: {out.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, int(after.ru_maxrss)


def measure(claims: int, runs: int) -> dict[str, float]:
    folder = build(claims)
    rng = random.Random(time.time_ns())
    walls, cpus, rss = [], [], 0
    for _ in range(runs):
        query = rng.choice(QUERIES).format(rng.choice(PLACES)) + f" ({rng.randrange(10**9)})"  # fresh
        wall, cpu, peak = one_shot(folder, query)
        walls.append(wall)
        cpus.append(cpu)
        rss = max(rss, peak)
    return {"claims": float(claims), "wall_median": statistics.median(walls), "wall_max": max(walls),
            "cpu_median": statistics.median(cpus), "rss_mb": rss / 1024, "load": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    r = measure(args.claims, args.runs)
    print(f"one-shot search over {int(r['claims']):,} claims, {args.runs} fresh queries: wall median "
          f"{r['wall_median']:.2f} s (max {r['wall_max']:.2f}), CPU median {r['cpu_median']:.2f} s, "
          f"peak RSS {r['rss_mb']:.0f} MB; load average {os.getloadavg()[0]:.1f}")

    if args.json is not None:
        args.json.write_text(json.dumps(r, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
