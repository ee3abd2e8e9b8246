"""A real PostgreSQL server for the test session: initdb + pg_ctl as ``postgres`` on a free loopback port.

No mock database: the PostgreSQL cases run against this server, each on a database of its own,
and skip with a clear message when the PostgreSQL binaries are not installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_ROOTS = (Path("/usr/lib/postgresql"),)
SKIP_MESSAGE = ("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin "
                "or on PATH: install them (Debian: apt-get install postgresql) to run the PostgreSQL cases")


def pg_bin() -> Path | None:
    """The newest PostgreSQL bin folder (Debian layout), else the one holding ``initdb`` on PATH."""
    found = sorted((p for root in PG_ROOTS if root.is_dir() for p in root.glob("*/bin")
                    if (p / "initdb").exists()), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    """Run as the ``postgres`` user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class PgServer:
    """A running throw-away server; :meth:`database` hands out fresh databases."""

    bin: Path
    data: Path
    port: int
    made: set[str] = field(default_factory=set)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, *commands: str, database: str = "postgres") -> None:
        args = [str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(database)]
        for command in commands:
            args += ["-c", command]
        subprocess.run(args, check=True, capture_output=True, text=True, timeout=60)

    def database(self, name: str) -> str:
        """The URL of database ``name``, created empty on first use."""
        if name not in self.made:
            self.psql(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
            self.made.add(name)
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                                     "-w", "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(self.data.parent, ignore_errors=True)


def start_server() -> PgServer:
    """initdb + pg_ctl start on a free 127.0.0.1 port (durability off: a test server)."""
    binary = pg_bin()
    if binary is None:
        if os.environ.get("FACTCHECK_REQUIRE_POSTGRES"):  # `make test` / CI: never skip silently
            pytest.fail(SKIP_MESSAGE + " (FACTCHECK_REQUIRE_POSTGRES is set)")
        pytest.skip(SKIP_MESSAGE)
    root = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
    data, sock = root / "data", root / "sock"
    data.mkdir()
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        for path in (data, sock):
            shutil.chown(path, "postgres", "postgres")
    subprocess.run(_as_postgres([str(binary / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                 "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True,
                   timeout=120)
    port = free_port()
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_postgres([str(binary / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-w",
                                 "-o", options, "start"]), check=True, capture_output=True, timeout=120)
    return PgServer(binary, data, port)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole session, stopped at the end."""
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


def database_name(folder: Path) -> str:
    """A database name for a test folder (the same folder always maps to the same database)."""
    return "t_" + hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]


def postgres_factory(server: PgServer) -> Callable[[Path], object]:
    """The contract suite's factory: one database per folder; a folder holding a SQLite workspace
    file (a backup) starts as a copy of it, the way ``migrate-store`` moves a workspace over."""
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed: pip install -e '.[postgres]'")
    from factcheck.store.postgres import PostgresStore
    from factcheck.store.postgres.transfer import sqlite_to_postgres

    def factory(folder: Path) -> PostgresStore:
        name = database_name(folder)
        fresh = name not in server.made
        store = PostgresStore(server.database(name), pool_size=4)
        backup = folder / "factcheck.sqlite3"
        if fresh and backup.is_file():
            sqlite_to_postgres(backup, store.db)
        return store

    return factory


@pytest.fixture(params=["sqlite", "postgres"])
def backend_workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A Workspace with the model-free HashingEmbedder on each backend (SQLite in its folder, or a
    fresh PostgreSQL database through ``database_url``)."""
    from factcheck.config import Settings
    from factcheck.testing import HashingEmbedder
    from factcheck.workspace import Workspace

    url = ""
    if request.param == "postgres":
        pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.database(database_name(tmp_path))
    ws = Workspace(tmp_path / "ws", Settings(database_url=url, learned_attribution=False),
                   embedder=HashingEmbedder())
    yield ws
    ws.close()
