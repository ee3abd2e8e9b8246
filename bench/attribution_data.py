"""Data for the learned attribution layer: PolNeAR/GGT records, token tags, cached encoder states."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from factcheck.learned.head import TAGS, tag_index
from factcheck.segment.lexicon import BELIEF_NOUNS, BELIEF_VERBS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CACHE = ROOT / "bench" / ".cache" / "attribution"
LAYERS = (3,)


def polnear(split: str, limit: int | None = None, every: int = 1) -> list[dict[str, Any]]:
    """First annotator's record per article of PolNeAR ``split`` (as bench/quote_scoring does);
    ``every=2`` keeps every second article (a cheaper training set spread over the whole period)."""
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for line in (SHARED / "polnear" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["doc_id"] in seen:
            continue
        seen.add(rec["doc_id"])
        if (len(seen) - 1) % every:
            continue
        out.append(rec)
        if limit and len(out) >= limit:
            break
    return out


def ggt_dev() -> list[dict[str, Any]]:
    path = SHARED / "gendergaptracker-quotes-dev" / "articles.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_belief_cue(cue_text: str) -> bool:
    """Speech/belief class of a PolNeAR attribution, derived from its cue words (see the model card)."""
    words = [w.strip(".,;:“”\"'’").lower() for w in cue_text.split()]
    return any(w in BELIEF_VERBS or w in BELIEF_NOUNS for w in words)


def char_tags(rec: dict[str, Any]) -> npt.NDArray[np.int64]:
    """Per-character role (0 O, 1 source, 2 cue, 3 speech content, 4 belief content); cue > source > content."""
    roles = np.zeros(len(rec["text"]), dtype=np.int64)
    for a in rec["attributions"]:
        content = 4 if is_belief_cue(" ".join(c["text"] for c in a["cue"])) else 3
        for span in a["content"]:
            seg = roles[span["start"] : span["end"]]
            seg[seg == 0] = content
    for role, key in ((1, "source"), (2, "cue")):
        for a in rec["attributions"]:
            for span in a[key]:
                roles[span["start"] : span["end"]] = role
    return roles


def piece_tags(rec: dict[str, Any], offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """BIO tag index of every word piece from its first character's role."""
    roles = char_tags(rec)
    names = ("O", "SRC", "CUE", "CON", "BEL")
    tags = np.zeros(len(offsets), dtype=np.int64)
    prev = 0
    for k, (s, e) in enumerate(offsets):
        role = int(roles[s]) if e > s else 0
        if role == 0:
            tags[k] = tag_index("O")
        else:
            # B- when the previous piece had another role or a gap of non-role characters lies between
            gap = k > 0 and bool((roles[int(offsets[k - 1][1]) : s] != role).any())
            tags[k] = tag_index(("I-" if prev == role and not gap else "B-") + names[role])
        prev = role
    assert len(TAGS) == 9
    return tags


def encoder() -> tuple[Any, Any]:
    """The shipped encoder through the embedder's seam (bf16, loaded once)."""
    from factcheck.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder().token_model()


def cached_states(name: str, texts: list[str]) -> dict[str, Any]:
    """Offsets and states (layers ``LAYERS``, float16) of ``texts``, cached under bench/.cache/attribution."""
    path = CACHE / f"{name}.npz"
    if path.exists():
        data = np.load(path)
        return {k: data[k] for k in data.files}
    from factcheck.learned.states import token_states

    tok, model = encoder()
    offs, states, bounds = [], [[] for _ in LAYERS], [0]
    for n, text in enumerate(texts):
        o, s = token_states(tok, model, text, LAYERS)
        offs.append(o)
        for k in range(len(LAYERS)):
            states[k].append(s[k].astype(np.float16))
        bounds.append(bounds[-1] + len(o))
        if n % 20 == 0:
            print(f"  {name}: {n}/{len(texts)} articles", flush=True)
    out = {"offsets": np.concatenate(offs), "bounds": np.asarray(bounds)}
    for k, layer in enumerate(LAYERS):
        out[f"L{layer}"] = np.concatenate(states[k])
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    return out
