"""Export throughput and peak memory for N verdicts in each format (CSV, JSONL, ClaimReview, audit).

    .venv/bin/python bench/export.py [--verdicts 1000000] [--formats csv,jsonl,claimreview,audit]

The workspace is generated once with bulk inserts (FTS triggers dropped: this bench measures
exports, not ingest) and cached in bench/.cache/export-N/. Each format runs in a fresh
subprocess so its peak RSS (getrusage ru_maxrss) is its own; the baseline is the RSS of the
same subprocess after opening the workspace, before exporting.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
CLAIMS_PER_ARTICLE = 50
APPEARANCES = 3  # every quote is carried by 3 articles: ClaimReview groups them


def build(folder: Path, n: int) -> None:
    """A workspace with n claims, each with one verdict (plus one edit every 10th claim)."""
    sys.path.insert(0, str(ROOT))
    from factcheck.store import Store, normalized_hash, utc_now

    store = Store(folder)
    conn = store.db.conn
    for trigger in ("claims_ai", "claims_match_ai"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(7)
    ratings = [("True", 5.0), ("Mostly true", 4.0), ("Half true", 3.0), ("Mostly false", 2.0),
               ("False", 1.0), ("Misleading", None)]
    speakers = [f"Speaker {i}" for i in range(500)]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO speakers (id, name, type) VALUES (?, ?, 'person')",
                     [(i + 1, s) for i, s in enumerate(speakers)])
    now = utc_now()
    articles = n // CLAIMS_PER_ARTICLE + 1
    claim_id = 0
    for art in range(1, articles + 1):
        quotes = [f"Quote {(art - 1) // APPEARANCES}-{k}: the figure rose by {k * 3 % 97} percent"
                  f" in {2000 + k % 24}, said the speaker, and it will not change." for k in
                  range(CLAIMS_PER_ARTICLE)]
        text = " ".join(f'"{q}"' for q in quotes) + f" Article {art}."
        conn.execute(
            "INSERT INTO articles (id, sha256, text, title, published, outlet, url, origin,"
            " ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (art, hashlib.sha256(text.encode()).hexdigest(), text, f"Article {art} =title",
             f"2024-{1 + art % 12:02d}-{1 + art % 28:02d}", f"Outlet {art % 40}",
             f"https://news{art % 40}.example/a/{art}", "bench", now))
        claims, verdicts = [], []
        offset = 1
        for q in quotes:
            if claim_id >= n:
                break
            claim_id += 1
            speaker = 1 + (claim_id // APPEARANCES) % len(speakers)
            claims.append((claim_id, art, "direct", q, offset, offset + len(q),
                           speakers[speaker - 1], speaker, "person", normalized_hash(q)))
            offset += len(q) + 3
            label, value = rng.choice(ratings)
            verdicts.append((claim_id, label, value, 5.0 if value else None,
                             1.0 if value else None, f"Explanation for {claim_id}: see sources.",
                             json.dumps([{"url": f"https://stats.example/{claim_id}", "title": "",
                                          "passage": "", "start": None, "end": None,
                                          "stance": "refutes", "source_id": None}]),
                             f"reviewer{claim_id % 7}", "published", now, None, "reviewer", "", 0))
        conn.executemany(
            'INSERT INTO claims (id, article_id, kind, text, start, "end", speaker, speaker_id,'
            " speaker_type, norm_sha256) VALUES (?,?,?,?,?,?,?,?,?,?)", claims)
        conn.executemany(
            "INSERT INTO verdicts (claim_id, rating, rating_value, best_rating, worst_rating,"
            " explanation, evidence, reviewer, status, created_at, supersedes, origin, batch_id,"
            " retracted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", verdicts)
        if claim_id >= n:
            break
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    store.close()


def run_one(folder: Path, fmt: str) -> dict[str, float]:
    """Export one format to /dev/null-like sink; report rows, seconds and peak RSS."""
    sys.path.insert(0, str(ROOT))
    from factcheck.workspace import Workspace

    ws = Workspace(folder)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sink = open(os.devnull, "wb")  # noqa: SIM115 - closed below
    start = time.perf_counter()
    summary = ws.export(fmt, sink, status="" if fmt != "claimreview" else "published")
    seconds = time.perf_counter() - start
    sink.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"records": summary.records, "bytes": summary.bytes, "seconds": seconds,
            "baseline_rss_mb": baseline / 1024, "peak_rss_mb": peak / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,jsonl,claimreview,audit")
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)
    parser.add_argument("--workspace", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(Path(args.workspace), args.one)))
        return
    folder = CACHE / f"export-{args.verdicts}"
    if not (folder / "factcheck.sqlite3").exists():
        t0 = time.perf_counter()
        build(folder, args.verdicts)
        print(f"built {folder} with {args.verdicts} verdicts in {time.perf_counter() - t0:.0f} s")
    print(f"{'format':<12} {'records':>9} {'MB out':>8} {'seconds':>8} {'rows/s':>9} "
          f"{'base RSS':>9} {'peak RSS':>9}")
    for fmt in args.formats.split(","):
        out = subprocess.run([sys.executable, __file__, "--one", fmt, "--workspace", str(folder)],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{fmt:<12} {r['records']:>9} {r['bytes'] / 1e6:>8.1f} {r['seconds']:>8.1f} "
              f"{r['records'] / r['seconds']:>9.0f} {r['baseline_rss_mb']:>7.0f}MB "
              f"{r['peak_rss_mb']:>7.0f}MB", flush=True)


if __name__ == "__main__":
    main()
