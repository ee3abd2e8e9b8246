"""Model-free agreement hints between a claim and a passage: numbers, names, dates, negation."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12,
    "hundred": 1e2, "thousands": 1e3, "dozen": 12.0,
}
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "¥", "us$": "$", "usd": "$", "eur": "€", "gbp": "£",
             "dollars": "$", "dollar": "$", "euros": "€", "euro": "€", "pounds": "£"}
_NUMBER = (r"(?P<cur>us\$|[$€£¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
           r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|eight|nine)\b"
           r"|(?:" + "|".join(_WORDS) + r")\b)")
_SCALE = r"(?:\s?(?P<scale>k|m|mn|mio|bn|b|tn|t)\b|\s(?P<scaleword>thousands?|millions?|billions?|trillion|hundred|dozen)\b)?"
_UNIT = r"(?:\s?(?P<pct>%|percent\b|per\s?cent\b|percentage points?\b)|\s(?P<curword>usd|eur|gbp|dollars?|euros?|pounds)\b)?"
QUANTITY = re.compile(r"(?<![\w.])" + _NUMBER + _SCALE + _UNIT, re.IGNORECASE)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
MONTH = re.compile(r"\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                   r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?")
_NEGATIONS = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot|false|didn't|doesn't|don't|"
    r"isn't|wasn't|weren't|aren't|won't|hasn't|haven't|hadn't|can't|couldn't|shouldn't|wouldn't)\b|\w+n['’]t\b",
    re.IGNORECASE)
_ENTITY = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|de|van|von|al)?\s*[A-Z][\w'’.-]*)*")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NOT_NAMES = _wordset(
    "the a an and but or if in on at of for to by with from as it its this that these those he she they we "
    "i you his her their our my your there here what when where who why how which while after before "
    "according said says also however although during since under over about more most some many all "
    "mr mrs ms dr st no not yes so then than just very one two three first last new")
_MONTH_NAMES = _wordset("january february march april may june july august september october november "
                         "december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday "
                         "thursday friday saturday sunday")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text, normalised: 34k, 34,000 and "34 thousand" all have value 34000."""

    value: float
    unit: str  # "%" | "$" | "€" | "£" | "¥" | "" (a plain count)
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AgreementHint:
    """One explained observation; ``status`` is agree | differ | absent | shared | missing | mismatch."""

    kind: str  # "number" | "entity" | "date" | "negation"
    status: str
    message: str


def quantities(text: str) -> list[Quantity]:
    """Numbers with their scale and unit; four-digit years are left to :func:`dates`."""
    found: list[Quantity] = []
    day_spans = [m.span(2) for m in MONTH.finditer(text) if m.group(2)]
    for match in QUANTITY.finditer(text):
        raw = match.group("num")
        if _overlaps(match.start(), match.end(), day_spans):
            continue  # the day of "Oct. 22" is a date
        words = re.split(r"[- ]", raw.lower())
        if all(w in _WORDS for w in words):
            value = float(sum(_WORDS[w] for w in words))
        else:
            value = float(raw.replace(",", ""))
        scale = (match.group("scale") or match.group("scaleword") or "").lower()
        unit = ""
        if match.group("pct"):
            unit = "%"
        currency = (match.group("cur") or match.group("curword") or "").lower()
        if currency:
            unit = _CURRENCY.get(currency, currency)
        if not scale and not unit and YEAR.fullmatch(raw):
            continue  # a year, not a quantity
        if not raw[:1].isdigit() and not scale and not unit and value < 2:
            continue  # "one" as a pronoun is not a number worth checking
        value *= _SCALES.get(scale, 1.0)
        found.append(Quantity(value, unit, match.group(0).strip(), match.start(), match.end()))
    return found


def dates(text: str) -> set[str]:
    """Years and month(-day) mentions, normalised ("Oct. 22" -> "october 22", "2019")."""
    out = {m.group(1) for m in YEAR.finditer(text)}
    for m in MONTH.finditer(text):
        if m.group(1) == "May" and not m.group(2):
            continue  # "may" the verb, capitalised at a sentence start
        month = _month_name(m.group(1))
        out.add(f"{month} {int(m.group(2))}" if m.group(2) else month)
    return out


def entities(text: str) -> dict[str, str]:
    """Capitalised names (heuristic, model-free): casefolded key -> surface form."""
    names: dict[str, str] = {}
    for match in _ENTITY.finditer(text):
        words = [w.strip(".'’") for w in match.group(0).split()]
        while words and (words[0].lower() in _NOT_NAMES or words[0].lower() in _MONTH_NAMES):
            words.pop(0)
        if not words or all(w.lower() in _NOT_NAMES | _MONTH_NAMES for w in words):
            continue
        name = " ".join(words)
        if len(name) > 1 and not name.isdigit():
            names.setdefault(name.casefold(), name)
    return names


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def negated(text: str) -> list[str]:
    return [m.group(0) for m in _NEGATIONS.finditer(text)]


