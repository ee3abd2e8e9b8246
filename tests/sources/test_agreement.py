"""Agreement hints: numbers normalised and compared, names, dates and negation, in words."""

from __future__ import annotations

import pytest

from factcheck.sources.agreement import agreement_hints, dates, entities, quantities
from factcheck.sources.evidence import best_sentence


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("34k people", 34_000, ""), ("34,000 people", 34_000, ""), ("34 thousand people", 34_000, ""),
    ("thirty-four thousand people", 34_000, ""), ("3.5%", 3.5, "%"), ("3.5 percent", 3.5, "%"),
    ("3.5 per cent", 3.5, "%"), ("$3.4 billion", 3.4e9, "$"), ("3.4 billion dollars", 3.4e9, "$"),
    ("€20m", 20e6, "€"), ("1.2 million", 1.2e6, ""),
])
def test_quantities_are_normalised(text: str, value: float, unit: str) -> None:
    found = quantities(text)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)
    assert found[0].unit == unit


def test_years_and_days_are_dates_not_quantities() -> None:
    text = "On Oct. 22, 2019 the rate was 4%."
    assert [q.text for q in quantities(text)] == ["4%"]
    assert dates(text) == {"october 22", "2019"}


def _by_kind(claim: str, passage: str, kind: str) -> list[tuple[str, str]]:
    return [(h.status, h.message) for h in agreement_hints(claim, passage) if h.kind == kind]


def test_number_agree_differ_absent() -> None:
    agree = _by_kind("The city hired 34k workers.", "The city added 34,000 employees.", "number")
    assert agree == [("agree", "The claim's 34k also appears in the passage (written “34,000”).")]
    differ = _by_kind("Crime fell 10% last year.", "Crime fell 7.5 percent last year.", "number")
    assert differ[0][0] == "differ" and "10%" in differ[0][1] and "7.5 percent" in differ[0][1]
    absent = _by_kind("Crime fell 10% last year.", "Crime fell last year.", "number")
    assert absent[0][0] == "absent" and "10%" in absent[0][1]
    # Money is never compared with a percentage.
    assert _by_kind("It cost $5 million.", "It rose 5 percent.", "number")[0][0] == "absent"


def test_names_dates_and_negation() -> None:
    claim = "Donald Trump said Chicago murders fell in 2019."
    passage = "Murders in Chicago rose in 2018, Trump did not mention."
    hints = agreement_hints(claim, passage)
    messages = {(h.kind, h.status): h.message for h in hints}
    assert "Chicago" in messages[("entity", "shared")] and "Donald Trump" in messages[("entity", "shared")]
    assert messages[("date", "differ")] == "The claim mentions 2019, the passage 2018."
    assert "negation" in messages[("negation", "mismatch")] and "“not”" in messages[("negation", "mismatch")]
    missing = agreement_hints("Obama visited Kenya.", "The president visited Kenya.")
    assert any(h.status == "missing" and "Obama" in h.message for h in missing)
    assert "Kenya" in entities("Obama visited Kenya.").values()
    # Every hint is a sentence in words, never a bare number.
    assert all(h.message.endswith(".") and " " in h.message for h in hints)


def test_best_sentence_offsets_point_into_the_source() -> None:
    source = "Intro text here. The unemployment rate fell to 3.5 percent in 2019. Other news followed."
    span = best_sentence("Unemployment is at 3.5%, the lowest rate", source, 0, len(source))
    assert source[span.start:span.end] == span.text == "The unemployment rate fell to 3.5 percent in 2019."
    assert "unemployment" in {t.lower() for t in span.terms}
