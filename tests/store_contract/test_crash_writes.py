"""Contract under a crash: a writer SIGKILLed in the middle of its writes leaves no half-stored article."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from factcheck.store.protocol import StoreBackend
from tests.store_crash_child import CLAIMS

CHILD = Path(__file__).resolve().parents[1] / "store_crash_child.py"


def target_of(backend: StoreBackend, folder: Path) -> str:
    url = getattr(getattr(backend, "db", None), "url", None)
    return url if isinstance(url, str) else f"sqlite:{folder}"


def test_a_killed_writer_leaves_whole_articles_only(backend: StoreBackend, tmp_path: Path) -> None:
    for kill_after in (0.3, 0.9):
        child = subprocess.Popen([sys.executable, str(CHILD), target_of(backend, tmp_path / "store")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "started", child.stderr.read() if child.stderr else ""
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
        child.wait()
        articles = backend.list_articles()
        assert articles
        for article in articles:
            claims = backend.list_claims(article_id=article.id)
            assert len(claims) == CLAIMS, article.id  # all of its claims, or the article is absent
            assert all(article.text[c.start:c.end] == c.text for c in claims)
        assert backend.stats().claims == CLAIMS * len(articles)
