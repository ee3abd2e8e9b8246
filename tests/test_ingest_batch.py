"""Batched ingest (factcheck.pipeline): the same workspace as one-article-at-a-time ingest, reports in order."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from factcheck.learned.states import token_states
from factcheck.pipeline.batch_states import batch_token_states
from factcheck.workspace import Workspace
from tests.conftest import SEED_ARTICLE

ARTICLES = [
    "“We are on track,” Chrystia Freeland told reporters on Tuesday. “Nobody should doubt that.”\n\n"
    "Critics believe the forecast is too rosy, the opposition leader said.",
    "Unemployment fell to 3.5 per cent in March, the lowest rate in fifty years, the bureau reported.\n\n"
    "“This is the best economy in history,” the president said at a rally in Ohio.",
    "The mayor claimed that crime had dropped by 20 per cent since 2019. Police figures show a 4 per cent fall.",
]


def test_batched_states_match_single_article_states(embedder) -> None:
    tokenizer, model = embedder.token_model()
    long_text = SEED_ARTICLE.read_text(encoding="utf-8") * 3  # several windows, a short last one
    texts = [long_text, ARTICLES[0], ARTICLES[2]]
    batched = batch_token_states(tokenizer, model, texts, 3)
    for text, (offsets, states) in zip(texts, batched, strict=True):
        want_offsets, (want,) = token_states(tokenizer, model, text, (3,))
        assert np.array_equal(offsets, want_offsets)
        assert states.shape == want.shape
        scale = float(np.abs(want).max())
        assert float(np.abs(states - want).max()) <= 0.02 * scale  # bf16 rounding of batched matmuls


def test_batched_ingest_equals_one_at_a_time(tmp_path: Path, embedder) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    texts = [SEED_ARTICLE.read_text(encoding="utf-8"), *ARTICLES]
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    (folder / "4.txt").write_text(ARTICLES[1], encoding="utf-8")  # the same text twice in one batch
    (folder / "5.pdf").write_bytes(b"not a pdf")
    batch_ws = Workspace(tmp_path / "batch", embedder=embedder)
    reports = batch_ws.ingest([str(folder)])
    assert [r.input.rsplit("/", 1)[-1] for r in reports] == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt", "5.pdf"]
    assert [r.status for r in reports] == ["added"] * 4 + ["duplicate", "error"]
    assert reports[4].article_id == reports[2].article_id

    single_ws = Workspace(tmp_path / "single", embedder=embedder)
    for text in texts:
        assert single_ws.ingest_text(text).status == "added"
    for article in batch_ws.articles():
        got = batch_ws.claims(article_id=article.id)
        other = next(a for a in single_ws.articles() if a.text == article.text)
        expected = single_ws.claims(article_id=other.id)
        assert [(c.kind, c.start, c.end, c.speaker) for c in got] == \
            [(c.kind, c.start, c.end, c.speaker) for c in expected]
        for c, e in zip(got, expected, strict=True):
            assert abs((c.checkworthiness or 0) - (e.checkworthiness or 0)) < 0.05
            assert abs((c.confidence or 0) - (e.confidence or 0)) < 0.05  # the learned layer ran in both
        index = batch_ws.claim_index
        for c in got:
            vector = index.reconstruct(c.id)
            assert vector is not None
            assert float(vector @ embedder.encode([c.text])[0]) > 0.999
    batch_ws.close()
    single_ws.close()


def test_the_helper_process_exits_when_its_parent_is_killed():
    # A `factcheck ingest` killed mid-batch (SIGKILL, out of memory) must not leave its segmenter
    # process waiting forever for work.
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = ("import os\nfrom factcheck.pipeline.ingest_batch import helper_pool\n"
              "pool = helper_pool()\nprint(pool.submit(os.getpid).result(), flush=True)\n"
              "os.kill(os.getpid(), 9)\n")
    repo = Path(__file__).resolve().parents[1]
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=repo,
                              env={**os.environ, "PYTHONPATH": str(repo)})
    assert parent.stdout is not None
    helper = int(parent.stdout.readline())
    parent.wait(timeout=60)
    parent.stdout.close()

    def alive() -> bool:
        try:
            state = Path(f"/proc/{helper}/status").read_text()
        except FileNotFoundError:
            return False
        return "State:\tZ" not in state  # a zombie has exited

    deadline = time.monotonic() + 30
    while alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive()
