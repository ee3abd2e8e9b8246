"""The tagging head: word-piece states -> BIO probabilities for source, cue, speech and belief content."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]

TAGS: tuple[str, ...] = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON", "B-BEL", "I-BEL")


def tag_index(name: str) -> int:
    return TAGS.index(name)


@dataclass(frozen=True)
class TagHead:
    """A one-hidden-layer MLP (``w1 [d,h]``, ``w2 [h, len(TAGS)]``) over frozen encoder states."""

    w1: Floats
    b1: Floats
    w2: Floats
    b2: Floats

    def probs(self, states: Floats) -> Floats:
        """``[T, len(TAGS)]`` tag probabilities for ``[T, d]`` states."""
        h = np.maximum(states @ self.w1 + self.b1, 0.0)
        logits = h @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        out: Floats = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return out


def role_probs(probs: Floats) -> dict[str, Floats]:
    """Per-piece probability of each role (B + I): ``src``, ``cue``, ``con`` (speech), ``bel`` (belief)."""
    return {
        "src": probs[:, 1] + probs[:, 2],
        "cue": probs[:, 3] + probs[:, 4],
        "con": probs[:, 5] + probs[:, 6],
        "bel": probs[:, 7] + probs[:, 8],
    }
