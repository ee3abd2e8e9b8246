"""The local reference library: read files and URLs into archived sources with passages."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from factcheck.documents import extract_document
from factcheck.errors import InputError
from factcheck.fetch import FetchPolicy, fetch_url
from factcheck.models import SOURCE_KINDS, Source
from factcheck.sources.passages import PassageSpan, split_passages

SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


@dataclass(frozen=True, slots=True)
class SourceInput:
    """A source read from a file or URL, before it is archived; ``text`` is final."""

    label: str
    text: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""
    origin: str = ""
    provenance: dict[str, str] = field(default_factory=dict)  # field name -> where it came from

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What happened to one input of ``add_sources``: added | duplicate | error."""

    input: str
    status: str
    source_id: int | None = None
    passages: int = 0
    title: str = ""
    message: str = ""


def check_kind(kind: str) -> str:
    if kind not in SOURCE_KINDS:
        raise InputError(f"unknown source kind {kind!r}; use one of: {', '.join(SOURCE_KINDS)}")
    return kind


def is_url(value: str) -> bool:
    return "://" in value  # other schemes too, so that the fetcher refuses them with a message


def expand_source_inputs(values: Sequence[str]) -> Iterator[str]:
    """URLs and files as given; folders become their supported files, recursively, sorted."""
    for value in values:
        path = Path(value)
        if not is_url(value) and path.is_dir():
            yield from sorted(
                str(p) for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            yield value


def read_source(value: str, policy: FetchPolicy) -> SourceInput:
    """Read one file or URL (through the safe fetcher); raises InputError naming it."""
    if is_url(value):
        fetched = fetch_url(value, policy)
        name = fetched.final_url.rsplit("/", 1)[-1].split("?", 1)[0]
        doc = extract_document(fetched.body, filename=name, content_type=fetched.content_type,
                               url=fetched.final_url)
        return SourceInput(label=value, text=doc.text, title=doc.title, publisher=doc.outlet,
                           url=doc.url or fetched.final_url, published=doc.published,
                           origin=fetched.final_url, provenance=doc.provenance)
    path = Path(value)
    if not path.is_file():
        raise InputError(f"{value}: no such file" if not path.exists() else f"{value}: not a regular file")
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise InputError(f"{value}: unsupported source type {suffix or '(none)'}; "
                         f"use one of {', '.join(SOURCE_SUFFIXES)}")
    size = path.stat().st_size
    if size > policy.max_bytes:
        raise InputError(f"{value}: file is {size / 1e6:.1f} MB, over the {policy.max_bytes / 1e6:g} MB "
                         "limit (setting max_article_bytes)")
    doc = extract_document(path.read_bytes(), filename=path.name)
    return SourceInput(label=value, text=doc.text, title=doc.title or path.stem, publisher=doc.outlet,
                       url=doc.url, published=doc.published, origin=str(path),
                       provenance=doc.provenance)


def prepare_source(source: SourceInput, *, kind: str = "other", publisher: str = "", title: str = "",
                   reliability_note: str = "", published: str = "", url: str = "",
                   ) -> tuple[Source, list[PassageSpan]]:
    """The record to archive (explicit metadata wins over what the document says) and its passages."""
    new = source_record(source, kind=kind, publisher=publisher, title=title,
                        reliability_note=reliability_note, published=published, url=url)
    return new, split_passages(source.text)


def source_record(source: SourceInput, *, kind: str = "other", publisher: str = "", title: str = "",
                  reliability_note: str = "", published: str = "", url: str = "") -> Source:
    """The record to archive: explicit metadata wins over what the document says."""
    provenance = dict(source.provenance)
    if "outlet" in provenance:  # a document's outlet is a source's publisher
        provenance["publisher"] = provenance.pop("outlet")
    for name, given in (("title", title), ("publisher", publisher), ("published", published), ("url", url)):
        if given:
            provenance[name] = "given"
    source = replace(source, title=title or source.title, publisher=publisher or source.publisher,
                     published=published or source.published, url=url or source.url, provenance=provenance)
    if not source.text.strip():
        raise InputError(f"{source.label}: the source has no text")
    return Source(id=0, text=source.text, sha256=source.sha256, title=source.title or source.label,
                  kind=check_kind(kind), publisher=source.publisher, url=source.url,
                  published=source.published, reliability_note=reliability_note, provenance=provenance,
                  origin=source.origin or source.label)
