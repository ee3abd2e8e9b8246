"""CheckThat! 2020 Task 5 metrics (MAP, R-precision, P@k) for the check-worthiness scorer.

Run: ``PYTHONPATH=. .venv/bin/python bench/checkworthy.py [--data ../shared/data]``.
Prints the model-free scorer, the head on ``main`` (current, read with git) and the shipped head
(new) side by side, then the speed of both heads with encoding (sentences/s and per CPU-second).

Split (fixed, documented, also used by bench/fit_checkworthy.py and the quality gate):
the 50 debates of ``clef2020-checkthat-task5-debates/train.tsv`` sorted by ``debate_id``;
the ones at sorted index i with ``i % 5 == 2`` (10 debates) are held out, the other 40 train.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factcheck.segment.checkworthy_head import Head

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


def _side_by_side(columns: dict[str, dict[str, float]]) -> str:
    rows = [f"{'metric':<8}" + "".join(f"{name:>22}" for name in columns)]
    rows += [f"{k:<8}" + "".join(f"{m[k]:>22.4f}" for m in columns.values())
             for k in ("MAP", "R-Prec", "P@10", "MRR")]
    return "\n".join(rows)


def current_head() -> Head | None:
    """The head shipped on ``main`` (before this branch's refit), read with git; None without."""
    import subprocess

    from safetensors.numpy import load

    from factcheck.segment.checkworthy_head import HEAD_RESOURCE, head_from_bytes

    try:
        raw = subprocess.run(["git", "show", f"main:factcheck/segment/{HEAD_RESOURCE}"],
                             cwd=REPO, capture_output=True, check=True).stdout
        load(raw)
    except Exception:  # no git, no main branch, or not a safetensors head there
        return None
    return head_from_bytes(raw)


def learned_scorer(debates: dict[str, list[Line]], head: Head | None = None,
                   ) -> Callable[[str], list[float]]:
    """Debate id -> a learned head's scores (speakers and neighbours from the transcript).

    ``head`` defaults to the shipped one. Every debate's lines are encoded once by the first
    ``head.layers`` layers of the encoder (``LayerEncoder``), cached in bench/.cache (the
    training script shares the cache).
    """
    from bench.checkworthy_data import encode_layers_cached
    from factcheck.config import Settings
    from factcheck.segment.checkworthy_head import load_head, score_lines

    head = head or load_head(Settings().checkworthy_sha256)
    order = sorted(debates)
    vectors = encode_layers_cached([t for d in order for _, _, t, _ in debates[d]], "debates",
                                   (head.layers,))[head.layers]
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


def _speed(texts: list[str], speakers: list[str], head: Head, *,
           sentence_transformers: bool = False, repeats: int = 3) -> dict[str, float]:
    """Best-of-``repeats`` seconds of tokenise+encode and of the head (features + logistic),
    wall and CPU (process_time: the machine is shared), 2 threads, bf16."""
    import torch

    from factcheck.config import Settings
    from factcheck.embed import SentenceTransformerEmbedder
    from factcheck.segment.checkworthy_encoder import LayerEncoder
    from factcheck.segment.checkworthy_head import score_lines

    torch.set_num_threads(2)
    settings = Settings()
    embedder = SentenceTransformerEmbedder(expected_sha256=settings.model_sha256,
                                           batch_size=64, dtype="bfloat16")
    encode = embedder.encode if sentence_transformers else LayerEncoder(embedder, head.layers).encode
    encode(texts[:600])  # load + warm up
    best = {"enc": float("inf"), "enc_cpu": float("inf"), "head": float("inf"),
            "all": float("inf"), "all_cpu": float("inf")}
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        vectors = encode(texts)
        c1, t1 = time.process_time(), time.perf_counter()
        score_lines(head, texts, speakers, vectors)
        c2, t2 = time.process_time(), time.perf_counter()
        for key, value in (("enc", t1 - t0), ("enc_cpu", c1 - c0), ("head", t2 - t1),
                           ("all", t2 - t0), ("all_cpu", c2 - c0)):
            best[key] = min(best[key], value)
    return {key: len(texts) / value for key, value in best.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--speed-sentences", type=int, default=5000,
                        help="held-out lines timed end to end (encoder + head)")
    args = parser.parse_args(argv)
    if not (args.data / DEBATES_FILE).is_file():
        print(f"no data: {args.data / DEBATES_FILE} is missing; pass --data DIR "
              "(the shared data folder holding clef2020-checkthat-task5-debates/)")
        return 2
    sys.path.insert(0, str(REPO))
    from bench.checkworthy_data import three_way
    from factcheck.config import Settings
    from factcheck.segment.checkworthy import rank_lines, score_sentences
    from factcheck.segment.checkworthy_head import load_head

    debates = load_debates(args.data)
    _, dev_ids, held_ids = three_way(list(debates))
    new_head = load_head(Settings().checkworthy_sha256)
    old_head = current_head()
    heads = {"current head (main)": old_head, "new head": new_head}
    scorers = {name: learned_scorer(debates, h) for name, h in heads.items() if h is not None}
    print(f"held-out debates ({len(held_ids)}): {', '.join(held_ids)}")
    print(f"dev debates ({len(dev_ids)}, model selection): {', '.join(dev_ids)}")
    print("(dev: the heads were selected on it; the model-free scorer was fitted on it)")
    for name, h in heads.items():
        print(f"{name}: " + ("absent (no git or no main branch)" if h is None else
                             f"{h.layers} encoder layers; {h.note}"))
    for label, ids in (("HELD-OUT", held_ids), ("DEV", dev_ids)):
        columns = {"model-free": evaluate(debates, ids, score_sentences)}
        columns.update({name: evaluate_debates(debates, ids, sc) for name, sc in scorers.items()})
        print(f"== {label}")
        print(_side_by_side(columns))
        print(_row(f"{label} model-free rank_lines", evaluate(debates, ids, rank_lines)))
        for name, metrics in columns.items():
            print(_row(f"{label} {name}", metrics))
    texts = [t for lines in debates.values() for _, _, t, _ in lines]
    score_sentences(texts[:10])
    dt = float("inf")
    for _ in range(3):  # best of 3: the machine may be shared
        t0 = time.perf_counter()
        score_sentences(texts)
        dt = min(dt, time.perf_counter() - t0)
    print(f"speed model-free: {len(texts)} sentences in {dt:.2f}s "
          f"({len(texts) / dt:,.0f} sentences/s)")
    held_lines = [row for d in held_ids for row in debates[d]][:args.speed_sentences]
    texts = [t for _, _, t, _ in held_lines]
    speakers = [s for _, s, _, _ in held_lines]
    print(f"speed on {len(texts)} held-out lines, 2 threads, bf16, best of 3 "
          f"(load average {os.getloadavg()[0]:.1f}):")
    runs = []
    if old_head is not None:
        runs.append(("current head, as shipped (sentence-transformers encode, batch 64)",
                     old_head, True))
    runs.append((f"new head ({new_head.layers} layers, LayerEncoder)", new_head, False))
    for name, h, st in runs:
        r = _speed(texts, speakers, h, sentence_transformers=st)
        print(f"  {name}: {r['all']:,.0f} sentences/s end to end, {r['all_cpu']:,.0f} per "
              f"CPU-second (tokenise+encode {r['enc']:,.0f}/s, {r['enc_cpu']:,.0f}/CPU-s; "
              f"features+head {r['head']:,.0f}/s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
