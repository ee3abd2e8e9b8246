"""The check-worthiness encoder: the first k layers of the shipped all-MiniLM-L6-v2, mean-pooled."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["MAX_TOKENS", "LayerEncoder", "TokenModel", "encoder_id"]

Vectors = npt.NDArray[np.float32]
MAX_TOKENS = 128  # word pieces per sentence (debate lines: mean 19, none over 128)
BATCH = 512  # sentences per forward pass, batches formed from length-sorted texts


@runtime_checkable
class TokenModel(Protocol):
    """An embedder that lends its loaded tokenizer and transformer (``SentenceTransformerEmbedder``)."""

    model_id: str

    def token_model(self) -> tuple[Any, Any]: ...


def encoder_id(model_id: str, layers: int) -> str:
    """The id a head records for the vectors it was fitted on (full encoder: the model id)."""
    return model_id if layers >= 6 else f"{model_id}/layers={layers}"


def _truncated(model: Any, layers: int) -> Any:
    """A view of ``model`` running only its first ``layers`` layers: every weight is shared, the
    module tables are copied so that the shared (full) model is left untouched."""
    import torch

    encoder = copy.copy(model.encoder)
    encoder._modules = dict(model.encoder._modules)
    encoder._modules["layer"] = torch.nn.ModuleList(list(model.encoder.layer)[:layers])
    view = copy.copy(model)
    view._modules = dict(model._modules)
    view._modules["encoder"] = encoder
    return view


class LayerEncoder:
    """Sentence vectors from the first ``layers`` transformer layers of the shipped encoder.

    Same weights and dtype as the embedder (one load per process); texts are sorted by length
    and batched ``BATCH`` at a time so a batch pads little; the hidden states of real tokens are
    mean-pooled in float32 and L2-normalised, as sentence-transformers does after layer 6.
    """

    def __init__(self, embedder: TokenModel, layers: int) -> None:
        if not 1 <= layers <= 6:
            raise ValueError(f"layers must be 1..6, got {layers}")
        self.embedder = embedder
        self.layers = layers
        self.model_id = encoder_id(embedder.model_id, layers)
        self.dim = 384
        self._parts: tuple[Any, Any] | None = None

    def _model(self) -> tuple[Any, Any]:
        if self._parts is None:
            tokenizer, full = self.embedder.token_model()
            if self.layers < len(full.encoder.layer):
                full = _truncated(full, self.layers)
            self._parts = (tokenizer, full)
        return self._parts

    def encode(self, texts: Sequence[str]) -> Vectors:
        """(len(texts), 384) float32 unit vectors, in input order."""
        return self.encode_layers(texts, (self.layers,))[self.layers]

    def encode_layers(self, texts: Sequence[str], layers: Sequence[int]) -> dict[int, Vectors]:
        """Vectors after each of ``layers`` (each <= ``self.layers``) from one forward pass."""
        import torch

        if any(not 1 <= k <= self.layers for k in layers):
            raise ValueError(f"layers must be within 1..{self.layers}, got {list(layers)}")
        out = {k: np.zeros((len(texts), self.dim), dtype=np.float32) for k in layers}
        if not texts:
            return out
        tokenizer, model = self._model()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                idx = order[start:start + BATCH]
                states, attention = _hidden_states(tokenizer, model, [texts[i] for i in idx], layers,
                                                   self.layers)
                mask = attention.unsqueeze(-1).to(torch.float32)
                for k in layers:
                    hidden = states[k].to(torch.float32)
                    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
                    pooled = torch.nn.functional.normalize(pooled, dim=1)
                    out[k][np.asarray(idx)] = pooled.numpy()
        return out


def _hidden_states(tokenizer: Any, model: Any, texts: list[str], layers: Sequence[int],
                   depth: int) -> tuple[dict[int, Any], Any]:
    """Hidden states after each of ``layers`` for one batch, and its attention mask: through the
    light encoder (``factcheck.minilm``: our BERT module and ``batch_ids``), or a transformers model."""

    if hasattr(tokenizer, "batch_ids"):
        rows = [row if len(row) <= MAX_TOKENS else [*row[:MAX_TOKENS - 1], row[-1]]
                for row in tokenizer.batch_ids(texts)]
        from factcheck.minilm import padded_batch

        ids, attention = padded_batch(rows)
        padding = None if bool(attention.all()) else attention[:, None, None, :]
        h = model.embeddings(ids)
        states: dict[int, Any] = {}
        for n, block in enumerate(list(model.encoder.layer)[:depth], start=1):
            h = block(h, padding)
            if n in layers:
                states[n] = h
        return states, attention
    batch = tokenizer(texts, truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")
    result = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                   token_type_ids=batch.get("token_type_ids"), output_hidden_states=True)
    return {k: result.hidden_states[k] for k in layers}, batch["attention_mask"]
