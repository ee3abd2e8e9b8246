"""Explanations: alignment plus flags for numbers, negation, names and dates."""

from factcheck.match.explain import align, explain, flags_for, number_value, tokenize


def _kinds(flags):
    return {f.split(":")[0] for f in flags}


def test_number_flag_for_34k_vs_43k():
    flags = flags_for("The rally drew 34k people.", "The rally drew 43k people.")
    assert _kinds(flags) == {"number"}
    assert "34k" in flags[0] and "43k" in flags[0]


def test_same_number_in_other_notation_is_not_flagged():
    assert flags_for("It cost $4,300 a year.", "It cost $4300 a year.") == []
    assert flags_for("Crime fell 10%.", "Crime fell 10 percent.") == []
    assert number_value("34k") == 34000 and number_value("2.5bn") == 2.5e9


def test_negation_flag_did_vs_did_not():
    assert _kinds(flags_for("The senator did vote for the bill.",
                            "The senator did not vote for the bill.")) == {"negation"}
    assert _kinds(flags_for("She didn't sign it.", "She did sign it.")) == {"negation"}
    assert flags_for("She did not sign it.", "She didn't sign it.") == []


def test_differing_names_and_dates_are_flagged():
    flags = flags_for("Obama signed the law in March 2010.", "Romney signed the law in March 2012.")
    assert {"entity", "date"} <= _kinds(flags)
    date_flag = next(f for f in flags if f.startswith("date"))
    assert "2010" in date_flag and "2012" in date_flag
    assert not any(f.startswith("number") for f in flags)  # years are dates, not numbers


def test_identical_texts_have_no_flags_and_one_equal_run():
    text = "Unemployment fell to 3.5 percent in September."
    result = explain(text, text)
    assert result.flags == ()
    assert [op.op for op in result.alignment] == ["equal"]
    assert "unemployment" in result.shared_terms


def test_alignment_marks_the_replaced_words():
    ops = align("We created 34k jobs last year", "We created 43k jobs last year")
    changed = [op for op in ops if op.op != "equal"]
    assert len(changed) == 1 and changed[0].op == "replace"
    assert (changed[0].left, changed[0].right) == ("34k", "43k")


def test_tokenize_splits_contractions():
    assert tokenize("didn't") == ["did", "n't"]
