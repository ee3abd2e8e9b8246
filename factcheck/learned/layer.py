"""Apply the learned attribution layer: calibrated confidence per item, low scorers out, tagger proposals in.

The weights (``attribution.safetensors``, model card ``attribution.md`` beside it) are trained by
``bench/train_attribution.py``; their sha256 is checked at load. The encoder is the embedder's own
all-MiniLM-L6-v2, reached through ``SentenceTransformerEmbedder.token_model()`` (one load per process).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from factcheck.embed import file_sha256
from factcheck.errors import ModelError
from factcheck.learned.features import FEATURES, KINDS, Tagged, item_features, proposals
from factcheck.learned.head import TagHead
from factcheck.learned.states import batched_token_states
from factcheck.models import SegmentItem

if TYPE_CHECKING:
    from factcheck.config import Settings

Floats = npt.NDArray[np.float32]
_DIRECT = FEATURES.index("kind=direct")
WEIGHTS = Path(__file__).with_name("attribution.safetensors")
WEIGHTS_SHA256 = "64daa641d3842e5eaa5df41ef1242995f8f243b5de98b077425130214de8ae0a"


class TokenModelSource(Protocol):
    """What gives the shared encoder: ``SentenceTransformerEmbedder`` does."""

    def token_model(self) -> tuple[Any, Any]: ...


@dataclass(frozen=True)
class AttributionModel:
    """Tag head + item scorer (logistic over FEATURES) + Platt calibration + the two thresholds."""

    head: TagHead
    layer: int
    coef: Floats
    bias: float
    calib_a: float
    calib_b: float
    calib_direct: float  # Platt offset for direct quotes (calibrated on what reviewers call a quote)
    drop_below: float  # rule items (not direct quotes) under this calibrated probability are not attributions
    propose_at: float  # tagger proposals at or above this calibrated probability become items

    def probability(self, features: list[float]) -> float:
        """Calibrated probability that the item is a correct attribution."""
        z = float(np.dot(self.coef, np.asarray(features, dtype=np.float32))) + self.bias
        z = max(-30.0, min(30.0, z))
        z = self.calib_a * z + self.calib_b + self.calib_direct * features[_DIRECT]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_model(path: Path = WEIGHTS, expected_sha256: str = WEIGHTS_SHA256) -> AttributionModel:
    """Load and verify the weights; a changed file is refused."""
    if not path.is_file():
        raise ModelError(f"attribution weights {path} are missing; reinstall factcheck or run "
                         "`python bench/train_attribution.py` (or segment with --rules-only)")
    actual = file_sha256(path)
    if actual != expected_sha256:
        raise ModelError(f"{path} has sha256 {actual}, expected {expected_sha256}: the weights changed. "
                         "Reinstall factcheck, or retrain and update WEIGHTS_SHA256 in factcheck/learned/layer.py.")
    from safetensors import safe_open
    from safetensors.numpy import load_file

    tensors = load_file(str(path))
    with safe_open(str(path), framework="numpy") as handle:
        meta = json.loads(handle.metadata()["config"])
    if tuple(meta["features"]) != FEATURES:
        raise ModelError(f"{path} was trained on other features; retrain with bench/train_attribution.py")
    head = TagHead(tensors["head.w1"], tensors["head.b1"], tensors["head.w2"], tensors["head.b2"])
    return AttributionModel(head=head, layer=int(meta["layer"]), coef=tensors["scorer.coef"],
                            bias=float(meta["bias"]), calib_a=float(meta["calib_a"]), calib_b=float(meta["calib_b"]),
                            calib_direct=float(meta.get("calib_direct", 0.0)),
                            drop_below=float(meta["drop_below"]), propose_at=float(meta["propose_at"]))


def learned_for_settings(settings: Settings) -> LearnedAttribution:
    """The layer on a fresh embedder built from ``settings`` (model path, sha256, dtype), for the CLI."""
    from factcheck.embed import SentenceTransformerEmbedder

    folder = Path(settings.model_path) if settings.model_path else None
    embedder = SentenceTransformerEmbedder(folder, expected_sha256=settings.model_sha256,
                                           batch_size=settings.embed_batch_size, dtype=settings.embed_dtype)
    return LearnedAttribution(embedder)


def reparent(items: list[SegmentItem]) -> list[SegmentItem]:
    """Sort by (start, -end) and set each item's parent to its innermost enclosing item."""
    items = sorted(items, key=lambda it: (it.start, -it.end))
    out: list[SegmentItem] = []
    stack: list[int] = []
    for i, it in enumerate(items):
        while stack and not (items[stack[-1]].start <= it.start and it.end <= items[stack[-1]].end):
            stack.pop()
        out.append(replace(it, parent=stack[-1] if stack else None))
        stack.append(i)
    return out


class LearnedAttribution:
    """The learned layer bound to a shared encoder; ``apply`` refines the rule segmenter's items."""

    def __init__(self, encoder: TokenModelSource, model: AttributionModel | None = None) -> None:
        self.encoder = encoder
        self.model = model or load_model()

    def tag(self, text: str) -> Tagged:
        tokenizer, transformer = self.encoder.token_model()
        offsets, states = batched_token_states(tokenizer, transformer, text, self.model.layer)
        return Tagged(offsets, self.model.head.probs(states))

    def apply(self, text: str, items: list[SegmentItem], *, propose: bool = True) -> list[SegmentItem]:
        """Items with a calibrated ``confidence``; weak rule attributions out, strong proposals in."""
        if not text.strip():
            return items
        return self.apply_tagged(text, items, self.tag(text), propose=propose)

    def apply_tagged(self, text: str, items: list[SegmentItem], tagged: Tagged, *,
                     propose: bool = True) -> list[SegmentItem]:
        """``apply`` with the article's tag probabilities already computed (batched ingest)."""
        if not text.strip():
            return items
        model = self.model
        kept: list[SegmentItem] = []
        for it in items:
            if it.kind not in KINDS:
                kept.append(it)
                continue
            p = model.probability(item_features(text, it, tagged))
            if p < model.drop_below and it.kind != "direct":
                continue
            kept.append(replace(it, confidence=round(p, 3)))
        if propose:
            for it in proposals(text, kept, tagged):
                p = model.probability(item_features(text, it, tagged))
                if p >= model.propose_at:
                    kept.append(replace(it, confidence=round(p, 3)))
        return reparent(kept)
