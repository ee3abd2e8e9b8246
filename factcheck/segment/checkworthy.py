"""Model-free check-worthiness scorer: handcrafted cues plus a small fitted linear model."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

__all__ = [
    "CUE_NAMES",
    "checkworthy_report",
    "contributions",
    "features",
    "line_spans",
    "rank_lines",
    "score_sentence",
    "score_sentences",
    "tokens",
]

WEIGHTS_RESOURCE = "checkworthy_weights.json"

def _words(spec: str) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in spec.split())


# Word-list cues: a cue fires when one of its words or two-word phrases ("_" = space) occurs
# among the sentence's lower-cased unigrams and bigrams (set look-ups keep scoring fast).
_WORD_CUES: tuple[tuple[str, frozenset[str]], ...] = (
    ("number_word", _words(
        "hundred hundreds thousand thousands million millions billion billions trillion "
        "trillions dozen dozens twice half third quarter double doubled triple tripled")),
    ("percent", _words("% percent per_cent percentage")),
    ("money", _words("$ dollar dollars euros budget spending tax taxes deficit debt")),
    ("date", _words(
        "january february march april june july august september october november december "
        "jan feb aug sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
        "yesterday last_year last_month last_week <year>")),
    ("vote", _words(
        "vote votes voted voting ballot ballots resolution bill legislation veto vetoed "
        "approve approved rejected passed abstained")),
    ("superlative", _words(
        "most least largest biggest highest lowest smallest worst best first only ever "
        "record fastest greatest")),
    ("statistic", _words(
        "rate unemployment average median gdp economy job jobs income wage wages poverty "
        "inflation death deaths killed casualties population percent growth statistics "
        "survey poll data crime murder murders troops soldiers price prices")),
    ("action_claim", _words(
        "voted increased decreased raised cut signed passed established created lost "
        "launched invaded killed built doubled tripled dropped rose fell grew banned funded "
        "approved rejected condemned supported opposed introduced announced deployed imposed "
        "sanctioned arrested charged convicted")),
    ("we_policy", _words(
        "we_have we_had we_are we_were we_spend we_spent we_pay we_lost our_country "
        "our_nation our_government our_military our_economy our_taxes our_debt")),
    ("hedge", _words(
        "reportedly allegedly purportedly supposedly rumored rumoured unconfirmed "
        "said_to believed_to may_have might_have could_have appears_to appear_to seems_to "
        "seem_to")),
    ("greeting", _words(
        "thank thanks good_evening good_morning good_night good_afternoon hello welcome "
        "congratulations applause ladies_and and_gentlemen god_bless appreciate nice_to")),
    ("opinion", _words(
        "i_think i_believe i_feel i_hope i_want i'm_going i_will we're_going we_will we_need "
        "we_must should would could love great terrible wonderful beautiful amazing horrible "
        "disaster incredible tremendous frankly believe_me let_me you_know")),
)
_COMPARATIVE = _words(
    "more less fewer higher lower larger smaller bigger greater worse better faster slower")
_AUX = _words("has have had was were is are been")
_PARTICIPLE_ENDS = ("ed", "en", "wn", "ght", "ung")
_CROSSTALK = re.compile(r"[(\[](?:crosstalk|applause|laughter|inaudible|cheers|booing)"
                        r"|^\W*$", re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*[\"'”’)]*\s*$")
_CAPSPAN = re.compile(r"(?<=[\w,;:] )(?:[A-Z][\w.'’-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w.'’-]*)*")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$%?]")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")

CUE_NAMES: tuple[str, ...] = (
    "number", "year", *(name for name, _ in _WORD_CUES), "comparative", "question",
    "crosstalk", "named_entity", "short", "long",
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; numbers become ``<year>`` or ``<num>``."""
    out = _TOKEN.findall(text.lower().replace("’", "'"))
    for i, tok in enumerate(out):
        if tok[0].isdigit():
            out[i] = "<year>" if len(tok) == 4 and _YEAR.fullmatch(tok) else "<num>"
    return out


def _grams(toks: list[str]) -> list[str]:
    return toks + [f"{a} {b}" for a, b in pairwise(toks)]


