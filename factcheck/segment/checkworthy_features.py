"""Design matrix of the learned check-worthiness head: embeddings, cues, speaker and context."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from factcheck.segment.checkworthy import CUE_NAMES, features

__all__ = ["CONTEXT_NAMES", "cue_rows", "design", "feature_names"]

Matrix = npt.NDArray[np.float32]

# Per-line context features, computed from the document itself (no speaker lists): a moderator
# is a speaker whose lines are mostly questions, a candidate one who holds the floor.
CONTEXT_NAMES: tuple[str, ...] = (
    "has_context",          # the line has neighbours (0 for isolated sentences)
    "has_speaker",          # a speaker is known (debate speaker, quoted source)
    "spk_question_rate",    # share of this speaker's lines that are questions
    "spk_share",            # share of the document's lines spoken by this speaker
    "spk_is_main",          # this speaker has the most lines
    "turn_start",           # first line of a speaker turn
    "turn_end",             # last line of a speaker turn
    "turn_len",             # log2 length of the current turn, /6
    "turn_pos",             # position inside the turn, 0..1
    "doc_pos",              # position in the document, 0..1
    "prev_question",        # the previous line is a question
    "prev_other_question",  # ... asked by another speaker (the line answers it)
    "next_question",        # the next line is a question
    "prev_short",           # the previous line has fewer than 6 words
    "next_short",           # the next line has fewer than 6 words
)
_NEIGHBOUR_CUES = ("number", "percent", "money", "statistic", "vote", "question", "opinion")


def feature_names(dim: int) -> list[str]:
    """Column names of :func:`design` for embeddings of width ``dim``."""
    names = [f"emb{i}" for i in range(dim)]
    names += [f"prev_emb{i}" for i in range(dim)]
    names += [f"next_emb{i}" for i in range(dim)]
    names += [f"cue:{c}" for c in CUE_NAMES]
    names += [f"prev_cue:{c}" for c in _NEIGHBOUR_CUES]
    names += [f"next_cue:{c}" for c in _NEIGHBOUR_CUES]
    names += [f"ctx:{c}" for c in CONTEXT_NAMES]
    return names


def cue_rows(texts: Sequence[str]) -> Matrix:
    """The lexical cues of each text, columns in ``CUE_NAMES`` order."""
    return np.asarray([[f[c] for c in CUE_NAMES] for f in map(features, texts)],
                      dtype=np.float32).reshape(len(texts), len(CUE_NAMES))


def _turns(speakers: Sequence[str]) -> list[tuple[int, int]]:
    """(turn start, turn end exclusive) for every line."""
    n = len(speakers)
    out: list[tuple[int, int]] = [(0, 0)] * n
    start = 0
    for i in range(1, n + 1):
        if i == n or speakers[i] != speakers[start]:
            for j in range(start, i):
                out[j] = (start, i)
            start = i
    return out


def _context(texts: Sequence[str], speakers: Sequence[str], cues: Matrix) -> Matrix:
    n = len(texts)
    col = {name: i for i, name in enumerate(CUE_NAMES)}
    question = cues[:, col["question"]]
    short = cues[:, col["short"]]
    lines_by: Counter[str] = Counter(speakers)
    questions_by: Counter[str] = Counter()
    for spk, q in zip(speakers, question, strict=True):
        questions_by[spk] += int(q)
    main = lines_by.most_common(1)[0][0] if n else ""
    turns = _turns(speakers)
    out = np.zeros((n, len(CONTEXT_NAMES)), dtype=np.float32)
    for i in range(n):
        spk = speakers[i]
        start, end = turns[i]
        length = end - start
        prev_q = float(question[i - 1]) if i > 0 else 0.0
        out[i] = (
            1.0 if n > 1 else 0.0,
            1.0 if spk else 0.0,
            (questions_by[spk] + 0.1) / (lines_by[spk] + 1.0) if spk else 0.0,
            lines_by[spk] / n if spk else 0.0,
            1.0 if spk and spk == main and n > 1 else 0.0,
            1.0 if i == start and n > 1 else 0.0,
            1.0 if i == end - 1 and n > 1 else 0.0,
            min(math.log2(length), 6.0) / 6.0,
            (i - start) / (length - 1) if length > 1 else 0.0,
            i / (n - 1) if n > 1 else 0.0,
            prev_q,
            prev_q if i > 0 and speakers[i - 1] != spk else 0.0,
            float(question[i + 1]) if i + 1 < n else 0.0,
            float(short[i - 1]) if i > 0 else 0.0,
            float(short[i + 1]) if i + 1 < n else 0.0,
        )
    return out


def _shift(matrix: Matrix, step: int) -> Matrix:
    """Row i holds row i+step (zeros past either end)."""
    out = np.zeros_like(matrix)
    if step < 0 and len(matrix) > -step:
        out[-step:] = matrix[:step]
    elif step > 0 and len(matrix) > step:
        out[:-step] = matrix[step:]
    return out


def design(texts: Sequence[str], speakers: Sequence[str], vectors: npt.NDArray[np.float32]) -> Matrix:
    """Feature rows for one document's lines, in order (columns named by :func:`feature_names`).

    ``speakers[i]`` is the line's speaker ("" when unknown or the article's own voice);
    ``vectors`` are the encoder's embeddings of ``texts`` (one row per line).
    """
    if len(texts) != len(speakers) or len(texts) != len(vectors):
        raise ValueError("texts, speakers and vectors must have one entry per line")
    vecs = np.asarray(vectors, dtype=np.float32)
    cues = cue_rows(texts)
    pick = [CUE_NAMES.index(c) for c in _NEIGHBOUR_CUES]
    return np.hstack([
        vecs, _shift(vecs, -1), _shift(vecs, 1), cues,
        _shift(cues[:, pick], -1), _shift(cues[:, pick], 1),
        _context(texts, speakers, cues),
    ]).astype(np.float32)
