"""Explain a match: word-level alignment plus flags for differing numbers, names, dates, negation."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from factcheck.match.lexical import STOPWORDS
from factcheck.models import AlignOp, Explanation

# Numbers with separators, decimals, currency and magnitude suffixes ("$4,300", "34k", "2.5bn").
_TOKEN = re.compile(
    r"[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent\b))?(?:[kKmMbB](?:n|illion)?\b)?|n't|\w+(?:[’'][a-z]+)?|[^\w\s]",
    re.UNICODE)
_NUMBER = re.compile(r"^[$€£]?(\d[\d,]*(?:\.\d+)?)\s?(%|percent)?([kKmMbB](?:n|illion)?)?$")
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "million": 1e6, "billion": 1e9}
_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "trillion": 1e12, "half": 0.5, "dozen": 12,
}
_NEGATIONS = {"not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor",
              "without", "cannot", "nowhere"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")


def tokenize(text: str) -> list[str]:
    """Words, numbers (with their units) and punctuation, in order; "didn't" → "did", "n't"."""
    text = text.replace("’", "'")
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        lower = token.lower()
        if lower.endswith("n't") and len(lower) > 3:
            stem = token[:-3] if lower not in {"can't", "won't"} else token[:2]
            tokens.extend([stem, "n't"])
        else:
            tokens.append(token)
    return tokens


def number_value(token: str) -> float | None:
    """Numeric value of a token ("34k" → 34000, "$4,300" → 4300, "ten" → 10), else None."""
    lower = token.lower()
    if lower in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[lower])
    match = _NUMBER.match(token)
    if not match:
        return None
    try:
        value = float(match[1].replace(",", ""))
    except ValueError:
        return None
    if match[3]:
        value *= _SCALE.get(match[3].lower(), 1.0)
    return value


def _is_date(tokens: list[str], i: int) -> bool:
    lower = tokens[i].lower()
    if lower in _WEEKDAYS or (lower in _MONTHS and (lower != "may" or tokens[i][0].isupper())):
        return True
    if _YEAR.match(lower):
        return True
    # a day number right after a month name ("October 22")
    return i > 0 and tokens[i - 1].lower() in _MONTHS and lower.isdigit() and int(lower) <= 31


def _dates(tokens: list[str]) -> list[str]:
    return [t.lower() for i, t in enumerate(tokens) if _is_date(tokens, i)]


def _numbers(tokens: list[str]) -> list[tuple[float, str]]:
    found = []
    for i, token in enumerate(tokens):
        if _is_date(tokens, i):
            continue
        value = number_value(token)
        if value is not None and (token[0].isdigit() or token[0] in "$€£" or token.lower() != "one"):
            found.append((value, token))
    return found


def _entities(tokens: list[str]) -> list[str]:
    """Runs of capitalised words that are not sentence-initial stopwords, dates or numbers."""
    names: list[str] = []
    run: list[str] = []
    for i, token in enumerate(tokens):
        capital = (token[:1].isupper() and token.isalpha()) or (token.isupper() and len(token) > 1)
        sentence_start = i == 0 or tokens[i - 1] in {".", "!", "?", '"', ":"}
        if capital and not _is_date(tokens, i) and token.lower() not in STOPWORDS \
                and not (sentence_start and token.lower() in _COMMON_STARTS):
            run.append(token)
            continue
        if run:
            names.append(" ".join(run))
            run = []
    if run:
        names.append(" ".join(run))
    return names


_COMMON_STARTS = {"says", "said", "claims", "video", "photo", "image", "viral", "a", "the", "this"}


def _negation_count(tokens: list[str]) -> int:
    return sum(1 for t in tokens if t.lower() in _NEGATIONS)


def _side_diff(left: list[str], right: list[str]) -> tuple[list[str], list[str]]:
    lower_right = {x.lower() for x in right}
    lower_left = {x.lower() for x in left}
    only_left = [x for x in dict.fromkeys(left) if x.lower() not in lower_right]
    only_right = [x for x in dict.fromkeys(right) if x.lower() not in lower_left]
    return only_left, only_right


def _fmt(values: list[str]) -> str:
    return ", ".join(values) if values else "—"


def flags_for(left: str, right: str) -> list[str]:
    """Near-miss flags: differing numbers, dates, named entities and negation."""
    lt, rt = tokenize(left), tokenize(right)
    flags: list[str] = []
    ln, rn = _numbers(lt), _numbers(rt)
    if sorted(v for v, _ in ln) != sorted(v for v, _ in rn):
        lv, rv = {v for v, _ in ln}, {v for v, _ in rn}
        only_l = [t for v, t in ln if v not in rv]
        only_r = [t for v, t in rn if v not in lv]
        if only_l or only_r:
            flags.append(f"number: {_fmt(only_l)} vs {_fmt(only_r)}")
    only_l, only_r = _side_diff(_dates(lt), _dates(rt))
    if only_l or only_r:
        flags.append(f"date: {_fmt(only_l)} vs {_fmt(only_r)}")
    only_l, only_r = _side_diff(_entities(lt), _entities(rt))
    if only_l and only_r:  # a different name; a name missing on one side alone is common paraphrase
        flags.append(f"entity: {_fmt(only_l)} vs {_fmt(only_r)}")
    neg_l, neg_r = _negation_count(lt), _negation_count(rt)
    if neg_l % 2 != neg_r % 2:
        which = "left" if neg_l % 2 else "right"
        flags.append(f"negation: only the {which} text is negated")
    return flags


def align(left: str, right: str) -> tuple[AlignOp, ...]:
    """Word-level alignment (case-insensitive) of two texts: equal/replace/insert/delete runs."""
    lt, rt = tokenize(left), tokenize(right)
    matcher = SequenceMatcher(None, [t.lower() for t in lt], [t.lower() for t in rt], autojunk=False)
    ops = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        op = {"equal": "equal", "replace": "replace", "delete": "delete", "insert": "insert"}[tag]
        ops.append(AlignOp(op=op, left=" ".join(lt[i1:i2]), right=" ".join(rt[j1:j2])))
    return tuple(ops)


def explain(left: str, right: str) -> Explanation:
    """Alignment, flags and shared content words of a query text (left) and a match (right)."""
    lt = {t.lower() for t in tokenize(left) if t[:1].isalnum()}
    rt = {t.lower() for t in tokenize(right) if t[:1].isalnum()}
    shared = sorted(t for t in lt & rt if t not in STOPWORDS)
    return Explanation(alignment=align(left, right), flags=tuple(flags_for(left, right)),
                       shared_terms=tuple(shared))
