"""The BERT encoder as a small torch module: HF state-dict names, the same operations as ``transformers``' BERT.

``model.embeddings(input_ids=x)`` and ``model.encoder.layer[i](h)`` are the seams the learned attribution
layer uses for per-token states (no mask: its windows are never padded); ``model(x, mask)`` is the full
forward pass with a padding mask for sentence embeddings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from torch import nn
from torch.nn import functional

if TYPE_CHECKING:
    from factcheck.minilm import BertShape


class BertEmbeddings(nn.Module):
    """Word + token-type (always 0) + absolute position embeddings, then LayerNorm."""

    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(shape.vocab_size, shape.hidden_size, padding_idx=0)
        self.position_embeddings = nn.Embedding(shape.max_position_embeddings, shape.hidden_size)
        self.token_type_embeddings = nn.Embedding(shape.type_vocab_size, shape.hidden_size)
        self.LayerNorm = nn.LayerNorm(shape.hidden_size, eps=shape.layer_norm_eps)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        length = input_ids.shape[1]
        positions = torch.arange(length).unsqueeze(0)
        types = torch.zeros_like(input_ids)
        h = self.word_embeddings(input_ids) + self.token_type_embeddings(types)
        h = h + self.position_embeddings(positions)
        out: torch.Tensor = self.LayerNorm(h)
        return out


class BertSelfAttention(nn.Module):
    """Query, key and value projections; scaled dot-product attention over the heads."""

    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.heads = shape.num_attention_heads
        self.head_size = shape.hidden_size // shape.num_attention_heads
        self.query = nn.Linear(shape.hidden_size, shape.hidden_size)
        self.key = nn.Linear(shape.hidden_size, shape.hidden_size)
        self.value = nn.Linear(shape.hidden_size, shape.hidden_size)

    def forward(self, h: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        split = (*h.shape[:-1], -1, self.head_size)
        q = self.query(h).view(split).transpose(1, 2)
        k = self.key(h).view(split).transpose(1, 2)
        v = self.value(h).view(split).transpose(1, 2)
        attn = functional.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0,
                                                       scale=self.head_size ** -0.5, is_causal=False)
        return attn.transpose(1, 2).contiguous().reshape(*h.shape[:-1], -1).contiguous()


class BertDenseNorm(nn.Module):
    """Projection, residual, LayerNorm (HF's ``BertSelfOutput`` and ``BertOutput``)."""

    def __init__(self, size_in: int, shape: BertShape) -> None:
        super().__init__()
        self.dense = nn.Linear(size_in, shape.hidden_size)
        self.LayerNorm = nn.LayerNorm(shape.hidden_size, eps=shape.layer_norm_eps)

    def forward(self, h: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.LayerNorm(self.dense(h) + residual)
        return out


class BertAttention(nn.Module):
    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.self = BertSelfAttention(shape)
        self.output = BertDenseNorm(shape.hidden_size, shape)

    def forward(self, h: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        out: torch.Tensor = self.output(self.self(h, mask), h)
        return out


class BertIntermediate(nn.Module):
    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.dense = nn.Linear(shape.hidden_size, shape.intermediate_size)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return functional.gelu(self.dense(h))


class BertLayer(nn.Module):
    """One transformer block: attention, then the feed-forward network."""

    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.attention = BertAttention(shape)
        self.intermediate = BertIntermediate(shape)
        self.output = BertDenseNorm(shape.intermediate_size, shape)

    def forward(self, h: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        a = self.attention(h, mask)
        out: torch.Tensor = self.output(self.intermediate(a), a)
        return out


class BertLayers(nn.Module):
    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.layer = nn.ModuleList(BertLayer(shape) for _ in range(shape.num_hidden_layers))


class EncoderConfig:
    """The one config field the learned layer reads (``config.hidden_size``)."""

    def __init__(self, hidden_size: int) -> None:
        self.hidden_size = hidden_size


class BertEncoder(nn.Module):
    """Embeddings and the encoder blocks (no pooler: sentence-transformers does not use it)."""

    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.config = EncoderConfig(shape.hidden_size)
        self.embeddings = BertEmbeddings(shape)
        self.encoder = BertLayers(shape)

    def forward(self, input_ids: torch.Tensor, padding: torch.Tensor | None = None) -> torch.Tensor:
        """Last hidden states; ``padding`` is the ``[batch, length]`` boolean mask of real tokens."""
        mask = None if padding is None else padding[:, None, None, :]
        h: torch.Tensor = self.embeddings(input_ids)
        for block in self.encoder.layer:
            h = block(h, mask)
        return h
