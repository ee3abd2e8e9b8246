"""Pure helpers of the similar-claims panel: level badges, flags in words, shared words highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterable

from factcheck.match.lexical import STOPWORDS
from factcheck.models import Match
from ui.render import escape_markdown

LEVEL_LABELS = {"same": ("Likely the same claim", "blue"), "related": ("Related claim", "violet"),
                "none": ("Weak match", "gray")}
SHARED_STYLE = "orange-background"
_WORD = re.compile(r"\w+(?:[’']\w+)?", re.UNICODE)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")


def level_label(match: Match) -> tuple[str, str]:
    """('Likely the same claim · 93 %', colour) for a match's level and calibrated probability."""
    words, colour = LEVEL_LABELS.get(match.level, (match.level, "gray"))
    return f"{words} · {round(match.score * 100)} %", colour


def flag_words(flag: str) -> str:
    """A difference flag in plain words ("number: 34,000 vs 43,000" → "different number: …")."""
    name, _, detail = flag.partition(": ")
    if name == "number":
        return f"different number: {detail}"
    if name == "date":
        sides = [s.strip() for s in detail.split(" vs ")]
        years = all(_YEAR.match(v.strip()) for side in sides for v in side.split(",")
                    if v.strip() and v.strip() != "—")
        return f"different {'year' if years else 'date'}: {detail}"
    if name == "entity":
        return f"different name: {detail}"
    if name == "negation":
        return "one side negated"
    return flag


def shared_terms(query: str, other: str) -> set[str]:
    """Content words (lower case) the two texts share."""
    def words(text: str) -> set[str]:
        return {w.lower() for w in _WORD.findall(text.replace("’", "'"))}

    return {w for w in words(query) & words(other) if w not in STOPWORDS and len(w) > 1}


def shared_markdown(text: str, terms: Iterable[str]) -> str:
    """``text`` as escaped Markdown with the shared words highlighted (never live markup)."""
    wanted = {t.lower() for t in terms}
    parts: list[str] = []
    last = 0
    for found in _WORD.finditer(text):
        word = found.group(0)
        if word.lower().replace("’", "'") not in wanted:
            continue
        parts.append(escape_markdown(text[last:found.start()], line_start=not parts))
        parts.append(f":{SHARED_STYLE}[{escape_markdown(word, line_start=False)}]")
        last = found.end()
    parts.append(escape_markdown(text[last:], line_start=not parts))
    return "".join(parts)


def byline(match: Match) -> str:
    """'Claimant · outlet · date' of a candidate (plain text: the caller escapes it)."""
    article = match.article
    outlet = article.outlet if article is not None else ""
    date = (article.published if article is not None else "")[:10]
    who = match.claim.speaker or "unknown claimant"
    return " · ".join(x for x in (who, outlet, date) if x)


def split_levels(matches: list[Match]) -> tuple[list[Match], list[Match]]:
    """(labelled candidates, weaker 'none' candidates), each in rank order."""
    return ([m for m in matches if m.level in ("same", "related")],
            [m for m in matches if m.level not in ("same", "related")])
