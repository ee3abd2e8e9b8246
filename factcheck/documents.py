"""Turn document bytes (HTML, PDF, plain text, Markdown) into text plus metadata."""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from factcheck.dates import (
    DatedValue,
    byline_date,
    choose,
    date_from_url,
    extractor_date,
    page_dates,
    parse_date,
)
from factcheck.errors import InputError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown", "text/csv"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})

# Leading bytes of formats that are certainly not text we can read.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt; save it as PDF or text first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (save it as PDF or text first)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_MD_TITLE = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Text extracted from a document and whatever metadata it carried ('' when unknown)."""

    text: str
    title: str = ""
    author: str = ""
    published: str = ""  # ISO 8601 at its known precision: "2019", "2019-10" or "2019-10-30"
    outlet: str = ""
    url: str = ""
    format: str = "text"  # "html" | "pdf" | "text" | "markdown"
    published_precision: str = ""  # "year" | "month" | "day" ('' when there is no date)
    provenance: dict[str, str] = field(default_factory=dict)  # field name -> where it came from


def extract_document(data: bytes, *, filename: str = "", content_type: str = "",
                     url: str = "") -> ExtractedDocument:
    """Extract text and metadata; the format is chosen by content type, then file name, then sniffing.

    ``url`` (where the bytes came from) is one more witness of an HTML page's publication date.

    Raises :class:`InputError` naming the input when it is binary, empty or unreadable.
    """
    label = filename or content_type or "document"
    media = content_type.split(";", 1)[0].strip().lower()
    suffix = PurePath(filename).suffix.lower() if filename else ""
    kind = _detect_kind(data, media, suffix)
    if kind == "pdf":
        return _extract_pdf(data, label)
    if kind == "html":
        return _extract_html(data, label, _charset_of(content_type), url)
    text = decode_text(data, label=label, charset=_charset_of(content_type))
    if not text.strip():
        raise InputError(f"{label}: contains no text")
    if suffix in {".md", ".markdown"} or media in {"text/markdown", "text/x-markdown"}:
        heading = _MD_TITLE.search(text)
        return ExtractedDocument(text=text, title=heading.group(1) if heading else "", format="markdown")
    return ExtractedDocument(text=text, format="text")


def _detect_kind(data: bytes, media: str, suffix: str) -> str:
    head = data[:1024].lstrip()
    if media in PDF_TYPES or suffix == ".pdf" or data[:5] == b"%PDF-":
        return "pdf"
    if media in HTML_TYPES or suffix in HTML_SUFFIXES:
        return "html"
    if media in TEXT_TYPES or suffix in TEXT_SUFFIXES - {""}:
        return "text"
    lowered = head[:64].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower():
        return "html"
    return "text"


def _charset_of(content_type: str) -> str:
    found = _CHARSET.search(content_type)
    return found.group(1) if found else ""


def decode_text(data: bytes, *, label: str = "document", charset: str = "") -> str:
    """Decode text bytes: BOM, declared charset, UTF-16 without BOM, UTF-8, then charset detection.

    Line endings are normalised to ``\\n``. Binary data (NUL bytes, image or archive
    signatures) is refused with an :class:`InputError` naming ``label``.
    """
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"{label}: looks like {what}, not text; give a .txt, .md, .html or .pdf file")
    text = _decode(data, label, charset)
    if "\x00" in text:
        raise InputError(f"{label}: contains NUL bytes, so it is binary, not text; give a .txt, .md, .html or .pdf file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, label: str, charset: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{label}: has a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})") from exc
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall through to detection
    utf16 = _guess_utf16(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(f"{label}: contains NUL bytes, so it is binary, not text; give a .txt, .md, .html or .pdf file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{label}: could not detect a text encoding; it is probably binary. Save it as UTF-8 text")
    return str(best)


def _guess_utf16(data: bytes) -> str:
    """Spot BOM-less UTF-16 by its NUL bytes falling on one parity (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return ""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return ""


def _extract_html(data: bytes, label: str, charset: str, url: str = "") -> ExtractedDocument:
    from trafilatura import bare_extraction

    html: str | bytes = data
    if charset:
        try:
            html = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            html = data
    if isinstance(html, bytes) and b"\x00" in html[:4096]:
        html = decode_text(data, label=label)
    document = bare_extraction(html, with_metadata=True, url=url or None)
    text = str(getattr(document, "text", "") or "") if document is not None else ""
    if not text.strip():
        raise InputError(f"{label}: no readable article text found in the HTML (is it a script-only page?)")

    def field(name: str) -> str:
        value = getattr(document, name, None)
        return str(value).strip() if value else ""

    page_url = field("url")
    published = html_published(html, text, url or page_url, field("date"))
    provenance = {name: "page" for name, key in (("title", "title"), ("author", "author"),
                                                 ("outlet", "sitename"), ("url", "url")) if field(key)}
    if published is not None:
        provenance["published"] = published.source
    return ExtractedDocument(
        text=text,
        title=field("title"),
        author=field("author"),
        published=published.iso if published else "",
        outlet=field("sitename"),
        url=page_url,
        format="html",
        published_precision=published.precision if published else "",
        provenance=provenance,
    )


def html_published(html: str | bytes, text: str, url: str, extracted: str,
                   feed_date: DatedValue | None = None) -> DatedValue | None:
    """An HTML page's publication date, best witness first: the page's own metadata, the feed
    entry, the URL, a byline in the text, the extractor's guess (never a fabricated day)."""
    own = page_dates(html)
    from_url = date_from_url(url) if url else None
    byline = byline_date(text) or byline_date(_body_text(html), window=2000)
    return choose([own[0] if own else None, feed_date,
                   DatedValue(from_url, "url") if from_url else None,
                   DatedValue(byline, "byline") if byline else None,
                   extractor_date(extracted) if extracted else None])


def _body_text(html: str | bytes) -> str:
    """The visible text of a page's body (bylines are often left out of the extracted article)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for node in tree.xpath("//script|//style|//head"):
        node.drop_tree()
    return " ".join(" ".join(str(t) for t in tree.itertext()).split())


def _extract_pdf(data: bytes, label: str) -> ExtractedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{label}: the PDF is password-protected; save an unprotected copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{label}: not a readable PDF ({exc})") from exc
    text = "\n\n".join(page.strip("\n") for page in pages if page.strip())
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise InputError(f"{label}: the PDF has no extractable text (a scanned image?); run OCR on it first")
    title = author = published = ""
    if info is not None:
        title = str(info.title or "").strip()
        author = str(info.author or "").strip()
        try:
            created = info.creation_date
        except (ValueError, TypeError):  # a malformed /CreationDate is not fatal
            created = None
        published = created.date().isoformat() if created is not None else ""
    date = parse_date(published) if published else None
    provenance = {name: "pdf metadata" for name, value in (("title", title), ("author", author)) if value}
    if date is not None:
        provenance["published"] = "pdf metadata (CreationDate)"
    return ExtractedDocument(text=text, title=title, author=author, published=date.iso if date else "",
                             format="pdf", published_precision=date.precision if date else "",
                             provenance=provenance)
