"""Batched ingest: segment (and split sentences) in a helper process while the encoder tags the
articles, embed the claims of many articles per forward pass, store in one transaction."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from factcheck.errors import FactcheckError
from factcheck.ingest import ArticleInput, read_input
from factcheck.models import Article, IngestReport, SegmentItem
from factcheck.segment import segment_with_sentences
from factcheck.segment.checkworthy_score import score_items

if TYPE_CHECKING:
    from factcheck.learned.features import Tagged
    from factcheck.learned.layer import LearnedAttribution
    from factcheck.workspace.core import Claims

CHUNK = 128  # articles per batch: large embedding batches, bounded memory
POOL_FROM = 4  # a helper process pays off from this many articles on
PARENT_POLL_S = 1.0  # how often a helper process checks that its parent is alive


@dataclass(frozen=True)
class Prepared:
    """One article ready to store: its input, the content hash and its scored items."""

    art: ArticleInput
    sha256: str
    items: list[SegmentItem]


def helper_pool() -> Executor:
    """One helper process (spawned: safe with torch threads) for the rule segmenter or the passage
    splitter; it exits by itself if this process dies (killed mid-batch, it would otherwise wait
    forever)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=exit_with_parent, initargs=(os.getpid(),))


def exit_with_parent(parent: int) -> None:
    """In a helper process: a watcher thread that ends the process once ``parent`` is gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def ingest_inputs(core: Claims, values: Sequence[str],
                  progress: Callable[[str, int, int], None] | None = None) -> list[IngestReport]:
    """Read every input, ingesting articles ``CHUNK`` at a time; progress is reported as chunks finish."""
    reports: list[IngestReport] = []
    pending: list[ArticleInput | IngestReport] = []  # in input order: articles to ingest, read failures
    waiting: list[tuple[str, int]] = []  # inputs read whose articles are not stored yet
    pool = helper_pool() if len(values) >= POOL_FROM else None

    def flush() -> None:
        done = iter(ingest_batch(core, [p for p in pending if isinstance(p, ArticleInput)], pool))
        reports.extend(p if isinstance(p, IngestReport) else next(done) for p in pending)
        pending.clear()
        if progress is not None:
            for value, number in waiting:
                progress(value, number, len(values))
        waiting.clear()

    try:
        for number, value in enumerate(values, start=1):
            try:
                pending.extend(read_input(value, core.settings))
            except FactcheckError as exc:
                message = str(exc)  # e.g. a refused redirect names only where it led: name the input too
                if not message.startswith(value):
                    message = f"{value}: {message}"
                pending.append(IngestReport(input=value, status="error", message=message))
            except OSError as exc:
                pending.append(IngestReport(input=value, status="error",
                                            message=f"{value}: cannot read ({exc.strerror or exc})"))
            waiting.append((value, number))
            if sum(isinstance(p, ArticleInput) for p in pending) >= CHUNK:
                flush()
        flush()
    finally:
        if pool is not None:
            pool.shutdown()
    return reports


def ingest_batch(core: Claims, articles: Sequence[ArticleInput],
                 pool: Executor | None = None) -> list[IngestReport]:
    """Ingest ``articles`` together; one report each, in order; failures never stop the batch."""
    reports: dict[int, IngestReport] = {}
    todo: list[tuple[int, ArticleInput, str]] = []
    seen: dict[str, int] = {}
    limit = int(core.settings.max_article_chars)
    for number, art in enumerate(articles):
        if len(art.text) > limit:
            reports[number] = _error(art, f"the text is {len(art.text):,} characters long, more than the "
                                     f"{limit:,} limit (setting max_article_chars); split it into several articles")
            continue
        sha = art.sha256
        existing = core.store.article_id_by_sha(sha)
        if existing is None and sha in seen:
            existing = -1  # the same text earlier in this batch: resolved after storing
        if existing is not None:
            reports[number] = IngestReport(input=art.label, status="duplicate", article_id=existing,
                                           message=f"{art.label}: already stored as article {existing}")
            continue
        seen[sha] = number
        todo.append((number, art, sha))
    texts = [art.text for _, art, _ in todo]
    futures: list[Future[tuple[list[SegmentItem], list[tuple[int, int]]]]] | None = None
    if pool is not None and len(todo) >= POOL_FROM:
        futures = [pool.submit(segment_with_sentences, text) for text in texts]
    if todo:  # load the model and the index (repairing it) while the helper segments
        load = getattr(core.embedder.inner, "load", None)
        if callable(load):
            load()
        core.index.get()
    tags = tag_texts(core.learned_layer(), texts)  # the encoder's work, still while the helper segments
    done = [f.result() for f in futures] if futures is not None else \
        [segment_with_sentences(text) for text in texts]
    spans = [sents for _, sents in done]
    segmented = apply_tags(core.learned_layer(), texts, [items for items, _ in done], tags)
    vectors = core.embedder.encode([it.text for items in segmented for it in items])
    prepared: list[Prepared] = []
    item_vectors: dict[str, np.ndarray] = {}
    at = 0
    for (number, art, sha), items, sents in zip(todo, segmented, spans, strict=True):
        mine = vectors[at:at + len(items)]
        at += len(items)
        try:
            scored = score_items(items, mine, art.text, core.settings.checkworthy_sha256,
                                 core.embedder.model_id, sents)
        except FactcheckError as exc:
            reports[number] = _error(art, str(exc))
            continue
        prepared.append(Prepared(art.with_dates(), sha, scored))
        item_vectors[sha] = mine
    for p, (article_id, created, claim_ids) in zip(prepared, store_prepared(core, prepared, item_vectors),
                                                    strict=True):
        number = seen[p.sha256]
        if not created:
            reports[number] = IngestReport(input=p.art.label, status="duplicate", article_id=article_id,
                                           message=f"{p.art.label}: already stored as article {article_id}")
        else:
            reports[number] = IngestReport(input=p.art.label, status="added", article_id=article_id,
                                           claims=len(claim_ids))
    for number, art in enumerate(articles):  # a repeat within the batch points at its first copy
        report = reports.get(number)
        if report is not None and report.article_id == -1:
            first = reports[seen[art.sha256]]
            reports[number] = IngestReport(input=art.label, status="duplicate", article_id=first.article_id,
                                           message=f"{art.label}: already stored as article {first.article_id}")
    return [reports[number] for number in range(len(articles))]


def store_prepared(core: Claims, prepared: Sequence[Prepared],
                   vectors: dict[str, np.ndarray]) -> list[tuple[int, bool, list[int]]]:
    """Store articles and claims in one transaction, then add the new claims' vectors (keyed by the
    article's sha256, one row per item) to the claim index; ``add_articles``'s results, in order."""
    stored = core.store.add_articles([(_new_article(p), p.items, _aliases(p)) for p in prepared])
    ids: list[int] = []
    rows: list[np.ndarray] = []
    for p, (_, created, claim_ids) in zip(prepared, stored, strict=True):
        if created and claim_ids:
            ids.extend(claim_ids)
            rows.append(vectors[p.sha256])
    if ids:
        core.add_to_index(ids, np.concatenate(rows))
    return stored


def refine(learned: LearnedAttribution | None, texts: Sequence[str],
           segmented: list[list[SegmentItem]]) -> list[list[SegmentItem]]:
    """The learned attribution layer over every article, its encoder windows batched across articles."""
    return apply_tags(learned, texts, segmented, tag_texts(learned, texts))


def tag_texts(learned: LearnedAttribution | None, texts: Sequence[str]) -> list[Tagged | None]:
    """The learned layer's tag probabilities of every text (None for a blank text, or all None
    without the layer): the encoder's part, which needs no segmentation."""
    if learned is None:
        return [None] * len(texts)
    from factcheck.learned.features import Tagged
    from factcheck.pipeline.batch_states import batch_token_states

    tokenizer, transformer = learned.encoder.token_model()
    live = [i for i, text in enumerate(texts) if text.strip()]
    states = batch_token_states(tokenizer, transformer, [texts[i] for i in live], learned.model.layer)
    out: list[Tagged | None] = [None] * len(texts)
    for i, (offsets, hidden) in zip(live, states, strict=True):
        out[i] = Tagged(offsets, learned.model.head.probs(hidden))
    return out


