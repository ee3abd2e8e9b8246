"""Encoder throughput against batch size, fp32 and bf16, on real sentences (length-sorted), with a PNG chart.

    python bench/embed_batch.py [--sizes 8,32,64,128,256] [--texts 1024] [--chart PATH]

Texts: sentences of the PolNeAR dev articles (``factcheck.segment.sentences``), or the seed article's
sentences repeated when ../shared/data is absent. Each point encodes the same texts once after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.embed import SentenceTransformerEmbedder  # noqa: E402
from factcheck.segment.sentences import sentences  # noqa: E402

POLNEAR = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"
CACHE = REPO / "bench" / ".cache"


def texts(limit: int) -> tuple[str, list[str]]:
    if POLNEAR.exists():
        articles = [json.loads(line)["text"] for line in POLNEAR.read_text(encoding="utf-8").splitlines()]
        name = "PolNeAR dev sentences"
    else:
        articles = [next((REPO / "seeds").glob("*.txt")).read_text(encoding="utf-8")] * 20
        name = "seed article sentences (repeated)"
    out = [" ".join(a[s:e].split()) for a in articles for s, e in sentences(a)]
    return name, out[:limit]


def chart(rows: list[dict[str, float | str]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for dtype in ("float32", "bfloat16"):
        mine = [r for r in rows if r["dtype"] == dtype]
        ax.plot([r["batch"] for r in mine], [r["per_s"] for r in mine], marker="o", label=dtype)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("batch size (sentences)")
    ax.set_ylabel("sentences / s")
    ax.set_title("all-MiniLM-L6-v2 on this CPU")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="8,32,64,128,256")
    parser.add_argument("--texts", type=int, default=1024)
    parser.add_argument("--chart", type=Path, default=CACHE / "charts" / "embed_batch.png")
    args = parser.parse_args()
    name, sample = texts(args.texts)
    rows: list[dict[str, float | str]] = []
    print(f"{len(sample)} {name}")
    for dtype in ("float32", "bfloat16"):
        embedder = SentenceTransformerEmbedder(dtype=dtype)
        embedder.encode(sample[:64])
        for size in (int(s) for s in args.sizes.split(",")):
            embedder.batch_size = size
            started = time.perf_counter()
            embedder.encode(sample)
            rate = len(sample) / (time.perf_counter() - started)
            rows.append({"dtype": dtype, "batch": size, "per_s": round(rate, 1)})
            print(f"{dtype:<9} batch {size:>4}  {rate:7.1f} sentences/s", flush=True)
    chart(rows, args.chart)
    print(f"chart: {args.chart}")


if __name__ == "__main__":
    main()
