"""Publication dates on the PolitiFact ClaimReview records: the old extractor's dates vs the new ones.

Each record's review URL reads /factchecks/2019/oct/30/…, and its datePublished is the truth. The
bench builds a page without date metadata for the record (title, canonical link, the claim as
text), then compares trafilatura's own date (what factcheck stored before) with
factcheck.documents.extract_document (dates at their known precision). URL parsing runs on
every record. Usage: python bench/dates.py [--pages N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.dates import date_from_url  # noqa: E402
from factcheck.documents import extract_document  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "politifact-claimreview" / "claimreview.jsonl"


def page(record: dict[str, object]) -> bytes:
    title = escape(str(record.get("name", "")))
    claim = escape(str(record.get("claimReviewed", "")))
    body = "".join(f"<p>{claim} The statement was reviewed by our reporters, who checked the record "
                   f"and spoke with experts about it.</p>" for _ in range(4))
    return (f"<html><head><title>{title}</title><link rel='canonical' href='{escape(str(record['url']))}'>"
            f"</head><body><article><h1>{title}</h1>{body}</article></body></html>").encode()


def agrees(stated: str, truth: str) -> bool:
    return bool(stated) and truth.startswith(stated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000, help="records whose page is extracted (0 = all)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"data not found at {DATA} (expected ../shared/data beside the repo)")
        return
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r.get("url") and r.get("datePublished")]
    precision: Counter[str] = Counter()
    right = wrong = 0
    for record in records:
        date = date_from_url(str(record["url"]))
        precision[date.precision if date else "none"] += 1
        if date is not None:
            right += agrees(date.iso, str(record["datePublished"]))
            wrong += not agrees(date.iso, str(record["datePublished"]))
    print(f"URL dates, {len(records):,} records: precision {dict(precision)}; agree with datePublished "
          f"{right:,}, disagree {wrong:,}")

    from trafilatura import bare_extraction

    sample = records if args.pages == 0 else records[:args.pages]
    old = Counter[str]()
    new = Counter[str]()
    started = time.perf_counter()
    for record in sample:
        truth = str(record["datePublished"])
        html = page(record)
        before = bare_extraction(html, with_metadata=True)
        stated = str(getattr(before, "date", "") or "")
        old["jan 1 invented" if stated.endswith("-01-01") and not truth.endswith("-01-01")
            else "exact" if stated == truth else "none" if not stated else "other wrong"] += 1
        doc = extract_document(html, content_type="text/html", url=str(record["url"]))
        key = ("none" if not doc.published else
               f"{doc.published_precision} agrees" if agrees(doc.published, truth) else "wrong")
        new[key] += 1
    seconds = time.perf_counter() - started
    print(f"pages, {len(sample):,} records: before (trafilatura date) {dict(old)}")
    print(f"pages, {len(sample):,} records: after (factcheck dates)  {dict(new)}  "
          f"[{seconds / len(sample) * 1000:.1f} ms per page for both extractions]")


if __name__ == "__main__":
    main()
