"""Two app processes on one PostgreSQL database: a claim ingested by one is searchable in the other
(in its own FAISS index, caught up through the change sequence) within 5 seconds."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.testing import HashingEmbedder
from factcheck.workspace import Workspace
from tests.pg_server import PgServer, database_name

FOLLOWER = Path(__file__).with_name("pg_follower.py")
MARKER = "zeppelins"
ARTICLE = ('The minister said "crime fell by 20 percent last year" at the meeting.')
NEW = f'Later the mayor said "the city bought forty {MARKER} for the parade" on the radio.'


def test_a_claim_ingested_in_one_process_is_searchable_in_another(tmp_path: Path, pg_server: PgServer) -> None:
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    url = pg_server.database(database_name(tmp_path))
    settings = Settings(database_url=url, learned_attribution=False)
    writer = Workspace(tmp_path / "a", settings, embedder=HashingEmbedder())
    follower = subprocess.Popen([sys.executable, str(FOLLOWER), str(tmp_path / "b"), url, MARKER, "30"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.ingest_text(ARTICLE).status == "added"
        assert follower.stdout is not None
        assert follower.stdout.readline().strip() == "ready"
        started = time.time()
        report = writer.ingest_text(NEW)
        committed = time.time()
        assert report.status == "added"
        out, err = follower.communicate(timeout=60)
        found = json.loads(out.strip().splitlines()[-1])
        assert found["found_at"] is not None, err
        delay = found["found_at"] - committed
        print(f"catch-up: searchable in the other process {max(0.0, delay):.3f} s after the commit")
        assert found["found_at"] - started < 5.0
        assert MARKER in writer.claim(found["claim_id"]).text
        assert not (tmp_path / "b" / "factcheck.sqlite3").exists()
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()
        writer.close()
