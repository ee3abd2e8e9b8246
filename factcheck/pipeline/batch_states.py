"""Token states of many articles at once: full encoder windows batched together, the same values per text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from factcheck.learned.states import Floats, Offsets, windows, word_pieces

FULL_BATCH = 8  # full windows (256 pieces) per forward pass: large matmuls, bounded memory


def batch_token_states(tokenizer: Any, model: Any, texts: Sequence[str],
                       layer: int) -> list[tuple[Offsets, Floats]]:
    """``token_states(tokenizer, model, text, (layer,))`` for every text, computed in batches.

    Windows of equal length need no attention mask, so every full window of every text goes into one
    batched pass (``FULL_BATCH`` at a time); the shorter last windows run grouped by exact length.
    """
    import torch

    hidden = int(model.config.hidden_size)
    cls, sep = int(tokenizer.cls_token_id), int(tokenizer.sep_token_id)
    pieces = [word_pieces(tokenizer, text) for text in texts]
    outs = [np.zeros((len(ids), hidden), dtype=np.float32) for ids, _ in pieces]
    # (length, text number, start, end, keep_from, keep_to) for every window of every text
    jobs: dict[int, list[tuple[int, int, int, int, int]]] = {}
    for number, (ids, _) in enumerate(pieces):
        for s, e, keep_from, keep_to in windows(len(ids)):
            jobs.setdefault(e - s, []).append((number, s, e, keep_from, keep_to))
    with torch.inference_mode():
        for length in sorted(jobs, reverse=True):
            group = jobs[length]
            step = max(1, FULL_BATCH * 256 // (length + 2))
            for offset in range(0, len(group), step):
                chunk = group[offset:offset + step]
                x = torch.tensor([[cls, *pieces[n][0][s:e], sep] for n, s, e, _, _ in chunk])
                h = model.embeddings(input_ids=x)
                for block in model.encoder.layer[:layer]:
                    out = block(h)
                    h = out[0] if isinstance(out, tuple) else out
                states = h.float().numpy()
                for row, (n, s, _, keep_from, keep_to) in enumerate(chunk):
                    outs[n][keep_from:keep_to] = states[row, 1 + keep_from - s: 1 + keep_to - s]
    return [(offsets, out) for (_, offsets), out in zip(pieces, outs, strict=True)]
