"""Document frequencies of words in the match index (SQLite FTS5), for BM25 term pruning."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from factcheck.store.db import Database

# Per connection (temp tables are private to it): a scratch FTS5 table with the match index's
# tokenizer, whose 'instance' vocabulary tells how that tokenizer stems each word, and a 'row'
# vocabulary over the match index giving each stem's document count.
_TEMP_TABLES = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_probe USING fts5(word, tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_probe_stems USING fts5vocab(temp, term_probe, 'instance')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.match_terms USING fts5vocab(main, match_fts, 'row')",
)
CACHE_LIMIT = 50_000  # stems remembered between commits


class TermCounts:
    """Mixed into :class:`Store`: how many claims each query word occurs in (as indexed)."""

    db: Database

    def term_document_counts(self, words: Sequence[str]) -> dict[str, int]:
        """Claims (text or prior title) containing each word after the index's own stemming;
        0 for a word the index does not hold. Remembered until the next commit (any process)."""
        wanted = list(dict.fromkeys(words))
        if not wanted:
            return {}
        cache = self._term_cache()
        conn = self.db.conn
        stems = self._stems(wanted)
        unknown = sorted({s for s in stems.values() if s not in cache})
        if unknown:
            marks = ",".join("?" * len(unknown))
            found = dict(conn.execute(f"SELECT term, doc FROM temp.match_terms WHERE term IN ({marks})",
                                      unknown).fetchall())
            if len(cache) + len(unknown) > CACHE_LIMIT:
                cache.clear()
            cache.update({s: int(found.get(s, 0)) for s in unknown})
        return {w: cache.get(stems.get(w, ""), 0) for w in wanted}

    def _stems(self, words: list[str]) -> dict[str, str]:
        """Each word as the match index's tokenizer stems it (words it drops are left out)."""
        conn = self.db.conn
        for statement in _TEMP_TABLES:
            conn.execute(statement)
        conn.executemany("INSERT INTO temp.term_probe(rowid, word) VALUES (?, ?)", enumerate(words, 1))
        try:
            rows = conn.execute("SELECT doc, term FROM temp.term_probe_stems").fetchall()
        finally:
            conn.execute("DELETE FROM temp.term_probe")
        return {words[int(doc) - 1]: str(term) for doc, term in rows}

    def _term_cache(self) -> dict[str, int]:
        """This thread's stem → count cache, emptied whenever anything was committed."""
        local: threading.local = self.__dict__.setdefault("_term_local", threading.local())
        version = self.db.version()
        if getattr(local, "version", None) != version:
            local.version = version
            local.counts = {}
        counts: dict[str, int] = local.counts
        return counts
