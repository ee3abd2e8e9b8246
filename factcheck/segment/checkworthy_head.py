"""The learned check-worthiness head: fitted numbers from a safetensors file, sha256-checked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from factcheck.errors import ModelError
from factcheck.segment.checkworthy_features import design, feature_names
from factcheck.weights import read_verified, safetensors_metadata

__all__ = ["HEAD_RESOURCE", "Head", "head_from_bytes", "load_head", "score_lines"]

HEAD_RESOURCE = "checkworthy_head.safetensors"
Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Head:
    """Standardise, then a linear layer (``hidden`` empty) or one ReLU layer, then a sigmoid."""

    mean: Floats
    scale: Floats
    hidden_w: Floats  # (features, hidden) or (0, 0) for a linear head
    hidden_b: Floats
    out_w: Floats
    out_b: float
    dim: int
    encoder: str  # model id of the encoder whose vectors it was fitted on
    note: str
    layers: int = 6  # encoder depth of those vectors (6: the full encoder, the index's vectors)

    @property
    def base_encoder(self) -> str:
        """The model id of the full encoder whose first ``layers`` layers make the vectors."""
        return self.encoder.split("/layers=")[0]

    def logits(self, x: Floats) -> Floats:
        z = (x - self.mean) / self.scale
        if self.hidden_w.size:
            z = np.maximum(z @ self.hidden_w + self.hidden_b, 0.0)
        out: Floats = (z @ self.out_w + self.out_b).astype(np.float32)
        return out

    def probabilities(self, x: Floats) -> Floats:
        z = np.clip(self.logits(x), -40.0, 40.0)
        out: Floats = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out


def _metadata(raw: bytes) -> dict[str, object]:
    """The safetensors header's ``__metadata__`` (strings); ``features`` is a JSON list."""
    meta: dict[str, object] = dict(safetensors_metadata(raw))
    if isinstance(meta.get("features"), str):
        meta["features"] = json.loads(str(meta["features"]))
    return meta


@lru_cache(maxsize=4)
def load_head(expected_sha256: str) -> Head:
    """The shipped head; refuses a file whose sha256 is not ``expected_sha256`` ("" = no check)."""
    raw = read_verified("factcheck.segment", HEAD_RESOURCE, expected_sha256,
                        what="check-worthiness head", refit="bench/train_checkworthy.py",
                        on_change="set checkworthy_sha256 to the new value if you refitted it on "
                                  "purpose (bench/train_checkworthy.py prints it).")
    return head_from_bytes(raw)


def head_from_bytes(raw: bytes) -> Head:
    """A head from the bytes of a safetensors file (already verified by the caller)."""
    from safetensors.numpy import load

    tensors = load(raw)
    meta = _metadata(raw)
    dim = int(str(meta.get("dim", 384)))
    names = feature_names(dim)
    if meta.get("features") != names:
        raise ModelError(f"{HEAD_RESOURCE} was fitted on other features than this code builds; "
                         "refit it with bench/train_checkworthy.py")
    f32 = {k: np.asarray(v, dtype=np.float32) for k, v in tensors.items()}
    return Head(mean=f32["mean"], scale=f32["scale"],
                hidden_w=f32.get("hidden_w", np.zeros((0, 0), np.float32)),
                hidden_b=f32.get("hidden_b", np.zeros(0, np.float32)),
                out_w=f32["out_w"], out_b=float(f32["out_b"][0]), dim=dim,
                encoder=str(meta.get("encoder", "")),
                note=str(meta.get("note", "")), layers=int(str(meta.get("layers", 6))))


def score_lines(head: Head, texts: Sequence[str], speakers: Sequence[str],
                vectors: npt.NDArray[np.float32]) -> list[float]:
    """Check-worthiness probabilities of one document's lines (or claims), in order."""
    if not texts:
        return []
    if vectors.shape[1] != head.dim:
        raise ModelError(f"the check-worthiness head expects {head.dim}-d embeddings of "
                         f"all-MiniLM-L6-v2, got {vectors.shape[1]}-d; use the bundled model")
    return [float(p) for p in head.probabilities(design(texts, speakers, vectors))]
