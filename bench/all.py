"""`make bench`: every speed bench of issue 16 in one run, ONE combined table, PNG charts.

    python bench/all.py [--quick]

Runs, one after another (each side of a comparison a whole process, back to back): the two ratio
rows (bench/speed_ratios.py), the bulk imports (bench/bulk_import.py), one-shot search and app start
(bench/cold_start.py, bench/serve_start.py), similar_claims / vector search by size
(bench/similar_scale.py) and encoder throughput by batch size (bench/embed_batch.py). Prints one
table (work, factcheck figure, baseline in the same run, ratio, target) with wall and CPU seconds,
and writes the charts to bench/.cache/charts/ (git-ignored). --quick: 1,000 records and pages
instead of 19,250, sizes 10k and 100k only, fewer runs (about 10 minutes on a quiet machine).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHARTS = REPO / "bench" / ".cache" / "charts"


def bench(name: str, *args: str, out: Path | None = None) -> object:
    """Run bench/NAME.py (its own output shown); its --json figures when ``out`` is given."""
    argv = [sys.executable, str(REPO / "bench" / f"{name}.py"), *args]
    if out is not None:
        argv += ["--json", str(out)]
    print(f"== {' '.join(argv[1:])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    print(f"   ({time.perf_counter() - started:.0f} s, exit {done.returncode})", flush=True)
    if out is None or done.returncode != 0 or not out.exists():
        return None
    return json.loads(out.read_text(encoding="utf-8"))


def table(rows: list[tuple[str, str, str, str, str]]) -> str:
    head = ("work", "factcheck", "baseline (same run)", "ratio", "target")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scale-json", type=Path, default=None,
                        help="take the similar_scale rows from this earlier `similar_scale.py --json` run")
    args = parser.parse_args()
    quick = args.quick
    CHARTS.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        ratios = bench("speed_ratios", out=t / "ratios.json") or []
        for r in ratios:  # type: ignore[union-attr]
            rows.append((str(r["work"]), f"{r['factcheck_s']:.1f} s ({r['factcheck_cpu_s']:.1f} CPU-s)",
                         f"{r['plain_s']:.1f} s ({r['plain_cpu_s']:.1f} CPU-s)",
                         f"{r['ratio']:.2f} (CPU {r['cpu_ratio']:.2f})", f"≤ {r['target']}"))
        n = "1000" if quick else "19250"
        for r in bench("bulk_import", "--records", n, "--pages", n, out=t / "bulk.json") or []:  # type: ignore[union-attr]
            ours, plain = r["ours"], r["plain"]
            rows.append((str(r["work"]), f"{ours[0]:.1f} s = {r['rate']:.0f} {r['unit']} ({ours[1]:.1f} CPU-s, "
                         f"{ours[2]:.0f} MB)", f"encode: {plain[0]:.1f} s ({plain[1]:.1f} CPU-s)",
                         f"{ours[0] / plain[0]:.2f} (CPU {ours[1] / plain[1]:.2f})", f"≥ {r['target']} {r['unit']}"))
        cold = bench("cold_start", "--runs", "3" if quick else "5", out=t / "cold.json")
        if isinstance(cold, dict):
            rows.append((f"one-shot `factcheck search`, {cold['claims']:,.0f} claims + 19,250 priors",
                         f"{cold['wall_median']:.2f} s wall ({cold['cpu_median']:.2f} CPU-s), load {cold['load']:.1f}",
                         "", "", "≤ 2.5 s"))
        serve = bench("serve_start", "--runs", "1" if quick else "3", out=t / "serve.json")
        if isinstance(serve, dict):
            rows.append(("`factcheck serve` → Review page usable in Chromium (100k claims)",
                         f"{serve['usable']:.1f} s (health {serve['health']:.1f} s, model {serve['model']:.1f} s)",
                         f"browser start {serve['browser'] - serve['health']:.1f} s", "",
                         f"≤ 5 s (load {serve['load']:.1f})"))
        sizes = "10000,100000" if quick else "10000,100000,1000000"
        if args.scale_json is not None:
            print(f"== similar_scale rows from {args.scale_json} (an earlier run)")
            scale = json.loads(args.scale_json.read_text(encoding="utf-8"))
        else:
            scale = bench("similar_scale", "--sizes", sizes, "--probes", "100" if quick else "200",
                          "--chart", str(CHARTS / "similar_scale.png"), out=t / "scale.json") or []
        for r in scale:  # type: ignore[union-attr]
            size = f"{r['claims']:,.0f} claims"
            rows.append((f"similar_claims k=10 + explanations p99, {size}", f"{r['similar_p99_ms']:.1f} ms",
                         "", "", "≤ 25 ms at 1M"))
            rows.append((f"vector search p99, {size}", f"{r['search_p99_ms']:.2f} ms, recall@10 {r['recall_at_10']:.3f}",
                         f"exact flat: {r['exact_p99_ms']:.1f} ms", f"{r['search_p99_ms'] / r['exact_p99_ms']:.2f}",
                         "≤ 5 ms, recall ≥ 0.98 at 1M"))
            rows.append((f"claim index resident, {size}", f"{r['index_mb']:,.0f} MB"
                         + (f", approximate layer built in {r['build_s']:.0f} s" if r["approximate"] else ", exact"),
                         "", "", "≤ 2 GB at 1M"))
        bench("embed_batch", "--texts", "512" if quick else "1024", "--chart", str(CHARTS / "embed_batch.png"))
    print()
    print(table(rows))
    print(f"\ncharts in {CHARTS}: similar_scale.png, embed_batch.png")


if __name__ == "__main__":
    main()
