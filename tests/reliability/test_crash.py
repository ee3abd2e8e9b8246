"""SIGKILL during ingest, reindex and export (seeded, real processes); backup and restore."""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.checks import INDEX_NAME, check_store, index_state, temp_leftovers

WORKER = Path(__file__).with_name("worker.py")
INGEST_TRIALS = 50
REINDEX_TRIALS = 15
EXPORT_TRIALS = 15
SEED = 20261125


class Zygote:
    """The fork server of worker.py: one model load, one forked child per job."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(WORKER), "zygote"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        ready = self.proc.stdout.readline()
        assert json.loads(ready)["ready"], ready

    def run(self, **job: object) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def zygote():
    server = Zygote()
    yield server
    server.close()


def _articles(folder: Path, trial: int, count: int = 3) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"trial{trial:03d}-{n}.txt"
        path.write_text(
            f"Budget report {trial}-{n}\n\n"
            f"Mayor Ana López said the city budget rose by {trial + n} percent in {1990 + trial}.\n\n"
            f'"We will hire {100 + trial * 7 + n} nurses," the health minister said on Tuesday.\n\n'
            f"According to the treasury, debt fell to {trial}.{n} billion euros last year.",
            encoding="utf-8")
        paths.append(str(path))
    return paths


def _reopen_and_repair(folder: Path, embedder) -> list[str]:
    """Open the workspace as the next command would; the index must end up agreeing."""
    from factcheck.workspace import Workspace

    ws = Workspace(folder, embedder=embedder)
    try:
        ws.save_index()
        return list(ws.notices)
    finally:
        ws.close()


def test_sigkill_during_ingest(zygote, embedder, tmp_path):
    rng = random.Random(SEED)
    folder, inputs = tmp_path / "ws", tmp_path / "in"
    calibration = zygote.run(op="ingest", workspace=str(folder), inputs=_articles(inputs, 0), delay=None)
    assert calibration["exit"] == 0, calibration
    duration = calibration["elapsed"]
    pending: list[str] = []
    outcomes: Counter[str] = Counter()
    states: Counter[str] = Counter()
    notices = 0
    for trial in range(1, INGEST_TRIALS + 1):
        batch = pending + _articles(inputs, trial)
        result = zygote.run(op="ingest", workspace=str(folder), inputs=batch,
                            delay=rng.uniform(0.0, duration * 1.3))
        if result["killed"]:
            outcomes["killed"] += 1
            pending = batch
        else:
            assert result["exit"] == 0, result
            outcomes["completed"] += 1
            pending = []
        found = check_store(folder)
        assert found.problems == [], (trial, found.problems)
        assert found.index_state in ("agrees", "behind", "missing"), (trial, found.index_state)
        states[found.index_state] += 1
        if found.index_state != "agrees" and found.claims:
            repaired = _reopen_and_repair(folder, embedder)
            assert repaired, "the index was repaired without telling the user"
            assert index_state(folder) == "agrees"
            notices += 1
    assert outcomes["killed"] >= INGEST_TRIALS // 2, outcomes

    final = zygote.run(op="ingest", workspace=str(folder), inputs=[str(inputs)], delay=None)
    assert final["exit"] == 0, final
    found = check_store(folder)
    assert found.problems == [] and found.index_state == "agrees"
    assert found.articles == 3 * (INGEST_TRIALS + 1)
    print(f"ingest kills: {dict(outcomes)}, index after kill: {dict(states)}, repaired with notice: "
          f"{notices}, run {duration:.2f}s, temp leftovers {temp_leftovers(folder)}")


def _drop_some_vectors(folder: Path, rng: random.Random) -> None:
    conn = sqlite3.connect(folder / "factcheck.sqlite3", timeout=30)
    try:
        conn.execute("DELETE FROM embeddings WHERE abs(random()) % 2 = 0")
        conn.commit()
    finally:
        conn.close()


def test_sigkill_during_reindex(zygote, tmp_path):
    rng = random.Random(SEED + 1)
    folder, inputs = tmp_path / "ws", tmp_path / "in"
    for trial in range(8):
        _articles(inputs, trial, count=4)
    assert zygote.run(op="ingest", workspace=str(folder), inputs=[str(inputs)], delay=None)["exit"] == 0
    _drop_some_vectors(folder, rng)
    calibration = zygote.run(op="reindex", workspace=str(folder), delay=None)
    assert calibration["exit"] == 0
    killed = 0
    for _ in range(REINDEX_TRIALS):
        _drop_some_vectors(folder, rng)  # so the child has to embed again: a wider window
        result = zygote.run(op="reindex", workspace=str(folder),
                            delay=rng.uniform(0.0, calibration["elapsed"] * 1.3))
        killed += result["killed"]
        assert check_store(folder, segmenter=False, vectors=False).problems == []
        assert index_state(folder) == "agrees"  # the old index or the new one, never a torn file
    assert zygote.run(op="reindex", workspace=str(folder), delay=None)["exit"] == 0
    found = check_store(folder)
    assert found.problems == [] and found.index_state == "agrees"
    assert killed >= REINDEX_TRIALS // 3
    print(f"reindex kills: {killed}/{REINDEX_TRIALS}, temp leftovers {len(temp_leftovers(folder))}")


def _parse_export(fmt: str, data: bytes) -> int:
    """Number of records in a complete export; raises on a torn file."""
    text = data.decode("utf-8")
    if fmt == "jsonl":
        assert text.endswith("\n")
        return len([json.loads(line) for line in text.splitlines()])
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert all(None not in row for row in rows)
        return len(rows)
    value = json.loads(text)
    return len(value) if isinstance(value, list) else len(value.get("@graph", [value]))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "claimreview"])
def test_sigkill_during_export(zygote, workspace, fmt, tmp_path):
    rng = random.Random(f"{SEED}-{fmt}")
    ws = workspace
    ws.ingest(_articles(tmp_path / "in", 0, count=6))
    claims = ws.claims()
    labels = ws.rating_scale().labels()
    for n in range(1500):
        ws.record_verdict(claims[n % len(claims)].id, labels[n % len(labels)],
                          explanation=f"explanation {n}, with a comma and \"quotes\"\nand a newline",
                          reviewer=f"r{n % 5}", status="published")
    out = tmp_path / f"out.{fmt}"
    calibration = zygote.run(op="export", workspace=str(ws.path), fmt=fmt, out=str(out), delay=None)
    assert calibration["exit"] == 0, calibration
    complete = _parse_export(fmt, out.read_bytes())
    assert complete > 0
    killed = 0
    for trial in range(EXPORT_TRIALS):
        if trial % 2:
            out.unlink(missing_ok=True)
        existed = out.exists()
        result = zygote.run(op="export", workspace=str(ws.path), fmt=fmt, out=str(out),
                            delay=rng.uniform(0.0, calibration["elapsed"] * 1.3))
        killed += result["killed"]
        if out.exists():  # the old complete file or the new complete one, never a torn one
            assert _parse_export(fmt, out.read_bytes()) == complete
        else:
            assert result["killed"] and not existed
    assert killed >= EXPORT_TRIALS // 3
    print(f"{fmt} export kills: {killed}/{EXPORT_TRIALS}, leftovers "
          f"{[p.name for p in tmp_path.glob('.out*')]}")


def test_backup_restore_keeps_every_verdict(cli, workspace, tmp_path):
    ws = workspace
    ws.ingest(_articles(tmp_path / "in", 0, count=4))
    labels = ws.rating_scale().labels()
    written = [ws.record_verdict(c.id, labels[i % len(labels)], explanation=f"v{i} «ü»", reviewer="bob")
               for i, c in enumerate(ws.claims() * 3)]
    backup = cli(ws.path, "backup", str(tmp_path / "bk"))
    assert backup.exit_code == 0, backup.output
    ws.record_verdict(ws.claims()[0].id, labels[0], explanation="after the backup")
    restored = tmp_path / "restored"
    result = cli(restored, "restore", str(tmp_path / "bk"))
    assert result.exit_code == 0, result.output
    from factcheck.workspace import Workspace

    again = Workspace(restored)
    try:
        found = {v.id: v for v in again.verdicts()}
        assert {v.id for v in written} == set(found)
        for verdict in written:
            assert found[verdict.id] == verdict
        assert (restored / INDEX_NAME).exists() and index_state(restored) == "agrees"
    finally:
        again.close()


def test_notices_only_for_real_index_damage(embedder, tmp_path):
    """Ordinary ingests in fresh processes say nothing; a lost index file is rebuilt with a note."""
    from factcheck.workspace import Workspace

    folder = tmp_path / "ws"
    for trial in range(2):
        ws = Workspace(folder, embedder=embedder)
        assert all(r.status == "added" for r in ws.ingest(_articles(tmp_path / "in", trial)))
        assert ws.notices == []
        ws.close()
    assert index_state(folder) == "agrees"
    (folder / INDEX_NAME).unlink()
    ws = Workspace(folder, embedder=embedder)
    ws.save_index()
    assert any("missing" in notice for notice in ws.notices)
    ws.close()
    assert index_state(folder) == "agrees"
