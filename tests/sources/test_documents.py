"""extract_document: HTML via trafilatura, PDF via pypdf, text decoding and binary refusal."""

from __future__ import annotations

import codecs

import pytest

from factcheck.documents import decode_text, extract_document
from factcheck.errors import InputError

BODY = " ".join(
    f"The city council approved a budget of 34,000 dollars for project number {i}." for i in range(12)
)
HTML = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Budget news</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Daily Example">
<meta property="article:published_time" content="2023-04-05T10:00:00Z">
<link rel="canonical" href="https://news.example.org/budget"></head>
<body><nav>Home | Sports | Weather</nav><article><h1>Council approves budget</h1>
<p>{BODY}</p><p>Mayor Ana López said the vote was “historic”.</p></article>
<footer>Copyright footer text</footer></body></html>"""


def test_html_text_and_metadata() -> None:
    doc = extract_document(HTML.encode("utf-8"), filename="page.html")
    assert doc.format == "html"
    assert "approved a budget of 34,000 dollars" in doc.text
    assert "Mayor Ana López" in doc.text
    assert "Home | Sports" not in doc.text
    assert doc.author == "Jane Doe"
    assert doc.outlet == "Daily Example"
    assert doc.published == "2023-04-05"
    assert doc.url == "https://news.example.org/budget"
    assert doc.title


def test_html_chosen_by_content_type_and_by_sniffing() -> None:
    by_type = extract_document(HTML.encode("utf-8"), content_type="text/html; charset=utf-8")
    sniffed = extract_document(HTML.encode("utf-8"))
    assert by_type.format == sniffed.format == "html"
    assert by_type.text == sniffed.text


def test_html_without_text_is_refused() -> None:
    with pytest.raises(InputError, match="no readable article text"):
        extract_document(b"<html><body><script>x()</script></body></html>", filename="a.html")


def test_pdf_generated_by_the_test(pdf_maker) -> None:
    data = pdf_maker(
        ["Unemployment fell to 3.5 percent in 2019.", "Page two (continued)."],
        title="Jobs report", author="Statistics Office", created="D:20200105120000Z",
    )
    doc = extract_document(data, filename="report.pdf")
    assert doc.format == "pdf"
    assert "Unemployment fell to 3.5 percent in 2019." in doc.text
    assert "Page two (continued)." in doc.text
    assert doc.text.index("Unemployment") < doc.text.index("Page two")
    assert (doc.title, doc.author, doc.published) == ("Jobs report", "Statistics Office", "2020-01-05")
    # Sniffed from the magic number even without a name or type.
    assert extract_document(data).format == "pdf"


def test_broken_pdf_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"bad\.pdf"):
        extract_document(b"%PDF-1.4\nthis is not really a pdf", filename="bad.pdf")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Café 34 €".encode(), "Café 34 €"),
        (codecs.BOM_UTF16_LE + "Café 34 €".encode("utf-16-le"), "Café 34 €"),
        (codecs.BOM_UTF16_BE + "Café 34 €".encode("utf-16-be"), "Café 34 €"),
        ("Plain ASCII words here, quite a few of them.".encode("utf-16-le"), "Plain ASCII words here, quite a few of them."),
        ("Plain ASCII words here, quite a few of them.".encode("utf-16-be"), "Plain ASCII words here, quite a few of them."),
        (b"line one\r\nline two\rline three", "line one\nline two\nline three"),
    ],
)
def test_decoding(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_legacy_encoding_falls_back_to_detection() -> None:
    text = "Le président a déclaré que la dépense était élevée et que l'été serait chaud. " * 5
    assert decode_text(text.encode("cp1252")) == text


def test_declared_charset_wins() -> None:
    doc = extract_document("naïve".encode("latin-1"), content_type="text/plain; charset=latin-1")
    assert doc.text == "naïve"


def test_markdown_title() -> None:
    doc = extract_document(b"Intro line\n\n# Annual report 2022\n\nBody text.", filename="r.md")
    assert doc.format == "markdown"
    assert doc.title == "Annual report 2022"
    assert doc.text.startswith("Intro line")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"hello\x00\x01\x02\x03world\xff\xfe", "NUL bytes"),
    ],
)
def test_binary_is_refused_with_a_clear_message(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        extract_document(data, filename="upload.txt")
    assert "upload.txt" in str(info.value)


def test_empty_text_is_refused() -> None:
    with pytest.raises(InputError, match="no text"):
        extract_document(b"  \n ", filename="empty.txt")
