"""Bulk imports as a user runs them: ClaimReview import and `sources add`, each against plain encoding.

    python bench/bulk_import.py [--records 19250] [--pages 19250] [--json OUT]

* claimreview: `factcheck import claimreview` of the first --records PolitiFact ClaimReview records
  (../shared/data/politifact-claimreview) into a fresh workspace, against a plain
  `SentenceTransformer.encode` (fp32, batch 32) of the texts it must embed (claim + title per record).
* sources: `factcheck sources add` of --pages one-paragraph PolitiFact pages (the CheckThat! 2021 2B
  fact-check excerpts with their titles, one .txt file each) into a fresh workspace, against the plain
  encode of the page texts.
Each side is a whole process, back to back; wall and CPU seconds, records (pages) per second, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data"
CLAIMREVIEW = DATA / "politifact-claimreview" / "claimreview.jsonl"
VCLAIMS = DATA / "clef2021-checkthat-task2b-en" / "vclaims.jsonl"
FACTCHECK = [sys.executable, "-c", "from factcheck.cli import main; main()"]
PLAIN = """
import sys
from sentence_transformers import SentenceTransformer
from factcheck.embed import bundled_model_path
texts = open(sys.argv[1], encoding="utf-8").read().split("\\n")
model = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
"""


def run(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one whole process."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, cwd=REPO)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), after.ru_maxrss / 1024


def claimreview_row(tmp: Path, records: int) -> dict[str, object]:
    lines = CLAIMREVIEW.read_text(encoding="utf-8").splitlines()[:records]
    (tmp / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = [json.loads(line) for line in lines]
    texts = [r["claimReviewed"] for r in parsed] + [r["name"] for r in parsed if r.get("name")]
    (tmp / "cr_texts.txt").write_text("\n".join(" ".join(t.split()) for t in texts), encoding="utf-8")
    ours = run([*FACTCHECK, "--workspace", str(tmp / "ws-cr"), "import", "claimreview", str(tmp / "records.jsonl")])
    plain = run([sys.executable, "-c", PLAIN, str(tmp / "cr_texts.txt")])
    return {"work": f"import claimreview, {len(lines):,} records ({len(texts):,} texts)", "n": len(lines),
            "ours": ours, "plain": plain, "rate": len(lines) / ours[0], "unit": "records/s", "target": 400}


def sources_row(tmp: Path, pages: int) -> dict[str, object]:
    folder = tmp / "pages"
    folder.mkdir()
    rows = [json.loads(line) for line in VCLAIMS.read_text(encoding="utf-8").splitlines()[:pages]]
    texts = []
    for n, row in enumerate(rows):
        text = f"{row['title']}\n\n{row['text_excerpt']}"
        (folder / f"{n:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(" ".join(text.split()))
    (tmp / "pages.txt").write_text("\n".join(texts), encoding="utf-8")
    ours = run([*FACTCHECK, "--workspace", str(tmp / "ws-src"), "sources", "add", str(folder)])
    plain = run([sys.executable, "-c", PLAIN, str(tmp / "pages.txt")])
    return {"work": f"sources add, {len(rows):,} one-paragraph pages", "n": len(rows), "ours": ours,
            "plain": plain, "rate": len(rows) / ours[0], "unit": "pages/s", "target": 100}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=19250)
    parser.add_argument("--pages", type=int, default=19250)
    parser.add_argument("--rows", default="claimreview,sources")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not (CLAIMREVIEW.exists() and VCLAIMS.exists()):
        print(f"skipped: needs {CLAIMREVIEW} and {VCLAIMS}")
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if "claimreview" in args.rows:
            rows.append(claimreview_row(Path(tmp), args.records))
        if "sources" in args.rows:
            rows.append(sources_row(Path(tmp), args.pages))
    for r in rows:
        ours, plain = r["ours"], r["plain"]
        assert isinstance(ours, tuple) and isinstance(plain, tuple)
        print(f"{r['work']}: {ours[0]:.1f} s wall ({r['rate']:.0f} {r['unit']}), {ours[1]:.1f} CPU-s, "
              f"peak RSS {ours[2]:.0f} MB; plain encode {plain[0]:.1f} s wall, {plain[1]:.1f} CPU-s; "
              f"ratio {ours[0] / plain[0]:.2f} (CPU {ours[1] / plain[1]:.2f})", flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
