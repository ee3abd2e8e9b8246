"""Token states of an article from the (frozen, shared) encoder: windows of word pieces, character offsets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]
Offsets = npt.NDArray[np.int64]

WINDOW = 254  # word pieces per window (+ [CLS] and [SEP] = 256, the encoder's trained length)
OVERLAP = 32  # each window starts this many pieces before the previous one ends


def word_pieces(tokenizer: Any, text: str) -> tuple[list[int], Offsets]:
    """Word-piece ids of ``text`` (no special tokens) and their ``(start, end)`` character offsets."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    offsets = np.asarray(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)
    return list(enc["input_ids"]), offsets


def windows(n: int, size: int = WINDOW, overlap: int = OVERLAP) -> list[tuple[int, int, int, int]]:
    """``(start, end, keep_from, keep_to)`` windows over ``n`` pieces: each piece is kept from exactly one
    window, the one where it sits farthest from an edge (the overlap is split in the middle)."""
    if n <= 0:
        return []
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        end = min(n, start + size)
        spans.append((start, end))
        if end == n:
            break
        start = end - overlap
    out: list[tuple[int, int, int, int]] = []
    for k, (s, e) in enumerate(spans):
        keep_from = s if k == 0 else s + overlap // 2
        keep_to = e if k == len(spans) - 1 else e - overlap // 2
        out.append((s, e, keep_from, keep_to))
    return out


def token_states(tokenizer: Any, model: Any, text: str, layers: Sequence[int]) -> tuple[Offsets, list[Floats]]:
    """Hidden states after each of ``layers`` (1-based; only the first ``max(layers)`` layers run).

    ``model`` is a BERT-style HF model (``embeddings`` + ``encoder.layer``), already in its dtype;
    returns the offsets ``[T, 2]`` and one ``[T, hidden]`` float32 array per requested layer.
    """
    import torch

    ids, offsets = word_pieces(tokenizer, text)
    depth = max(layers)
    hidden = int(model.config.hidden_size)
    outs = [np.zeros((len(ids), hidden), dtype=np.float32) for _ in layers]
    cls, sep = int(tokenizer.cls_token_id), int(tokenizer.sep_token_id)
    with torch.inference_mode():
        for s, e, keep_from, keep_to in windows(len(ids)):
            x = torch.tensor([[cls, *ids[s:e], sep]])
            h = model.embeddings(input_ids=x)
            for number, layer in enumerate(model.encoder.layer[:depth], start=1):
                out = layer(h)
                h = out[0] if isinstance(out, tuple) else out
                if number in layers:
                    k = list(layers).index(number)
                    piece = h[0, 1 + keep_from - s : 1 + keep_to - s].float().numpy()
                    outs[k][keep_from:keep_to] = piece
    return offsets, outs


FULL_BATCH = 8  # full windows (256 pieces) per forward pass: large matmuls, bounded memory


def batched_token_states(tokenizer: Any, model: Any, text: str, layer: int) -> tuple[Offsets, Floats]:
    """``token_states(tokenizer, model, text, (layer,))[1][0]`` with the text's equal-length windows batched.

    What the learned layer runs at inference, on every path (one article, a batch of articles, Ray):
    batches never mix texts, so a text's states (hence its claims) do not depend on what it came with.
    """
    import torch

    hidden = int(model.config.hidden_size)
    cls, sep = int(tokenizer.cls_token_id), int(tokenizer.sep_token_id)
    ids, offsets = word_pieces(tokenizer, text)
    out = np.zeros((len(ids), hidden), dtype=np.float32)
    jobs: dict[int, list[tuple[int, int, int, int]]] = {}  # window length -> (start, end, keep_from, keep_to)
    for s, e, keep_from, keep_to in windows(len(ids)):
        jobs.setdefault(e - s, []).append((s, e, keep_from, keep_to))
    with torch.inference_mode():
        for length in sorted(jobs, reverse=True):
            group = jobs[length]
            for offset in range(0, len(group), FULL_BATCH):
                chunk = group[offset:offset + FULL_BATCH]
                x = torch.tensor([[cls, *ids[s:e], sep] for s, e, _, _ in chunk])
                h = model.embeddings(input_ids=x)
                for block in model.encoder.layer[:layer]:
                    block_out = block(h)
                    h = block_out[0] if isinstance(block_out, tuple) else block_out
                states = h.float().numpy()
                for row, (s, _, keep_from, keep_to) in enumerate(chunk):
                    out[keep_from:keep_to] = states[row, 1 + keep_from - s: 1 + keep_to - s]
    return offsets, out
