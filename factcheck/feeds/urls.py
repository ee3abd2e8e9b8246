"""URL normalisation for deduplication: tracking parameters, fragments and case variants removed."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid",
    "vero_id", "wickedid", "cmpid", "ocid", "ncid", "sr_share", "at_medium", "at_campaign",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """The URL as a dedup key: scheme and host lower-cased, default port, fragment and tracking
    parameters (utm_*, fbclid, gclid …) removed, remaining parameters sorted; '' if not http(s)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))
