"""Krippendorff's alpha for ordinal data, from the coincidence matrix with the ordinal distance metric."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Alpha:
    """Alpha over some units, with what is behind it.

    ``alpha`` is None when it is undefined: fewer than one pairable unit, or every pairable value
    in one category (no expected disagreement; Krippendorff leaves alpha undefined there).
    ``items``: units with at least two values (pairable); ``values``: the values in them (n).
    """

    alpha: float | None
    items: int
    values: int
    reason: str = ""


def coincidences(units: Iterable[Sequence[float | None]]) -> tuple[dict[tuple[float, float], float], int]:
    """The coincidence matrix o[c, k] (ordered pairs, each unit weighted 1/(m_u - 1)) and the
    number of pairable units; missing values (None) are dropped, units left with < 2 values too."""
    matrix: dict[tuple[float, float], float] = {}
    items = 0
    for unit in units:
        values = [float(v) for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        items += 1
        weight = 1.0 / (m - 1)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    matrix[c, k] = matrix.get((c, k), 0.0) + weight
    return matrix, items


def ordinal_distances(totals: dict[float, float]) -> dict[tuple[float, float], float]:
    """delta^2(c, k) = (sum of n_g for g from c to k, minus (n_c + n_k) / 2) squared, over the
    categories in rank order (categories with n_g = 0 add nothing, so unused ranks do not matter)."""
    ranks = sorted(totals)
    result: dict[tuple[float, float], float] = {}
    for a, c in enumerate(ranks):
        running = 0.0
        for b in range(a, len(ranks)):
            k = ranks[b]
            running += totals[k]
            d2 = (running - (totals[c] + totals[k]) / 2.0) ** 2
            result[c, k] = result[k, c] = d2
    return result


def ordinal_alpha(units: Iterable[Sequence[float | None]]) -> Alpha:
    """Krippendorff's alpha (ordinal) of ``units``: each unit is the values its coders gave
    (None = missing); values are ordered numbers (the rating scale's values), only their order counts.

    alpha = 1 - (n - 1) * sum(o_ck * d2_ck) / sum(n_c * n_k * d2_ck).
    """
    matrix, items = coincidences(units)
    totals: dict[float, float] = {}
    for (c, _k), count in matrix.items():
        totals[c] = totals.get(c, 0.0) + count
    n = sum(totals.values())
    values = round(n)
    if items == 0:
        return Alpha(None, 0, 0, "no item has two values to compare")
    if len(totals) < 2:
        return Alpha(None, items, values, "every value is in one category: alpha is undefined")
    d2 = ordinal_distances(totals)
    observed = sum(count * d2[c, k] for (c, k), count in matrix.items())
    expected = sum(totals[c] * totals[k] * d2[c, k] for c in totals for k in totals)
    return Alpha(1.0 - (n - 1.0) * observed / expected, items, values)
