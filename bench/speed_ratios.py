"""The issue's two ratio rows, each side a whole process, back to back in one run (wall and CPU seconds).

    python bench/speed_ratios.py [--rows ingest,search] [--code CHECKOUT] [--json OUT]

* ingest: ``factcheck ingest`` of the 84 PolNeAR dev articles into a fresh workspace, against a plain
  ``SentenceTransformer.encode`` of their sentences (``factcheck.segment.sentences``; fp32, batch 32).
* search: ``factcheck search --queries`` of the LIAR valid statements (1,284) over the 19,250 PolitiFact
  ClaimReview priors, k=10, against encoding the same statements the same plain way.
``--code`` runs the ``factcheck`` of another checkout (e.g. a worktree of an older commit) for a
before/after comparison in one run. The priors workspace is imported once into bench/.cache/priors19k (reused; delete it to rebuild).
CPU seconds (user + sys of the process and its helpers) are printed too: on a shared machine they are
steadier than wall seconds. Needs ../shared/data (skips with a message when absent).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATA = REPO.parent / "shared" / "data"
POLNEAR = DATA / "polnear" / "dev.jsonl"
LIAR = DATA / "liar" / "valid.tsv"
CLAIMREVIEW = DATA / "politifact-claimreview" / "claimreview.jsonl"
CACHE = REPO / "bench" / ".cache"
FACTCHECK = [sys.executable, "-c", "from factcheck.cli import main; main()"]
PLAIN = """
import sys
from sentence_transformers import SentenceTransformer
from factcheck.embed import bundled_model_path
texts = open(sys.argv[1], encoding="utf-8").read().split("\\n")
model = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
print(len(texts), "texts")
"""


CODE = [REPO]  # the checkout whose factcheck runs (--code)


def run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process (its output discarded, a failure raised)."""
    env = {**os.environ, "PYTHONPATH": str(CODE[0]), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, cwd=REPO)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def polnear_articles(folder: Path) -> list[str]:
    seen: set[str] = set()
    texts = []
    for line in POLNEAR.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["doc_id"] not in seen:
            seen.add(record["doc_id"])
            texts.append(record["text"])
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    return texts


def liar_statements() -> list[tuple[str, str]]:
    with LIAR.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row[0], " ".join(row[2].split())) for row in rows if len(row) > 2 and row[2].strip()]


def priors_workspace() -> Path:
    folder = CACHE / "priors19k"
    if not (folder / "factcheck.sqlite3").exists():
        print(f"importing {CLAIMREVIEW.name} into {folder} (once) ...", flush=True)
        run([*FACTCHECK, "--workspace", str(folder), "import", "claimreview", str(CLAIMREVIEW)])
    return folder


def row(name: str, ours: tuple[float, float], plain: tuple[float, float], target: float) -> dict[str, object]:
    return {"work": name, "factcheck_s": round(ours[0], 2), "plain_s": round(plain[0], 2),
            "ratio": round(ours[0] / plain[0], 2), "factcheck_cpu_s": round(ours[1], 2),
            "plain_cpu_s": round(plain[1], 2), "cpu_ratio": round(ours[1] / plain[1], 2), "target": target}


def ingest_row(tmp: Path) -> dict[str, object]:
    from factcheck.segment.sentences import sentences

    texts = polnear_articles(tmp / "articles")
    sents = [" ".join(t[s:e].split()) for t in texts for s, e in sentences(t)]
    (tmp / "sentences.txt").write_text("\n".join(sents), encoding="utf-8")
    ours = run([*FACTCHECK, "--workspace", str(tmp / "ws-ingest"), "ingest", str(tmp / "articles")])
    plain = run([sys.executable, "-c", PLAIN, str(tmp / "sentences.txt")])
    return row(f"factcheck ingest of {len(texts)} PolNeAR articles vs encode of {len(sents):,} sentences",
               ours, plain, 0.5)


def search_row(tmp: Path) -> dict[str, object]:
    statements = liar_statements()
    (tmp / "queries.tsv").write_text("".join(f"{qid}\t{text}\n" for qid, text in statements), encoding="utf-8")
    (tmp / "statements.txt").write_text("\n".join(t for _, t in statements), encoding="utf-8")
    ws = tmp / "ws-priors"
    shutil.copytree(priors_workspace(), ws)
    ours = run([*FACTCHECK, "--workspace", str(ws), "search", "-k", "10", "--queries", str(tmp / "queries.tsv")])
    plain = run([sys.executable, "-c", PLAIN, str(tmp / "statements.txt")])
    return row(f"factcheck search --queries of {len(statements):,} LIAR statements over 19,250 priors "
               "vs encode of them", ours, plain, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="ingest,search")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose factcheck to run")
    args = parser.parse_args()
    CODE[0] = args.code.resolve()
    if not (POLNEAR.exists() and LIAR.exists() and CLAIMREVIEW.exists()):
        print(f"skipped: the PolNeAR, LIAR and PolitiFact ClaimReview data are not under {DATA}")
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.rows.split(","):
            rows.append({"ingest": ingest_row, "search": search_row}[name](Path(tmp)))
    print(f"factcheck from {CODE[0]}")
    print(f"{'work':<96} {'factcheck':>10} {'plain':>8} {'ratio':>6} {'cpu ratio':>9} {'target':>6}")
    for r in rows:
        print(f"{r['work']:<96} {r['factcheck_s']:>9.1f}s {r['plain_s']:>7.1f}s {r['ratio']:>6.2f} "
              f"{r['cpu_ratio']:>9.2f} {'≤ ' + str(r['target']):>6}")
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