def apply_tags(learned: LearnedAttribution | None, texts: Sequence[str],
               segmented: list[list[SegmentItem]], tags: Sequence[Tagged | None]) -> list[list[SegmentItem]]:
    """Each text's rule items refined by the learned layer from its tags (``tag_texts``)."""
    if learned is None:
        return segmented
    return [items if tagged is None else learned.apply_tagged(text, items, tagged)
            for text, items, tagged in zip(texts, segmented, tags, strict=True)]


def _error(art: ArticleInput, message: str) -> IngestReport:
    return IngestReport(input=art.label, status="error", message=f"{art.label}: {message}")


def _new_article(p: Prepared) -> Article:
    art = p.art
    provenance = dict(art.provenance)
    if not art.title:
        provenance["title"] = "first line of the text"
    title = art.title or art.text.strip().split("\n", 1)[0].strip()[:200]
    return Article(id=0, text=art.text, sha256=p.sha256, title=title, author=art.author,
                   published=art.published, outlet=art.outlet, url=art.url, origin=art.label,
                   published_precision=art.published_precision, provenance=provenance)


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its"}


def _aliases(p: Prepared) -> dict[str, list[str]]:
    """Surface forms under which each canonical speaker was mentioned in this article."""
    aliases: dict[str, list[str]] = {}
    text = p.art.text
    for item in p.items:
        if item.speaker and item.speaker_start is not None and item.speaker_end is not None:
            mention = text[item.speaker_start:item.speaker_end].strip()
            if (mention and mention != item.speaker and mention[:1].isupper() and len(mention) < 80
                    and mention.casefold() not in _PRONOUNS):
                aliases.setdefault(item.speaker, []).append(mention)
    return aliases


