"""Matcher: similar prior claims (dense + title + BM25 fused, calibrated levels), clusters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from factcheck.config import Settings
from factcheck.index import VectorIndex
from factcheck.match.calibration import (
    Calibration,
    label_target,
    load_calibration,
    pair_features,
    query_type,
)
from factcheck.match.clusters import Dated, cluster_assignment, earliest_first
from factcheck.match.explain import explain as explain_pair
from factcheck.match.fusion import FusionModel, load_models
from factcheck.match.lexical import clean_query, fts_expression, fts_query, prune_terms, query_terms
from factcheck.match.ranking import (
    DENSE_DEPTH,
    FILTERED_DEPTH,
    MatchFilters,
    Query,
    Scored,
    cosine_maps,
    cosines,
    passes,
    score_candidates,
)
from factcheck.match.rerank import PairInput, Reranker, load_reranker, pair_matrix, reorder
from factcheck.match.thresholds import Thresholds, match_level
from factcheck.models import Claim, Match, Verdict
from factcheck.store.protocol import StoreBackend
from factcheck.workspace.calibrate import load_workspace_calibration
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.vector_sync import IndexedTexts, SyncedVectorIndex

TITLE_INDEX_FILE = "prior_titles.faiss"
CONTEXT_CHARS = 300  # text before a claim given to its panel query as context
CLUSTER_SIMILARITY = 0.95  # cosine at which two claims count as the same quote (near-identical)


def title_index(folder: Path, store: StoreBackend, embedder: LazyEmbedder,
                notices: list[str]) -> SyncedVectorIndex:
    """Vectors of prior fact-check titles (they paraphrase their claims), rebuilt from the vector
    cache whenever a title changes."""
    texts = IndexedTexts(
        name="title", ids=lambda: set(store.prior_titles(store.prior_claim_ids())),
        texts=store.prior_titles, generation=store.prior_title_state, rebuild_on_change=True)
    return SyncedVectorIndex(folder / TITLE_INDEX_FILE, texts, store, embedder, notices)


@dataclass(eq=False)
class Matcher:
    """Ranks stored claims against queries: candidates from the claim, title and BM25 indexes,
    fused, turned into calibrated probabilities and levels; quote clusters."""

    path: Path
    store: StoreBackend
    settings: Settings
    embedder: LazyEmbedder
    claims: SyncedVectorIndex
    titles: SyncedVectorIndex
    fusion_models: dict[str, FusionModel] = field(default_factory=load_models, init=False)
    _shipped_calibration: Calibration = field(default_factory=load_calibration, init=False)
    _calibration: tuple[float, Calibration] | None = field(default=None, init=False)

    def reload_models(self) -> None:
        """Pick up freshly fitted fusion weights and shipped calibration (benches that refit)."""
        self.fusion_models = load_models()
        self._shipped_calibration = load_calibration()

    def fusion_model_for(self, query: Query) -> FusionModel:
        """The 'contextual' model when speaker, context or date is known, else the 'plain' one."""
        contextual = bool(query.speaker or query.context.strip() or query.date)
        return self.fusion_models["contextual" if contextual else "plain"]

    @property
    def calibration(self) -> Calibration:
        """This workspace's calibration (``factcheck calibrate``) or the one shipped with the package."""
        loaded = load_workspace_calibration(self.path, self._calibration)
        self._calibration = loaded
        return self._shipped_calibration if loaded is None else loaded[1]

    def thresholds_for(self, kind: str) -> Thresholds:
        """Probability thresholds of a query type from the precision targets in the settings."""
        same, related = self.calibration.thresholds(
            kind, same_precision=float(self.settings.match_same_precision),
            label_precision=label_target(kind, float(self.settings.match_label_precision),
                                         float(self.settings.match_sentence_label_precision)))
        return Thresholds(same=same, related=related, min_words=int(self.settings.match_min_words))

    def match_level(self, score: float, text: str, other: str = "", *, kind: str = "") -> str:
        """'same', 'related' or 'none' for a calibrated probability (short texts never 'same')."""
        return match_level(score, text, other,
                           thresholds=self.thresholds_for(kind or query_type(text)))

    def probabilities(self, query: Query, scored: Sequence[Scored]) -> dict[int, float]:
        """P(same claim) of the top candidates of a ranked list (calibrated per query type)."""
        kind = query_type(query.text, context=query.context, speaker=query.speaker)
        top = scored[:max(query.k, 10) + 1]
        values = self.calibration.for_type(kind).probabilities(
            [s.score for s in top], self.calibration_signals(query, top))
        return {s.claim_id: p for s, p in zip(top, values, strict=True)}

    def calibration_signals(self, query: Query, top: Sequence[Scored]) -> list[tuple[float, ...]]:
        """Per candidate: its fusion signals and its word agreement with the query."""
        claims = self.store.get_claims([s.claim_id for s in top])
        return [s.features + pair_features(query.text, claims[s.claim_id].text,
                                           prior=claims[s.claim_id].kind == "prior") for s in top]

    # --- searching ------------------------------------------------------------------------------
    def search(self, text: str, *, k: int = 10, speaker: str | None = None,
               context: str | None = None, date: str | None = None,
               kinds: Sequence[str] | None = None,
               date_from: str | None = None, date_to: str | None = None,
               outlet: str | None = None, has_verdict: bool | None = None,
               said_by: str | None = None, exclude_claim_id: int | None = None,
               exclude_article_id: int | None = None, explain: bool = False) -> list[Match]:
        """The k stored claims most likely to say the same as ``text``, best first.

        ``speaker`` is who said ``text`` (prior claims by the same claimant rank higher);
        ``context`` is surrounding text; ``date`` is when it was said (ISO); ``said_by`` keeps
        only claims by that speaker.
        """
        filters = MatchFilters(kinds=tuple(kinds or ()), said_by=said_by or "",
                               date_from=date_from or "", date_to=date_to or "",
                               outlet=outlet or "", has_verdict=has_verdict)
        query = Query(text=text, speaker=speaker or "", context=context or "", date=date or "", k=k,
                      filters=filters, exclude_claim_id=exclude_claim_id,
                      exclude_article_id=exclude_article_id, explain=explain)
        return self.search_many([query])[0]

    def search_many(self, queries: Sequence[Query]) -> list[list[Match]]:
        """Batch search: one embedding pass for all queries, then per-query fusion."""
        scored = self.rank_candidates(queries)
        return [self._matches(q, s[:q.k], self.probabilities(q, s))
                for q, s in zip(queries, scored, strict=True)]

    def rank_candidates(self, queries: Sequence[Query], *, rerank: bool = True,
                        ) -> list[list[Scored]]:
        """Every fused candidate of each query with its features (used by search and fitting),
        the top ones re-ordered by the learned re-ranker unless ``rerank`` is False."""
        if not queries:
            return []
        texts = [clean_query(q.text) or q.text for q in queries]
        with_context = [i for i, q in enumerate(queries) if q.context.strip()]
        vectors = self.embedder.encode(texts + [f"{clean_query(queries[i].context)} {texts[i]}"
                                                for i in with_context])
        query_vecs, context_vecs = vectors[:len(queries)], vectors[len(queries):]
        context_of = {i: context_vecs[n] for n, i in enumerate(with_context)}
        index = self.claims.get()
        titles = self.titles.get()
        depth = FILTERED_DEPTH if any(q.filters.active for q in queries) else DENSE_DEPTH
        _, d_ids = index.search(query_vecs, depth)
        _, t_ids = titles.search(query_vecs, DENSE_DEPTH)
        context_ids: dict[int, npt.NDArray[np.int64]] = {}
        if with_context:
            _, c_ids = index.search(context_vecs, DENSE_DEPTH)
            context_ids = {i: c_ids[n] for n, i in enumerate(with_context)}
        results = []
        for i, query in enumerate(queries):
            lexical_raw = self.store.match_lexical(self.lexical_query(texts[i]), DENSE_DEPTH)
            candidates = {int(c) for c in d_ids[i] if c >= 0} | {int(c) for c in t_ids[i] if c >= 0}
            candidates |= {cid for cid, _ in lexical_raw}
            if i in context_of:
                candidates |= {int(c) for c in context_ids[i] if c >= 0}
            results.append(self._score(query, query_vecs[i], context_of.get(i), candidates,
                                       lexical_raw, index, titles))
        if rerank and self.settings.match_rerank:
            results = self._rerank(queries, results)
        return results

    def lexical_query(self, text: str) -> str:
        """The FTS5 expression of a query's lexical channel: its terms, the commonest dropped when
        scoring them all would read too many postings (``prune_terms``)."""
        words = query_terms(text)
        return fts_expression(prune_terms(words, self.store.term_document_counts(words)))

    @property
    def reranker(self) -> Reranker:
        return load_reranker()

    def rerank_inputs(self, queries: Sequence[Query], results: Sequence[Sequence[Scored]],
                      depth: int) -> list[PairInput]:
        """What the re-ranker sees of each query's top ``depth`` candidates (also for training)."""
        tops = [list(r[:depth]) for r in results]
        claims = self.store.get_claims(sorted({s.claim_id for top in tops for s in top}))
        return [PairInput(query.text, query.context,
                          query_type(query.text, context=query.context, speaker=query.speaker),
                          top, [claims[s.claim_id].text for s in top],
                          [claims[s.claim_id].kind == "prior" for s in top])
                for query, top in zip(queries, tops, strict=True)]

    def _rerank(self, queries: Sequence[Query], results: list[list[Scored]]
                ) -> list[list[Scored]]:
        """One vectorised pass of the re-ranker over the top candidates of every query whose
        type it re-ranks (``RERANK_TYPES``)."""
        from factcheck.match.rerank import RERANK_DEPTH, RERANK_TYPES

        chosen = [i for i, q in enumerate(queries) if results[i] and query_type(
            q.text, context=q.context, speaker=q.speaker) in RERANK_TYPES]
        if not chosen:
            return results
        model = self.reranker
        inputs = self.rerank_inputs([queries[i] for i in chosen], [results[i] for i in chosen],
                                    RERANK_DEPTH)
        scores = model.scores(np.vstack([pair_matrix(item) for item in inputs]))
        bounds = np.cumsum([0, *(len(item.candidates) for item in inputs)])
        out = list(results)
        for n, i in enumerate(chosen):
            out[i] = reorder(results[i], scores[bounds[n]:bounds[n + 1]].tolist())
        return out

    def _score(self, query: Query, qvec: npt.NDArray[np.float32],
               cvec: npt.NDArray[np.float32] | None, candidates: set[int],
               lexical_raw: list[tuple[int, float]], index: VectorIndex,
               titles: VectorIndex) -> list[Scored]:
        light = not query.filters.active and not query.date  # ranking needs no article or verdict facts
        rows = (self.store.claim_rows_light if light else self.store.claim_rows)(sorted(candidates))
        claim_vecs = _vectors(index, rows)
        title_vecs = _vectors(titles, (cid for cid in rows if rows[cid].kind == "prior"))
        names = self.store.speaker_names(query.filters.said_by) if query.filters.said_by else set()
        dense = cosine_maps([qvec] if cvec is None else [qvec, cvec], claim_vecs)
        return score_candidates(
            query, dense[0], cosines(qvec, title_vecs), lexical_raw,
            None if cvec is None else dense[1], rows, self.fusion_model_for(query), names)

    def _matches(self, query: Query, scored: Sequence[Scored], probability: dict[int, float], *,
                 claims: dict[int, Claim] | None = None,
                 verdicts: dict[int, Verdict] | None = None) -> list[Match]:
        """Matches of ranked candidates; ``claims`` and ``verdicts`` when the caller has them."""
        kind = query_type(query.text, context=query.context, speaker=query.speaker)
        thresholds = self.thresholds_for(kind)
        ids = [s.claim_id for s in scored]
        claims = self.store.get_claims(ids) if claims is None else claims
        verdicts = self.store.current_verdicts(ids) if verdicts is None else verdicts
        articles = self.store.get_articles({claims[s.claim_id].article_id for s in scored})
        matches = []
        for s in scored:
            claim = claims[s.claim_id]
            p = probability.get(s.claim_id, 0.0)
            matches.append(Match(
                claim=claim, score=round(p, 6), fused=round(s.score, 6), query_type=kind,
                level=match_level(p, query.text, claim.text, thresholds=thresholds),
                dense=round(s.feature("dense"), 6), lexical=round(s.feature("lexical"), 6),
                verdict=verdicts.get(claim.id), article=articles.get(claim.article_id),
                explanation=explain_pair(query.text, claim.text) if query.explain else None))
        return matches

    def keyword_search(self, text: str, k: int = 10, *,
                       filters: MatchFilters | None = None) -> list[Match]:
        """Claims containing every word of ``text`` (FTS5 BM25 over claim text and speaker); of the
        top ``k``, those that pass ``filters`` (the rules semantic search applies)."""
        hits = self.store.keyword_claims(fts_query(text, require_all=True), k)
        if filters is not None and filters.active:
            rows = self.store.claim_rows(cid for cid, _ in hits)
            names = self.store.speaker_names(filters.said_by) if filters.said_by else set()
            query = Query(text=text, filters=filters)
            hits = [(cid, s) for cid, s in hits if cid in rows and passes(rows[cid], query, names)]
        claims = self.store.get_claims(cid for cid, _ in hits)
        verdicts = self.store.current_verdicts([cid for cid, _ in hits])
        articles = self.store.get_articles(c.article_id for c in claims.values())
        return [Match(claim=claims[cid], score=round(-bm25, 6), lexical=round(-bm25, 6),
                      verdict=verdicts.get(cid), article=articles.get(claims[cid].article_id))
                for cid, bm25 in hits if cid in claims]

    # --- similar claims of a stored claim ----------------------------------------------------------
    def similar_claims(self, claim_id: int, k: int = 10, explain: bool = True, *,
                       include_same_article: bool | None = None) -> list[Match]:
        """Claims saying the same as a stored claim, one Match per quote cluster, best first.

        The claim itself and (by default) claims of its own article are left out; each Match's
        ``claim`` is the earliest appearance and ``appearances`` lists every appearance.
        """
        claim = self.store.get_claim(claim_id)
        query = self.panel_query(claim, k=k, explain=explain,
                                 include_same_article=include_same_article)
        feedback = self.store.match_feedback(claim.id)
        groups: dict[str, list[Scored]] = {}
        ranked = self.rank_candidates([query])[0]
        probability = self.probabilities(query, ranked)
        rows = self.store.claim_rows_light([claim.id, *(s.claim_id for s in ranked)])  # cluster keys
        own_cluster = rows[claim.id].cluster_key
        for scored in ranked:
            key = rows[scored.claim_id].cluster_key
            if key == own_cluster:
                continue  # another appearance of the very same quote
            if key in groups or len(groups) < k:
                groups.setdefault(key, []).append(scored)
        return self._group_matches(query, list(groups.values()), feedback, probability)

    def panel_query(self, claim: Claim, *, k: int = 10, explain: bool = False,
                    include_same_article: bool | None = None) -> Query:
        """The query the Review panel runs for a stored claim: its speaker, the text just before
        it in its article (context) and the article's date."""
        same_article = (not self.settings.match_exclude_same_article
                        if include_same_article is None else include_same_article)
        context, date = "", ""
        if claim.kind != "prior":
            article = self.store.get_articles([claim.article_id]).get(claim.article_id)
            if article is not None:
                context = context_before(article.text, claim.start)
                date = article.published[:10] if article.published[:4].isdigit() else ""
        return Query(text=claim.text, speaker=claim.speaker, context=context, date=date, k=k,
                     exclude_claim_id=claim.id,
                     exclude_article_id=None if same_article else claim.article_id,
                     explain=explain)

    def _group_matches(self, query: Query, groups: list[list[Scored]], feedback: dict[int, bool],
                       probability: dict[int, float]) -> list[Match]:
        """One Match per group (its best member's score, its earliest appearance as the claim, every
        appearance listed, the first verdict of any appearance), each lookup batched over all groups."""
        best_rows = self.store.claim_rows_light([members[0].claim_id for members in groups])
        clustered = self.store.claims_in_clusters(
            {r.cluster_id for r in best_rows.values() if r.cluster_id is not None})
        same_text = self.store.claims_with_hashes(
            {r.norm_sha256 for r in best_rows.values() if r.cluster_id is None})
        group_ids = []
        for members in groups:
            row = best_rows[members[0].claim_id]
            ids = clustered.get(row.cluster_id, []) if row.cluster_id is not None else \
                same_text.get(row.norm_sha256, [])
            group_ids.append(sorted(set(ids) | {s.claim_id for s in members}))
        every = [cid for ids in group_ids for cid in ids]
        dates = self.store.appearance_dates(every)
        claims = self.store.get_claims(every)
        verdicts = self.store.current_verdicts(every)
        orders = [earliest_first([Dated(cid, dates[cid]) for cid in ids if cid in dates])
                  for ids in group_ids]
        firsts = [Scored(order[0], members[0].score, members[0].features)
                  for order, members in zip(orders, groups, strict=True)]
        matches = self._matches(query, firsts, {order[0]: probability.get(members[0].claim_id, 0.0)
                                                for order, members in zip(orders, groups, strict=True)},
                                claims=claims, verdicts=verdicts)
        result = []
        for match, order in zip(matches, orders, strict=True):
            if match.verdict is None:
                match = replace(match, verdict=next((verdicts[c] for c in order if c in verdicts), None))
            judged = [feedback[c] for c in order if c in feedback]
            level = match.level
            if judged:
                level = "same" if judged[-1] else ("related" if level == "same" else level)
            result.append(replace(match, level=level,
                                  appearances=tuple(claims[cid] for cid in order if cid in claims)))
        return result

    def assign_clusters(self, similarity: float = CLUSTER_SIMILARITY) -> int:
        """Persist ``claims.cluster_id`` for non-prior claims (same text, or cosine ≥ similarity)."""
        claims = self.store.list_claims()
        if not claims:
            return 0
        rows = self.store.claim_rows([c.id for c in claims])
        index = self.claims.get()
        ids = [c.id for c in claims]
        vectors = np.stack([_vector_or_zero(index, cid) for cid in ids])
        scores, found = index.search(vectors, 6)
        allowed = set(ids)
        pairs = [(cid, int(other)) for cid, sc, fo in zip(ids, scores, found, strict=True)
                 for s, other in zip(sc, fo, strict=True)
                 if other >= 0 and int(other) != cid and int(other) in allowed and s >= similarity]
        assignment = cluster_assignment({cid: rows[cid].norm_sha256 for cid in ids}, pairs)
        changes: dict[int, int | None] = {cid: assignment.get(cid) for cid in ids
                                          if rows[cid].cluster_id != assignment.get(cid)}
        if changes:
            self.store.set_cluster_ids(changes)
        return len(set(assignment.values()))


def context_before(text: str, start: int, limit: int = CONTEXT_CHARS) -> str:
    """Up to ``limit`` characters of text before ``start``, cut at a word boundary."""
    before = text[max(0, start - limit):start]
    if start > limit and " " in before:
        before = before.split(" ", 1)[1]
    return " ".join(before.split())


def _vectors(index: VectorIndex, ids: Iterable[int]) -> dict[int, npt.NDArray[np.float32]]:
    return index.vectors(list(ids))


def _vector_or_zero(index: VectorIndex, cid: int) -> npt.NDArray[np.float32]:
    vector = index.reconstruct(cid)
    return np.zeros(index.dim, np.float32) if vector is None else vector


__all__ = ["Matcher", "Query", "title_index"]