def agreement_hints(claim: str, passage: str, *, sentence: str | None = None) -> list[AgreementHint]:
    """Compare the claim with a passage and explain each finding in words.

    Numbers, dates and names are looked for in the whole passage; negation is compared with
    ``sentence`` (the highlighted sentence) when given, since a whole passage nearly always
    contains some negation.
    """
    return [*_number_hints(claim, passage), *_date_hints(claim, passage),
            *_entity_hints(claim, passage),
            *_negation_hints(claim, passage if sentence is None else sentence)]


def same_value(a: float, b: float, tolerance: float = 0.02) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) or abs(a - b) < 1e-9


def _number_hints(claim: str, passage: str) -> list[AgreementHint]:
    hints: list[AgreementHint] = []
    theirs = quantities(passage)
    for mine in quantities(claim):
        # Plain counts an order of magnitude apart are different things, not a disagreement.
        same_unit = [q for q in theirs if q.unit == mine.unit
                     and (q.unit or 0.1 <= q.value / max(mine.value, 1e-9) <= 10)]
        agreeing = [q for q in same_unit if same_value(q.value, mine.value)]
        if agreeing:
            shown = agreeing[0].text
            echo = "" if shown == mine.text else f" (written “{shown}”)"
            hints.append(AgreementHint("number", "agree", f"The claim's {mine.text} also appears in the passage{echo}."))
        elif same_unit:
            closest = min(same_unit, key=lambda q: abs(q.value - mine.value))
            hints.append(AgreementHint(
                "number", "differ",
                f"The claim says {mine.text} but the passage gives {closest.text}: check whether they describe the same thing."))
        else:
            what = {"%": "percentage", "": "comparable figure"}.get(mine.unit, "amount of money")
            hints.append(AgreementHint("number", "absent", f"The claim's {mine.text} is not in the passage (it gives no {what})."))
    return hints


def _date_hints(claim: str, passage: str) -> list[AgreementHint]:
    mine, theirs = dates(claim), dates(passage)
    if not mine:
        return []
    shared = sorted(d.capitalize() for d in mine & theirs)
    missing = sorted(d.capitalize() for d in mine - theirs)
    hints = []
    if shared:
        hints.append(AgreementHint("date", "shared", f"Both mention {_join(shared)}."))
    if missing and theirs - mine:
        hints.append(AgreementHint("date", "differ", f"The claim mentions {_join(missing)}, the passage {_join(sorted(d.capitalize() for d in theirs - mine))}."))
    elif missing:
        hints.append(AgreementHint("date", "missing", f"The passage does not mention {_join(missing)}."))
    return hints


def _entity_hints(claim: str, passage: str) -> list[AgreementHint]:
    mine = entities(claim)
    if not mine:
        return []
    folded = passage.casefold()
    shared: list[str] = []
    missing: list[str] = []
    for key, name in mine.items():
        # "Donald Trump" in the claim counts as present when the passage says "Trump".
        parts = [p for p in key.split() if p not in _NOT_NAMES and len(p) > 2]
        present = re.search(r"\b" + re.escape(key) + r"\b", folded) or any(
            re.search(r"\b" + re.escape(p) + r"\b", folded) for p in parts[-1:])
        (shared if present else missing).append(name)
    hints = []
    if shared:
        hints.append(AgreementHint("entity", "shared", f"Both name {_join(shared)}."))
    if missing:
        hints.append(AgreementHint("entity", "missing", f"The passage does not name {_join(missing)}."))
    return hints


def _negation_hints(claim: str, passage: str) -> list[AgreementHint]:
    mine, theirs = negated(claim), negated(passage)
    if bool(mine) == bool(theirs):
        return []
    if mine:
        message = f"The claim is negative (“{mine[0]}”) but the passage is not: check whether it contradicts."
    else:
        message = f"The passage contains a negation (“{theirs[0]}”) the claim lacks: check whether it contradicts."
    return [AgreementHint("negation", "mismatch", message)]


def _month_name(token: str) -> str:
    key = token.lower().rstrip(".")[:3]
    for name in ("january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december"):
        if name.startswith(key):
            return name
    return key


def _join(items: list[str]) -> str:
    shown = items[:4]
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
    return text + (f" and {len(items) - 4} more" if len(items) > 4 else "")
