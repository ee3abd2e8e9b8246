"""Reading inputs: file types, folders, JSON records, encodings, bad input and URLs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.ingest import expand_inputs, read_input
from tests.conftest import SEED_ARTICLE

SETTINGS = Settings()
ARTICLE_HTML = b"""<html><head><title>Vote fails</title>
<meta name="author" content="Jane Reporter"><meta property="article:published_time" content="2023-10-16">
</head><body><nav>Home | World</nav><article><h1>Vote fails at the council</h1>
<p>On Monday, the UN Security Council rejected the draft resolution proposed by Russia by a vote of five to four.</p>
<p>\xe2\x80\x9cThe civilian casualties will be absolutely unacceptable,\xe2\x80\x9d the president said on Friday at a summit.</p>
<p>China, the United Arab Emirates, Mozambique and Gabon joined Russia in voting in favor of the resolution.</p>
</article><footer>Copyright 2023</footer></body></html>"""


def test_txt_is_read_unchanged():
    [article] = read_input(str(SEED_ARTICLE), SETTINGS)
    assert article.text == SEED_ARTICLE.read_text(encoding="utf-8")


def test_folder_is_expanded_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("x")
    (tmp_path / "one.txt").write_text("x")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("x")
    assert [p.rsplit("/", 2)[-1] for p in expand_inputs([str(tmp_path)])] == ["two.md", "one.txt"]


def test_html_file_keeps_metadata_and_drops_boilerplate(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE_HTML)
    [article] = read_input(str(page), SETTINGS)
    assert "Security Council rejected" in article.text
    assert "Home | World" not in article.text
    assert article.title and article.author == "Jane Reporter"
    assert article.published.startswith("2023-10-16")


def test_json_and_jsonl_records(tmp_path):
    one = tmp_path / "a.json"
    one.write_text(json.dumps({"text": "Body one.", "title": "T1", "url": "https://x.test/1",
                               "publisher": {"name": "Outlet"}, "date": "2024-01-02"}))
    many = tmp_path / "b.jsonl"
    many.write_text(json.dumps({"text": "Body two."}) + "\n\n" + json.dumps({"text": "Body three."}) + "\n")
    [a] = read_input(str(one), SETTINGS)
    assert (a.title, a.url, a.outlet, a.published) == ("T1", "https://x.test/1", "Outlet", "2024-01-02")
    assert [x.text for x in read_input(str(many), SETTINGS)] == ["Body two.", "Body three."]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("bad.json", b"{oops", "not valid JSON"),
    ("list.json", b'[{"text": 3}]', '"text" field'),
    ("bad.jsonl", b'{"text": "ok"}\n{oops\n', "line 2"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.txt"),
    ("nul.txt", b"abc\x00\x00\x00def" * 20, "nul.txt"),
    ("blank.md", b"  \n\t\n", "no text"),
    ("notes.docx", b"PK\x03\x04", "unsupported file type"),
])
def test_bad_files_get_one_clear_message(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_input(str(path), SETTINGS)
    message = str(info.value)
    assert reason in message and "\n" not in message


def test_non_utf8_text_is_decoded(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le président a déclaré que la réforme était nécessaire pour l'économie.".encode("latin-1"))
    [article] = read_input(str(latin), SETTINGS)
    assert "président" in article.text
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("“Quoted,” she said.".encode("utf-16"))
    assert read_input(str(utf16), SETTINGS)[0].text == "“Quoted,” she said."


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(2_000_000)
    with pytest.raises(InputError, match="larger than"):
        read_input(str(big), Settings().with_overrides(max_article_bytes=1_000_000))


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/article":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(ARTICLE_HTML)
        elif self.path == "/empty":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><script>var x=1;</script></body></html>")
        elif self.path == "/boom":
            self.send_response(500)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_ingest_and_failures(server, workspace):
    workspace.settings = workspace.settings.with_overrides(fetch_allowlist=["127.0.0.1"])
    reports = workspace.ingest([f"{server}/article", f"{server}/missing", f"{server}/boom",
                                f"{server}/empty", "http://127.0.0.1:9/unreachable"])
    statuses = [r.status for r in reports]
    assert statuses == ["added", "error", "error", "error", "error"]
    assert "404" in reports[1].message and "500" in reports[2].message
    assert "article text" in reports[3].message
    article = workspace.article(reports[0].article_id)
    assert article.url == f"{server}/article" and article.author == "Jane Reporter"


def test_private_urls_are_refused_without_allowlist(server, workspace):
    [report] = workspace.ingest([f"{server}/article"])
    assert report.status == "error" and "127.0.0.1" in report.message


def test_pdf_article_is_ingested(tmp_path):
    from tests.sources.conftest import make_pdf

    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(["Unemployment fell to 3.5% in May, the ministry said."], title="Jobs"))
    [article] = read_input(str(path), SETTINGS)
    assert "Unemployment fell to 3.5% in May" in article.text and article.title == "Jobs"
