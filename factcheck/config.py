"""Settings: one declarative table of (name, default, help); overrides are read at the edges."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.errors import InputError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


# The one table of settings. The README's configuration table is kept in step by a test.
SETTINGS: tuple[Setting, ...] = (
    Setting("model_path", "", "Folder of a sentence-transformers model; empty = the bundled all-MiniLM-L6-v2."),
    Setting("model_sha256", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            "Expected sha256 of model.safetensors; empty disables the check (custom models)."),
    Setting("embed_batch_size", 64, "Sentences per embedding batch."),
    Setting("embed_dtype", "bfloat16", "Inference dtype on CPU: bfloat16 (fast) or float32."),
    Setting("learned_attribution", True, "Score quotes and beliefs with the learned layer on the shipped "
            "encoder (calibrated confidence; off = rules only)."),
    Setting("min_confidence", 0.75, "The review queue hides attributions whose confidence is below this "
            "(segment and claims keep every item)."),
    Setting("checkworthy_sha256", "9fee5476ec7873a103f2f6b04c47c21d072927f5f1882455d6c3073be5ce1809",
            "Expected sha256 of the learned check-worthiness head (checkworthy_head.safetensors); "
            "empty disables the check."),
    Setting("max_article_bytes", 50_000_000, "Largest article file or download accepted, in bytes."),
    Setting("max_article_chars", 1_000_000, "Longest article text segmented, in characters "
            "(segmenting time and memory grow with it); longer ones are refused."),
    Setting("fetch_timeout_s", 15.0, "Timeout for one HTTP fetch, in seconds."),
    Setting("fetch_max_redirects", 5, "Redirects followed by one fetch."),
    Setting("fetch_allowlist", [], "Hosts or CIDR ranges that fetches may reach even if private (e.g. 127.0.0.1)."),
    Setting("user_agent", "factcheck/0.1 (+local fact-checking assistant)", "User-Agent sent on every fetch."),
    Setting("index_approximate_from", 100_000, "Claims at which the claim index adds an approximate "
            "layer (IVF-PQ fast scan, exact re-ranking; built in the background by the app, when the "
            "index is saved by the CLI); 0 keeps search exact."),
    Setting("index_recall_target", 0.98, "Recall@10 against exact search that the approximate layer is "
            "tuned to reach on the workspace's own vectors (each left out with its copies)."),
    Setting("match_same_precision", 0.95, "Precision target of the 'same' level: its probability threshold per query type comes from the calibration."),
    Setting("match_label_precision", 0.92, "Precision target of all labelled ('same' or 'related') prior claims; sets the 'related' threshold."),
    Setting("match_sentence_label_precision", 0.85, "Precision target of labelled prior claims for sentence queries (from articles or transcripts); posts and short queries use match_label_precision."),
    Setting("match_calibration_min_labels", 60, "Reviewer same/not-the-same labels needed before `factcheck calibrate` refits the thresholds."),
    Setting("match_calibration_fusion_labels", 200, "Labels needed before `factcheck calibrate` also refits the score calibration weights."),
    Setting("review_advance_after_verdict", True, "After a verdict is saved, the Review page moves to the next claim in the queue."),
    Setting("match_rerank", True, "Re-order the top prior claims with the learned re-ranker (factcheck/match/reranker.md); off: the fused order."),
    Setting("match_min_words", 5, "Claims shorter than this many words never auto-match as 'same'."),
    Setting("match_exclude_same_article", True, "Leave out claims of the query's own article."),
    Setting("rating_scale", "default", "Rating scale: default, politifact, or free (any text)."),
    Setting("organization_name", "factcheck newsroom", "Publisher named as ClaimReview author."),
    Setting("organization_url", "https://example.org", "URL of the publishing organisation."),
    Setting("review_url_template", "https://example.org/fact-checks/{claim_id}",
            "ClaimReview url; {claim_id} and {verdict_id} are replaced."),
    Setting("sources_k", 5, "Reference passages shown per claim."),
    Setting("sources_likely_precision", 0.75,
            "Precision target of the 'likely relevant' level of reference passages (threshold from the "
            "passage model's precision curve fitted on CheckThat! 2B train)."),
    Setting("providers", [], "Online providers enabled: wikipedia, google_factcheck."),
    Setting("wikipedia_language", "en", "Wikipedia language edition for the wikipedia provider."),
    Setting("wikipedia_api_url", "", "Override of the MediaWiki API URL (tests, mirrors)."),
    Setting("google_factcheck_api_key", "", "API key for Google Fact Check Tools (or FACTCHECK_GOOGLE_FACTCHECK_API_KEY)."),
    Setting("google_factcheck_api_url", "https://factchecktools.googleapis.com/v1alpha1/claims:search",
            "Google Fact Check Tools claims:search endpoint."),
    Setting("provider_cache_ttl_s", 86_400, "How long provider answers are cached, in seconds."),
    Setting("provider_deadline_s", 8.0, "Deadline for one provider call, in seconds."),
    Setting("feed_every_minutes", 60, "Default interval between polls of one feed, in minutes (feeds add --every)."),
    Setting("feed_max_bytes", 5_000_000, "Largest feed document fetched and parsed, in bytes; larger ones are refused unparsed."),
    Setting("feed_max_new_entries", 100, "New entries taken from one feed per poll; the rest wait for the next poll."),
    Setting("feed_host_concurrency", 2, "Fetches to one host at the same time during a feed poll."),
    Setting("feed_workers", 4, "Fetches in flight at once during a feed poll, all hosts together."),
    Setting("feed_backoff_max_minutes", 1440, "Longest wait before retrying a failing feed, in minutes (the wait doubles per failure)."),
    Setting("feed_watch_tick_s", 60.0, "How often `feeds watch` looks for due feeds, in seconds."),
    Setting("database_url", "", "Shared PostgreSQL store for a team (postgresql://user@host:port/db; "
            "needs the postgres extra); empty = the workspace's own SQLite file."),
    Setting("server_address", "127.0.0.1", "Address the app binds to."),
    Setting("server_port", 8501, "Port the app listens on."),
    Setting("max_upload_mb", 50, "Largest upload accepted by the app, in MB."),
    Setting("roles", [], "Roles of signed-in users: entries 'who=role', who an email or OIDC subject, "
            "role viewer, reviewer or editor (env: comma-separated)."),
    Setting("default_role", "viewer", "Role of a signed-in user not named in roles."),
    Setting("local_role", "editor", "Role of the single user when nobody signs in (the CLI, the app "
            "without [auth] secrets)."),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}
# Settings that existed once: a config naming one gets told what replaced it.
RETIRED: dict[str, str] = {
    "match_same_threshold": "match levels are calibrated per query type now; set the precision "
                            "target match_same_precision instead (or run `factcheck calibrate`)",
    "match_related_threshold": "match levels are calibrated per query type now; set the precision "
                               "target match_label_precision instead (or run `factcheck calibrate`)",
}
CONFIG_FILE = "config.json"
ENV_PREFIX = "FACTCHECK_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings, one typed field per row of ``SETTINGS`` (a test keeps the two in step, so
    a misspelt setting fails type-checking); build with :func:`load_settings` at the edge and pass
    down explicitly."""

    model_path: str = _DEFAULTS["model_path"]
    model_sha256: str = _DEFAULTS["model_sha256"]
    embed_batch_size: int = _DEFAULTS["embed_batch_size"]
    embed_dtype: str = _DEFAULTS["embed_dtype"]
    learned_attribution: bool = _DEFAULTS["learned_attribution"]
    min_confidence: float = _DEFAULTS["min_confidence"]
    checkworthy_sha256: str = _DEFAULTS["checkworthy_sha256"]
    max_article_bytes: int = _DEFAULTS["max_article_bytes"]
    max_article_chars: int = _DEFAULTS["max_article_chars"]
    fetch_timeout_s: float = _DEFAULTS["fetch_timeout_s"]
    fetch_max_redirects: int = _DEFAULTS["fetch_max_redirects"]
    fetch_allowlist: list[str] = field(default_factory=lambda: list(_DEFAULTS["fetch_allowlist"]))
    user_agent: str = _DEFAULTS["user_agent"]
    index_approximate_from: int = _DEFAULTS["index_approximate_from"]
    index_recall_target: float = _DEFAULTS["index_recall_target"]
    match_same_precision: float = _DEFAULTS["match_same_precision"]
    match_label_precision: float = _DEFAULTS["match_label_precision"]
    match_sentence_label_precision: float = _DEFAULTS["match_sentence_label_precision"]
    match_calibration_min_labels: int = _DEFAULTS["match_calibration_min_labels"]
    match_calibration_fusion_labels: int = _DEFAULTS["match_calibration_fusion_labels"]
    review_advance_after_verdict: bool = _DEFAULTS["review_advance_after_verdict"]
    match_rerank: bool = _DEFAULTS["match_rerank"]
    match_min_words: int = _DEFAULTS["match_min_words"]
    match_exclude_same_article: bool = _DEFAULTS["match_exclude_same_article"]
    rating_scale: str = _DEFAULTS["rating_scale"]
    organization_name: str = _DEFAULTS["organization_name"]
    organization_url: str = _DEFAULTS["organization_url"]
    review_url_template: str = _DEFAULTS["review_url_template"]
    sources_k: int = _DEFAULTS["sources_k"]
    sources_likely_precision: float = _DEFAULTS["sources_likely_precision"]
    providers: list[str] = field(default_factory=lambda: list(_DEFAULTS["providers"]))
    wikipedia_language: str = _DEFAULTS["wikipedia_language"]
    wikipedia_api_url: str = _DEFAULTS["wikipedia_api_url"]
    google_factcheck_api_key: str = _DEFAULTS["google_factcheck_api_key"]
    google_factcheck_api_url: str = _DEFAULTS["google_factcheck_api_url"]
    provider_cache_ttl_s: int = _DEFAULTS["provider_cache_ttl_s"]
    provider_deadline_s: float = _DEFAULTS["provider_deadline_s"]
    feed_every_minutes: int = _DEFAULTS["feed_every_minutes"]
    feed_max_bytes: int = _DEFAULTS["feed_max_bytes"]
    feed_max_new_entries: int = _DEFAULTS["feed_max_new_entries"]
    feed_host_concurrency: int = _DEFAULTS["feed_host_concurrency"]
    feed_workers: int = _DEFAULTS["feed_workers"]
    feed_backoff_max_minutes: int = _DEFAULTS["feed_backoff_max_minutes"]
    feed_watch_tick_s: float = _DEFAULTS["feed_watch_tick_s"]
    database_url: str = _DEFAULTS["database_url"]
    server_address: str = _DEFAULTS["server_address"]
    server_port: int = _DEFAULTS["server_port"]
    max_upload_mb: int = _DEFAULTS["max_upload_mb"]
    roles: list[str] = field(default_factory=lambda: list(_DEFAULTS["roles"]))
    default_role: str = _DEFAULTS["default_role"]
    local_role: str = _DEFAULTS["local_role"]

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from checked values (see :func:`merge`); missing ones keep their defaults."""
        return cls(**{name: values[name] for name in _DEFAULTS if name in values})

    @property
    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _DEFAULTS}

    def with_overrides(self, **overrides: Any) -> Settings:
        return Settings.from_values(merge(self.values, overrides, origin="overrides"))


def merge(base: Mapping[str, Any], overrides: Mapping[str, Any], *, origin: str) -> dict[str, Any]:
    """Apply overrides onto base, checking names and coercing types to the defaults' types."""
    result = dict(base)
    for key, value in overrides.items():
        if key in RETIRED:
            raise InputError(f"setting {key!r} in {origin} is no longer used: {RETIRED[key]}; "
                             "remove it")
        if key not in _DEFAULTS:
            known = ", ".join(sorted(_DEFAULTS))
            raise InputError(f"unknown setting {key!r} in {origin}; known settings: {known}")
        result[key] = _coerce(key, value, origin)
    return result


def _coerce(key: str, value: Any, origin: str) -> Any:
    default = _DEFAULTS[key]
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, list):
            if isinstance(value, str):
                return [part.strip() for part in value.split(",") if part.strip()]
            return list(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"setting {key!r} in {origin} must be like {default!r}, got {value!r}") from exc


def load_settings(workspace: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then ``<workspace>/config.json``, then ``FACTCHECK_<NAME>`` environment variables."""
    values: dict[str, Any] = dict(_DEFAULTS)
    config_path = workspace / CONFIG_FILE
    if config_path.exists():
        try:
            data = json.loads(config_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{config_path}: not valid JSON ({exc}); fix or delete it") from exc
        if not isinstance(data, dict):
            raise InputError(f"{config_path}: must hold a JSON object of settings")
        values = merge(values, data, origin=str(config_path))
    env = os.environ if environ is None else environ
    env_values = {
        s.name: env[ENV_PREFIX + s.name.upper()] for s in SETTINGS if ENV_PREFIX + s.name.upper() in env
    }
    values = merge(values, env_values, origin="environment")
    return Settings.from_values(values)


