"""factcheck: a local-first quote and claim fact-checking assistant.

The public API is :class:`Workspace` plus the domain records in :mod:`factcheck.models`
and the errors in :mod:`factcheck.errors`. Heavy modules load lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "ConflictError",
    "Evidence",
    "FactcheckError",
    "InputError",
    "Match",
    "PermissionDeniedError",
    "Principal",
    "Role",
    "SegmentItem",
    "Settings",
    "Source",
    "Speaker",
    "Verdict",
    "Workspace",
    "__version__",
    "load_settings",
    "segment",
]

_LAZY = {
    "Workspace": "factcheck.workspace",
    "Settings": "factcheck.config",
    "load_settings": "factcheck.config",
    "segment": "factcheck.segment",
    "FactcheckError": "factcheck.errors",
    "InputError": "factcheck.errors",
    "ConflictError": "factcheck.errors",
    "PermissionDeniedError": "factcheck.errors",
    "Principal": "factcheck.auth",
    "Role": "factcheck.auth",
    "Article": "factcheck.models",
    "Claim": "factcheck.models",
    "Evidence": "factcheck.models",
    "Match": "factcheck.models",
    "SegmentItem": "factcheck.models",
    "Source": "factcheck.models",
    "Speaker": "factcheck.models",
    "Verdict": "factcheck.models",
}

if TYPE_CHECKING:
    from factcheck.auth import Principal, Role
    from factcheck.config import Settings, load_settings
    from factcheck.errors import ConflictError, FactcheckError, InputError, PermissionDeniedError
    from factcheck.models import (
        Article,
        Claim,
        Evidence,
        Match,
        SegmentItem,
        Source,
        Speaker,
        Verdict,
    )
    from factcheck.segment import segment
    from factcheck.workspace import Workspace


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
