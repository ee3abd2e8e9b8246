"""The tagging head: word-piece states -> BIO probabilities for source, cue, speech and belief content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]

TAGS: tuple[str, ...] = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON", "B-BEL", "I-BEL")


CONTEXT = (8, 32)  # pieces averaged on each side of a piece: a clause and a sentence or two


def tag_index(name: str) -> int:
    return TAGS.index(name)


def with_context(states: Floats, widths: tuple[int, ...] = CONTEXT) -> Floats:
    """``[T, d]`` states -> ``[T, d * (1 + 2 * len(widths))]``: each piece, then the mean of the ``w`` pieces
    before it and after it for each width (zeros at the edges), so the head sees the clause around a piece."""
    t, d = states.shape
    csum = np.zeros((t + 1, d), dtype=np.float32)
    np.cumsum(states, axis=0, dtype=np.float32, out=csum[1:])
    idx = np.arange(t)
    parts: list[npt.NDArray[np.floating[Any]]] = [states.astype(np.float32)]
    for w in widths:
        lo = np.maximum(idx - w, 0)
        before = (csum[idx] - csum[lo]) / np.maximum(idx - lo, 1).astype(np.float32)[:, None]
        hi = np.minimum(idx + 1 + w, t)
        after = (csum[hi] - csum[idx + 1]) / np.maximum(hi - idx - 1, 1).astype(np.float32)[:, None]
        parts += [before, after]
    out: Floats = np.concatenate(parts, axis=1).astype(np.float32, copy=False)
    return out


@dataclass(frozen=True)
class TagHead:
    """A one-hidden-layer MLP (``w1 [d,h]``, ``w2 [h, len(TAGS)]``) over frozen encoder states."""

    w1: Floats
    b1: Floats
    w2: Floats
    b2: Floats

    def probs(self, states: Floats) -> Floats:
        """``[T, len(TAGS)]`` tag probabilities for ``[T, d]`` encoder states (context added here)."""
        if len(states) == 0:
            return np.zeros((0, len(TAGS)), dtype=np.float32)
        h = np.maximum(self._first_layer(states.astype(np.float32, copy=False)), 0.0)
        logits = h @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        out: Floats = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return out


    def _first_layer(self, states: Floats) -> Floats:
        """``with_context(states) @ w1 + b1`` computed in the hidden space: the context means are linear,
        so project each block first and average the projections (``hidden`` wide, not ``5 * d``)."""
        t, d = states.shape
        blocks = 1 + 2 * len(CONTEXT)
        proj = states @ self.w1.reshape(blocks, d, -1).transpose(1, 0, 2).reshape(d, -1)  # [t, blocks * h]
        hidden = self.w1.shape[1]
        out = proj[:, :hidden] + self.b1
        csum = np.zeros((t + 1, proj.shape[1] - hidden), dtype=np.float32)
        np.cumsum(proj[:, hidden:], axis=0, dtype=np.float32, out=csum[1:])
        idx = np.arange(t, dtype=np.float32)
        for k, w in enumerate(CONTEXT):
            before = csum[:, 2 * k * hidden : (2 * k + 1) * hidden]
            after = csum[:, (2 * k + 1) * hidden : (2 * k + 2) * hidden]
            # sum of the w pieces before i: csum[i] - csum[max(i - w, 0)] (slices, no gathers)
            sums = before[:t].copy()
            sums[w:] -= before[: max(t - w, 0)]
            out += sums / np.maximum(np.minimum(idx, w), 1.0)[:, None]
            # sum of the w pieces after i: csum[min(i + 1 + w, t)] - csum[i + 1]
            sums = -after[1 : t + 1]
            sums[: max(t - w, 0)] += after[w + 1 : t + 1]
            sums[max(t - w, 0) :] += after[t]
            out += sums / np.maximum(np.minimum(t - 1 - idx, w), 1.0)[:, None]
        result: Floats = out
        return result


def role_probs(probs: Floats) -> dict[str, Floats]:
    """Per-piece probability of each role (B + I): ``src``, ``cue``, ``con`` (speech), ``bel`` (belief)."""
    return {
        "src": probs[:, 1] + probs[:, 2],
        "cue": probs[:, 3] + probs[:, 4],
        "con": probs[:, 5] + probs[:, 6],
        "bel": probs[:, 7] + probs[:, 8],
    }
