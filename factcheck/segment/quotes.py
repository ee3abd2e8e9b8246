"""Quote-mark scanning over raw text: pairs curly, straight, doubled, single and « » marks."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK_RE = re.compile(r"''|[“”\"‘’'«»]")
_WORDCH = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted span ``text[start:end]`` including its marks; ``inner`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    family: str  # "double" | "single" | "guillemet"
    nested: bool = False  # inside another quote


def _is_word(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or ch == "_")


def _roles(text: str, pos: int, mark: str) -> tuple[str, bool, bool]:
    """Family and whether a mark at ``pos`` may open and/or close a quote."""
    before = text[pos - 1] if pos > 0 else " "
    after_pos = pos + len(mark)
    after = text[after_pos] if after_pos < len(text) else " "
    if mark in ("“", "«"):
        return ("double" if mark == "“" else "guillemet"), True, False
    if mark in ("”", "»"):
        return ("double" if mark == "”" else "guillemet"), False, True
    if mark in ("\"", "''"):
        can_open = not _is_word(before) and not after.isspace() and before not in ".,;!?"
        can_close = not before.isspace() or after_pos >= len(text) or not _is_word(after)
        if can_open and _is_word(before):
            can_open = False
        return "double", can_open, can_close and not (before.isspace() and _is_word(after))
    # single marks: ‘ ’ '
    if _is_word(before) and _is_word(after):
        return "single", False, False  # apostrophe inside a word: won’t, don't
    can_open = mark != "’" and not _is_word(before) and (_is_word(after) or after in "“\"$(")
    can_close = mark != "‘" and not before.isspace() and not _is_word(after)
    if mark == "‘" and not _is_word(before):
        can_open = True
    return "single", can_open, can_close


def scan_quotes(text: str, paras: list[tuple[int, int]]) -> list[Quote]:
    """Quoted spans of ``text``; unbalanced or stray marks are ignored, never swallowing text.

    A quote left open at the end of a paragraph continues into the next paragraph when that
    paragraph opens with a mark of the same family (news style for multi-paragraph quotes).
    """
    quotes: list[Quote] = []
    carry: tuple[int, int, str] | None = None  # an open double quote continuing from a paragraph
    for pstart, pend in paras:
        marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text, pstart, pend)]
        open_double: tuple[int, int, str] | None = None
        if carry is not None:
            if marks and marks[0][0] == pstart and _roles(text, pstart, marks[0][1])[0] == carry[2]:
                open_double = carry
                marks = marks[1:]
            carry = None
        open_single: tuple[int, int] | None = None
        for pos, mark in marks:
            family, can_open, can_close = _roles(text, pos, mark)
            if family == "single":
                if open_single is not None and can_close:
                    # a possessive s’ closes only if no better closer follows in the sentence
                    if text[pos - 1] in "sz" and _has_later_closer(text, pos + 1, pend):
                        continue
                    quotes.append(Quote(open_single[0], pos + len(mark), open_single[1], pos,
                                        "single", nested=open_double is not None))
                    open_single = None
                elif can_open and open_single is None:
                    open_single = (pos, pos + len(mark))
                continue
            if open_double is not None and can_close and open_double[2] == family:
                if open_single is not None and open_single[0] > open_double[0]:
                    open_single = None
                quotes.append(Quote(open_double[0], pos + len(mark), open_double[1], pos, family))
                open_double = None
            elif can_open and open_double is None:
                open_double = (pos, pos + len(mark), family)
                open_single = None
            elif can_open and open_double is not None and mark in ("“", "«"):
                open_double = (pos, pos + len(mark), family)  # unbalanced: restart at the newer mark
        if open_double is not None:
            carry = open_double  # continues only if the next paragraph opens with a mark
    return sorted(quotes, key=lambda q: (q.start, -q.end))


def _has_later_closer(text: str, start: int, end: int) -> bool:
    """Whether a non-possessive closing single mark follows before any new opening mark."""
    for m in re.finditer(r"['’‘]", text[start:end]):
        p = start + m.start()
        before = text[p - 1]
        after = text[p + 1] if p + 1 < len(text) else " "
        if _is_word(before) and _is_word(after):
            continue
        if not _is_word(before) and (_is_word(after) or m.group() == "‘"):
            return False
        if not before.isspace() and not _is_word(after) and before not in "sz":
            return True
    return False
