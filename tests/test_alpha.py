"""Krippendorff's alpha (ordinal) against published and hand-computed values, and its edge cases."""

from __future__ import annotations

import pytest

from factcheck.alpha import coincidences, ordinal_alpha, ordinal_distances

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with 4 observers,
# 12 units, values 1-5 and missing data; published: ordinal alpha = 0.815 (nominal .743, interval .849).
OBSERVERS = (
    (1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N),
    (1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3),
    (N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N),
    (1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N),
)


def test_krippendorffs_published_ordinal_example() -> None:
    result = ordinal_alpha(list(zip(*OBSERVERS, strict=True)))
    assert result.alpha == pytest.approx(0.815, abs=5e-4)
    assert (result.items, result.values) == (11, 40)  # unit 12 has one value: not pairable


def test_a_hand_computed_example() -> None:
    # units (1,2) (2,2) (3,3) (1,1): o12 = o21 = 1, o11 = o22 = o33 = 2; n1 = n2 = 3, n3 = 2, n = 8
    # d2(1,2) = (3+3 - 3)^2 = 9, d2(1,3) = (8 - 2.5)^2 = 30.25, d2(2,3) = (5 - 2.5)^2 = 6.25
    # observed sum = 2 * 9 = 18; expected sum = 2 * (9*9 + 6*30.25 + 6*6.25) = 600
    # alpha = 1 - (8 - 1) * 18 / 600 = 0.79
    units = [(1, 2), (2, 2), (3, 3), (1, 1)]
    matrix, items = coincidences(units)
    assert items == 4 and matrix == {(1.0, 2.0): 1.0, (2.0, 1.0): 1.0, (2.0, 2.0): 2.0,
                                     (3.0, 3.0): 2.0, (1.0, 1.0): 2.0}
    d2 = ordinal_distances({1.0: 3.0, 2.0: 3.0, 3.0: 2.0})
    assert (d2[1.0, 2.0], d2[1.0, 3.0], d2[2.0, 3.0], d2[3.0, 3.0]) == (9.0, 30.25, 6.25, 0.0)
    assert ordinal_alpha(units).alpha == pytest.approx(0.79)


def test_two_reviewers_two_items() -> None:
    # (5,5) (1,2): n5 = 2, n1 = n2 = 1, n = 4; d2(1,2) = 1, d2(1,5) = 6.25, d2(2,5) = 2.25
    # alpha = 1 - 3 * 2 / (2 * (1 + 12.5 + 4.5)) = 5/6 (the figure tests/test_double_review.py expects)
    assert ordinal_alpha([(5, 5), (1, 2)]).alpha == pytest.approx(5 / 6)


def test_only_the_order_of_values_counts() -> None:
    units = [(1, 2), (2, 2), (3, 3), (1, 1)]
    stretched = [tuple({1: -10.0, 2: 0.5, 3: 99.0}[v] for v in unit) for unit in units]
    assert ordinal_alpha(stretched).alpha == pytest.approx(ordinal_alpha(units).alpha)
    # an unused category between used ones changes nothing either (its n_g is 0)
    assert ordinal_alpha([(1, 3), (3, 3), (4, 4), (1, 1)]).alpha == pytest.approx(0.79)


def test_perfect_agreement_is_one() -> None:
    result = ordinal_alpha([(1, 1), (2, 2), (5, 5, 5), (3, N, 3)])
    assert result.alpha == 1.0 and result.items == 4


def test_systematic_disagreement_is_below_zero() -> None:
    assert (ordinal_alpha([(1, 5), (5, 1), (1, 5)]).alpha or 0) < 0


def test_missing_values_and_unpairable_units() -> None:
    with_missing = ordinal_alpha([(1, 2, N), (2, 2), (N, 3, 3), (1, 1), (4, N), (N, N)])
    assert with_missing.alpha == pytest.approx(0.79) and with_missing.items == 4
    none = ordinal_alpha([(1, N), (N, N), ()])
    assert (none.alpha, none.items, none.values) == (None, 0, 0) and "no item" in none.reason


def test_one_category_leaves_alpha_undefined() -> None:
    result = ordinal_alpha([(3, 3), (3, 3, 3)])
    assert result.alpha is None and result.items == 2 and "one category" in result.reason
