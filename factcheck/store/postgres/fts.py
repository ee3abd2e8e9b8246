"""Lexical search on PostgreSQL: FTS5 MATCH expressions as tsqueries, ranked like bm25 (lower is better).

The callers build FTS5 expressions with :func:`factcheck.match.lexical.fts_query`: double-quoted
terms joined by ``OR`` (or ``AND``). Each quoted term becomes a phrase query in the ``english``
configuration, the joiners become ``||`` / ``&&``.

Ranking differs from FTS5's bm25: ``ts_rank`` (term frequency with per-column weights: text A =
1.0, the second column B = ``title_weight``; normalisation 1 divides by 1 + log(document length))
has no inverse document frequency, and English stop words are not indexed. The score is returned
negated, so as with bm25 lower is better and the callers' "relative to the best hit" scaling
applies unchanged. Rankings therefore agree on clear cases (the contract tests check hits and
clear orderings only) and may differ in close ones.
"""

from __future__ import annotations

import re
from typing import Any

from factcheck.store.postgres.schema import TS_CONFIG

_TERM = re.compile(r'"((?:[^"]|"")*)"')


def tsquery_sql(match: str) -> tuple[str, list[Any]]:
    """SQL for a tsquery equal to the FTS5 expression ``match`` and its parameters ("" when empty)."""
    terms = [t.replace('""', '"') for t in _TERM.findall(match)]
    terms = [t for t in terms if t.strip()]
    if not terms:
        return "", []
    joiner = " && " if re.search(r'"\s+AND\s+"', match) else " || "
    sql = joiner.join(f"phraseto_tsquery('{TS_CONFIG}', %s)" for _ in terms)
    return f"({sql})", terms


def ranked(table: str, column: str, match: str, k: int, title_weight: float, *,
           text_only: bool = False) -> tuple[str, list[Any]] | None:
    """A query for the top ``k`` (id, score) of ``table`` by ``column`` (None: nothing to search)."""
    query, params = tsquery_sql(match)
    if not query:
        return None
    weights = f"ARRAY[0, 0, {max(0.0, float(title_weight))}, 1.0]::float4[]"
    text_filter = f" AND ts_filter(t.{column}, '{{a}}') @@ q.q" if text_only else ""
    sql = (f"SELECT t.id AS id, -ts_rank({weights}, t.{column}, q.q, 1) AS s"
           f" FROM {table} t, (SELECT {query} AS q) q"
           f" WHERE numnode(q.q) > 0 AND t.{column} @@ q.q{text_filter}"
           " ORDER BY s, t.id LIMIT %s")
    return sql, [*params, k]
