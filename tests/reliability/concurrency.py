"""Run N reviewer and M ingester processes against one workspace; collect and verify what they did."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

WORKER = Path(__file__).with_name("worker.py")


@dataclass
class ConcurrencyResult:
    """What the actors logged and what the store holds afterwards."""

    seconds: float
    saved: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)  # FactcheckError messages other than conflicts
    crashes: list[str] = field(default_factory=list)  # anything else reaching a user: a bug
    found: int = 0  # saved verdicts found in the store with identical content
    missing: list[int] = field(default_factory=list)
    extra: int = 0  # verdicts in the store nobody logged as saved
    latencies: list[float] = field(default_factory=list)
    ingested: int = 0
    ingest_failures: list[str] = field(default_factory=list)

    @property
    def verdicts_per_s(self) -> float:
        return self.saved / self.seconds

    def latency_quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_actors(folder: Path, logs: Path, *, reviewers: int = 8, ingesters: int = 2,
               seconds: float = 30.0, seed: int = 7) -> ConcurrencyResult:
    """Start every actor at once, wait, then compare their logs with the store."""
    logs.mkdir(parents=True, exist_ok=True)
    procs = []
    for kind, count in (("ingester", ingesters), ("reviewer", reviewers)):
        for n in range(count):
            log = logs / f"{kind}{n}.jsonl"
            procs.append(subprocess.Popen(
                [sys.executable, str(WORKER), kind, str(folder), f"{kind}{n}", str(seconds), str(log),
                 str(seed * 100 + n + (50 if kind == "ingester" else 0))],
                stderr=subprocess.PIPE, text=True))
    stderr = []
    for proc in procs:
        _, err = proc.communicate(timeout=seconds + 300)
        if proc.returncode != 0:
            stderr.append(err[-2000:])
    result = ConcurrencyResult(seconds=seconds)
    result.crashes += [f"actor exited: {e}" for e in stderr]
    saved: dict[int, dict[str, object]] = {}
    for log in sorted(logs.glob("reviewer*.jsonl")):
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            outcome = entry["outcome"]
            if outcome == "saved":
                saved[int(entry["id"])] = entry
                result.latencies.append(float(entry["latency"]))
            elif outcome == "conflict":
                result.conflicts += 1
            elif outcome == "error":
                result.errors.append(str(entry["message"]))
            else:
                result.crashes.append(str(entry["message"]))
    for log in sorted(logs.glob("ingester*.jsonl")):
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry["outcome"] == "added":
                result.ingested += 1
            else:
                result.ingest_failures.append(str(entry["message"]))
    result.saved = len(saved)
    conn = sqlite3.connect(f"file:{folder / 'factcheck.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        rows = {int(r[0]): r for r in conn.execute(
            "SELECT id, claim_id, rating, explanation, reviewer FROM verdicts")}
    finally:
        conn.close()
    for verdict_id, entry in saved.items():
        row = rows.get(verdict_id)
        if row is None:
            result.missing.append(verdict_id)
        elif (row[1], row[2], row[3], row[4]) == (entry["claim_id"], entry["rating"],
                                                    entry["explanation"], entry["reviewer"]):
            result.found += 1
        else:
            result.missing.append(verdict_id)
    result.extra = len(set(rows) - set(saved))
    return result
