"""A second app process for the catch-up test and bench: waits until a claim is searchable here.

``python tests/pg_follower.py WORKSPACE DATABASE_URL MARKER TIMEOUT_S`` opens its own workspace
folder on the shared database, prints ``ready``, then polls: when a claim containing MARKER is in
this process's FAISS claim index and ranks first in a search, it prints one JSON line with the wall
clock time and exits.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

POLL_S = 0.05


def follow(folder: Path, url: str, marker: str, timeout_s: float) -> int:
    from factcheck.config import Settings
    from factcheck.testing import HashingEmbedder
    from factcheck.workspace import Workspace

    ws = Workspace(folder, Settings(database_url=url, learned_attribution=False), embedder=HashingEmbedder())
    try:
        ws.claim_index  # noqa: B018  (loaded and in step before we say ready)
        print("ready", flush=True)
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            matches = ws.search(marker, k=3)
            if matches and marker in matches[0].claim.text:
                claim_id = matches[0].claim.id
                if claim_id in ws.claim_index.ids():
                    print(json.dumps({"found_at": time.time(), "claim_id": claim_id}), flush=True)
                    return 0
            time.sleep(POLL_S)
        print(json.dumps({"found_at": None}), flush=True)
        return 1
    finally:
        ws.close()


if __name__ == "__main__":
    sys.exit(follow(Path(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])))