def _cues(text: str, toks: list[str], grams: list[str]) -> dict[str, float]:
    seen = set(grams)
    values = {
        "number": 1.0 if "<num>" in seen else 0.0,
        "year": 1.0 if "<year>" in seen else 0.0,
    }
    for name, words in _WORD_CUES:
        values[name] = 0.0 if words.isdisjoint(seen) else 1.0
    if values["action_claim"] == 0.0 and not _AUX.isdisjoint(seen):
        for a, b in pairwise(toks):
            if a in _AUX and b.endswith(_PARTICIPLE_ENDS) and len(b) > 3:
                values["action_claim"] = 1.0
                break
    comparative = "than" in seen and (
        not _COMPARATIVE.isdisjoint(seen)
        or any(b == "than" and a.endswith("er") for a, b in pairwise(toks)))
    values["comparative"] = 1.0 if comparative else 0.0
    values["question"] = 1.0 if _QUESTION.search(text) else 0.0
    values["crosstalk"] = 1.0 if _CROSSTALK.search(text) else 0.0
    values["named_entity"] = min(len(_CAPSPAN.findall(text)), 3) / 3.0
    values["short"] = 1.0 if len(toks) < 6 else 0.0
    values["long"] = min(len(toks), 60) / 60.0
    return values


def features(text: str) -> dict[str, float]:
    """The handcrafted cue values of one sentence (each in [0, 1]), keyed by ``CUE_NAMES``."""
    toks = tokens(text)
    return _cues(text, toks, _grams(toks))


@dataclass(frozen=True, slots=True)
class _Model:
    bias: float
    cues: dict[str, float]
    ngrams: dict[str, float]
    context: float
    note: str


@lru_cache(maxsize=1)
def _model() -> _Model:
    raw = resources.files("factcheck.segment").joinpath(WEIGHTS_RESOURCE).read_text("utf-8")
    data = json.loads(raw)
    return _Model(
        bias=float(data["bias"]),
        cues={str(k): float(v) for k, v in data["cues"].items()},
        ngrams={str(k): float(v) for k, v in data["ngrams"].items()},
        context=float(data.get("context", 0.0)),
        note=str(data.get("note", "")),
    )


def _logit(text: str, model: _Model) -> float:
    toks = tokens(text)
    grams = _grams(toks)
    z = model.bias
    weights = model.cues
    for name, value in _cues(text, toks, grams).items():
        if value:
            z += weights.get(name, 0.0) * value
    get = model.ngrams.get
    for gram in grams:
        z += get(gram, 0.0)
    return z


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def contributions(text: str) -> dict[str, float]:
    """Why a sentence scored as it did: each non-zero term of its logit (they sum to it)."""
    model = _model()
    toks = tokens(text)
    grams = _grams(toks)
    out = {"bias": model.bias}
    for name, value in _cues(text, toks, grams).items():
        if value and model.cues.get(name, 0.0):
            out[f"cue:{name}"] = model.cues[name] * value
    for gram in grams:
        weight = model.ngrams.get(gram)
        if weight:
            out[f"ngram:{gram}"] = out.get(f"ngram:{gram}", 0.0) + weight
    return out


def score_sentence(text: str) -> float:
    """Check-worthiness of one sentence in [0, 1] (higher = more worth fact-checking)."""
    return _sigmoid(_logit(text, _model()))


def score_sentences(texts: list[str]) -> list[float]:
    """``score_sentence`` over many sentences, in order."""
    model = _model()
    return [_sigmoid(_logit(t, model)) for t in texts]


def rank_lines(lines: list[str]) -> list[float]:
    """Scores for the lines of a transcript, each nudged by its neighbours' scores.

    Check-worthy claims cluster in a transcript, so a line's logit gets a fitted share
    (``context`` in the weights file) of its neighbours' mean logit.
    """
    model = _model()
    logits = [_logit(line, model) for line in lines]
    if model.context and len(logits) > 1:
        base = logits
        logits = []
        for i, z in enumerate(base):
            near = [base[j] for j in (i - 1, i + 1) if 0 <= j < len(base)]
            logits.append(z + model.context * (sum(near) / len(near) - model.bias))
    return [_sigmoid(z) for z in logits]


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, stripped (code points)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(line) + 1
    return spans


def checkworthy_report(text: str, *, lines: bool) -> list[tuple[int, int, str, float]]:
    """(start, end, text, score) per sentence (pysbd, per paragraph) or per non-blank line.

    Offsets are code points: ``text[start:end]`` is the scored span, in input order.
    """
    if lines:
        spans = line_spans(text)
    else:
        from factcheck.segment.sentences import sentences

        spans = sentences(text)
    chunks = [text[s:e] for s, e in spans]
    scores = rank_lines(chunks) if lines else score_sentences(chunks)
    return [(s, e, c, sc) for (s, e), c, sc in zip(spans, chunks, scores, strict=True)]
