"""The backend factory the contract tests run against: add a factory here for a new backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factcheck.store import Store
from factcheck.store.protocol import StoreBackend

BackendFactory = Callable[[Path], StoreBackend]


def sqlite_backend(folder: Path) -> StoreBackend:
    return Store(folder)


# A PostgreSQL backend adds one entry (name -> factory), e.g. skipped without a server.
FACTORIES: dict[str, BackendFactory] = {"sqlite": sqlite_backend}


@pytest.fixture(params=sorted(FACTORIES))
def factory(request: pytest.FixtureRequest) -> BackendFactory:
    return FACTORIES[request.param]


@pytest.fixture
def backend(factory: BackendFactory, tmp_path: Path) -> Iterator[StoreBackend]:
    store = factory(tmp_path / "store")
    yield store
    store.close()
