"""Hostile article text is shown literally: no fetch to the test's server, no script, no live link."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from playwright.sync_api import Page, expect

from factcheck.workspace import Workspace
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


class Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def trap() -> str:
    """A server on 127.0.0.1 that records every request the browser might make to it."""
    Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def hostile_article(trap: str) -> tuple[str, str]:
    quote = (f'![pixel]({trap}/quote.png) is <b>bold</b> and $\\frac{{1}}{{2}}$ '
             f'[click]({trap}/quote-link)')
    text = "\n".join([
        f"# Heading? ![tracker]({trap}/pixel.png) [link]({trap}/link) <img src=\"{trap}/img.png\">",
        f"<script>window.__pwned = 1; fetch('{trap}/script')</script> :red[colour] **bold** $x^2$",
        f"The minister said \"{quote}\" at the press conference on Monday.",
        f"[js](javascript:window.__pwned=2) <a href=\"{trap}/anchor\">anchor</a> &lt;escaped&gt; "
        f"<iframe src=\"{trap}/frame\"></iframe> ~~strike~~ | table | row |",
    ])
    return text, quote


def shown(locator) -> str:
    """The text a reader sees (word joiners that stop autolinking are invisible)."""
    return (locator.inner_text() or "").replace("\u2060", "").replace("\xa0", " ")


def test_hostile_text_is_shown_literally(page: Page, serve_app, trap: str, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    text, _quote = hostile_article(trap)
    ws = Workspace(folder)
    report = ws.ingest_text(text, label="hostile.txt", title=f"![t]({trap}/title.png) <b>T</b>",
                            outlet=f"[outlet]({trap}/outlet)", url="javascript:alert(1)")
    assert report.status == "added", report
    claim = next(c for c in ws.claims() if "pixel" in c.text)
    count = len(ws.claims())
    ws.close()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(serve_app(folder))
    page.get_by_label("Your name (recorded with verdicts)").fill("Ana")
    page.keyboard.press("Tab")
    # Open the claim with the hostile quote (through the queue: it is the only article).
    main = page.locator("[data-testid='stMain']")
    card = page.locator(".st-key-review-claim")
    expect(card).to_be_visible(timeout=60_000)
    for _ in range(count):
        if claim.text[:20] in shown(card):
            break
        page.get_by_role("button", name="Next").click()
        page.wait_for_timeout(500)
    page.get_by_text("Whole article").click()
    expect(main).to_contain_text("Whole article")
    page.wait_for_timeout(1000)
    context = shown(page.locator(".st-key-review-context"))
    assert f"![pixel]({trap}/quote.png) is <b>bold</b> and $\\frac{{1}}{{2}}$" in context
    assert "<script>window.__pwned = 1;" in context
    everything = shown(main)
    for literal in (f"![tracker]({trap}/pixel.png) [link]({trap}/link) <img src=\"{trap}/img.png\">",
                    ":red[colour] **bold** $x^2$", "[js](javascript:window.__pwned=2)",
                    f"<iframe src=\"{trap}/frame\"></iframe> ~~strike~~ | table | row |",
                    "&lt;escaped&gt;", f"![t]({trap}/title.png) <b>T</b>",
                    "javascript:alert(1)"):  # the last: the article's link, shown as text
        assert literal in everything, literal
    screenshot(page, "hostile-review")
    page.wait_for_timeout(1000)

    port = trap.rsplit(":", 1)[1]
    assert page.locator(f"img[src*='{port}'], iframe[src*='{port}']").count() == 0
    anchors = page.locator(f"a[href*='{port}'], a[href^='javascript']")
    assert anchors.count() == 0, anchors.evaluate_all('els => els.slice(0, 4).map(e => e.outerHTML + " IN " + e.parentElement.outerHTML.slice(0, 300))')
    assert page.locator(".katex, math").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert [u for u in requests if f":{port}" in u] == []
    assert Recorder.hits == []
