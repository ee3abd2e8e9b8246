"""Generator of hostile and broken article inputs, written at test time into a temp folder."""

from __future__ import annotations

import codecs
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OK = "ok"  # must be ingested
ERROR = "error"  # must be refused with one message naming the input and matching ``reason``
EITHER = "either"  # may be ingested or refused, but never crash, hang or leak memory

SENTENCE = "Mayor Ana López said the city budget rose by 4 percent in 2023."
QUOTED = '"We will not raise taxes this year," the minister said on Tuesday.'
BODY = f"{SENTENCE}\n\n{QUOTED}\n\nThe report found that 3,400 jobs were created in the region."


@dataclass(frozen=True)
class CorpusFile:
    """One generated input: where it is, its class, what must happen, and why."""

    path: Path
    cls: str
    expect: str
    reason: str = ""  # regex the error message must match (ERROR only)
    contains: str = ""  # text the stored article must contain (OK only)
    big: bool = False


@dataclass(frozen=True)
class _Spec:
    name: str
    cls: str
    expect: str
    write: Callable[[Path], None]
    reason: str = ""
    contains: str = ""
    big: bool = False


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


def _chunked(line: bytes, total: int, *, newline: bool) -> Callable[[Path], None]:
    """Write ``total`` bytes by repeating ``line`` in 1 MB chunks (the test process stays small)."""

    def write(path: Path) -> None:
        unit = line + (b"\n" if newline else b" ")
        chunk = unit * max(1, (1 << 20) // len(unit))
        with path.open("wb") as handle:
            written = 0
            while written < total:
                part = chunk[: total - written]
                handle.write(part)
                written += len(part)

    return write


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _random_binary(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


def _nested_html(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + f"<p>{SENTENCE}</p>" * 3
            + "</div>" * depth + "</body></html>")


def _entities_html() -> str:
    para = ("The minister said &ldquo;we spent &pound;4&nbsp;million&rdquo; &amp; "
            "&#x201C;nothing else&#x201D; &lt;really&gt; &#8212; on 12&thinsp;schools &hellip;")
    return ("<html><head><title>Entities &amp; more</title></head><body><article>"
            + "".join(f"<p>{para} Paragraph &#{48 + i % 10};.</p>" for i in range(30))
            + "</article></body></html>")


def _scripts_html() -> str:
    return ("<html><head><script>var a = 'He said \"x\"';</script></head><body>"
            + "<script>document.write('<p>fake</p>')</script>" * 50
            + "<noscript></noscript></body></html>")


def _long_article(paragraphs: int) -> str:
    """Many paragraphs drawn from a small pool of sentences (distinct texts stay few: cheap to embed)."""
    pool = [f"Official {n} said the deficit grew by {n} percent last year." for n in range(40)]
    pool += [f'"We have hired {n} new nurses," the health minister said.' for n in range(40)]
    return "\n\n".join(pool[i % len(pool)] for i in range(paragraphs))


def specs(*, large: bool = True) -> list[_Spec]:
    """Every input of the corpus; ``large`` adds the 100 MB and 10 MB files."""
    rtl = ("قال الوزير \"لن نرفع الضرائب هذا العام\" يوم الثلاثاء.\n\n"
           "אמר השר: \"לא נעלה מסים השנה\".\n\n" + SENTENCE)
    emoji = ("The minister 👩🏽‍⚕️ said \"costs rose 4% 📈\" on Tuesday. 🇫🇷🏳️‍🌈\n\n"
             "Zalgo: t̷̢̛e̴͙̓x̶̰̾t̸̗̀ and cafe\u0301 and \u200bzero\u200dwidth and \ufeffbom inside.\n\n" + SENTENCE)
    quotes = ('He said "the budget is fine.\n\n'
              "She replied \" and then ' and “ ” ‘ ’ « » „ stray marks everywhere.\n\n"
              '"""Triple quotes""" and "unclosed at the end of the text\n\n'
              "“Nested ‘quotes “inside” quotes’ here,” said Mr Smith.\n\n" + SENTENCE)
    items = [
        _Spec("empty.txt", "empty", ERROR, _bytes(b""), r"empty|no (article )?text"),
        _Spec("whitespace.txt", "empty", ERROR, _text(" \n\t\r\n   \u3000\n"), r"empty|no (article )?text"),
        _Spec("image.txt", "binary", ERROR, _bytes(_png()), r"PNG|binary|not text"),
        _Spec("photo.md", "binary", ERROR, _bytes(b"\xff\xd8\xff\xe0" + _random_binary(1, 4000)),
              r"JPEG|binary|not text"),
        _Spec("image.html", "binary", ERROR, _bytes(_png()), r"PNG|binary|not text|no readable"),
        _Spec("random.txt", "binary", ERROR, _bytes(_random_binary(2, 20_000)), r"binary|NUL|encoding"),
        _Spec("archive.json", "binary", ERROR, _bytes(b"PK\x03\x04" + _random_binary(3, 2000)),
              r"JSON|UTF-8"),
        _Spec("invalid-utf8.txt", "encoding", EITHER,
              _bytes(BODY.encode() + b"\n\nbad bytes \xff\xfe\xc3\x28 \x80 here.\n"), r"encoding|binary"),
        _Spec("utf16-bom.txt", "encoding", OK, _bytes(codecs.BOM_UTF16_LE + BODY.encode("utf-16-le")),
              contains=SENTENCE),
        _Spec("utf16le-nobom.txt", "encoding", OK, _text(BODY, "utf-16-le"), contains=SENTENCE),
        _Spec("utf16be-nobom.txt", "encoding", OK, _text(BODY, "utf-16-be"), contains=SENTENCE),
        _Spec("latin1.txt", "encoding", OK,
              _text("Le ministre a déclaré que la dépense était « énorme », déjà 4 %. Ça coûte cher.\n\n"
                    "Mayor Ana López said the city budget rose by 4 percent in 2023.", "latin-1"),
              contains="Mayor Ana López said"),
        _Spec("nul-bytes.txt", "encoding", ERROR,
              _bytes(SENTENCE.encode() + b"\x00\x00 hidden \x00" + SENTENCE.encode()), r"NUL|binary"),
        _Spec("scripts-only.html", "html", ERROR, _text(_scripts_html()), r"no readable article text|no article text"),
        _Spec("nested.html", "html", EITHER, _text(_nested_html(5000)), r"no readable|no article text"),
        _Spec("entities.html", "html", OK, _text(_entities_html()), contains="“we spent £4"),
        _Spec("rtl.txt", "unicode", OK, _text(rtl), contains="אמר השר"),
        _Spec("emoji-combining.md", "unicode", OK, _text(emoji), contains="👩🏽‍⚕️"),
        _Spec("quotes.txt", "quotes", OK, _text(quotes), contains="stray marks"),
        _Spec("10000-paragraphs.txt", "long", OK, _text(_long_article(10_000)), contains="Official 39"),
        _Spec("truncated.json", "json", ERROR, _text('{"text": "He said hello", "title": '), r"not valid JSON"),
        _Spec("wrong-types.json", "json", ERROR,
              _text(json.dumps({"text": 42, "title": ["x"], "author": {"name": 5}})), r"text"),
        _Spec("list-of-junk.json", "json", ERROR, _text(json.dumps([1, "two", None, []])), r"JSON object"),
        _Spec("bad-line.jsonl", "json", ERROR,
              _text(json.dumps({"text": SENTENCE + " jsonl"}) + "\n{not json}\n"), r"line 2"),
        _Spec("good.jsonl", "json", OK,
              _text("\n".join(json.dumps({"text": f"{SENTENCE} Record {i}.", "title": f"R{i}",
                                          "author": {"name": "Desk"}, "date": 2023})
                              for i in range(3)) + "\n"), contains="Record 1"),
        _Spec("claimreview-wrong-types.json", "json", EITHER,
              _text(json.dumps({"@type": "ClaimReview", "claimReviewed": 7,
                                "reviewRating": "False", "itemReviewed": [1, 2], "text": None})),
              r"text|ClaimReview"),
        _Spec("a..b.txt", "filename", OK, _text(BODY + " dots"), contains="dots"),
        _Spec("name with  spaces.txt", "filename", OK, _text(BODY + " spaces"), contains="spaces"),
        _Spec("ñandú 記事 статья.txt", "filename", OK, _text(BODY + " unicode name"), contains="unicode name"),
        _Spec("-leading-dash.txt", "filename", OK, _text(BODY + " dash"), contains="dash"),
        _Spec("no-extension", "filename", ERROR, _text(BODY), r"unsupported file type"),
        _Spec("report.exe.txt", "filename", ERROR, _bytes(b"MZ\x90\x00" + _random_binary(4, 3000)),
              r"executable|binary"),
    ]
    if large:
        items += [
            _Spec("big-100mb.txt", "size", ERROR, _chunked(SENTENCE.encode(), 100 * 1000 * 1000, newline=True),
                  r"larger than the .* limit", big=True),
            _Spec("one-line-10mb.txt", "size", EITHER,
                  _chunked(b"word", 10 * 1000 * 1000, newline=False), r"too long|limit", big=True),
        ]
    return items


def write_corpus(folder: Path, *, large: bool = True, classes: set[str] | None = None) -> list[CorpusFile]:
    """Write the corpus into ``folder`` (created); returns one entry per file."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs(large=large):
        if classes is not None and spec.cls not in classes:
            continue
        path = folder / spec.name
        spec.write(path)
        written.append(CorpusFile(path, spec.cls, spec.expect, spec.reason, spec.contains, spec.big))
    return written


def dotdot_path(folder: Path) -> Path:
    """A path through ``..`` that still names a real article (sub/../x.txt)."""
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    target = folder / "via-dotdot.txt"
    target.write_text(BODY + " via dotdot", encoding="utf-8")
    return folder / "sub" / ".." / "via-dotdot.txt"


def counts_by_class(files: list[CorpusFile]) -> dict[str, int]:
    return dict(sorted(Counter(f.cls for f in files).items()))


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def one_line(message: str) -> bool:
    """A message is one clean line: no newline, no terminal escape sequences."""
    return "\n" not in message and not _ANSI.search(message)
