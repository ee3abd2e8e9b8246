"""Online providers behind one interface; built from settings, all off unless enabled."""

from __future__ import annotations

from typing import Any

from factcheck.errors import InputError
from factcheck.fetch import FetchPolicy
from factcheck.sources.providers.base import Provider, ProviderCache, ProviderHTTP, ProviderResult

PROVIDER_NAMES = ("wikipedia", "google_factcheck")

__all__ = ["PROVIDER_NAMES", "Provider", "ProviderHTTP", "ProviderResult", "build_providers"]


def build_providers(settings: Any, cache: ProviderCache | None = None,
                    names: list[str] | None = None) -> list[Provider]:
    """The providers enabled in ``settings.providers`` (or ``names``), sharing one HTTP helper."""
    from factcheck.sources.providers.google_factcheck import GoogleFactCheckProvider
    from factcheck.sources.providers.wikipedia import WikipediaProvider

    wanted = list(settings.providers if names is None else names)
    unknown = [n for n in wanted if n not in PROVIDER_NAMES]
    if unknown:
        raise InputError(f"unknown provider {unknown[0]!r} in setting providers; use: {', '.join(PROVIDER_NAMES)}")
    http = ProviderHTTP(FetchPolicy.from_settings(settings), deadline_s=float(settings.provider_deadline_s),
                        cache=cache, ttl_s=float(settings.provider_cache_ttl_s))
    providers: list[Provider] = []
    for name in wanted:
        if name == "wikipedia":
            providers.append(WikipediaProvider(http, language=str(settings.wikipedia_language),
                                               api_url=str(settings.wikipedia_api_url)))
        else:
            providers.append(GoogleFactCheckProvider(http, api_key=str(settings.google_factcheck_api_key),
                                                     api_url=str(settings.google_factcheck_api_url)))
    return providers
