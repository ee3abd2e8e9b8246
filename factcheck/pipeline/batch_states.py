"""Token states of a text with its encoder windows batched: the same values whichever path asks for them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factcheck.learned.states import Floats, Offsets, batched_token_states


def batch_token_states(tokenizer: Any, model: Any, texts: Sequence[str],
                       layer: int) -> list[tuple[Offsets, Floats]]:
    """``token_states(tokenizer, model, text, (layer,))`` for every text, each text's windows batched.

    Windows of equal length need no attention mask, so a text's full windows go through the encoder
    together and its shorter last window alone. Batches never mix texts:
    bf16 kernels round differently for other batch shapes, and a text must get the same states (so
    the same claims) whether it is ingested alone, in a batch of articles, or segmented on its own.
    """
    return [batched_token_states(tokenizer, model, text, layer) for text in texts]
