"""Google Fact Check Tools ``claims:search``: earlier fact-checks by other organisations."""

from __future__ import annotations

from typing import Any

from factcheck.errors import FetchError, InputError
from factcheck.sources.providers.base import ProviderHTTP, ProviderResult


class GoogleFactCheckProvider:
    """Each ClaimReview of each returned claim becomes a result carrying a prior record.

    The API key travels in the ``X-Goog-Api-Key`` header, so it never appears in a URL, a
    cache key, a log line or an error message.
    """

    name = "google_factcheck"

    def __init__(self, http: ProviderHTTP, *, api_key: str, api_url: str, language: str = "") -> None:
        if not api_key:
            raise InputError("google_factcheck needs an API key: set google_factcheck_api_key in "
                             "config.json or FACTCHECK_GOOGLE_FACTCHECK_API_KEY")
        self.http = http
        self._api_key = api_key
        self.api_url = api_url
        self.language = language

    def __repr__(self) -> str:  # never show the key
        return f"GoogleFactCheckProvider(api_url={self.api_url!r})"

    def search(self, query: str, *, limit: int) -> list[ProviderResult]:
        from factcheck.match.claimreview_import import PriorRecord

        params: dict[str, str | int] = {"query": query[:500], "pageSize": max(1, limit)}
        if self.language:
            params["languageCode"] = self.language
        data = self.http.get_json(self.name, self.api_url, params, {"X-Goog-Api-Key": self._api_key})
        if not isinstance(data, dict):
            raise FetchError("Fact Check Tools answer is not a JSON object (unexpected shape)")
        results = []
        for claim in data.get("claims", []) or []:
            if not isinstance(claim, dict) or not str(claim.get("text", "")).strip():
                continue
            text = str(claim["text"]).strip()
            claimant = str(claim.get("claimant", "") or "")
            claim_date = str(claim.get("claimDate", "") or "")[:10]
            for review in claim.get("claimReview", []) or []:
                if not isinstance(review, dict) or not review.get("url"):
                    continue
                publisher = _publisher(review.get("publisher"))
                rating = str(review.get("textualRating", "") or "")
                review_date = str(review.get("reviewDate", "") or "")[:10]
                title = str(review.get("title", "") or "") or text[:120]
                prior = PriorRecord(external_id=str(review["url"]), claim=text, claimant=claimant,
                                    claim_date=claim_date, rating=rating, reviewer=publisher,
                                    review_url=str(review["url"]), review_date=review_date, title=title)
                said = f"{claimant} claimed" if claimant else "Claim"
                summary = (f"{said}: {text}\nRating by {publisher or 'a fact-checker'}: {rating or 'not given'}"
                           f"{f' ({review_date})' if review_date else ''}.\nReview: {title}")
                results.append(ProviderResult(title=title, url=str(review["url"]), text=summary,
                                              publisher=publisher, published=review_date,
                                              kind="fact-check", prior=prior))
        return results[: max(1, limit) * 3]


def _publisher(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("site") or "")
    return str(value or "")
