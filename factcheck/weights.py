"""Fitted weights shipped inside the package: read, sha256-verified, and their safetensors metadata."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

from factcheck.errors import ModelError


def read_verified(package: str, name: str, expected_sha256: str, *, what: str, refit: str,
                  on_change: str) -> bytes:
    """The bytes of ``name`` in ``package``, refused unless their sha256 is ``expected_sha256``
    ("" = no check). ``what`` names the model, ``refit`` the script that trains it, ``on_change``
    what to do about a changed file; each goes into the error the user reads."""
    try:
        raw = resources.files(package).joinpath(name).read_bytes()
    except OSError as exc:
        raise ModelError(f"the {what} {name} is missing ({exc}); reinstall factcheck or run {refit}") from exc
    actual = hashlib.sha256(raw).hexdigest()
    if expected_sha256 and actual != expected_sha256:
        raise ModelError(f"{name} has sha256 {actual}, expected {expected_sha256}: the file changed. "
                         f"Reinstall factcheck, or {on_change}")
    return raw


def safetensors_metadata(raw: bytes) -> dict[str, str]:
    """The ``__metadata__`` strings of a safetensors file's header."""
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + size].decode("utf-8"))
    return {str(k): str(v) for k, v in dict(header.get("__metadata__", {})).items()}
