"""Invariants a workspace must satisfy after bad input, a crash or concurrent writers."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DB_NAME = "factcheck.sqlite3"
INDEX_NAME = "claims.faiss"
# Tables whose rows a failed or unrelated operation must never change.
TABLES = ("articles", "claims", "speakers", "speaker_aliases", "embeddings", "verdicts", "sources",
          "passages", "match_feedback", "meta")


def connect_ro(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{folder / DB_NAME}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


def table_rows(folder: Path) -> dict[str, dict[object, tuple[object, ...]]]:
    """Every row of every table, keyed by its primary key (rowid or the whole row)."""
    conn = connect_ro(folder)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        rows: dict[str, dict[object, tuple[object, ...]]] = {}
        for table in TABLES:
            if table not in names:
                continue
            if table == "embeddings":
                found = conn.execute("SELECT model_id, text_sha256, vector FROM embeddings")
                rows[table] = {(r[0], r[1]): tuple(r) for r in found}
            elif table == "speaker_aliases":
                rows[table] = {tuple(r): tuple(r) for r in conn.execute("SELECT * FROM speaker_aliases")}
            elif table == "meta":
                rows[table] = {r[0]: tuple(r) for r in conn.execute("SELECT * FROM meta")}
            else:
                rows[table] = {r[0]: tuple(r) for r in conn.execute(f"SELECT * FROM {table}")}
        return rows
    finally:
        conn.close()


def digest(rows: dict[str, dict[object, tuple[object, ...]]]) -> str:
    h = hashlib.sha256()
    for table in sorted(rows):
        for key in sorted(rows[table], key=repr):
            h.update(repr((table, rows[table][key])).encode())
    return h.hexdigest()


def changed_rows(before: dict[str, dict[object, tuple[object, ...]]],
                 after: dict[str, dict[object, tuple[object, ...]]]) -> list[str]:
    """Rows present before that are now missing or different (new rows are allowed)."""
    problems = []
    for table, old in before.items():
        new = after.get(table, {})
        for key, row in old.items():
            if key not in new:
                problems.append(f"{table} {key!r} disappeared")
            elif new[key] != row:
                problems.append(f"{table} {key!r} changed")
    return problems


@dataclass
class Consistency:
    """What a check of a workspace found; ``problems`` empty means consistent."""

    articles: int = 0
    claims: int = 0
    verdicts: int = 0
    index_state: str = "missing"  # agrees | behind | missing | corrupt
    problems: list[str] = field(default_factory=list)


def check_store(folder: Path, *, segmenter: bool | Callable[[str], list] = True,
                vectors: bool = True) -> Consistency:
    """integrity_check, foreign keys, every article complete (claims = segmenter output, vectors cached).

    ``segmenter`` is True for the rule segmenter, or the callable the workspace segmented with
    (``Workspace.segment_text``, which adds the learned layer), or False to skip that check.
    """
    from factcheck.embed import text_hash

    result = Consistency()
    conn = connect_ro(folder)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            result.problems.append(f"integrity_check: {status}")
        bad_fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad_fk:
            result.problems.append(f"foreign_key_check: {len(bad_fk)} rows")
        articles = conn.execute("SELECT id, text, origin FROM articles").fetchall()
        claims: dict[int, list[tuple[str, int, int, str]]] = {}
        for row in conn.execute('SELECT article_id, kind, start, "end", text FROM claims'):
            claims.setdefault(int(row[0]), []).append((str(row[1]), int(row[2]), int(row[3]), str(row[4])))
        cached = {str(r[0]) for r in conn.execute("SELECT text_sha256 FROM embeddings")}
        result.verdicts = int(conn.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0])
    finally:
        conn.close()
    result.articles = len(articles)
    result.claims = sum(len(v) for v in claims.values())
    if segmenter:
        from factcheck.segment import segment

        segment_text = segment if segmenter is True else segmenter
        for row in articles:
            if row["origin"] == "claimreview":
                continue
            expected = sorted((i.kind, i.start, i.end) for i in segment_text(row["text"]))
            stored = sorted((k, s, e) for k, s, e, _ in claims.get(int(row["id"]), []))
            if expected != stored:
                result.problems.append(
                    f"article {row['id']}: {len(stored)} claims stored, segmenter gives {len(expected)}")
    for article_id, items in claims.items() if vectors else ():
        for _, _, _, text in items:
            if text_hash(text) not in cached:
                result.problems.append(f"article {article_id}: claim {text[:40]!r} has no cached vector")
                break
    result.index_state = index_state(folder)
    return result


def store_claim_ids(folder: Path) -> set[int]:
    conn = connect_ro(folder)
    try:
        return {int(r[0]) for r in conn.execute("SELECT id FROM claims")}
    finally:
        conn.close()


def index_state(folder: Path) -> str:
    """Compare ``claims.faiss`` with the store's claim ids without repairing anything."""
    from factcheck.errors import FactcheckError
    from factcheck.index import VectorIndex

    path = folder / INDEX_NAME
    if not path.exists():
        return "missing"
    try:
        index, _ = VectorIndex.load(path)
    except FactcheckError:
        return "corrupt"
    ids = index.ids()
    stored = store_claim_ids(folder)
    if ids == stored:
        return "agrees"
    return "behind" if ids < stored else "diverged"


def temp_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".partial")))
