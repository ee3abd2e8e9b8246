"""A light load path for BERT sentence encoders: ``tokenizers`` + ``safetensors`` + a small torch module.

Builds the shipped all-MiniLM-L6-v2 (or any sentence-transformers folder of the same shape: a BERT
``Transformer`` module, mean pooling, ``Normalize``) without importing ``transformers`` or
``sentence_transformers`` (several seconds of a cold start). The module names match the HF state dict,
the operations match ``transformers``' BERT with SDPA attention, and ``encode`` does what
``SentenceTransformer.encode(normalize_embeddings=True)`` does (strip, truncate to ``max_seq_length``,
pad, mean-pool over the mask, L2-normalise); ``tests/test_minilm.py`` checks the vectors against
sentence-transformers. Torch is imported only by :func:`load_encoder`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from factcheck.errors import ModelError

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class BertShape:
    """What the light path reads from ``config.json`` and ``sentence_bert_config.json``."""

    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    layer_norm_eps: float
    max_seq_length: int


def supported_shape(folder: Path) -> BertShape | None:
    """The folder's BERT shape when the light path reproduces it exactly; None otherwise."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        sbert = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v}
    if (config.get("model_type") != "bert" or config.get("hidden_act") != "gelu"
            or config.get("position_embedding_type", "absolute") != "absolute"
            or kinds != ["Transformer", "Pooling", "Normalize"] or modes != {"pooling_mode_mean_tokens"}
            or sbert.get("do_lower_case") or not (folder / "tokenizer.json").is_file()):
        return None
    return BertShape(
        vocab_size=int(config["vocab_size"]), hidden_size=int(config["hidden_size"]),
        num_hidden_layers=int(config["num_hidden_layers"]),
        num_attention_heads=int(config["num_attention_heads"]),
        intermediate_size=int(config["intermediate_size"]),
        max_position_embeddings=int(config["max_position_embeddings"]),
        type_vocab_size=int(config["type_vocab_size"]), layer_norm_eps=float(config["layer_norm_eps"]),
        max_seq_length=int(sbert.get("max_seq_length") or 512))


class WordPieceTokenizer:
    """``tokenizer.json`` through ``tokenizers``; answers the calls the learned layer makes of an HF tokenizer."""

    def __init__(self, folder: Path, max_length: int) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tok.no_padding()
        self._tok.no_truncation()
        self.max_length = max_length
        cls, sep = self._tok.token_to_id("[CLS]"), self._tok.token_to_id("[SEP]")
        if cls is None or sep is None:
            raise ModelError(f"{folder / 'tokenizer.json'} has no [CLS]/[SEP] tokens; is it a BERT tokenizer?")
        self.cls_token_id: int = cls
        self.sep_token_id: int = sep

    def __call__(self, text: str, *, add_special_tokens: bool = True, return_offsets_mapping: bool = False,
                 verbose: bool = False) -> dict[str, list[Any]]:
        """One text's ids (and offsets), untruncated: the learned layer windows long texts itself."""
        enc = self._tok.encode(text, add_special_tokens=add_special_tokens)
        out: dict[str, list[Any]] = {"input_ids": list(enc.ids)}
        if return_offsets_mapping:
            out["offset_mapping"] = list(enc.offsets)
        return out

    def batch_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """``[CLS] pieces [SEP]`` per text, truncated to ``max_length`` like sentence-transformers."""
        encs = self._tok.encode_batch(list(texts), add_special_tokens=False)
        keep = self.max_length - 2
        return [[self.cls_token_id, *enc.ids[:keep], self.sep_token_id] for enc in encs]


def load_encoder(folder: Path, shape: BertShape, dtype: str) -> Any:
    """The BERT encoder with the folder's weights, in ``dtype``, in inference mode."""
    import torch
    from safetensors.torch import load_file

    from factcheck.minilm_torch import BertEncoder

    model = BertEncoder(shape)
    state = load_file(str(folder / "model.safetensors"))
    wanted = model.state_dict()
    missing = [k for k in wanted if k not in state]
    if missing:
        raise ModelError(f"{folder / 'model.safetensors'} lacks {len(missing)} BERT tensors "
                         f"(first: {missing[0]}); is it a BERT sentence-transformers model?")
    model.load_state_dict({k: state[k] for k in wanted})
    model.eval()
    if dtype == "bfloat16":
        model = model.to(torch.bfloat16)
    return model


def padded_batch(rows: Sequence[Sequence[int]]) -> tuple[Any, Any]:
    """Token id rows as a zero-padded ``[batch, width]`` long tensor and its boolean mask of real tokens."""
    import torch

    width = max(len(row) for row in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.bool)
    for r, row in enumerate(rows):
        ids[r, :len(row)] = torch.tensor(row)
        mask[r, :len(row)] = True
    return ids, mask


def encode_sorted(tokenizer: WordPieceTokenizer, model: Any, texts: Sequence[str], batch_size: int) -> Vectors:
    """Mean-pooled, L2-normalised float32 vectors of ``texts`` (batches in the given order)."""
    import torch

    ids = tokenizer.batch_ids([str(t).strip() for t in texts])
    out = np.empty((len(ids), model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(ids), batch_size):
            chunk = ids[start:start + batch_size]
            x, mask = padded_batch(chunk)
            h = model(x, mask if not bool(mask.all()) else None).float()
            m = mask.unsqueeze(-1).float()
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            out[start:start + len(chunk)] = torch.nn.functional.normalize(pooled, p=2, dim=1).numpy()
    return out
