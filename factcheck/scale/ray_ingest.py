"""``factcheck ingest --engine ray``: segment and embed as Ray Data stages, Parquet, then one bulk load.

Stages (``map_batches``): the rule segmenter (a stateless function, any number of tasks), then the
learned attribution layer, embedding and check-worthiness in an actor pool (the model loaded once per
actor). Their output goes to Parquet; the driver then loads it into the store and the claim index in
bulk, so the workspace equals a plain ``factcheck ingest`` of the same files (vectors within bf16).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from factcheck.config import Settings
from factcheck.errors import FactcheckError, InputError
from factcheck.ingest import ArticleInput, expand_inputs, read_input
from factcheck.models import IngestReport, SegmentItem

if TYPE_CHECKING:
    from factcheck.workspace.core import Claims

FIELDS = ("label", "text", "title", "author", "published", "outlet", "url", "published_precision")
INSTALL_HINT = 'the Ray engine needs the optional extra: pip install "factcheck[scale]"'


def segment_stage(batch: dict[str, Any]) -> dict[str, Any]:
    """Ray stage 1: the rule segmenter over a batch of articles (items as JSON)."""
    from factcheck.segment import segment

    batch["items"] = np.array([json.dumps([asdict(it) for it in segment(str(t))]) for t in batch["text"]],
                              dtype=object)
    return batch


class EmbedStage:
    """Ray stage 2 (one per actor): the learned layer, item embeddings and check-worthiness."""

    def __init__(self, settings: dict[str, Any]) -> None:
        from factcheck.embed import SentenceTransformerEmbedder

        self.settings = Settings.from_values(settings)
        folder = Path(self.settings.model_path) if self.settings.model_path else None
        self.embedder = SentenceTransformerEmbedder(folder, expected_sha256=self.settings.model_sha256,
                                                    batch_size=self.settings.embed_batch_size,
                                                    dtype=self.settings.embed_dtype)
        self.embedder.load()
        self.learned = None
        if self.settings.learned_attribution:
            from factcheck.learned.layer import LearnedAttribution

            self.learned = LearnedAttribution(self.embedder)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        from factcheck.pipeline.ingest_batch import refine
        from factcheck.segment.checkworthy_score import score_items

        texts = [str(t) for t in batch["text"]]
        segmented = [[SegmentItem(**d) for d in json.loads(str(raw))] for raw in batch["items"]]
        segmented = refine(self.learned, texts, segmented)
        vectors = self.embedder.encode([it.text for items in segmented for it in items])
        items_out, vectors_out, at = [], [], 0
        for text, items in zip(texts, segmented, strict=True):
            mine = vectors[at:at + len(items)]
            at += len(items)
            scored = score_items(items, mine, text, self.settings.checkworthy_sha256,
                                 self.embedder.model_id)
            items_out.append(json.dumps([asdict(it) for it in scored]))
            vectors_out.append(np.ascontiguousarray(mine, dtype=np.float32).tobytes())
        batch["items"] = np.array(items_out, dtype=object)
        batch["vectors"] = np.array(vectors_out, dtype=object)
        return batch


def run_stages(rows: list[dict[str, str]], settings: Settings, out: Path, *, address: str | None,
               num_cpus: int, workers: int, batch_size: int = 16) -> None:
    """Run both stages on Ray (a local one started for the job, or the cluster at ``address``)."""
    try:
        import ray
    except ImportError as exc:
        raise InputError(INSTALL_HINT) from exc
    started = not ray.is_initialized()
    if started:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    try:
        source = ray.data.from_items(rows)
        ds = source.map_batches(segment_stage, batch_size=batch_size, batch_format="numpy")
        ds = ds.map_batches(EmbedStage, fn_constructor_kwargs={"settings": dict(settings.values)},
                            batch_size=batch_size, batch_format="numpy",
                            compute=ray.data.ActorPoolStrategy(size=workers))
        ds.write_parquet(str(out))
    finally:
        if started:
            ray.shutdown()


def ray_ingest(core: Claims, inputs: Sequence[str], *, address: str | None = None,
               num_cpus: int = 2, workers: int = 1, parquet: Path | None = None) -> list[IngestReport]:
    """Ingest ``inputs`` through Ray; one report per input read and per article, like ``ingest``."""
    reports: list[IngestReport] = []
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    limit = int(core.settings.max_article_chars)
    for value in expand_inputs(list(inputs)):
        try:
            articles = read_input(value, core.settings)
        except FactcheckError as exc:
            reports.append(IngestReport(input=value, status="error", message=f"{value}: {exc}"))
            continue
        except OSError as exc:
            reports.append(IngestReport(input=value, status="error",
                                        message=f"{value}: cannot read ({exc.strerror or exc})"))
            continue
        for art in articles:
            sha = art.sha256
            existing = core.store.article_id_by_sha(sha)
            if len(art.text) > limit:
                reports.append(IngestReport(input=art.label, status="error", message=(
                    f"{art.label}: the text is {len(art.text):,} characters long, more than the {limit:,} "
                    "limit (setting max_article_chars); split it into several articles")))
            elif existing is not None or sha in seen:
                reports.append(IngestReport(input=art.label, status="duplicate", article_id=existing,
                                            message=f"{art.label}: already stored"))
            else:
                seen.add(sha)
                row = {name: str(getattr(art, name)) for name in FIELDS}
                rows.append({**row, "provenance": json.dumps(art.provenance)})
    if not rows:
        return reports
    with tempfile.TemporaryDirectory(dir=core.index.path.parent) as tmp:
        out = parquet or Path(tmp) / "stages"
        run_stages(rows, core.settings, out, address=address, num_cpus=num_cpus, workers=workers)
        reports.extend(load_parquet(core, out))
    if any(r.status == "added" for r in reports):
        core.save_index()
    return reports


def load_parquet(core: Claims, folder: Path) -> list[IngestReport]:
    """Bulk-load the stages' Parquet output: store, vector cache and claim index, in input order."""
    import pyarrow.parquet as pq

    from factcheck.embed import text_hash
    from factcheck.pipeline.ingest_batch import Prepared, store_prepared

    table = pq.read_table(str(folder)).to_pylist()
    order = {row["label"]: n for n, row in enumerate(table)}
    table.sort(key=lambda row: order[row["label"]])
    core.index.get()  # load (and repair) before adding, as the plain ingest does
    prepared: list[Prepared] = []
    vectors: dict[str, np.ndarray] = {}
    cache: dict[str, np.ndarray] = {}
    for row in table:
        fields = {name: row[name] for name in FIELDS}
        art = ArticleInput(**fields, provenance=json.loads(row["provenance"]))
        items = [SegmentItem(**d) for d in json.loads(row["items"])]
        matrix = np.frombuffer(row["vectors"], dtype=np.float32).reshape(len(items), -1).copy()
        prepared.append(Prepared(art.with_dates(), art.sha256, items))
        vectors[art.sha256] = matrix
        cache.update({text_hash(it.text): matrix[i] for i, it in enumerate(items)})
    core.store.cache_vectors(core.embedder.model_id, cache)
    reports = []
    for p, (article_id, created, claim_ids) in zip(prepared, store_prepared(core, prepared, vectors),
                                                    strict=True):
        reports.append(IngestReport(
            input=p.art.label, status="added" if created else "duplicate", article_id=article_id,
            claims=len(claim_ids), message="" if created else f"{p.art.label}: already stored as article {article_id}"))
    return reports
