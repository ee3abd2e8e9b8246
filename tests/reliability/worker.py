"""Subprocess helpers for crash and concurrency tests: a fork server, reviewers and ingesters.

``python worker.py zygote`` loads the model once, then reads one JSON job per stdin line,
forks a child that runs it (ingest, reindex or export) against its own Workspace, SIGKILLs
the child after ``delay`` seconds when given, and answers one JSON line per job.
``python worker.py reviewer ...`` and ``python worker.py ingester ...`` are the concurrent
actors of the reviewers test; each writes a JSON-lines log of what it did.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _load_embedder() -> Any:
    from factcheck.config import Settings
    from factcheck.embed import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256)
    embedder._load()  # weights only: no inference before fork (OpenMP pools are not fork-safe)
    return embedder


def _run_job(job: dict[str, Any], embedder: Any) -> None:
    """Runs in the forked child."""
    import torch

    torch.set_num_threads(1)
    from factcheck.workspace import Workspace

    ws = Workspace(Path(job["workspace"]), embedder=embedder)
    op = job["op"]
    if op == "ingest":
        reports = ws.ingest(job["inputs"])
        bad = [r.message for r in reports if r.status == "error"]
        if bad:
            raise SystemExit(f"ingest errors: {bad}")
    elif op == "reindex":
        ws.reindex()
    elif op == "export":
        ws.export(job["fmt"], Path(job["out"]), include_history=True)
    else:
        raise SystemExit(f"unknown op {op}")
    ws.close()


def zygote() -> None:
    embedder = _load_embedder()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # child
            code = 0
            try:
                _run_job(job, embedder)
            except BaseException as exc:
                print(f"child failed: {exc!r}", file=sys.stderr, flush=True)
                code = 3
            os._exit(code)
        delay = job.get("delay")
        status = None
        deadline = None if delay is None else started + float(delay)
        while status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = raw
                break
            if deadline is not None and time.monotonic() >= deadline:
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
                break
            time.sleep(0.002)
        elapsed = time.monotonic() - started
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        result = {"elapsed": elapsed, "killed": killed,
                  "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}
        print(json.dumps(result), flush=True)


# --- concurrent actors ---------------------------------------------------------------------
def reviewer(folder: str, name: str, seconds: float, log_path: str, seed: int) -> None:
    """Record verdicts in a loop; half the saves carry the reviewer's (possibly stale) view."""
    from factcheck.errors import ConflictError, FactcheckError
    from factcheck.workspace import Workspace

    rng = random.Random(seed)
    ws = Workspace(Path(folder))
    labels = ws.rating_scale().labels()
    claim_ids = [c.id for c in ws.claims()]
    end = time.monotonic() + seconds
    number = 0
    with open(log_path, "w", encoding="utf-8") as log:
        while time.monotonic() < end:
            if rng.random() < 0.05:  # pick up claims the ingesters added
                claim_ids = [c.id for c in ws.claims()] or claim_ids
            claim_id = rng.choice(claim_ids)
            number += 1
            rating = rng.choice(labels)
            explanation = f"{name} #{number}: checked «{rng.random():.6f}» ✓"
            entry: dict[str, Any] = {"claim_id": claim_id, "rating": rating,
                                     "explanation": explanation, "reviewer": name}
            kwargs: dict[str, Any] = {}
            if rng.random() < 0.5:  # a reviewer who looked at the claim a moment ago
                current = ws.current_verdict(claim_id)
                kwargs["based_on"] = None if current is None else current.id
                time.sleep(rng.random() * 0.01)
            t0 = time.perf_counter()
            try:
                saved = ws.record_verdict(claim_id, rating, explanation=explanation, reviewer=name,
                                          **kwargs)
            except ConflictError as exc:
                entry.update(outcome="conflict", message=str(exc))
            except FactcheckError as exc:
                entry.update(outcome="error", message=str(exc))
            except Exception as exc:  # anything else (e.g. sqlite3 "database is locked") is a bug
                entry.update(outcome="crash", message=f"{type(exc).__name__}: {exc}")
            else:
                entry.update(outcome="saved", id=saved.id)
            entry["latency"] = time.perf_counter() - t0
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
            log.flush()
    ws.close()


def ingester(folder: str, name: str, seconds: float, log_path: str, seed: int) -> None:
    """Ingest small fresh articles in a loop (one model load per process)."""
    import torch

    torch.set_num_threads(1)
    from factcheck.workspace import Workspace

    rng = random.Random(seed)
    ws = Workspace(Path(folder), embedder=_load_embedder())
    end = time.monotonic() + seconds
    number = 0
    with open(log_path, "w", encoding="utf-8") as log:
        while time.monotonic() < end:
            number += 1
            text = (f"{name} report {number}. Mayor Ana Lopez said the budget rose by "
                    f"{rng.randrange(1, 99)} percent in {rng.randrange(1990, 2030)}.\n\n"
                    f'"We hired {rng.randrange(10, 900)} nurses," the minister said.')
            t0 = time.perf_counter()
            try:
                report = ws.ingest_text(text, label=f"{name}-{number}")
                entry = {"outcome": report.status, "message": report.message,
                         "article_id": report.article_id}
            except Exception as exc:
                entry = {"outcome": "crash", "message": f"{type(exc).__name__}: {exc}"}
            entry["latency"] = time.perf_counter() - t0
            log.write(json.dumps(entry) + "\n")
            log.flush()
    ws.close()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "zygote":
        zygote()
    elif mode in ("reviewer", "ingester"):
        folder, name, seconds, log_path, seed = sys.argv[2:7]
        actor = reviewer if mode == "reviewer" else ingester
        actor(folder, name, float(seconds), log_path, int(seed))
    else:
        raise SystemExit(f"unknown mode {mode}")
