"""Inputs to articles: expand paths and URLs, read files, fetch pages, parse JSON records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from factcheck.config import Settings
from factcheck.dates import parse_date
from factcheck.errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".json", ".jsonl")
JSON_FIELDS = {"title": "title", "headline": "title", "author": "author", "date": "published",
               "published": "published", "datePublished": "published", "outlet": "outlet",
               "publisher": "outlet", "url": "url"}


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article read from an input, before segmentation; ``text`` is final and immutable."""

    label: str  # how the user named it: path, path#record, or URL
    text: str
    title: str = ""
    author: str = ""
    published: str = ""  # ISO 8601 at its known precision ("2019", "2019-10", "2019-10-30")
    outlet: str = ""
    url: str = ""
    published_precision: str = ""  # "year" | "month" | "day"; '' = not parsed yet (see with_dates)
    provenance: dict[str, str] = field(default_factory=dict)  # field name -> where it came from

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def with_dates(self, source: str = "given") -> ArticleInput:
        """The input with its date parsed at its stated precision and every field's provenance set
        (fields without a recorded origin are attributed to ``source``); an unparseable date is
        dropped rather than guessed, and the provenance says so."""
        provenance = dict(self.provenance)
        for name in ("title", "author", "outlet", "url"):
            if getattr(self, name) and name not in provenance:
                provenance[name] = source
        if not self.published or self.published_precision:
            if self.published:
                provenance.setdefault("published", source)
            return replace(self, provenance=provenance)
        date = parse_date(self.published)
        if date is None:
            provenance["published"] = f"dropped: {self.published[:40]!r} is not a date"
            return replace(self, published="", provenance=provenance)
        provenance.setdefault("published", source)
        return replace(self, published=date.iso, published_precision=date.precision,
                       provenance=provenance)


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def expand_inputs(inputs: list[str]) -> Iterator[str]:
    """Paths and URLs as given; folders become their article files, recursively, sorted."""
    for value in inputs:
        path = Path(value)
        if not is_url(value) and path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            yield from (str(p) for p in found)
        else:
            yield value


def read_input(value: str, settings: Settings) -> list[ArticleInput]:
    """Read one file or URL into one or more articles; raises InputError naming the input."""
    if is_url(value):
        return [_read_url(value, settings)]
    path = Path(value)
    if not path.exists():
        raise InputError(f"{value}: no such file or folder")
    if not path.is_file():
        raise InputError(f"{value}: not a regular file")
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise InputError(f"{value}: unsupported file type {suffix or '(none)'}; "
                         f"use one of {', '.join(ARTICLE_SUFFIXES)}")
    size = path.stat().st_size
    if size > settings.max_article_bytes:
        raise InputError(f"{value}: file is {size / 1e6:.1f} MB, larger than the "
                         f"{settings.max_article_bytes / 1e6:.0f} MB limit (setting max_article_bytes)")
    data = path.read_bytes()
    if suffix in (".json", ".jsonl"):
        return _read_json(value, data, jsonl=suffix == ".jsonl")
    return [_from_bytes(value, data, filename=path.name, content_type="", url="")]


def _read_url(url: str, settings: Settings) -> ArticleInput:
    from factcheck.fetch import FetchPolicy, fetch_url

    document = fetch_url(url, FetchPolicy.from_settings(settings))
    name = document.final_url.rsplit("/", 1)[-1]
    return _from_bytes(url, document.body, filename=name, content_type=document.content_type,
                       url=document.final_url)


def from_bytes(label: str, data: bytes, *, filename: str, content_type: str, url: str) -> ArticleInput:
    """One article from fetched or read bytes; raises InputError naming ``label``."""
    return _from_bytes(label, data, filename=filename, content_type=content_type, url=url)


def _from_bytes(label: str, data: bytes, *, filename: str, content_type: str, url: str) -> ArticleInput:
    from factcheck.documents import extract_document

    try:
        doc = extract_document(data, filename=filename, content_type=content_type, url=url)
    except InputError as exc:
        message = str(exc)  # documents.py names the file; name it as the user gave it instead
        if filename and message.startswith(f"{filename}:"):
            message = message[len(filename) + 1:].lstrip()
        raise InputError(f"{label}: {message}") from exc
    if not doc.text.strip():
        raise InputError(f"{label}: no article text found (empty, or a page without an article body)")
    provenance = dict(doc.provenance)
    if url:
        provenance["url"] = "fetched"
    return ArticleInput(label=label, text=doc.text, title=doc.title, author=doc.author,
                        published=doc.published, outlet=doc.outlet, url=url or doc.url,
                        published_precision=doc.published_precision, provenance=provenance)


def _read_json(label: str, data: bytes, *, jsonl: bool) -> list[ArticleInput]:
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: JSON must be UTF-8 ({exc.reason} at byte {exc.start})") from exc
    records: list[tuple[str, object]] = []
    if jsonl:
        for number, line in enumerate(raw.splitlines(), start=1):
            if line.strip():
                try:
                    records.append((f"{label}:{number}", json.loads(line)))
                except ValueError as exc:
                    raise InputError(f"{label}: line {number} is not valid JSON ({exc})") from exc
    else:
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise InputError(f"{label}: not valid JSON ({exc})") from exc
        items = value if isinstance(value, list) else [value]
        records = [(f"{label}#{i}" if len(items) > 1 else label, item) for i, item in enumerate(items)]
    return [_json_article(name, record) for name, record in records]


def _json_article(label: str, record: object) -> ArticleInput:
    if not isinstance(record, dict):
        raise InputError(f"{label}: expected a JSON object with a \"text\" field, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{label}: the \"text\" field is missing, empty or not a string")
    fields: dict[str, str] = {}
    provenance: dict[str, str] = {}
    for key, target in JSON_FIELDS.items():
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("name", "")
        if isinstance(value, str | int | float) and str(value).strip() and not fields.get(target):
            fields[target] = str(value)
            provenance[target] = f"record field {key!r}"
    return ArticleInput(label=label, text=text, provenance=provenance, **fields).with_dates()
