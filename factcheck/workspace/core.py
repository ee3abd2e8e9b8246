"""Claims: ingest (segment, score, embed, store) and the claim index of one workspace."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.errors import FactcheckError, InputError
from factcheck.ingest import ArticleInput, expand_inputs, read_input
from factcheck.models import CLAIM_KINDS, Article, Claim, IngestReport, SegmentItem, Stats
from factcheck.segment.checkworthy_score import score_items
from factcheck.store.protocol import StoreBackend
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.vector_sync import IndexedTexts, Progress, SyncedVectorIndex

if TYPE_CHECKING:
    from factcheck.learned.layer import LearnedAttribution

CLAIM_INDEX_FILE = "claims.faiss"


def claim_index(folder: Path, store: StoreBackend, settings: Settings, embedder: LazyEmbedder,
                notices: list[str]) -> SyncedVectorIndex:
    """The claim index: every stored claim's text; past a size, an approximate layer."""
    texts = IndexedTexts(
        name="claim", ids=store.claim_ids, generation=store.claims_generation,
        texts=lambda ids: {cid: c.text for cid, c in store.get_claims(ids).items()})
    return SyncedVectorIndex(folder / CLAIM_INDEX_FILE, texts, store, embedder, notices,
                             save_on_sync=False,
                             approximate_from=int(settings.index_approximate_from),
                             recall_target=float(settings.index_recall_target))


