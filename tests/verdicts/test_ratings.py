"""Rating scales: values, shortcuts, resolution, and stored values surviving a scale change."""

from __future__ import annotations

import pytest

from factcheck.errors import InputError
from factcheck.ratings import SCALE_NAMES, scale_for
from factcheck.workspace import Workspace
from tests.verdicts.conftest import add_article


def test_default_scale_is_ordinal_then_labels() -> None:
    scale = scale_for("default")
    values = {r.label: r.value for r in scale.ratings}
    assert values["True"] == 5 and values["False"] == 1 and values["Half true"] == 3
    assert values["Misleading"] is None and values["Not a checkable claim"] is None
    assert (scale.best, scale.worst) == (5, 1)
    shortcuts = [r.shortcut for r in scale.ratings]
    assert shortcuts == [str(i) for i in range(1, len(scale.ratings) + 1)]


def test_politifact_scale_has_pants_on_fire_at_the_bottom() -> None:
    scale = scale_for("politifact")
    assert scale.resolve("pants on fire!").value == 1 == scale.worst
    assert scale.resolve("TRUE").value == 6 == scale.best


@pytest.mark.parametrize("text,label", [
    ("false", "False"), ("  Mostly   TRUE ", "Mostly true"), ("half-true", "Half true"),
    ("unproven", "Unproven / not enough evidence"), ("6", "Misleading"), ("1", "True"),
])
def test_resolve_accepts_labels_aliases_and_shortcuts(text: str, label: str) -> None:
    assert scale_for("default").resolve(text).label == label


def test_unknown_rating_lists_the_valid_ones() -> None:
    with pytest.raises(InputError) as err:
        scale_for("default").resolve("Pants on fire")
    assert "'Mostly false'" in str(err.value) and "rating_scale" in str(err.value)


def test_free_scale_accepts_any_text_without_values() -> None:
    scale = scale_for("free")
    rating = scale.resolve("  Needs   context ")
    assert (rating.label, rating.value) == ("Needs context", None)
    assert scale.resolve("false").label == "False"  # suggestions keep their spelling
    assert scale.best is None
    with pytest.raises(InputError):
        scale.resolve("   ")


def test_unknown_scale_names_the_valid_ones() -> None:
    with pytest.raises(InputError, match="politifact"):
        scale_for("stars")
    assert set(SCALE_NAMES) == {"default", "politifact", "free"}


def test_changing_the_scale_never_rewrites_stored_verdicts(tmp_path) -> None:
    ws = Workspace(tmp_path)
    [claim] = add_article(ws, 'He said: "Taxes doubled."', [("Taxes doubled.", "He", "person")])
    first = ws.record_verdict(claim, "True")
    ws.close()
    ws2 = Workspace(tmp_path, ws.settings.with_overrides(rating_scale="politifact"))
    second = ws2.record_verdict(claim, "Pants on fire")
    stored = ws2.history(claim)
    assert [(v.rating, v.rating_value, v.best_rating, v.worst_rating) for v in stored] == [
        ("True", 5, 5, 1), ("Pants on fire", 1, 6, 1)]
    assert stored[0].id == first.id and stored[1].id == second.id
    ws2.close()
