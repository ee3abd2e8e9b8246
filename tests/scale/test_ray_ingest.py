"""`factcheck ingest --engine ray` on a local Ray with 2 CPUs: the same workspace as a plain ingest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from factcheck.embed import text_hash
from factcheck.workspace import Workspace
from tests.conftest import SEED_ARTICLE

pytest.importorskip("ray.data", reason='the Ray engine is the optional extra: pip install "factcheck[scale]"')

ARTICLES = [
    "“We are on track,” Chrystia Freeland told reporters on Tuesday. “Nobody should doubt that.”\n\n"
    "Critics believe the forecast is too rosy, the opposition leader said.",
    "The mayor claimed that crime had dropped by 20 per cent since 2019. Police figures show a 4 per cent fall.",
]


def test_ray_ingest_equals_plain_ingest(tmp_path: Path, embedder) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, text in enumerate([SEED_ARTICLE.read_text(encoding="utf-8"), *ARTICLES]):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    (folder / "3.txt").write_text(ARTICLES[0], encoding="utf-8")  # a repeat: reported as a duplicate

    ray_ws = Workspace(tmp_path / "ray", embedder=embedder)
    reports = ray_ws.ingest_ray([str(folder)], num_cpus=2, workers=1)
    assert sorted(r.status for r in reports) == ["added", "added", "added", "duplicate"]
    plain_ws = Workspace(tmp_path / "plain", embedder=embedder)
    plain_ws.ingest([str(folder)])

    assert [a.text for a in ray_ws.articles()] == [a.text for a in plain_ws.articles()]
    assert [(a.title, a.origin) for a in ray_ws.articles()] == [(a.title, a.origin) for a in plain_ws.articles()]
    got, want = ray_ws.claims(), plain_ws.claims()
    assert [(c.kind, c.text, c.start, c.end, c.speaker) for c in got] == \
        [(c.kind, c.text, c.start, c.end, c.speaker) for c in want]
    for c, w in zip(got, want, strict=True):
        assert abs(c.confidence - w.confidence) < 0.05 and abs(c.checkworthiness - w.checkworthiness) < 0.05
        a, b = ray_ws.claim_index.reconstruct(c.id), plain_ws.claim_index.reconstruct(w.id)
        assert a is not None and b is not None
        assert float(np.dot(a, b)) > 0.999  # bf16 tolerance
    # the vector cache is filled too: re-embedding the claims needs no model call
    hashes = {text_hash(c.text) for c in got}
    assert set(ray_ws.store.cached_vectors(ray_ws.embedder.model_id, hashes)) == hashes
    ray_ws.close()
    plain_ws.close()
