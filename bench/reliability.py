"""Reliability figures: hostile inputs by class, SIGKILL trials survived, concurrent reviewers, peak RSS.

Run: .venv/bin/python bench/reliability.py [--seconds 30] [--trials 50]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reliability.checks import check_store, index_state  # noqa: E402
from tests.reliability.concurrency import run_actors  # noqa: E402
from tests.reliability.corpus import counts_by_class, write_corpus  # noqa: E402

_INGEST = textwrap.dedent("""
    import json, re, sys
    from factcheck.workspace import Workspace
    ws = Workspace(sys.argv[1])
    reports = ws.ingest(sys.argv[2:])
    peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
    print(json.dumps({"peak_kb": peak, "reports": [[r.input, r.status, r.message] for r in reports]}))
""")


def ingest_in_subprocess(folder: Path, inputs: list[str]) -> tuple[int, list[list[str]], float]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _INGEST, str(folder), *inputs], cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=1800)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return int(data["peak_kb"]), data["reports"], time.perf_counter() - t0


def bench_corpus(tmp: Path) -> None:
    files = write_corpus(tmp / "corpus")
    print(f"hostile inputs: {len(files)} files, by class {counts_by_class(files)}")
    peak, reports, took = ingest_in_subprocess(tmp / "ws-corpus", [str(f.path) for f in files])
    by_input = {f.path.name: Counter() for f in files}
    for label, status, _ in reports:
        name = Path(re.sub(r"(#\d+|:\d+)$", "", label)).name
        by_input.setdefault(name, Counter())[status] += 1
    outcome = Counter("refused" if c.get("error") else "ingested" for c in by_input.values())
    print(f"  one batch through Workspace.ingest: {dict(outcome)} in {took:.1f}s, peak RSS {peak / 1024:.0f} MB")
    unexpected = [f.path.name for f in files
                  if (f.expect == "ok" and by_input[f.path.name].get("error"))
                  or (f.expect == "error" and not by_input[f.path.name].get("error"))]
    print(f"  inputs whose outcome differs from the corpus' expectation: {unexpected or 'none'}")
    base, _, _ = ingest_in_subprocess(tmp / "ws-base", [])
    small = next(f.path for f in files if f.path.name == "rtl.txt")
    with_model, _, _ = ingest_in_subprocess(tmp / "ws-small", [str(small)])
    print(f"  baselines: a process that opens a workspace {base / 1024:.0f} MB; one that also loads "
          f"the model to ingest a small article {with_model / 1024:.0f} MB")
    for name in ("big-100mb.txt", "one-line-10mb.txt", "10000-paragraphs.txt"):
        path = next(f.path for f in files if f.path.name == name)
        peak, reports, took = ingest_in_subprocess(tmp / f"ws-{name}", [str(path)])
        print(f"  {name} ({path.stat().st_size / 1e6:.1f} MB): {reports[0][1]}, peak RSS "
              f"{peak / 1024:.0f} MB (empty workspace process: {base / 1024:.0f} MB), {took:.1f}s")


def bench_crashes(tmp: Path, trials: int) -> None:
    from factcheck.config import Settings
    from factcheck.embed import SentenceTransformerEmbedder
    from factcheck.workspace import Workspace
    from tests.reliability.test_crash import Zygote, _articles

    embedder = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256)
    rng = random.Random(20261125)
    folder, inputs = tmp / "ws-crash", tmp / "crash-in"
    repaired = 0
    zygote = Zygote()
    try:
        calibration = zygote.run(op="ingest", workspace=str(folder), inputs=_articles(inputs, 0), delay=None)
        survived, killed, pending = 0, 0, []
        states: Counter[str] = Counter()
        for trial in range(1, trials + 1):
            batch = pending + _articles(inputs, trial)
            result = zygote.run(op="ingest", workspace=str(folder), inputs=batch,
                                delay=rng.uniform(0, calibration["elapsed"] * 1.3))
            killed += result["killed"]
            pending = _articles(inputs, trial) if result["killed"] else []
            found = check_store(folder)
            states[found.index_state] += 1
            ok = not found.problems and found.index_state in ("agrees", "behind", "missing")
            if found.index_state != "agrees":  # what the next command does: sync with a notice
                ws = Workspace(folder, embedder=embedder)
                ws.save_index()
                ok = ok and bool(ws.notices) and index_state(folder) == "agrees"
                repaired += 1
                ws.close()
            survived += ok
        final = zygote.run(op="ingest", workspace=str(folder), inputs=[str(inputs)], delay=None)
    finally:
        zygote.close()
    found = check_store(folder)
    print(f"SIGKILL during ingest: {trials} trials ({killed} killed mid-run), {survived} survived "
          f"(integrity ok, every article complete, index synced with a notice when behind: {repaired}); "
          f"index after kill {dict(states)}; re-run exit "
          f"{final['exit']}, final index {index_state(folder)}, problems {found.problems or 'none'}")


def bench_concurrency(tmp: Path, seconds: float) -> None:
    from factcheck.workspace import Workspace
    from tests.reliability.test_crash import _articles

    folder = tmp / "ws-concurrent"
    ws = Workspace(folder)
    ws.ingest(_articles(tmp / "conc-in", 0, count=10))
    ws.close()
    result = run_actors(folder, tmp / "logs", seconds=seconds)
    print(f"8 reviewers + 2 ingesters for {seconds:.0f}s: {result.saved} verdicts written, "
          f"{result.found} found with identical content, {len(result.missing)} missing, "
          f"{result.extra} unlogged; {result.conflicts} stale-view conflicts; "
          f"{len(result.crashes)} raw errors (e.g. 'database is locked'); "
          f"{result.verdicts_per_s:.1f} verdicts/s sustained; save latency p50 "
          f"{result.latency_quantile(0.5) * 1000:.1f} ms, p99 {result.latency_quantile(0.99) * 1000:.1f} ms, "
          f"max {max(result.latencies, default=0) * 1000:.0f} ms; {result.ingested} articles ingested meanwhile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0, help="concurrency run length")
    parser.add_argument("--trials", type=int, default=50, help="SIGKILL trials during ingest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factcheck-reliability-") as raw:
        tmp = Path(raw)
        bench_corpus(tmp)
        bench_crashes(tmp, args.trials)
        bench_concurrency(tmp, args.seconds)


if __name__ == "__main__":
    main()
