"""Rating scales chosen by the `rating_scale` setting: ordinal ratings with values, plus labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.errors import InputError

SCALE_NAMES: tuple[str, ...] = ("default", "politifact", "free")


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating of a scale; ``value`` is None for non-ordinal ratings (e.g. Misleading)."""

    label: str
    value: float | None = None
    shortcut: str = ""  # a digit key for the review UI, "" when the scale has none left
    aliases: tuple[str, ...] = ()
    description: str = ""

    @property
    def ordinal(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class RatingScale:
    """A named list of ratings; ``best``/``worst`` are the extreme ordinal values (None if free)."""

    name: str
    ratings: tuple[Rating, ...]
    free: bool = False

    @property
    def best(self) -> float | None:
        values = [r.value for r in self.ratings if r.value is not None]
        return max(values) if values else None

    @property
    def worst(self) -> float | None:
        values = [r.value for r in self.ratings if r.value is not None]
        return min(values) if values else None

    def labels(self) -> list[str]:
        return [r.label for r in self.ratings]

    def resolve(self, text: str) -> Rating:
        """The rating named by ``text`` (label, alias or shortcut digit; case and spacing ignored).

        A free scale accepts any non-empty text as a non-ordinal rating.
        """
        wanted = _key(text)
        if not wanted:
            raise InputError(f"a rating is required; valid ratings: {self._valid()}")
        if self.free:
            return next((r for r in self.ratings if _key(r.label) == wanted),
                        Rating(label=" ".join(text.split())))
        for rating in self.ratings:
            if wanted == _key(rating.label) or wanted in {_key(a) for a in rating.aliases}:
                return rating
            if rating.shortcut and wanted == rating.shortcut:
                return rating
        raise InputError(
            f"rating {text!r} is not on the {self.name!r} scale; valid ratings: {self._valid()} "
            "(or change the `rating_scale` setting: default, politifact, free)")

    def _valid(self) -> str:
        if self.free:
            return "any text"
        return ", ".join(f"{r.label!r} ({r.shortcut})" if r.shortcut else repr(r.label)
                         for r in self.ratings)


def _key(text: str) -> str:
    return re.sub(r"[\s_\-/]+", " ", text.casefold()).strip()


_NON_ORDINAL: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Misleading", ("missing context", "out of context"),
     "Accurate elements arranged to leave a false impression."),
    ("Unproven / not enough evidence", ("unproven", "not enough evidence", "unverified"),
     "The available evidence neither confirms nor refutes the claim."),
    ("Not a checkable claim", ("not checkable", "uncheckable", "opinion"),
     "An opinion, prediction or statement that cannot be checked."),
)


def _with_shortcuts(name: str, ratings: list[Rating], *, free: bool = False) -> RatingScale:
    numbered = tuple(
        Rating(r.label, r.value, str(i) if i <= 9 else "", r.aliases, r.description)
        for i, r in enumerate(ratings, start=1))
    return RatingScale(name=name, ratings=numbered, free=free)


def _non_ordinal() -> list[Rating]:
    return [Rating(label, None, "", aliases, help_) for label, aliases, help_ in _NON_ORDINAL]


def default_scale() -> RatingScale:
    """True (5) … False (1), then Misleading, Unproven, Not a checkable claim."""
    ordinal = [
        Rating("True", 5, aliases=("correct", "accurate")),
        Rating("Mostly true", 4),
        Rating("Half true", 3, aliases=("mixed", "half-true", "partly true")),
        Rating("Mostly false", 2),
        Rating("False", 1, aliases=("incorrect", "wrong")),
    ]
    return _with_shortcuts("default", ordinal + _non_ordinal())


def politifact_scale() -> RatingScale:
    """The six-step Truth-O-Meter-style scale, True (6) … Pants on fire (1), plus the labels."""
    ordinal = [
        Rating("True", 6),
        Rating("Mostly true", 5),
        Rating("Half true", 4, aliases=("half-true",)),
        Rating("Mostly false", 3),
        Rating("False", 2),
        Rating("Pants on fire", 1, aliases=("pants on fire!", "pants-fire", "pants fire")),
    ]
    return _with_shortcuts("politifact", ordinal + _non_ordinal())


def free_scale() -> RatingScale:
    """Free-text ratings; the default labels are offered as suggestions, none is ordinal."""
    suggestions = [Rating(r.label, None, "", r.aliases) for r in default_scale().ratings]
    return _with_shortcuts("free", suggestions, free=True)


def scale_for(name: str) -> RatingScale:
    """The scale named by the `rating_scale` setting."""
    key = name.strip().casefold()
    if key == "default":
        return default_scale()
    if key == "politifact":
        return politifact_scale()
    if key == "free":
        return free_scale()
    raise InputError(f"unknown rating_scale {name!r}; valid scales: {', '.join(SCALE_NAMES)}")
