"""Check-worthiness training data: debates, ClaimBuster, LIAR, leakage filters, cached embeddings.

Shared by bench/train_checkworthy.py, bench/fit_checkworthy.py and bench/checkworthy.py.
Encoder features are cached under bench/.cache/ keyed by the sha256 of the texts and model id.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from bench.checkworthy import split_debates
from factcheck.segment.checkworthy import tokens

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / ".cache"
Line = tuple[int, str, str, int]  # line_number, speaker, text, label


def dev_split(train_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """(fit ids, dev ids) inside the 40 training debates: dev = sorted index % 5 == 0 (8 debates)."""
    ordered = sorted(train_ids)
    dev = [d for i, d in enumerate(ordered) if i % 5 == 0]
    return [d for d in ordered if d not in dev], dev


def three_way(ids: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """(fit, dev, held-out) debate ids: held-out as in bench/checkworthy.py, dev inside train."""
    train_ids, held_ids = split_debates(list(ids))
    fit_ids, dev_ids = dev_split(train_ids)
    return fit_ids, dev_ids, held_ids


def shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    """Word 6-grams of a sentence (the whole token tuple when shorter): the leakage key."""
    toks = tokens(text)
    if len(toks) < n:
        return {tuple(toks)} if toks else set()
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def banned_shingles(texts: Iterable[str]) -> set[tuple[str, ...]]:
    banned: set[tuple[str, ...]] = set()
    for text in texts:
        banned |= shingles(text)
    return banned


def test_debate_iclaims(data: Path) -> list[str]:
    """CT2021-2B iclaims taken from the CT2020 Task 5 *test* debates (used only to filter)."""
    base = data / "clef2021-checkthat-task2b-en"
    with open(base / "iclaims_from_ct2020_task5_test_debates.tsv", encoding="utf-8") as fh:
        ids = {row[0] for row in csv.reader(fh, delimiter="\t")}
    out = []
    for name in ("train_queries.tsv", "dev_queries.tsv"):
        with open(base / name, encoding="utf-8") as fh:
            out += [row[1] for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                    if row and row[0] in ids]
    return out


def load_claimbuster(data: Path, banned: set[tuple[str, ...]]) -> tuple[list[str], list[int], int]:
    """ClaimBuster 2.5xNCS sentences not sharing a 6-gram with ``banned``; (texts, labels, dropped)."""
    texts, labels, dropped = [], [], 0
    with open(data / "claimbuster-2.5xNCS" / "claimbuster_2.5xNCS.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if shingles(row["text"]) & banned:
                dropped += 1
                continue
            texts.append(row["text"])
            labels.append(int(row["label"]))
    return texts, labels, dropped


def load_liar(data: Path, banned: set[tuple[str, ...]]) -> tuple[list[str], int]:
    """LIAR train+valid statements (all fact-checked: extra positives), minus ``banned`` overlap."""
    texts, dropped = [], 0
    for name in ("train.tsv", "valid.tsv"):
        with open(data / "liar" / name, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader)
            for row in reader:
                text = row[2].strip()
                if text.lower().startswith("says "):
                    text = text[5:].strip()  # PolitiFact's paraphrase marker, not the speaker's words
                if not text:
                    continue
                if shingles(text) & banned:
                    dropped += 1
                    continue
                texts.append(text)
    return texts, dropped


LAYERS = (1, 2, 3, 6)  # encoder depths compared for the check-worthiness head


def encode_layers_cached(texts: Sequence[str], name: str,
                         layers: Sequence[int] = LAYERS) -> dict[int, np.ndarray]:
    """Vectors of ``texts`` after each of ``layers`` of the shipped encoder (one forward pass,
    ``LayerEncoder``: bf16, length-sorted batches), cached in bench/.cache by content hash."""
    from factcheck.config import Settings
    from factcheck.embed import SentenceTransformerEmbedder
    from factcheck.segment.checkworthy_encoder import MAX_TOKENS, LayerEncoder

    settings = Settings()
    digest = hashlib.sha256("\n".join(texts).encode("utf-8"))
    digest.update(f"{settings.model_sha256}/{MAX_TOKENS}".encode())
    paths = {k: CACHE / f"cw_L{k}_{name}_{digest.hexdigest()[:16]}.npy" for k in layers}
    if all(p.is_file() for p in paths.values()):
        return {k: np.load(p) for k, p in paths.items()}
    embedder = SentenceTransformerEmbedder(expected_sha256=settings.model_sha256,
                                           dtype=settings.embed_dtype)
    encoder = LayerEncoder(embedder, max(layers))
    t0 = time.perf_counter()
    parts: dict[int, list[np.ndarray]] = {k: [] for k in layers}
    step = 4096
    for start in range(0, len(texts), step):
        for k, v in encoder.encode_layers(list(texts[start:start + step]), layers).items():
            parts[k].append(v)
        print(f"  {name}: {min(start + step, len(texts))}/{len(texts)} "
              f"({time.perf_counter() - t0:.0f}s)", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    out = {}
    for k in layers:
        out[k] = np.vstack(parts[k]) if parts[k] else np.zeros((0, 384), np.float32)
        tmp = paths[k].with_suffix(".tmp.npy")
        np.save(tmp, out[k])
        tmp.replace(paths[k])
    return out
