"""MatchingOps: similar prior claims (dense + title + BM25 fused), ClaimReview import, feedback."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from factcheck.errors import NotFoundError, VectorIndexError
from factcheck.index import VectorIndex
from factcheck.match.calibration import (
    Calibration,
    label_target,
    load_calibration,
    pair_features,
    query_type,
)
from factcheck.match.claimreview_import import (
    Appearance,
    ImportProblem,
    ImportReport,
    ParseResult,
    PriorRecord,
    parse_claimreview_file,
    parse_claimreview_text,
)
from factcheck.match.clusters import Dated, cluster_assignment, earliest_first
from factcheck.match.explain import explain as explain_pair
from factcheck.match.fusion import FusionModel, load_models
from factcheck.match.lexical import clean_query, fts_query
from factcheck.match.ranking import (
    DENSE_DEPTH,
    FILTERED_DEPTH,
    MatchFilters,
    Query,
    Scored,
    cosine_maps,
    cosines,
    score_candidates,
)
from factcheck.match.rerank import PairInput, Reranker, load_reranker, pair_matrix, reorder
from factcheck.match.thresholds import Thresholds, match_level
from factcheck.models import Claim, Match

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.embed import CachedEmbedder
    from factcheck.store import Store
    from factcheck.workspace import Workspace
    from factcheck.workspace.calibrate import CalibrationReport

TITLE_INDEX_FILE = "prior_titles.faiss"
TITLE_STATE_KEY = "prior_titles_state"
CONTEXT_CHARS = 300  # text before a claim given to its panel query as context
CLUSTER_SIMILARITY = 0.95  # cosine at which two claims count as the same quote (near-identical)


class MatchingOps:
    """Mixed into :class:`factcheck.workspace.Workspace` (uses its store, embedder, claim index)."""

    path: Path
    settings: Settings
    store: Store

    if TYPE_CHECKING:
        @property
        def embedder(self) -> CachedEmbedder: ...

        @property
        def claim_index(self) -> VectorIndex: ...

        def save_index(self) -> None: ...

    # --- configuration ------------------------------------------------------------------------
    @property
    def fusion_models(self) -> dict[str, FusionModel]:
        models: dict[str, FusionModel] | None = getattr(self, "_fusion_models", None)
        if models is None:
            models = load_models()
            self._fusion_models = models
        return models

    def fusion_model_for(self, query: Query) -> FusionModel:
        """The 'contextual' model when speaker, context or date is known, else the 'plain' one."""
        contextual = bool(query.speaker or query.context.strip() or query.date)
        return self.fusion_models["contextual" if contextual else "plain"]

    @property
    def calibration(self) -> Calibration:
        """This workspace's calibration (``factcheck calibrate``) or the one shipped with the package."""
        from factcheck.workspace.calibrate import load_workspace_calibration

        cached: tuple[float, Calibration] | None = getattr(self, "_calibration", None)
        loaded = load_workspace_calibration(self.path, cached)
        if loaded is None:
            shipped: Calibration | None = getattr(self, "_shipped_calibration", None)
            if shipped is None:
                shipped = load_calibration()
                self._shipped_calibration = shipped
            self._calibration = None
            return shipped
        self._calibration = loaded
        return loaded[1]

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
        index = self.claim_index
        titles = self._title_index()
        depth = FILTERED_DEPTH if any(q.filters.active for q in queries) else DENSE_DEPTH
        _, d_ids = index.search(query_vecs, depth)
        _, t_ids = titles.search(query_vecs, DENSE_DEPTH)
        context_ids: dict[int, npt.NDArray[np.int64]] = {}
        if with_context:
            _, c_ids = index.search(context_vecs, DENSE_DEPTH)
            context_ids = {i: c_ids[n] for n, i in enumerate(with_context)}
        results = []
        for i, query in enumerate(queries):
            lexical_raw = self.store.match_lexical(fts_query(texts[i]), DENSE_DEPTH)
            candidates = {int(c) for c in d_ids[i] if c >= 0} | {int(c) for c in t_ids[i] if c >= 0}
            candidates |= {cid for cid, _ in lexical_raw}
            if i in context_of:
                candidates |= {int(c) for c in context_ids[i] if c >= 0}
            results.append(self._score(query, query_vecs[i], context_of.get(i), candidates,
                                       lexical_raw, index, titles))
        if rerank and self.settings.match_rerank:
            results = self._rerank(queries, results)
        return results

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
        title_vecs = _vectors(titles, (cid for cid in rows if rows[cid]["kind"] == "prior"))
        names = self.store.speaker_names(query.filters.said_by) if query.filters.said_by else set()
        dense = cosine_maps([qvec] if cvec is None else [qvec, cvec], claim_vecs)
        return score_candidates(
            query, dense[0], cosines(qvec, title_vecs), lexical_raw,
            None if cvec is None else dense[1], rows, self.fusion_model_for(query), names)

    def _matches(self, query: Query, scored: Sequence[Scored],
                 probability: dict[int, float]) -> list[Match]:
        kind = query_type(query.text, context=query.context, speaker=query.speaker)
        thresholds = self.thresholds_for(kind)
        ids = [s.claim_id for s in scored]
        claims = self.store.get_claims(ids)
        verdicts = self.store.latest_verdicts(ids)
        articles = self.store.get_articles(c.article_id for c in claims.values())
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

    def keyword_search(self, text: str, k: int = 10) -> list[Match]:
        """Claims containing every word of ``text`` (FTS5 BM25 over claim text and speaker)."""
        hits = self.store.keyword_claims(fts_query(text, require_all=True), k)
        claims = self.store.get_claims(cid for cid, _ in hits)
        verdicts = self.store.latest_verdicts([cid for cid, _ in hits])
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
        own_cluster = _cluster_key(self.store.claim_rows([claim.id])[claim.id])
        feedback = self.store.match_feedback(claim.id)
        groups: dict[str, list[Scored]] = {}
        ranked = self.rank_candidates([query])[0]
        probability = self.probabilities(query, ranked)
        rows = self.store.claim_rows([s.claim_id for s in ranked])
        for scored in ranked:
            key = _cluster_key(rows[scored.claim_id])
            if key == own_cluster:
                continue  # another appearance of the very same quote
            if key in groups or len(groups) < k:
                groups.setdefault(key, []).append(scored)
        return [self._group_match(query, members, feedback, probability)
                for members in groups.values()]

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
                context = _context_before(article.text, claim.start)
                date = article.published[:10] if article.published[:4].isdigit() else ""
        return Query(text=claim.text, speaker=claim.speaker, context=context, date=date, k=k,
                     exclude_claim_id=claim.id,
                     exclude_article_id=None if same_article else claim.article_id,
                     explain=explain)

    def _group_match(self, query: Query, members: list[Scored], feedback: dict[int, bool],
                     probability: dict[int, float]) -> Match:
        best = members[0]
        row = self.store.claim_rows([best.claim_id])[best.claim_id]
        if row["cluster_id"] is not None:
            ids = self.store.claims_in_clusters([row["cluster_id"]]).get(row["cluster_id"], [])
        else:
            ids = self.store.claims_with_hashes([row["norm_sha256"]]).get(row["norm_sha256"], [])
        ids = sorted(set(ids) | {s.claim_id for s in members})
        rows = self.store.claim_rows(ids)
        order = earliest_first([Dated(cid, str(rows[cid]["published"] or rows[cid]["ingested_at"]))
                                for cid in ids if cid in rows])
        claims = self.store.get_claims(order)
        appearances = tuple(claims[cid] for cid in order if cid in claims)
        match = self._matches(query, [Scored(order[0], best.score, best.features)],
                              {order[0]: probability.get(best.claim_id, 0.0)})[0]
        if match.verdict is None:
            verdicts = self.store.latest_verdicts(order)
            match = _replace(match, verdict=next((verdicts[c] for c in order if c in verdicts), None))
        judged = [feedback[c] for c in order if c in feedback]
        level = match.level
        if judged:
            level = "same" if judged[-1] else ("related" if level == "same" else level)
        return _replace(match, level=level, appearances=appearances)

    def assign_clusters(self, similarity: float = CLUSTER_SIMILARITY) -> int:
        """Persist ``claims.cluster_id`` for non-prior claims (same text, or cosine ≥ similarity)."""
        claims = self.store.list_claims()
        if not claims:
            return 0
        rows = self.store.claim_rows([c.id for c in claims])
        index = self.claim_index
        ids = [c.id for c in claims]
        vectors = np.stack([_vector_or_zero(index, cid) for cid in ids])
        scores, found = index.search(vectors, 6)
        allowed = set(ids)
        pairs = [(cid, int(other)) for cid, sc, fo in zip(ids, scores, found, strict=True)
                 for s, other in zip(sc, fo, strict=True)
                 if other >= 0 and int(other) != cid and int(other) in allowed and s >= similarity]
        assignment = cluster_assignment({cid: rows[cid]["norm_sha256"] for cid in ids}, pairs)
        changes: dict[int, int | None] = {cid: assignment.get(cid) for cid in ids
                                          if rows[cid]["cluster_id"] != assignment.get(cid)}
        if changes:
            self.store.set_cluster_ids(changes)
        return len(set(assignment.values()))

    # --- prior fact-checks -----------------------------------------------------------------------
    def prior_appearances(self, claim_id: int) -> list[Appearance]:
        """Where an imported prior claim appeared (ClaimReview ``itemReviewed.appearance``)."""
        return [Appearance(url=url, headline=headline, date=date, description=description)
                for url, headline, date, description in self.store.prior_appearances(claim_id)]

    def import_claimreview(self, paths: Iterable[str | Path]) -> ImportReport:
        """Import ClaimReview files or http(s) URLs of feeds (fetched through the safe fetcher);
        malformed records are reported by position and skipped."""
        parsed = []
        for path in paths:
            text = str(path)
            if text.startswith(("http://", "https://")):
                parsed.append(self._fetch_claimreview(text))
            else:
                parsed.append(parse_claimreview_file(Path(path)))
        return self._import_parsed(parsed)

    def import_claimreview_text(self, documents: Iterable[tuple[str, str]]) -> ImportReport:
        """Import ClaimReview documents given as (name, JSON or JSON Lines text), e.g. uploads."""
        return self._import_parsed([parse_claimreview_text(text, name) for name, text in documents])

    def _fetch_claimreview(self, url: str) -> ParseResult:
        from factcheck.fetch import FetchPolicy, fetch_url

        document = fetch_url(url, FetchPolicy.from_settings(self.settings))
        try:
            text = document.body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return ParseResult(problems=[ImportProblem(url, f"not UTF-8 text ({exc.reason})")])
        return parse_claimreview_text(text, url)

    def _import_parsed(self, parsed: Iterable[ParseResult]) -> ImportReport:
        records: list[PriorRecord] = []
        problems: list[ImportProblem] = []
        for result in parsed:
            records.extend(rec for _, rec in result.records)
            problems.extend(result.problems)
        # Load (and repair) the index first: the new claims then sync into it without a notice.
        _ = self.claim_index
        # Vectors first (cached by text), so the indexes can be synced without the model later.
        self.embedder.encode([r.claim for r in records] + [r.title for r in records if r.title])
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        claim_ids, changed_text = [], []
        with self.store.db.write():
            for rec in records:
                before = self.store.prior_text(rec.external_id)
                status, cid = self.store.upsert_prior(rec)
                counts[status] += 1
                claim_ids.append(cid)
                if before is not None and before != rec.claim:
                    changed_text.append((cid, rec.claim))
        index = self.claim_index  # syncs new claims from the vector cache
        if changed_text:
            index.add([cid for cid, _ in changed_text],
                      self.embedder.encode([t for _, t in changed_text]))
        self.save_index()
        self._title_index()
        return ImportReport(added=counts["added"], updated=counts["updated"],
                            unchanged=counts["unchanged"], problems=tuple(problems),
                            claim_ids=tuple(claim_ids))

    def record_match_feedback(self, claim_id: int, other_id: int, same: bool, reviewer: str) -> int:
        """Store a reviewer's judgement that two claims are (not) the same claim."""
        for cid in (claim_id, other_id):
            self.store.get_claim(cid)
        if claim_id == other_id:
            raise NotFoundError(f"claim {claim_id} cannot be compared with itself")
        return self.store.add_match_feedback(claim_id, other_id, same, reviewer)

    # --- calibration from reviewer feedback ----------------------------------------------------
    def calibrate_levels(self, *, dry_run: bool = False) -> CalibrationReport:
        """Refit the match levels from the stored same/not-the-same feedback (see ``calibrate``)."""
        from factcheck.workspace.calibrate import calibrate

        return calibrate(cast("Workspace", self), dry_run=dry_run)

    def rollback_calibration(self) -> str:
        """Restore the previous calibration; says which one is now in use."""
        from factcheck.workspace.calibrate import rollback

        return rollback(self.path)

    def calibration_stamp(self) -> int:
        """Changes whenever this workspace's calibration file changes (0: the shipped one)."""
        from factcheck.workspace.calibrate import CALIBRATION_NAME

        try:
            return (self.path / CALIBRATION_NAME).stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def feedback_count(self) -> int:
        return self.store.match_feedback_count()

    # --- the title index (prior fact-check titles paraphrase their claims) -------------------------
    def _title_index(self) -> VectorIndex:
        """Vectors of prior fact-check titles, rebuilt (from the vector cache) when titles change."""
        index: VectorIndex | None = getattr(self, "_titles", None)
        version = self.store.db.version()
        if index is not None and getattr(self, "_titles_version", None) == version:
            return index  # nothing committed since the last check
        self._titles_version = version
        state = json.dumps([self.embedder.model_id, *self.store.prior_title_state()])
        if index is not None and getattr(self, "_titles_state", "") == state:
            return index
        path = self.path / TITLE_INDEX_FILE
        index = None
        if path.exists() and self.store.get_meta(TITLE_STATE_KEY) == state:
            try:
                index = VectorIndex.load(path)[0]
            except VectorIndexError:
                index = None
        if index is None:
            titles = self.store.prior_titles(sorted(self.store.prior_claim_ids()))
            ids = sorted(titles)
            index = VectorIndex(self.embedder.dim, self.embedder.model_id)
            index.add(ids, self.embedder.encode([titles[i] for i in ids]))
            index.save(path)
            self.store.set_meta(TITLE_STATE_KEY, state)
        self._titles, self._titles_state = index, state
        return index


def _context_before(text: str, start: int, limit: int = CONTEXT_CHARS) -> str:
    """Up to ``limit`` characters of text before ``start``, cut at a word boundary."""
    before = text[max(0, start - limit):start]
    if start > limit and " " in before:
        before = before.split(" ", 1)[1]
    return " ".join(before.split())


def _cluster_key(row: dict[str, Any]) -> str:
    if row["cluster_id"] is not None:
        return f"c{row['cluster_id']}"
    return f"h{row['norm_sha256']}" if row["norm_sha256"] else f"i{row['id']}"


def _vectors(index: VectorIndex, ids: Iterable[int]) -> dict[int, npt.NDArray[np.float32]]:
    return index.vectors(list(ids))


def _vector_or_zero(index: VectorIndex, cid: int) -> npt.NDArray[np.float32]:
    vector = index.reconstruct(cid)
    return np.zeros(index.dim, np.float32) if vector is None else vector


def _replace(match: Match, **changes: Any) -> Match:
    from dataclasses import replace

    return replace(match, **changes)


__all__ = ["ImportProblem", "ImportReport", "MatchingOps", "Query"]
