"""Speaker mentions: noun-phrase finding around cues, canonical names, types, aliases, pronouns."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from factcheck.segment.lexicon import (
    COUNTRIES,
    DETERMINERS,
    DOCUMENT_HEADS,
    FEMALE_NAMES,
    GENERIC_HEADS,
    NATIONALITIES,
    ORG_HEADS,
    PRONOUNS,
    QUOTE_CUES,
    TITLES,
)
from factcheck.segment.tokens import Token

_CONNECTORS = frozenset({"of", "de", "del", "da", "al", "bin", "van", "von", "la", "le", "du", "ibn", "el"})
_STOP_CAPS = frozenset(
    ["on", "in", "at", "but", "and", "so", "yet", "still", "meanwhile", "last", "this", "since", "after", "before", "when", "while", "if", "although", "though", "as", "for", "with", "by", "from", "during", "under", "over", "about", "because", "then", "however", "also", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday", "tomorrow", "earlier", "later", "mr", "mrs", "ms", "dr", "i", "it", "he", "she", "they", "we", "you", "there", "here", "what", "who", "why", "how", "where", "now", "thus", "indeed", "instead", "perhaps", "maybe", "yes", "no", "not", "even", "only", "just", "like", "unlike", "asked", "speaking", "according", "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your", "some", "many", "several", "all", "both", "every", "each", "another", "other", "such"]
)
_TITLE_ONLY = frozenset({"mr", "mrs", "ms", "dr", "miss"})
# Role nouns that stand for a named person later in an article: "Mayor John Tory … the mayor said".
ROLE_NOUNS = frozenset(
    {"mayor", "minister", "premier", "president", "senator", "governor", "chancellor", "secretary", "chief",
     "commissioner", "director", "judge", "justice", "ambassador", "spokesman", "spokeswoman", "spokesperson",
     "leader", "coach", "ceo", "chair", "chairman", "chairwoman", "superintendent", "sheriff", "prosecutor",
     "lawyer", "attorney", "councillor", "councilor", "mp", "mla", "mpp", "founder", "principal", "professor",
     "captain", "detective", "inspector", "sergeant", "constable", "officer", "economist", "analyst", "author",
     "pastor", "bishop", "owner", "manager", "executive", "king", "queen", "prince", "pope", "envoy"}
)
_NP_STOP = frozenset(
    ["that", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "could", "should", "can", "may", "might", "must", "not", "and", "or", "but", "if", "than", "then", "so", "because", "while", "although", "though", "as", "to", "for", "with", "by", "from", "on", "in", "at", "of", "into", "onto", "about", "after", "before", "during", "since", "until", "over", "under", "between", "through", "against", "without", "within", "it", "its", "he", "she", "they", "we", "you", "i", "him", "her", "them", "us", "me", "also", "there", "here", "said", "says", "say"]
)
_BARE_DETS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our"})
_PERSON_PRONOUNS = frozenset({"he", "she", "i", "him", "her"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention ``text[start:end]`` and what it resolves to."""

    start: int
    end: int
    text: str
    name: str = ""
    kind: str = "unknown"


@dataclass
class SpeakerTable:
    """Per-article speaker knowledge: full names, aliases, genders and subject history."""

    full_names: dict[str, str] = field(default_factory=dict)  # lower alias -> canonical
    types: dict[str, str] = field(default_factory=dict)  # canonical -> speaker type
    gender: dict[str, str] = field(default_factory=dict)  # canonical -> "m" | "f"
    aliases: dict[str, set[str]] = field(default_factory=dict)  # canonical -> surface forms
    roles: dict[str, set[str]] = field(default_factory=dict)  # role noun / "43-year-old" -> canonical persons
    _subjects: list[tuple[int, str]] = field(default_factory=list)  # (offset, canonical person)

    def alias_list(self) -> dict[str, list[str]]:
        """Canonical speaker name -> sorted surface forms seen in the article."""
        return {name: sorted(forms) for name, forms in self.aliases.items()}

    def add_role(self, role: str, name: str) -> None:
        self.roles.setdefault(role.lower(), set()).add(name)

    def role_holder(self, role: str) -> str:
        """The one person the article names for ``role`` ("mayor", "43-year-old"), or "" (none or several)."""
        names = self.roles.get(role.lower(), set())
        return next(iter(names)) if len(names) == 1 else ""

    def add_subject(self, offset: int, name: str) -> None:
        """Record that the person ``name`` was a grammatical subject at ``offset``."""
        if name and self.types.get(name, "person") == "person":
            pos = bisect_left(self._subjects, (offset, ""))
            self._subjects.insert(pos, (offset, name))

    def resolve_pronoun(self, pronoun: str, offset: int) -> str:
        """The last person who was a subject before ``offset`` (gender-compatible), or ""."""
        gender = PRONOUNS.get(pronoun.lower(), "")
        if gender not in ("m", "f"):
            return ""
        pos = bisect_left(self._subjects, (offset, ""))
        for i in range(pos - 1, max(-1, pos - 40), -1):
            name = self._subjects[i][1]
            g = self.gender.get(name, "")
            if not g or g == gender:
                return name
        return ""


