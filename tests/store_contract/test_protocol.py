"""The written-down interface is the store's public surface, and the contract suite uses all of it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from factcheck.store import Store
from factcheck.store.protocol import StoreBackend

HERE = Path(__file__).parent


def _public(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")}


def test_the_protocol_is_exactly_the_stores_public_methods() -> None:
    assert _public(Store) == _public(StoreBackend)


def test_the_sqlite_store_matches_every_signature() -> None:
    for name in _public(StoreBackend):
        want = inspect.signature(getattr(StoreBackend, name))
        have = inspect.signature(getattr(Store, name))
        assert list(want.parameters) == list(have.parameters), name


def test_every_protocol_method_is_exercised_by_the_contract_suite() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in HERE.glob("*.py"))
    called = set(re.findall(r"(?:backend|copy|store)\.(\w+)\(", source))
    assert _public(StoreBackend) - called == set()
