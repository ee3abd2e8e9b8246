"""Feed polling on a local site: first poll (fetch + extract + ingest), a 304 poll, a poll with new entries.

Pages are the PolNeAR dev articles (../shared/data/polnear/dev.jsonl) when present (their
publication_date is the truth for the stored dates), else variations of the seed article. Four
RSS feeds of --entries entries each; the fourth repeats half of the first's stories with
tracking parameters (they must come out as duplicates). Usage: python bench/feeds.py [--entries N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.config import Settings  # noqa: E402
from factcheck.embed import SentenceTransformerEmbedder  # noqa: E402
from factcheck.workspace import Workspace  # noqa: E402
from tests.fetch.localserver import LocalServer, Reply  # noqa: E402

POLNEAR_DEV = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"


def corpus(limit: int) -> list[dict[str, str]]:
    if POLNEAR_DEV.exists():
        seen: dict[str, dict[str, str]] = {}
        for line in POLNEAR_DEV.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            seen.setdefault(record["doc_id"], record)
        return list(seen.values())[:limit]
    seed = next((REPO / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    return [{"doc_id": f"seed-{i}", "text": seed + f"\nEdition {i}.", "title": f"Seed {i}",
             "publication_date": f"2023-10-{i % 28 + 1:02d}", "publisher": "seed"} for i in range(limit)]


def article_page(record: dict[str, str], with_meta: bool) -> Reply:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in record["text"].split("\n") if p.strip())
    meta = (f"<meta property='article:published_time' content='{record['publication_date']}T08:00:00Z'>"
            if with_meta else "")
    html = (f"<html><head><title>{escape(record['title'])}</title>{meta}</head><body><article>"
            f"<h1>{escape(record['title'])}</h1>{paragraphs}</article></body></html>")
    return Reply(200, html.encode(), {"Content-Type": "text/html; charset=utf-8"})


def rss(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(g)}</guid></item>"
                   for t, link, g in items)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench</title>{body}</channel></rss>").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10, help="entries per feed")
    args = parser.parse_args()
    n = args.entries
    records = corpus(3 * n + 3)
    embedder = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256)
    embedder.encode(["warm up"])
    with LocalServer() as server, tempfile.TemporaryDirectory() as tmp:
        links: list[str] = []
        for i, record in enumerate(records):
            # Half the pages carry article:published_time; the others only have the date in the URL.
            y, m, d = record["publication_date"].split("-")
            path = f"/news/{i}" if i % 2 == 0 else f"/{y}/{m}/{d}/story-{i}"
            server.routes[path] = [article_page(record, with_meta=i % 2 == 0)]
            links.append(server.url(path))
        feeds = [[(records[i]["title"], links[i], f"e{i}") for i in range(k * n, (k + 1) * n)] for k in range(3)]
        feeds.append([(t, f"{link}?utm_source=bench&fbclid=x", f"dup-{g}") for t, link, g in feeds[0][: n // 2]])
        settings = Settings().with_overrides(fetch_allowlist=["127.0.0.1"])
        ws = Workspace(Path(tmp) / "ws", settings, embedder=embedder)
        for k, items in enumerate(feeds):
            server.routes[f"/feed{k}.xml"] = [Reply(200, rss(items), {"ETag": f'"{k}-1"'})]
            ws.add_feed(server.url(f"/feed{k}.xml"))
        first = ws.poll_feeds()
        statuses = [e.status for f in first.feeds for e in f.entries]
        print(f"first poll: {len(statuses)} entries ({statuses.count('new')} new, "
              f"{statuses.count('duplicate')} duplicate, {statuses.count('failed')} failed) in "
              f"{first.seconds:.2f} s = {first.seconds / max(1, statuses.count('new')) * 1000:.0f} ms per new article")
        for k in range(4):  # every feed now answers 304 to its ETag
            items = feeds[k]
            server.routes[f"/feed{k}.xml"] = lambda seen, k=k, items=items: (
                Reply(304, b"", {"ETag": f'"{k}-1"'}) if seen.headers.get("if-none-match") == f'"{k}-1"'
                else Reply(200, rss(items), {"ETag": f'"{k}-1"'}))
        second = ws.poll_feeds(force=True)
        print(f"304 poll: {[f.status for f in second.feeds].count('not modified')}/4 not modified in "
              f"{second.seconds * 1000:.0f} ms")
        extra = records[3 * n:3 * n + 3]
        for j, record in enumerate(extra):
            server.routes[f"/new/{j}"] = [article_page(record, with_meta=True)]
        server.routes["/feed1.xml"] = [Reply(200, rss(feeds[1] + [(r["title"], server.url(f"/new/{j}"), f"n{j}")
                                                                  for j, r in enumerate(extra)]), {"ETag": '"1-2"'})]
        third = ws.poll_feeds(force=True)
        print(f"poll with {len(extra)} new entries in one feed: {third.new_articles} new in {third.seconds:.2f} s")
        truth = {r["title"]: r["publication_date"] for r in records}
        stored = [(a.published, truth.get(a.title, "")) for a in ws.articles()]
        exact = sum(p == t for p, t in stored)
        print(f"stored dates: {exact}/{len(stored)} equal to publication_date "
              f"(precision {sorted({a.published_precision for a in ws.articles()})})")


if __name__ == "__main__":
    main()