def strip_title(words: list[str]) -> list[str]:
    """Drop leading titles, nationality adjectives and determiners from a name's words."""
    out = list(words)
    while len(out) > 1 and (out[0].lower().rstrip(".") in TITLES or out[0].lower() in DETERMINERS
                            or _is_nationality(out[0])):
        out.pop(0)
    while out and out[-1] in (",", "’s", "'s"):
        out.pop()
    return out


def _is_nationality(word: str) -> bool:
    return word.lower().rstrip(".") in NATIONALITIES


def speaker_type(words: list[str], raw_low: list[str]) -> str:
    """Type of a mention from its words (titles kept in ``raw_low``)."""
    if not words:
        return "unknown"
    joined = " ".join(words)
    if joined in COUNTRIES or joined.lstrip("the ").strip() in COUNTRIES:
        return "country"
    low = [w.lower().rstrip(".") for w in words]
    head = low[-1]
    if any(w in ORG_HEADS for w in low) and not any(w in _TITLE_ONLY for w in raw_low):
        return "organization"
    if head in DOCUMENT_HEADS:
        return "document"
    if not words[-1][:1].isupper():
        return "generic"
    if any(w in TITLES for w in raw_low):
        return "person"
    if joined.isupper() and len(joined) <= 6:
        return "organization"
    return "person"


def build_table(text: str, tokens: list[Token]) -> SpeakerTable:
    """Collect multi-word proper names (persons) of the article and their surname aliases."""
    table = SpeakerTable()
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if not (tok.is_cap and tok.is_word):
            i += 1
            continue
        j = i
        while j + 1 < n and tokens[j + 1].start - tokens[j].end <= 1 and (
            (tokens[j + 1].is_cap and tokens[j + 1].is_word) or (tokens[j + 1].text == "."
            and tokens[j].low in TITLES and tokens[j].end == tokens[j + 1].start)
        ) and "\n" not in text[tokens[j].end : tokens[j + 1].start]:
            j += 1
        words = [t.text for t in tokens[i : j + 1] if t.text != "."]
        raw_low = [w.lower().rstrip(".") for w in words]
        while words and raw_low and raw_low[0] in _STOP_CAPS and raw_low[0] not in _TITLE_ONLY:
            words.pop(0)
            raw_low.pop(0)
        titled = any(w in TITLES for w in raw_low)
        name_words = strip_title(words)
        if len(name_words) >= 2 and speaker_type(name_words, raw_low) == "person" and not any(
            w in COUNTRIES for w in name_words
        ):
            canon = " ".join(name_words)
            table.types.setdefault(canon, "person")
            table.aliases.setdefault(canon, set()).add(" ".join(words))
            for key in (canon.lower(), name_words[-1].lower()):
                table.full_names.setdefault(key, canon)
            _record_roles(table, canon, raw_low[:-2], tokens, j + 1)  # "Toronto Mayor John Tory"
            if name_words[0] in FEMALE_NAMES or "mrs" in raw_low or "ms" in raw_low:
                table.gender.setdefault(canon, "f")
            elif "mr" in raw_low or (titled and raw_low[0] in ("mr",)):
                table.gender.setdefault(canon, "m")
        elif len(name_words) == 1 and words and raw_low and raw_low[0] in _TITLE_ONLY:
            surname = name_words[0]
            canon = table.full_names.get(surname.lower(), surname)
            table.gender.setdefault(canon, "f" if raw_low[0] in ("mrs", "ms", "miss") else "m")
        i = j + 1
    return table


def _record_roles(table: SpeakerTable, canon: str, titles: list[str], tokens: list[Token], k: int) -> None:
    """Roles the article gives ``canon``: a title before the name ("Mayor John Tory"), an appositive
    after it ("John Tory, the mayor of Toronto," / "Bill Morneau, Canada's finance minister,"), an age ("…, 43,")."""
    for word in titles:
        if word in ROLE_NOUNS:
            table.add_role(word, canon)
    if k >= len(tokens) or tokens[k].text != ",":
        return
    if k + 2 < len(tokens) and tokens[k + 1].text.isdigit() and tokens[k + 2].text in (",", ".", ";"):
        table.add_role(f"{tokens[k + 1].text}-year-old", canon)
        return
    role = ""
    for t in tokens[k + 1 : k + 9]:
        if t.text in (",", ".", ";", ":", "(", ")", "—", "–") or t.low in ("who", "said", "says"):
            break
        if t.low in ROLE_NOUNS:
            role = t.low
    if role:
        table.add_role(role, canon)


