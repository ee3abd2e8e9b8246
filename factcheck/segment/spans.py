"""SpanIndex: which stored spans overlap a query span, in about O(log n + k) instead of O(n)."""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Half-open spans ``[start, end)`` with a payload, kept sorted by start.

    A span can only overlap ``[s, e)`` if it starts before ``e`` and after ``s - longest``,
    so a query scans that window only (segmenter loops over long articles stay near-linear).
    """

    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        self._keys: list[tuple[int, int, int]] = []  # (start, end, serial) sorted
        self._items: dict[int, T] = {}
        self._longest = 0
        for start, end, item in spans:
            self.add(start, end, item)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, start: int, end: int, item: T) -> None:
        serial = len(self._items)
        self._items[serial] = item
        insort(self._keys, (start, end, serial))
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        """Stored spans with ``s < end and start < e`` (the usual half-open overlap test)."""
        lo = bisect_right(self._keys, (start - self._longest, sys.maxsize, sys.maxsize))
        hi = bisect_left(self._keys, (end, -1, -1))
        for s, e, serial in self._keys[lo:hi]:
            if start < e:
                yield s, e, self._items[serial]

    def containing(self, offset: int) -> Iterator[tuple[int, int, T]]:
        """Stored spans with ``s < offset < e`` (strictly inside)."""
        for s, e, item in self.overlapping(offset, offset + 1):
            if s < offset < e:
                yield s, e, item
