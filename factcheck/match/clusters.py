"""Quote provenance: group claims carrying the same quote (same normalised text or near-identical)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


class UnionFind:
    """Disjoint sets over ints; the representative of a set is its smallest member."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low

    def groups(self) -> dict[int, list[int]]:
        result: dict[int, list[int]] = {}
        for item in self.parent:
            result.setdefault(self.find(item), []).append(item)
        return {root: sorted(members) for root, members in result.items()}


def cluster_assignment(hashes: Mapping[int, str], near_pairs: Iterable[tuple[int, int]],
                       existing: Mapping[int, int | None] | None = None) -> dict[int, int]:
    """Claim id → cluster id (the smallest member id) for every claim in a group of two or more.

    Claims are joined when their normalised text hashes agree, when a near-duplicate pair links
    them, or when they already share a cluster id.
    """
    uf = UnionFind()
    by_hash: dict[str, int] = {}
    for claim_id, digest in hashes.items():
        uf.find(claim_id)
        if digest:
            if digest in by_hash:
                uf.union(by_hash[digest], claim_id)
            else:
                by_hash[digest] = claim_id
    for a, b in near_pairs:
        uf.union(a, b)
    by_cluster: dict[int, int] = {}
    for claim_id, cluster in (existing or {}).items():
        if cluster is not None:
            if cluster in by_cluster:
                uf.union(by_cluster[cluster], claim_id)
            else:
                by_cluster[cluster] = claim_id
    return {member: root for root, members in uf.groups().items() if len(members) > 1
            for member in members}


@dataclass(frozen=True, slots=True)
class Dated:
    """A claim id with the date used to order its appearances (published, else ingested)."""

    claim_id: int
    date: str


def earliest_first(items: Sequence[Dated]) -> list[int]:
    """Claim ids ordered by date (unknown dates last), then id."""
    return [d.claim_id for d in sorted(items, key=lambda d: (d.date == "", d.date, d.claim_id))]
