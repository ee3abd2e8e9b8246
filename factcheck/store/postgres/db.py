"""PostgreSQL connections: a psycopg pool, short write transactions, the change sequence, migrations."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import DictRow, dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from factcheck.errors import StoreError
from factcheck.store.postgres.schema import PG_MIGRATIONS, PG_SCHEMA_VERSION

Conn = psycopg.Connection[DictRow]
MIGRATION_LOCK = 0x0FAC7C4E  # pg_advisory_xact_lock key: one process migrates at a time
POOL_MAX = 8
CONNECT_TIMEOUT_S = 10.0
# the pool's own connection warnings stay out of the CLI's output unless the application logs them
logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())


def as_row(row: Mapping[str, Any]) -> Any:
    """A PostgreSQL row handed to the shared row converters (typed for sqlite3.Row; they read by name)."""
    return row


def redact(url: str) -> str:
    """The URL without its password (for messages)."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(unparsable database_url)"
    info.pop("password", None)
    return psycopg.conninfo.make_conninfo("", **{k: v for k, v in info.items() if v is not None})


class PgDatabase:
    """A connection pool onto one PostgreSQL database, plus migrations and the change sequence.

    Writes go through :meth:`write` (one transaction on one pooled connection; nested writes join
    it); every committed write then advances ``change_seq``, which :meth:`version` reads, so any
    process sees that something changed (a sequence never blocks concurrent writers).
    Reads outside a write use :meth:`rows` / :meth:`row` (autocommit, one statement each).
    """

    def __init__(self, url: str, *, max_size: int = POOL_MAX, schema: int = PG_SCHEMA_VERSION,
                 connect_timeout_s: float = CONNECT_TIMEOUT_S) -> None:
        self.url = url
        self._local = threading.local()
        try:  # one direct attempt first: a wrong URL or a stopped server is reported at once, with why
            psycopg.connect(url, connect_timeout=max(1, round(connect_timeout_s))).close()
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())
            raise StoreError(
                f"cannot connect to PostgreSQL at {redact(url)}: {reason}; check database_url "
                "(FACTCHECK_DATABASE_URL=postgresql://user@host:port/db) and that the server is running"
            ) from exc
        self.pool: ConnectionPool[Conn] = ConnectionPool(
            url, min_size=1, max_size=max_size, open=False, name="factcheck",
            kwargs={"autocommit": True, "row_factory": dict_row},
            timeout=connect_timeout_s)
        try:
            self.pool.open(wait=True, timeout=connect_timeout_s)
        except PoolTimeout as exc:
            self.pool.close()
            raise StoreError(
                f"cannot connect to PostgreSQL at {redact(url)} within {connect_timeout_s:g} s; "
                "check database_url (FACTCHECK_DATABASE_URL=postgresql://user@host:port/db) "
                "and that the server is running") from exc
        try:
            self._migrate(schema)
        except BaseException:
            self.pool.close()
            raise

    def close(self) -> None:
        self.pool.close()

    # --- transactions -----------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Conn]:
        """One write transaction; rolled back on any exception; nested calls join the outer one."""
        current: Conn | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self._lost_server(), self.pool.connection() as conn:
            self._local.conn = conn
            try:
                with conn.transaction():
                    yield conn
            finally:
                self._local.conn = None
            conn.execute("SELECT nextval('change_seq')")  # after the commit: readers see both

    @contextmanager
    def snapshot(self) -> Iterator[Conn]:
        """A repeatable-read transaction (one snapshot for several statements or a stream)."""
        current: Conn | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self._lost_server(), self.pool.connection() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    @contextmanager
    def connection(self) -> Iterator[Conn]:
        """The current write's connection, else a pooled one in autocommit (one statement, one snapshot)."""
        current: Conn | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self._lost_server(), self.pool.connection() as conn:
            yield conn

    @contextmanager
    def _lost_server(self) -> Iterator[None]:
        """A dropped connection or an unreachable server becomes a StoreError saying what to check."""
        try:
            yield
        except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure) as exc:
            raise StoreError("another writer changed the same records at the same moment; nothing "
                             "was saved by this call: try again") from exc
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StoreError(f"the PostgreSQL server at {redact(self.url)} did not answer ({exc}); "
                             "a write in progress is rolled back unless its commit had reached the server: check the "
                             "server, then look before saving again") from exc

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[DictRow]:
        """Every row of one statement (inside the current write, if any)."""
        with self.connection() as conn:
            return conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> DictRow | None:
        with self.connection() as conn:
            return conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        found = self.row(sql, params)
        return None if found is None else next(iter(found.values()))

    # --- versions ---------------------------------------------------------------------------
    def version(self) -> tuple[int, int, int]:
        """Changes whenever a write was committed, by this process or another (one cheap query)."""
        found = self.row("SELECT last_value, is_called FROM change_seq")
        assert found is not None
        return 0, int(found["last_value"]), int(bool(found["is_called"]))

    def schema_version(self) -> int:
        return int(self.scalar("SELECT version FROM factcheck_schema") or 0)

    def _migrate(self, target: int) -> None:
        try:
            with self.write() as conn:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                conn.execute("CREATE TABLE IF NOT EXISTS factcheck_schema (version INTEGER NOT NULL)")
                found = conn.execute("SELECT version FROM factcheck_schema").fetchone()
                if found is None:
                    conn.execute("INSERT INTO factcheck_schema (version) VALUES (0)")
                version = 0 if found is None else int(found["version"])
                if version > PG_SCHEMA_VERSION:
                    raise StoreError(
                        f"database {redact(self.url)} was written by a newer factcheck (schema "
                        f"{version}, this one knows {PG_SCHEMA_VERSION}); upgrade factcheck")
                for number in range(version, target):
                    conn.execute(PG_MIGRATIONS[number].encode("utf-8"))
                    conn.execute("UPDATE factcheck_schema SET version = %s", (number + 1,))
        except psycopg.Error as exc:
            raise StoreError(f"cannot migrate database {redact(self.url)}: {exc}") from exc
