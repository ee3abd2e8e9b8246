"""Batched `sources add`: a helper process splits passages chunk by chunk; reports stay in input order."""

from __future__ import annotations

from pathlib import Path

import factcheck.pipeline.source_batch as source_batch
from factcheck.sources.passages import split_passages
from factcheck.workspace import Workspace

TOPICS = ["wind power", "school budgets", "bridge repairs", "measles vaccination", "rail fares",
          "river pollution", "housing permits"]


def _page(topic: str) -> str:
    return (f"Report on {topic}\n\nThe council published figures on {topic} on Monday. Officials said "
            f"spending on {topic} rose by 12 percent in 2023. Critics questioned the method. "
            f"A second audit of {topic} is due in spring.")


def test_chunks_split_in_a_helper_keep_order_and_index_every_passage(tmp_path: Path, fast_embedder,
                                                                    monkeypatch) -> None:
    monkeypatch.setattr(source_batch, "CHUNK", 3)  # 7 readable pages: chunks of 3, 3, 1
    folder = tmp_path / "pages"
    folder.mkdir()
    paths = []
    for n, topic in enumerate(TOPICS):
        paths.append(folder / f"{n}-page.txt")
        paths[-1].write_text(_page(topic), encoding="utf-8")
    (folder / "3b-copy.txt").write_text(_page(TOPICS[0]), encoding="utf-8")  # the same text again
    (folder / "4b-empty.txt").write_text("   \n", encoding="utf-8")
    inputs = sorted(str(p) for p in folder.iterdir())
    seen: list[tuple[str, int, int]] = []
    ws = Workspace(tmp_path / "ws", embedder=fast_embedder)
    try:
        reports = ws.add_sources(inputs, progress=lambda value, done, total: seen.append((value, done, total)))
        assert [r.input for r in reports] == inputs  # one report per input, in order
        status = {Path(r.input).name: r.status for r in reports}
        assert status["3b-copy.txt"] == "duplicate" and status["4b-empty.txt"] == "error"
        assert sum(s == "added" for s in status.values()) == len(TOPICS)
        assert [d for _, d, _ in seen] == list(range(1, len(inputs) + 1)) and {t for *_, t in seen} == {len(inputs)}
        for r in reports:
            if r.status == "added":
                text = Path(r.input).read_text(encoding="utf-8")
                assert r.passages == len(split_passages(text))  # the helper's split is the library's
        assert len(ws.passage_index) == sum(r.passages for r in reports)
        hits = ws.search_sources("measles vaccination audit", k=3)
        assert hits and "measles" in hits[0].passage.text
    finally:
        ws.close()
    reopened = Workspace(tmp_path / "ws", embedder=fast_embedder)  # the index was saved at the end
    try:
        assert len(reopened.passage_index) == sum(r.passages for r in reports)
        assert not reopened.notices  # nothing to repair
    finally:
        reopened.close()
