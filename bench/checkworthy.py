"""CheckThat! 2020 Task 5 metrics (MAP, R-precision, P@k) for the check-worthiness scorer.

Run: ``PYTHONPATH=. .venv/bin/python bench/checkworthy.py [--data ../shared/data]``.
Prints the old (model-free) and new (learned head) scorers side by side, then the speed.

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


def evaluate_debates(
    debates: dict[str, list[Line]], ids: Sequence[str],
    score_debate: Callable[[str], Sequence[float]],
) -> dict[str, float]:
    """Official-style averages over debates (MAP, R-Prec, MRR, P@k) of per-debate scores."""
    sums: dict[str, float] = {"MAP": 0.0, "R-Prec": 0.0, "MRR": 0.0}
    sums.update({f"P@{k}": 0.0 for k in KS})
    for debate_id in ids:
        lines = debates[debate_id]
        ranked = ranked_labels(score_debate(debate_id), [y for *_, y in lines])
        sums["MAP"] += average_precision(ranked)
        sums["R-Prec"] += r_precision(ranked)
        sums["MRR"] += reciprocal_rank(ranked)
        for k in KS:
            sums[f"P@{k}"] += sum(ranked[:k]) / k
    return {name: value / len(ids) for name, value in sums.items()}


def evaluate(
    debates: dict[str, list[Line]], ids: Sequence[str],
    scorer: Callable[[list[str]], list[float]],
) -> dict[str, float]:
    """``evaluate_debates`` for a scorer of a debate's texts alone."""
    return evaluate_debates(debates, ids, lambda d: scorer([t for _, _, t, _ in debates[d]]))


def _row(name: str, metrics: dict[str, float]) -> str:
    return f"{name:<44}" + " ".join(f"{k}={v:.4f}" for k, v in metrics.items())


def _side_by_side(old: dict[str, float], new: dict[str, float]) -> str:
    rows = [f"{'metric':<8}{'old (lexical)':>15}{'new (learned)':>15}"]
    rows += [f"{k:<8}{old[k]:>15.4f}{new[k]:>15.4f}" for k in ("MAP", "R-Prec", "P@10", "MRR")]
    return "\n".join(rows)


def learned_scorer(debates: dict[str, list[Line]],
                   ids: Sequence[str] | None = None) -> Callable[[str], list[float]]:
    """Debate id -> the learned head's scores (speakers and neighbours from the transcript).

    Encodes the lines of ``ids`` (default: every debate) once, cached in bench/.cache.
    """
    from bench.checkworthy_data import encode_cached
    from factcheck.config import Settings
    from factcheck.segment.checkworthy_head import load_head, score_lines

    order = sorted(ids if ids is not None else debates)
    name = "debates" if len(order) == len(debates) else f"debates{len(order)}"
    vectors = encode_cached([t for d in order for _, _, t, _ in debates[d]], name)
    head = load_head(Settings().checkworthy_sha256)
    offsets, pos = {}, 0
    for d in order:
        offsets[d] = (pos, pos + len(debates[d]))
        pos += len(debates[d])

    def score(debate_id: str) -> list[float]:
        lines = debates[debate_id]
        a, b = offsets[debate_id]
        return score_lines(head, [t for _, _, t, _ in lines], [s for _, s, _, _ in lines],
                           vectors[a:b])

    return score


def _speed(texts: list[str], speakers: list[str],
           batch_size: int) -> tuple[float, float, float, float]:
    """Sentences/s of (encoder + head, encoder alone, head alone, per CPU-second), best of 2."""
    import torch

    from factcheck.config import Settings
    from factcheck.embed import SentenceTransformerEmbedder
    from factcheck.segment.checkworthy_head import load_head, score_lines

    torch.set_num_threads(2)
    settings = Settings()
    embedder = SentenceTransformerEmbedder(expected_sha256=settings.model_sha256,
                                           batch_size=batch_size, dtype="bfloat16")
    head = load_head(settings.checkworthy_sha256)
    embedder.encode(texts[:256])  # load + warm up
    enc = full = headonly = cpu = float("inf")
    for _ in range(2):
        c0 = time.process_time()
        t0 = time.perf_counter()
        vectors = embedder.encode(texts)
        t1 = time.perf_counter()
        score_lines(head, texts, speakers, vectors)
        t2 = time.perf_counter()
        enc, headonly, full = min(enc, t1 - t0), min(headonly, t2 - t1), min(full, t2 - t0)
        cpu = min(cpu, time.process_time() - c0)
    n = len(texts)
    return n / full, n / enc, n / headonly, n / cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--speed-sentences", type=int, default=5000,
                        help="held-out lines timed end to end (encoder + head)")
    parser.add_argument("--batch-sizes", default="64,256", help="encoder batch sizes to time")
    args = parser.parse_args(argv)
    if not (args.data / DEBATES_FILE).is_file():
        print(f"no data: {args.data / DEBATES_FILE} is missing; pass --data DIR "
              "(the shared data folder holding clef2020-checkthat-task5-debates/)")
        return 2
    sys.path.insert(0, str(REPO))
    from bench.checkworthy_data import three_way
    from factcheck.segment.checkworthy import rank_lines, score_sentences

    debates = load_debates(args.data)
    _, dev_ids, held_ids = three_way(list(debates))
    learned = learned_scorer(debates, held_ids + dev_ids)
    print(f"held-out debates ({len(held_ids)}): {', '.join(held_ids)}")
    print(f"dev debates ({len(dev_ids)}, model selection): {', '.join(dev_ids)}")
    print("(dev: the new head was only selected on it; the old scorer was fitted on it)")
    for label, ids in (("HELD-OUT", held_ids), ("DEV", dev_ids)):
        old = evaluate(debates, ids, score_sentences)
        new = evaluate_debates(debates, ids, learned)
        print(f"== {label}: old = score_sentences (model-free), new = learned head")
        print(_side_by_side(old, new))
        print(_row(f"{label} old rank_lines", evaluate(debates, ids, rank_lines)))
        print(_row(f"{label} new learned", new))
    texts = [t for lines in debates.values() for _, _, t, _ in lines]
    score_sentences(texts[:10])
    dt = float("inf")
    for _ in range(3):  # best of 3: the machine may be shared
        t0 = time.perf_counter()
        score_sentences(texts)
        dt = min(dt, time.perf_counter() - t0)
    print(f"speed old (model-free): {len(texts)} sentences in {dt:.2f}s "
          f"({len(texts) / dt:,.0f} sentences/s)")
    held_lines = [row for d in held_ids for row in debates[d]][:args.speed_sentences]
    texts = [t for _, _, t, _ in held_lines]
    speakers = [s for _, s, _, _ in held_lines]
    for batch in (int(b) for b in args.batch_sizes.split(",")):
        full, enc, head, cpu = _speed(texts, speakers, batch)
        print(f"speed new (2 threads, bf16, batch {batch}): {len(texts)} held-out lines: "
              f"{full:,.0f} sentences/s end to end (encoder {enc:,.0f}/s, head {head:,.0f}/s; "
              f"{cpu:,.0f} per CPU-second)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