def canonical_speaker(mention_words: list[str], table: SpeakerTable) -> tuple[str, str]:
    """Canonical name and type for a mention's words, using the article's alias table."""
    raw = [w for w in mention_words if w != "."]
    if raw and len(raw[-1]) > 2 and raw[-1].endswith(("’s", "'s")) and raw[-1][:1].isupper():
        raw[-1] = raw[-1][:-2]  # possessive: "Trump’s claim" -> Trump
    raw_low = [w.lower().rstrip(".") for w in raw]
    had_the = bool(raw_low) and raw_low[0] == "the"
    while raw and raw_low[0] in DETERMINERS and len(raw) > 1:
        raw.pop(0)
        raw_low.pop(0)
    if not raw:
        return "", "unknown"
    if len(raw) == 1 and raw_low[0] in PRONOUNS:
        return "", "unknown"
    surface = " ".join(mention_words)
    if not raw[-1][:1].isupper():
        holder = table.role_holder(raw_low[-1]) if had_the else ""
        if holder:  # "the mayor" in an article that says the mayor is John Tory
            table.aliases.setdefault(holder, set()).add(surface)
            return holder, "person"
        kind = speaker_type(raw, raw_low)
        name = " ".join(raw)
        name = "the " + name if kind == "document" or had_the else name
        return name, kind
    joined = " ".join(raw)
    if joined in COUNTRIES:
        return ("the " + joined if had_the else joined), "country"
    if any(w in ORG_HEADS for w in raw_low) and not any(w in _TITLE_ONLY for w in raw_low):
        name = ("the " + joined) if had_the else joined
        table.aliases.setdefault(name, set()).add(surface)
        return name, "organization"
    words = strip_title(raw)
    joined = " ".join(words)
    hit = table.full_names.get(joined.lower()) or table.full_names.get(words[-1].lower())
    if hit and len(words) <= len(hit.split()) and hit.split()[-1] == words[-1]:
        name = hit
    else:
        name = joined
    kind = table.types.get(name) or speaker_type(words, raw_low)
    table.aliases.setdefault(name, set()).add(surface)
    return name, kind


def mention_from_tokens(text: str, toks: list[Token], table: SpeakerTable) -> Mention:
    """Build a resolved :class:`Mention` from a run of tokens."""
    start, end = toks[0].start, toks[-1].end
    surface = text[start:end]
    if len(toks) == 1 and toks[0].low in PRONOUNS:
        name = table.resolve_pronoun(toks[0].low, start)
        kind = "person" if name else ("generic" if toks[0].low in ("they", "we") else "unknown")
        return Mention(start, end, surface, name or surface, kind)
    name, kind = canonical_speaker([t.text for t in toks], table)
    return Mention(start, end, surface, name, kind)


def np_chunk_left(tokens: list[Token], end_idx: int, lo: int) -> tuple[int, int] | None:
    """Token range ``[i, end_idx]`` of a noun phrase ending at ``end_idx`` (not before ``lo``)."""
    if end_idx < lo:
        return None
    tok = tokens[end_idx]
    if not tok.is_word or (tok.low in _NP_STOP and tok.low not in PRONOUNS):
        return None
    if tok.low in PRONOUNS:
        return (end_idx, end_idx) if tok.low not in ("him", "her", "them", "us", "me") else None
    i = end_idx
    if tok.is_cap:
        while i - 1 >= lo:
            prev = tokens[i - 1]
            if prev.is_word and prev.is_cap and prev.low not in _STOP_CAPS:
                i -= 1
            elif prev.text == "." and i - 2 >= lo and (tokens[i - 2].low in TITLES or (len(tokens[i - 2].text) == 1 and tokens[i - 2].is_cap)):
                i -= 2
            elif (prev.low in _CONNECTORS and i - 2 >= lo and tokens[i - 2].is_cap) or prev.low in ("’s", "'s") or (prev.text in ("’", "'") and tokens[i - 2].is_cap if i - 2 >= lo else False) or (prev.text in ("’", "'") and i - 2 >= lo and tokens[i - 2].is_cap):
                i -= 1
            else:
                break
        if i - 1 >= lo and tokens[i - 1].low in ("the", "a", "an"):
            i -= 1
        if i - 1 >= lo and tokens[i - 1].is_word and not tokens[i - 1].is_cap and tokens[i - 1].low not in _NP_STOP and tokens[i - 1].low not in DETERMINERS and i - 2 >= lo and tokens[i - 2].low in ("the", "a", "an"):
            i -= 2  # "the former Trump aide"
        return (i, end_idx)
    # common noun phrase: up to a determiner, at most 6 words
    known = tok.low in GENERIC_HEADS or tok.low in DOCUMENT_HEADS or tok.low in ORG_HEADS
    nounish = tok.low.endswith(("s", "er", "or", "ist", "ent", "ant")) and not tok.low.endswith(("ss", "ous", "ly"))
    if not known and not nounish:
        det = tokens[end_idx - 1].low if end_idx - 1 >= lo else ""
        nxt = tokens[end_idx + 1].low if end_idx + 1 < len(tokens) else ""
        if det in _BARE_DETS and nxt in QUOTE_CUES and not tok.low.endswith(("ed", "ing", "ly")):
            return (end_idx - 1, end_idx)  # "the airline said", "the 43-year-old said"
        return None
    while i - 1 >= lo and end_idx - i < 6:
        prev = tokens[i - 1]
        if prev.low in DETERMINERS:
            return (i - 1, end_idx)
        if not prev.is_word or prev.low in _NP_STOP or prev.low.endswith("ly"):
            break
        i -= 1
    return (i, end_idx)
