"""The optional spaCy parser layer: invariants with it on, a clear error without it (skips when absent)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.models import SegmentItem
from factcheck.segment import parser as parser_layer
from factcheck.segment import segment
from tests.segment.test_hard_cases import CASES
from tests.segment.test_properties import WORDS
from tests.segment.test_seed import FIXTURE, TEXT

SKIP_REASON = ("optional parser layer not installed: "
               'pip install "spacy>=3.8,<3.9" && pip install -r requirements-parser.txt')


@pytest.fixture(scope="module")
def model() -> Any:
    pytest.importorskip("spacy", reason=SKIP_REASON)
    pytest.importorskip(parser_layer.MODEL_MODULE, reason=SKIP_REASON)
    return parser_layer.load_model()


def _check(text: str, items: list[SegmentItem]) -> None:
    assert [(it.start, -it.end) for it in items] == sorted((it.start, -it.end) for it in items)
    for i, it in enumerate(items):
        assert 0 <= it.start < it.end <= len(text)
        assert text[it.start : it.end] == it.text
        if it.speaker_start is not None:
            assert it.speaker_end is not None and 0 <= it.speaker_start < it.speaker_end <= len(text)
        inner = None
        for j in range(i):
            o = items[j]
            if o.start < it.end and it.start < o.end:
                assert o.start <= it.start and it.end <= o.end, (o, it)
                inner = j
        assert it.parent == inner


def test_missing_spacy_raises_input_error_naming_the_requirements(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name in ("spacy", parser_layer.MODEL_MODULE):
            raise ImportError(f"No module named {name!r}")
        return real(name, package)

    parser_layer.load_model.cache_clear()
    monkeypatch.setattr(parser_layer.importlib, "import_module", fake)
    try:
        with pytest.raises(InputError, match=r"requirements-parser\.txt"):
            segment("“Hi,” he said.", parser=True)
    finally:
        monkeypatch.undo()
        parser_layer.load_model.cache_clear()


def test_core_does_not_import_spacy() -> None:
    code = ("import sys; from factcheck.segment import segment; "
            "segment('Officials said the talks would resume.'); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("statements", [False, True])
def test_seed_article_invariants(model: Any, statements: bool) -> None:
    items = segment(TEXT, statements=statements, parser=True)
    _check(TEXT, items)


def test_seed_rule_items_kept(model: Any) -> None:
    core = segment(TEXT, statements=False)
    with_parser = segment(TEXT, statements=False, parser=True)
    spans = {(it.start, it.end, it.kind) for it in with_parser}
    assert all((it.start, it.end, it.kind) in spans for it in core)
    assert FIXTURE["article"]


@pytest.mark.parametrize(("text", "expected", "negatives"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hard_case_invariants(model: Any, text: str, expected: list[tuple[str, str, str]],
                              negatives: list[str]) -> None:
    items = segment(text, statements=False, parser=True)
    _check(text, items)
    texts = {it.text for it in items}
    assert all(t in texts for _, t, _ in expected)
    assert not any(n in texts for n in negatives)


def test_object_of_a_criticism_verb_with_its_subject(model: Any) -> None:
    text = "Senate Majority Leader Mitch McConnell is criticizing the new climate rules from the administration."
    items = segment(text, statements=False, parser=True)
    assert [(it.text, it.rule) for it in items] == [
        ("the new climate rules from the administration", "parser-object")]
    assert "McConnell" in items[0].speaker and items[0].speaker_start == 0


def test_relative_subject_resolves_to_its_noun(model: Any) -> None:
    text = "The governor, who has long opposed the plan, said on Monday that the tax would never pass."
    items = segment(text, statements=False, parser=True)
    _check(text, items)
    found = [it for it in items if it.text == "the plan"]
    assert found and found[0].speaker == "the governor"


article = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(["“", "”", "'", "\"", ".", "\n", ":"])),
    max_size=60,
).map(lambda parts: " ".join(parts))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=200), article))
def test_random_text_with_parser(model: Any, text: str) -> None:
    _check(text, segment(text, statements=False, parser=True))
