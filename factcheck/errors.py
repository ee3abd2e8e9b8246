"""The one exception tree of factcheck; the CLI and UI translate it into messages.

    FactcheckError
    ├── InputError            bad user input (file, URL, JSON record, option value)
    │   └── FetchError        a URL could not be fetched (network, status, size, time)
    │       └── BlockedURLError   a URL points at a forbidden scheme or address
    ├── ModelError            the embedding model is missing or its weights changed
    ├── StoreError            the workspace database is unusable or too new
    │   └── NotFoundError     an id that does not exist
    ├── ConflictError         a verdict was saved on a stale view of the claim
    ├── PermissionDeniedError the acting user's role does not allow the call
    └── VectorIndexError           the vector index is unusable (rebuilt automatically)
"""

from __future__ import annotations

from typing import Any


class FactcheckError(Exception):
    """Base class: ``str(err)`` is a message a user can act on."""


class InputError(FactcheckError):
    """Bad input named in the message, with the reason."""


class FetchError(InputError):
    """A URL could not be fetched."""


class BlockedURLError(FetchError):
    """A URL was refused by the fetch policy (scheme or address)."""


class ModelError(FactcheckError):
    """The embedding model cannot be loaded or failed verification."""


class StoreError(FactcheckError):
    """The workspace store cannot be used."""


class NotFoundError(StoreError):
    """The requested record does not exist."""


class ConflictError(FactcheckError):
    """A save was based on a stale view; ``current`` and ``attempted`` are both kept."""

    def __init__(self, message: str, current: Any = None, attempted: Any = None) -> None:
        super().__init__(message)
        self.current = current
        self.attempted = attempted


class PermissionDeniedError(FactcheckError):
    """The acting user's role is below the role an action needs; ``required`` names that role."""

    def __init__(self, message: str, *, action: str = "", required: str = "",
                 role: str = "") -> None:
        super().__init__(message)
        self.action = action
        self.required = required
        self.role = role


class VectorIndexError(FactcheckError):
    """The vector index is unusable."""
