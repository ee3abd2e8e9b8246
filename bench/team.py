"""Team deployment figures: reviewers saving verdicts at once on one store, and the catch-up delay
between two app processes (a claim ingested in one, searchable in the other's FAISS index).

Run: .venv/bin/python bench/team.py [--backend postgres|sqlite] [--reviewers 20] [--seconds 20]
     [--claims 500] [--catchup 5] [--database-url postgresql://...]
Without --database-url a throw-away PostgreSQL server is started (initdb + pg_ctl, as in the tests,
durability off: fsync, synchronous_commit and full_page_writes are disabled, so save latencies are
lower than on a durable server). Reviewers are separate processes, each with its own Workspace
(own folder with PostgreSQL; one shared folder with SQLite); the model-free HashingEmbedder stands in
for the encoder (verdict saves never embed; the catch-up figure excludes model time).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.config import Settings  # noqa: E402
from factcheck.testing import HashingEmbedder  # noqa: E402

FOLLOWER = REPO / "tests" / "pg_follower.py"


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, learned_attribution=False)


def folder_for(root: Path, url: str, name: str) -> Path:
    return root / (name if url else "shared")  # SQLite: every process on one workspace folder


def seed(root: Path, url: str, claims: int) -> list[int]:
    """Articles with ``claims`` quotes in all (20 per article), stored through the Workspace."""
    from factcheck.workspace import Workspace

    ws = Workspace(folder_for(root, url, "seed"), settings_for(url), embedder=HashingEmbedder())
    try:
        for a in range(0, claims, 20):
            text = " ".join(f'Speaker {a + i} said "the figure {a + i} rose by {i} percent in {2000 + i}".'
                            for i in range(20))
            ws.ingest_text(text, label=f"seed {a}")
        return [c.id for c in ws.claims()]
    finally:
        ws.close()


def reviewer(root: str, url: str, name: str, claim_ids: list[int], seconds: float, start_at: float,
             out: Any) -> None:
    """Save verdicts in a loop, each based on the current verdict read just before (a real view)."""
    from factcheck.errors import ConflictError
    from factcheck.workspace import Workspace

    rng = random.Random(name)
    ws = Workspace(folder_for(Path(root), url, name), settings_for(url), embedder=HashingEmbedder())
    labels = ws.rating_scale().labels()
    latencies, saved, conflicts = [], [], 0
    time.sleep(max(0.0, start_at - time.time()))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        claim_id = rng.choice(claim_ids)
        current = ws.current_verdict(claim_id)
        t0 = time.perf_counter()
        try:
            verdict = ws.record_verdict(claim_id, rng.choice(labels), explanation=f"{name} checked",
                                        reviewer=name, based_on=None if current is None else current.id)
        except ConflictError:
            conflicts += 1
            continue
        latencies.append(time.perf_counter() - t0)
        saved.append(verdict.id)
    ws.close()
    out.put({"latencies": latencies, "saved": saved, "conflicts": conflicts})


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def bench_saves(root: Path, url: str, claim_ids: list[int], reviewers: int, seconds: float) -> None:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start_at = time.time() + 3.0 + 0.3 * reviewers  # every process imported and connected first
    procs = [ctx.Process(target=reviewer, args=(str(root), url, f"reviewer{n}", claim_ids, seconds, start_at, out))
             for n in range(reviewers)]
    for proc in procs:
        proc.start()
    results = [out.get(timeout=seconds + 300) for _ in procs]
    for proc in procs:
        proc.join()
    latencies = [x for r in results for x in r["latencies"]]
    saved = {v for r in results for v in r["saved"]}
    conflicts = sum(r["conflicts"] for r in results)
    from factcheck.workspace import Workspace

    ws = Workspace(folder_for(root, url, "check"), settings_for(url), embedder=HashingEmbedder())
    try:
        stored = {v.id for c in claim_ids for v in ws.history(c)}
    finally:
        ws.close()
    print(f"{reviewers} reviewers for {seconds:.0f} s: {len(saved)} verdicts saved "
          f"({len(saved) / seconds:.1f} verdicts/s), {conflicts} conflicts (stale views refused), "
          f"save latency p50 {quantile(latencies, 0.5) * 1000:.1f} ms, p99 {quantile(latencies, 0.99) * 1000:.1f} ms; "
          f"found in the store {len(saved & stored)}/{len(saved)}, unlogged {len(stored - saved)}")


def bench_catchup(root: Path, url: str, rounds: int) -> None:
    from factcheck.workspace import Workspace

    writer = Workspace(folder_for(root, url, "writer"), settings_for(url), embedder=HashingEmbedder())
    delays = []
    try:
        for n in range(rounds):
            marker = f"zeppelin{n}x{random.randrange(10**6)}"
            follower = subprocess.Popen(
                [sys.executable, str(FOLLOWER), str(folder_for(root, url, f"follower{n}")), url or "", marker, "60"],
                stdout=subprocess.PIPE, text=True, cwd=REPO)
            assert follower.stdout is not None and follower.stdout.readline().strip() == "ready"
            writer.ingest_text(f'The mayor said "the city bought forty {marker} for the parade" on air.')
            committed = time.time()
            out, _ = follower.communicate(timeout=120)
            found = json.loads(out.strip().splitlines()[-1])["found_at"]
            delays.append(max(0.0, found - committed) if found else float("inf"))
    finally:
        writer.close()
    print(f"catch-up between two app processes ({rounds} rounds, follower polls every 50 ms): "
          f"median {quantile(delays, 0.5) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms "
          "from the writer's commit to the claim ranking first in the other process's search")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--catchup", type=int, default=5)
    args = parser.parse_args()
    server = None
    url = ""
    if args.backend == "postgres":
        url = args.database_url
        if not url:
            from tests.pg_server import pg_bin, start_server

            if pg_bin() is None:
                raise SystemExit("no PostgreSQL binaries: install postgresql or pass --database-url")
            server = start_server()
            url = server.database("team_bench")
    try:
        with tempfile.TemporaryDirectory(prefix="team-bench-") as tmp:
            root = Path(tmp)
            claim_ids = seed(root, url, args.claims)
            print(f"backend {args.backend}: {len(claim_ids)} claims; cores shared with other work")
            bench_saves(root, url, claim_ids, args.reviewers, args.seconds)
            if url:
                bench_catchup(root, url, args.catchup)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
