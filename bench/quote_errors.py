"""Error analysis on PolNeAR (train by default): misses, false alarms and speaker errors by category.

`.venv/bin/python bench/quote_errors.py [--split train] [--view all|direct] [--thr 0.3] [--show CATEGORY] [-n 8]`
`.venv/bin/python bench/quote_errors.py --mine` lists word forms annotated as cues, with how often each
occurrence in the text is a cue (how lexicon.OBJECT_CUES was chosen: ratio >= 0.45, >= 6 cue uses).

Misses are grouped by the gold cue's first word (lower-cased), false alarms and speaker errors by
the rule that fired. ``--show`` prints examples of one category (e.g. ``--show miss:believe``,
``--show fa:said-that``, ``--show spk:floating``). Tune on train only; dev is for confirmation.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quote_scoring import QUOTE_OPENERS, Gold, load_docs, match, scored, speaker_ok
from factcheck.models import SegmentItem
from factcheck.segment import segment


def _golds(rec: dict[str, Any]) -> list[tuple[Gold, str]]:
    """Gold items as in quote_scoring.gold_items, each with its cue text."""
    out: list[tuple[Gold, str]] = []
    for a in rec["attributions"]:
        spans = sorted((c["start"], c["end"]) for c in a["content"])
        if not spans:
            continue
        first = min(a["content"], key=lambda c: c["start"])["text"].lstrip()
        cue = " ".join(c["text"] for c in sorted(a["cue"], key=lambda c: c["start"]))
        out.append((Gold(spans, [(s["start"], s["end"]) for s in a["source"]],
                         " ".join(s["text"] for s in a["source"]), first.startswith(QUOTE_OPENERS)), cue))
    return out


def _cue_key(cue: str) -> str:
    words = [w.strip(".,:;“”\"'’‘").lower() for w in cue.split()]
    words = [w for w in words if w and w not in ("has", "have", "had", "was", "were", "is", "are", "will",
                                                 "would", "also", "not", "did", "does", "do", "be", "been")]
    return words[0] if words else "(none)"


def _context(text: str, s: int, e: int, pad: int = 90) -> str:
    a, b = max(0, s - pad), min(len(text), e + pad)
    return (text[a:s] + "[[" + text[s:e] + "]]" + text[e:b]).replace("\n", " ¶ ")


_WORD_RE = re.compile(r"\w(?:[\w&]|[’'.\-](?=\w))*")


def mine_cues(split: str = "train", min_count: int = 6) -> list[tuple[str, int, int]]:
    """(word form, times inside a gold cue span, times in the text), most frequent cue first."""
    in_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for rec in load_docs(split):
        text = rec["text"]
        cue_starts = {m.start() for a in rec["attributions"] for c in a["cue"]
                      for m in _WORD_RE.finditer(text, c["start"], c["end"])}
        for m in _WORD_RE.finditer(text):
            w = m.group().lower()
            total[w] += 1
            in_cue[w] += m.start() in cue_starts
    return sorted(((w, n, total[w]) for w, n in in_cue.items() if n >= min_count), key=lambda r: -r[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="train", choices=("train", "dev"))
    ap.add_argument("--view", default="all", choices=("all", "direct"))
    ap.add_argument("--thr", type=float, default=0.3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", default="")
    ap.add_argument("-n", type=int, default=8)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--mine", action="store_true", help="list cue word forms by how often they are cues")
    args = ap.parse_args(argv)
    if args.mine:
        for w, n, tot in mine_cues(args.split):
            print(f"  {w:20s} cue {n:5d}  text {tot:6d}  ratio {n / tot:.2f}")
        return 0
    counts: dict[str, Counter[str]] = {"miss": Counter(), "fa": Counter(), "spk": Counter(), "hit": Counter()}
    examples: dict[str, list[str]] = defaultdict(list)
    for rec in load_docs(args.split, args.limit):
        text = rec["text"]
        items: list[SegmentItem] = scored(segment(text, statements=False))
        golds = _golds(rec)
        if args.view == "direct":
            golds = [g for g in golds if g[0].direct]
            items = [it for it in items if it.kind == "direct"]
        pairs = match([g for g, _ in golds], items, args.thr)
        got_g = {gi for gi, _ in pairs}
        got_p = {pi for _, pi in pairs}
        for gi, (g, cue) in enumerate(golds):
            if gi in got_g:
                continue
            key = ("direct:" if g.direct else "") + _cue_key(cue)
            counts["miss"][key] += 1
            examples["miss:" + key].append(f"cue={cue!r} src={g.source_text!r}\n    "
                                           + _context(text, g.spans[0][0], g.spans[-1][1]))
        for pi, it in enumerate(items):
            if pi in got_p:
                continue
            key = f"{it.kind}:{it.rule}"
            counts["fa"][key] += 1
            examples["fa:" + key].append(f"spk={it.speaker!r} cue={it.cue!r}\n    " + _context(text, it.start, it.end))
        for gi, pi in pairs:
            g, it = golds[gi][0], items[pi]
            counts["hit"][f"{it.kind}:{it.rule}"] += 1
            if g.sources and not speaker_ok(it, g):
                key = f"{it.kind}:{it.rule}"
                counts["spk"][key] += 1
                examples["spk:" + key].append(f"pred={it.speaker!r} gold={g.source_text!r} cue={it.cue!r}\n    "
                                              + _context(text, it.start, it.end))
    if args.show:
        pool = examples.get(args.show, [])
        random.Random(0).shuffle(pool)
        print(f"{args.show}: {len(pool)} cases")
        for ex in pool[: args.n]:
            print("  " + ex)
        return 0
    for name, title in (("miss", "misses by gold cue"), ("fa", "false alarms by rule"),
                        ("spk", "speaker errors by rule"), ("hit", "matches by rule")):
        total = sum(counts[name].values())
        print(f"{title} (total {total}):")
        for key, n in counts[name].most_common(args.top):
            print(f"  {n:6d}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
