"""Ingest throughput: articles/s, claims/s, embedded sentences/s and peak RSS.

Corpus: the PolNeAR dev texts (../shared/data/polnear/dev.jsonl) when present, otherwise
variations of the seed article. Usage: python bench/ingest.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.embed import SentenceTransformerEmbedder  # noqa: E402
from factcheck.workspace import Workspace  # noqa: E402

POLNEAR_DEV = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"


def corpus(limit: int | None) -> tuple[str, list[str]]:
    if POLNEAR_DEV.exists():
        seen: set[str] = set()
        texts = []
        for line in POLNEAR_DEV.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["doc_id"] not in seen:
                seen.add(record["doc_id"])
                texts.append(record["text"])
        return "PolNeAR dev", texts[:limit]
    seed = next((REPO / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    texts = [seed.replace("Monday", day) + f"\nEdition {i}." for i, day in
             enumerate(["Tuesday", "Wednesday", "Thursday", "Friday"] * 10)]
    return "seed variations", texts[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    name, texts = corpus(args.limit)
    embedder = SentenceTransformerEmbedder(
        expected_sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
    embedder.encode(["warm up"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        ws = Workspace(Path(tmp) / "ws", embedder=embedder)
        started = time.perf_counter()
        reports = ws.ingest([str(folder)])
        elapsed = time.perf_counter() - started
        claims = sum(r.claims for r in reports)
        failed = [r for r in reports if r.status == "error"]
        characters = sum(len(t) for t in texts)
        claim_texts = [c.text for c in ws.claims()]
        started = time.perf_counter()
        embedder.encode(claim_texts)  # the raw model, no cache: sentences embedded per second
        embed_elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus            {name}: {len(texts)} articles, {characters:,} characters")
    print(f"articles/s        {len(texts) / elapsed:.1f}")
    print(f"claims/s          {claims / elapsed:.1f}  ({claims} claims)")
    print(f"embedded sent./s  {len(claim_texts) / embed_elapsed:.1f}  (model only, bf16, no cache)")
    print(f"elapsed           {elapsed:.2f} s")
    print(f"peak RSS          {peak_mb:.0f} MB")
    if failed:
        print(f"failed inputs     {len(failed)}: {failed[0].message}")
        sys.exit(1)


if __name__ == "__main__":
    main()
