"""Old vs new ingest code on the same articles, alternating in one session (wall and CPU seconds).

    python bench/ingest_ab.py --before CHECKOUT [--articles N] [--rounds 2]

CHECKOUT is another checkout of this repository (e.g. ``git worktree add /tmp/before <commit>``); each
round runs ``factcheck ingest`` of the first N PolNeAR dev articles with the old code, then with this one,
each a whole process into a fresh workspace. Alternating cancels slow drifts of a shared machine's load.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import speed_ratios  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not speed_ratios.POLNEAR.exists():
        print(f"skipped: {speed_ratios.POLNEAR} is absent")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        speed_ratios.polnear_articles(folder)
        for path in sorted(folder.iterdir())[args.articles:]:
            path.unlink()
        for _ in range(args.rounds):
            for name, code in (("before", args.before.resolve()), ("after", REPO)):
                speed_ratios.CODE[0] = code
                shutil.rmtree(Path(tmp) / "ws", ignore_errors=True)
                wall, cpu = speed_ratios.run([*speed_ratios.FACTCHECK, "--workspace", f"{tmp}/ws",
                                              "ingest", str(folder)])
                print(f"{name:<7} {wall:6.1f} s wall {cpu:6.1f} s CPU", flush=True)


if __name__ == "__main__":
    main()
