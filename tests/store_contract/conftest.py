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


# Backends whose factory needs nothing but a folder; "postgres" needs the session's server.
FACTORIES: dict[str, BackendFactory] = {"sqlite": sqlite_backend}
BACKENDS = (*sorted(FACTORIES), "postgres")


@pytest.fixture(params=BACKENDS)
def factory(request: pytest.FixtureRequest) -> BackendFactory:
    if request.param == "postgres":  # skipped with a clear message without PostgreSQL binaries
        from tests.pg_server import postgres_factory

        return postgres_factory(request.getfixturevalue("pg_server"))  # type: ignore[return-value]
    return FACTORIES[request.param]


@pytest.fixture
def backend(factory: BackendFactory, tmp_path: Path) -> Iterator[StoreBackend]:
    store = factory(tmp_path / "store")
    yield store
    store.close()