@dataclass(eq=False)
class Claims:
    """Articles in, claims out: segmentation, check-worthiness, vectors, storage, the claim index."""

    store: StoreBackend
    settings: Settings
    embedder: LazyEmbedder
    index: SyncedVectorIndex
    _learned: LearnedAttribution | None = field(default=None, init=False)  # built on first use
    _learned_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def save_index(self) -> None:
        """Bring the claim index up to date with the store and write it atomically."""
        self.index.save()

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the claim index from the store; returns the number of claims indexed."""
        return self.index.rebuild(progress)

    # --- segmentation and ingest ------------------------------------------------------------
    def segment_text(self, text: str) -> list[SegmentItem]:
        """Rule segmenter, then the learned attribution layer (calibrated confidence) when it is on."""
        from factcheck import embed
        from factcheck.segment import segment

        items = segment(text)
        if not self.settings.learned_attribution:
            return items
        inner = self.embedder.inner
        if not isinstance(inner, embed.SentenceTransformerEmbedder):
            return items  # an embedder without token states (a test double): rules only
        with self._learned_lock:
            if self._learned is None:
                from factcheck.learned.layer import LearnedAttribution

                self._learned = LearnedAttribution(inner)  # shares the embedder's loaded encoder
        return self._learned.apply(text, items)

    def ingest(self, inputs: Sequence[str], progress: Progress | None = None) -> list[IngestReport]:
        """Ingest files, folders and URLs; every input gets a report, failures never stop the batch."""
        values = list(expand_inputs(list(inputs)))
        reports: list[IngestReport] = []
        for number, value in enumerate(values, start=1):
            try:
                articles = read_input(value, self.settings)
            except FactcheckError as exc:
                message = str(exc)  # e.g. a refused redirect names only where it led: name the input too
                if not message.startswith(value):
                    message = f"{value}: {message}"
                reports.append(IngestReport(input=value, status="error", message=message))
            except OSError as exc:
                reports.append(IngestReport(input=value, status="error",
                                            message=f"{value}: cannot read ({exc.strerror or exc})"))
            else:
                reports.extend(self._ingest_articles(articles))
            if progress is not None:
                progress(value, number, len(values))
        if any(r.status == "added" for r in reports):
            self.save_index()
        return reports

    def ingest_text(self, text: str, *, label: str = "pasted text", title: str = "", author: str = "",
                    published: str = "", outlet: str = "", url: str = "") -> IngestReport:
        if not text.strip():
            return IngestReport(input=label, status="error", message=f"{label}: the text is empty")
        article = ArticleInput(label=label, text=text, title=title, author=author,
                               published=published, outlet=outlet, url=url)
        report = self._ingest_articles([article])[0]
        if report.status == "added":
            self.save_index()
        return report

    def _ingest_articles(self, articles: Iterable[ArticleInput]) -> list[IngestReport]:
        reports = []
        for art in articles:
            try:
                reports.append(self.ingest_one(art))
            except FactcheckError as exc:
                reports.append(IngestReport(input=art.label, status="error", message=f"{art.label}: {exc}"))
        return reports

    def ingest_one(self, art: ArticleInput) -> IngestReport:
        """Segment, score, embed and store one article (a duplicate text is reported, not stored)."""
        limit = int(self.settings.max_article_chars)
        if len(art.text) > limit:
            raise InputError(f"the text is {len(art.text):,} characters long, more than the {limit:,} "
                             "limit (setting max_article_chars); split it into several articles")
        sha = art.sha256
        existing = self.store.article_id_by_sha(sha)
        if existing is not None:
            return IngestReport(input=art.label, status="duplicate", article_id=existing,
                                message=f"{art.label}: already stored as article {existing}")
        items = self.segment_text(art.text)
        # Load (and repair) the index before adding: our own claims then go straight into it and
        # save_index() reports "behind"/"missing" only for real damage, not for this ingest.
        self.index.get()
        # Vectors first (the cache is keyed by text), then article + claims in one transaction:
        # a crash leaves either the whole article or none of it.
        vectors = self.embedder.encode([item.text for item in items])
        art = art.with_dates()  # a date at its stated precision, never a guessed day
        provenance = dict(art.provenance)
        if not art.title:
            provenance["title"] = "first line of the text"
        items = score_items(items, vectors, self.settings.checkworthy_sha256, self.embedder.model_id)
        title = art.title or _first_line(art.text)
        new = Article(id=0, text=art.text, sha256=sha, title=title, author=art.author,
                      published=art.published, outlet=art.outlet, url=art.url, origin=art.label,
                      published_precision=art.published_precision, provenance=provenance)
        article_id, created, claim_ids = self.store.add_article(new, items, _speaker_aliases(art.text, items))
        if not created:
            return IngestReport(input=art.label, status="duplicate", article_id=article_id,
                                message=f"{art.label}: already stored as article {article_id}")
        self.index.add(claim_ids, vectors)
        return IngestReport(input=art.label, status="added", article_id=article_id, claims=len(claim_ids))

    # --- reading ----------------------------------------------------------------------------
    def article(self, article_id: int) -> Article:
        return self.store.get_article(article_id)

    def articles(self) -> list[Article]:
        return self.store.list_articles()

    def claim(self, claim_id: int) -> Claim:
        return self.store.get_claim(claim_id)

    def claims(self, *, article_id: int | None = None, kind: str | None = None,
               include_priors: bool = False) -> list[Claim]:
        if kind is not None and kind not in CLAIM_KINDS:
            raise InputError(f"unknown claim kind {kind!r}; use one of {', '.join(CLAIM_KINDS)}")
        return self.store.list_claims(article_id=article_id, kind=kind, include_priors=include_priors)

    def stats(self) -> Stats:
        return self.store.stats()


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its"}


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:200]


def _speaker_aliases(text: str, items: Sequence[SegmentItem]) -> dict[str, list[str]]:
    """Surface forms under which each canonical speaker was mentioned in this article."""
    aliases: dict[str, list[str]] = {}
    for item in items:
        if item.speaker and item.speaker_start is not None and item.speaker_end is not None:
            mention = text[item.speaker_start:item.speaker_end].strip()
            if (mention and mention != item.speaker and mention[:1].isupper() and len(mention) < 80
                    and mention.casefold() not in _PRONOUNS):
                aliases.setdefault(item.speaker, []).append(mention)
    return aliases
