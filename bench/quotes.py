"""Benchmark quotes/attributions, core rules vs learned layer: `.venv/bin/python bench/quotes.py [--rules-only]`.

Reports, per run (model-free core; core + learned layer):
- PolNeAR dev (bench/quote_scoring.py protocol): direct quotes, and all attributions with ``belief`` counted;
- GGT dev (the protocol of ../shared/tools/ggt_score.py: quote kinds only, nested items dropped, greedy
  one-to-one at > 0.3 and > 0.8 of the gold span): P, R, F1, speaker accuracy;
- expected calibration error (10 equal-width bins) of ``confidence`` over the GGT dev predictions, and the
  precision of what a reviewer sees at each ``min_confidence``;
- ms per 5,000-character article (median) on one core (torch threads = 1), model loaded.
``--parser`` also scores the optional spaCy layer.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quote_scoring import DATA_DIR, evaluate, load_docs
from factcheck.errors import InputError
from factcheck.models import SegmentItem
from factcheck.segment import QUOTE_KINDS, segment

GGT_TOOL = Path(__file__).resolve().parents[2] / "shared" / "tools" / "ggt_score.py"
Segmenter = Callable[[str], list[SegmentItem]]


def ggt_module() -> Any:
    spec = importlib.util.spec_from_file_location("ggt_score", GGT_TOOL)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(GGT_TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ggt_preds(items: list[SegmentItem]) -> list[dict[str, Any]]:
    """The items the GGT protocol scores: quote kinds, an item nested in another one dropped."""
    quotes = [it for it in items if it.kind in QUOTE_KINDS]
    spans = [(it.start, it.end) for it in quotes]
    kept = [it for it in quotes if not any(s <= it.start and it.end <= e and (s, e) != (it.start, it.end) for s, e in spans)]
    return [{"start": it.start, "end": it.end, "speaker": it.speaker, "speaker_start": it.speaker_start,
             "speaker_end": it.speaker_end, "rule": it.rule, "text": it.text, "kind": it.kind,
             "confidence": it.confidence} for it in kept]


def ggt_labels(doc: dict[str, Any], preds: list[dict[str, Any]], thr: float = 0.3) -> list[int]:
    """1 for each prediction the GGT greedy matching pairs with a gold quote (as ggt_score.score does)."""
    used = [False] * len(preds)
    for g in doc["quotes"]:
        best, bi = 0.0, -1
        for k, p in enumerate(preds):
            if not used[k]:
                ov = max(0, min(g["end"], p["end"]) - max(g["start"], p["start"])) / max(1, g["end"] - g["start"])
                if ov > best:
                    best, bi = ov, k
        if best > thr:
            used[bi] = True
    return [int(u) for u in used]


def ece(conf: list[float], labels: list[int], bins: int = 10) -> float:
    """Expected calibration error: bin-size-weighted |accuracy - mean confidence| over equal-width bins."""
    total, n = 0.0, len(conf)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(conf) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if idx:
            acc = sum(labels[i] for i in idx) / len(idx)
            mean = sum(conf[i] for i in idx) / len(idx)
            total += len(idx) / n * abs(acc - mean)
    return total


def run_ggt(segmenter: Segmenter, cuts: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8)) -> dict[str, Any]:
    tool = ggt_module()
    articles = [a for a in load_ggt(tool)]
    pred: dict[str, list[dict[str, Any]]] = {}
    conf: list[float] = []
    labels: list[int] = []
    ms: list[float] = []
    for doc in articles:
        t0 = time.perf_counter()
        items = segmenter(doc["text"])
        ms.append((time.perf_counter() - t0) * 1000 * 5000 / max(1, len(doc["text"])))
        pred[doc["doc_id"]] = ggt_preds(items)
        conf += [p["confidence"] for p in pred[doc["doc_id"]]]
        labels += ggt_labels(doc, pred[doc["doc_id"]])
    res = {str(t): tool.score(articles, pred, t) for t in (0.3, 0.8)}
    shown = {}
    for cut in cuts:
        keep = [lab for c, lab in zip(conf, labels, strict=True) if c >= cut]
        shown[cut] = (sum(keep) / max(1, len(keep)), len(keep))
    return {"scores": res, "ece": ece(conf, labels), "shown": shown, "ms": statistics.median(ms)}


def load_ggt(tool: Any) -> list[dict[str, Any]]:
    import json

    path = Path(tool.DEFAULT_ARTICLES)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def report(label: str, split: str, docs: list[dict[str, Any]], segmenter: Segmenter, score_nested: bool) -> None:
    res = evaluate(docs, segmenter, score_nested=score_nested)
    print(f"== {label}")
    print(f"PolNeAR {split}: {res['articles']} articles (first annotator per article)")
    for view in ("direct", "all"):
        for thr, s in res[view].items():
            print(f"  {view:6s} overlap>={thr:.1f}  P {s['precision']:.3f}  R {s['recall']:.3f}  "
                  f"F1 {s['f1']:.3f}  speaker {s['speaker_acc']:.3f}  "
                  f"(gold {s['gold']}, pred {s['pred']}, matched {s['matched']})")
    print(f"  speed: {res['ms_per_5000_chars_median']:.2f} ms per 5,000 characters (median, PolNeAR)")
    if not GGT_TOOL.exists():
        print(f"  GGT dev: skipped ({GGT_TOOL} absent)")
        return
    g = run_ggt(segmenter)
    for thr, s in g["scores"].items():
        print(f"  GGT dev @{thr}: P {s['P']:.3f}  R {s['R']:.3f}  F1 {s['F1']:.3f}  speaker {s['speaker_acc']:.3f}  "
              f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    print(f"  GGT dev calibration: ECE (10 bins) {g['ece']:.3f}")
    print("  GGT dev precision shown at min_confidence: " + ", ".join(
        f"{cut:.2f}: {p:.3f} ({n})" for cut, (p, n) in g["shown"].items()))
    print(f"  speed: {g['ms']:.2f} ms per 5,000 characters (median, GGT dev)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--score-nested", action="store_true",
                        help="also score partial quotes nested in the attribution they inherit (first-cut protocol)")
    parser.add_argument("--parser", action="store_true",
                        help="also score the optional spaCy parser layer (pip install -r requirements-parser.txt)")
    parser.add_argument("--rules-only", action="store_true", help="skip the learned layer")
    parser.add_argument("--batched", action="store_true",
                        help="also score the ingest path: encoder windows batched across all articles")
    parser.add_argument("--threads", type=int, default=1, help="torch threads for the learned layer (speed: 1)")
    args = parser.parse_args(argv)
    try:
        docs = load_docs(args.split, args.limit)
    except FileNotFoundError as exc:
        print(f"error: {exc}. Put PolNeAR's {args.split}.jsonl under {DATA_DIR}.", file=sys.stderr)
        return 2
    if args.parser:
        try:
            segment("Warm-up. “Hi,” he said.", statements=False, parser=True)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    runs: list[tuple[str, Segmenter]] = [("model-free core", lambda t: segment(t, statements=False))]
    if args.parser:
        runs.append(("with parser layer", lambda t: segment(t, statements=False, parser=True)))
    if not args.rules_only:
        import torch

        from factcheck.embed import SentenceTransformerEmbedder
        from factcheck.learned.layer import LearnedAttribution

        torch.set_num_threads(args.threads)
        try:  # numpy's BLAS too: the head's matrix products
            from threadpoolctl import threadpool_limits

            threadpool_limits(args.threads)
        except ImportError:
            pass
        learned = LearnedAttribution(SentenceTransformerEmbedder())
        learned.apply("Warm-up. “Hi,” he said.", segment("Warm-up. “Hi,” he said.", statements=False))
        runs.append((f"core + learned layer (bf16, {args.threads} thread)",
                     lambda t: learned.apply(t, segment(t, statements=False))))
        if args.batched:
            runs.append(("core + learned layer, windows batched across articles (the ingest path)",
                         batched_segmenter(learned, [str(d["text"]) for d in docs])))
    for label, segmenter in runs:
        report(label, args.split, docs, segmenter, args.score_nested)
    return 0


def batched_segmenter(learned: Any, texts: list[str]) -> Segmenter:
    """The batched ingest's learned layer: token states of all ``texts`` in one batched pass, up front."""
    from factcheck.learned.features import Tagged
    from factcheck.pipeline.batch_states import batch_token_states

    tokenizer, transformer = learned.encoder.token_model()
    layer = learned.model.layer
    tagged = {t: Tagged(o, learned.model.head.probs(h))
              for t, (o, h) in zip(texts, batch_token_states(tokenizer, transformer, texts, layer), strict=True)}

    def run(text: str) -> list[SegmentItem]:
        if text not in tagged:  # another corpus (GGT): batched over its windows alone
            (o, h), = batch_token_states(tokenizer, transformer, [text], layer)
            tagged[text] = Tagged(o, learned.model.head.probs(h))
        return list(learned.apply_tagged(text, segment(text, statements=False), tagged[text]))

    return run


if __name__ == "__main__":
    raise SystemExit(main())
