"""CheckThat! 2020 Task 5 metrics (MAP, R-precision, P@k) for the check-worthiness scorer.

Run: ``.venv/bin/python bench/checkworthy.py [--data ../shared/data]``.

Split (fixed, documented, also used by bench/fit_checkworthy.py and the quality gate):
the 50 debates of ``clef2020-checkthat-task5-debates/train.tsv`` sorted by ``debate_id``;
the ones at sorted index i with ``i % 5 == 2`` (10 debates) are held out, the other 40 train.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEBATES_FILE = Path("clef2020-checkthat-task5-debates") / "train.tsv"
KS = (1, 3, 5, 10, 20, 50)

Line = tuple[int, str, str, int]  # line_number, speaker, text, label


def load_debates(data: Path) -> dict[str, list[Line]]:
    """Debate id -> its lines in transcript order."""
    debates: dict[str, list[Line]] = {}
    with open(data / DEBATES_FILE, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for debate_id, line_no, speaker, text, label in reader:
            debates.setdefault(debate_id, []).append((int(line_no), speaker, text, int(label)))
    for lines in debates.values():
        lines.sort(key=lambda row: row[0])
    return debates


def split_debates(ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """(train ids, held-out ids): held out = sorted index % 5 == 2."""
    ordered = sorted(ids)
    held = [d for i, d in enumerate(ordered) if i % 5 == 2]
    return [d for d in ordered if d not in held], held


def ranked_labels(scores: Sequence[float], labels: Sequence[int]) -> list[int]:
    """Labels sorted by score descending (stable: ties keep transcript order)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [labels[i] for i in order]


def average_precision(ranked: Sequence[int]) -> float:
    positives = sum(ranked)
    if not positives:
        return 0.0
    hits, total = 0, 0.0
    for rank, label in enumerate(ranked, 1):
        if label:
            hits += 1
            total += hits / rank
    return total / positives


def r_precision(ranked: Sequence[int]) -> float:
    r = sum(ranked)
    return sum(ranked[:r]) / r if r else 0.0


def reciprocal_rank(ranked: Sequence[int]) -> float:
    return next((1.0 / rank for rank, label in enumerate(ranked, 1) if label), 0.0)


def evaluate(
    debates: dict[str, list[Line]], ids: Sequence[str],
    scorer: Callable[[list[str]], list[float]],
) -> dict[str, float]:
    """Official-style averages over debates: MAP, R-Prec, MRR, P@k."""
    sums: dict[str, float] = {"MAP": 0.0, "R-Prec": 0.0, "MRR": 0.0}
    sums.update({f"P@{k}": 0.0 for k in KS})
    for debate_id in ids:
        lines = debates[debate_id]
        ranked = ranked_labels(scorer([t for _, _, t, _ in lines]), [y for *_, y in lines])
        sums["MAP"] += average_precision(ranked)
        sums["R-Prec"] += r_precision(ranked)
        sums["MRR"] += reciprocal_rank(ranked)
        for k in KS:
            sums[f"P@{k}"] += sum(ranked[:k]) / k
    return {name: value / len(ids) for name, value in sums.items()}


def _row(name: str, metrics: dict[str, float]) -> str:
    return f"{name:<50}" + " ".join(f"{k}={v:.4f}" for k, v in metrics.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if not (args.data / DEBATES_FILE).is_file():
        print(f"no data: {args.data / DEBATES_FILE} is missing; pass --data DIR "
              "(the shared data folder holding clef2020-checkthat-task5-debates/)")
        return 2
    sys.path.insert(0, str(REPO))
    from factcheck.segment.checkworthy import rank_lines, score_sentences

    debates = load_debates(args.data)
    train_ids, held_ids = split_debates(list(debates))
    print(f"held-out debates ({len(held_ids)}): {', '.join(held_ids)}")
    for label, ids in (("HELD-OUT", held_ids), ("TRAINING (fitted on; optimistic)", train_ids)):
        print(_row(f"{label} rank_lines", evaluate(debates, ids, rank_lines)))
        print(_row(f"{label} score_sentences", evaluate(debates, ids, score_sentences)))
    texts = [t for lines in debates.values() for _, _, t, _ in lines]
    score_sentences(texts[:10])
    dt = float("inf")
    for _ in range(3):  # best of 3: the machine may be shared
        t0 = time.perf_counter()
        score_sentences(texts)
        dt = min(dt, time.perf_counter() - t0)
    print(f"speed: {len(texts)} sentences in {dt:.2f}s = {dt / len(texts) * 1e6:.1f} µs/sentence "
          f"({len(texts) / dt:,.0f} sentences/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
