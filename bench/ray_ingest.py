"""Ray ingest scaling: `factcheck ingest --engine ray` of the PolNeAR dev articles with 1 and 2 embedding actors.

    python bench/ray_ingest.py [--workers 1,2] [--cpus 2] [--limit N]

Each run is a whole process on a local Ray (``--ray-cpus``) into a fresh workspace, wall seconds (Ray's
worker processes are not the driver's children, so their CPU time is not counted);
a plain ``factcheck ingest`` of the same files runs first in the same session for the ratio. Needs the
optional extra (``pip install "factcheck[scale]"``) and ../shared/data (skips with a message otherwise).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.speed_ratios import FACTCHECK, POLNEAR, polnear_articles, run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if importlib.util.find_spec("ray") is None:
        print('skipped: Ray is not installed (pip install "factcheck[scale]")')
        return
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} is absent")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        texts = polnear_articles(folder)
        if args.limit:
            for path in sorted(folder.iterdir())[args.limit:]:
                path.unlink()
            texts = texts[:args.limit]
        plain = run([*FACTCHECK, "--workspace", f"{tmp}/plain", "ingest", str(folder)])
        print(f"{len(texts)} PolNeAR articles; plain ingest {plain[0]:.1f} s wall, {plain[1]:.1f} s CPU")
        for workers in (int(w) for w in args.workers.split(",")):
            wall, _ = run([*FACTCHECK, "--workspace", f"{tmp}/ray{workers}", "ingest", "--engine", "ray",
                             "--ray-cpus", str(args.cpus), "--ray-workers", str(workers), str(folder)])
            print(f"ray, {args.cpus} CPUs, {workers} embedding actor(s): {wall:.1f} s wall "
                  f"({wall / plain[0]:.2f} x plain)", flush=True)


if __name__ == "__main__":
    main()
