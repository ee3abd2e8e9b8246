"""Benchmark the quote/attribution segmenter on PolNeAR: `.venv/bin/python bench/quotes.py [--split dev|train] [--limit N] [--parser]`.

``--parser`` scores the optional spaCy layer (``segment(..., parser=True)``; needs requirements-parser.txt) and,
for comparison, the model-free core on the same articles.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quote_scoring import DATA_DIR, evaluate, load_docs
from factcheck.errors import InputError
from factcheck.segment import segment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--score-nested", action="store_true",
                        help="also score partial quotes nested in the attribution they inherit (first-cut protocol)")
    parser.add_argument("--parser", action="store_true",
                        help="also score the optional spaCy parser layer (pip install -r requirements-parser.txt)")
    args = parser.parse_args(argv)
    try:
        docs = load_docs(args.split, args.limit)
    except FileNotFoundError as exc:
        print(f"error: {exc}. Put PolNeAR's {args.split}.jsonl under {DATA_DIR}.", file=sys.stderr)
        return 2
    runs = [("model-free core", False)] + ([("with parser layer", True)] if args.parser else [])
    for label, use_parser in runs:
        try:
            segment("Warm-up. “Hi,” he said.", statements=False, parser=use_parser)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        res = evaluate(docs, lambda t, p=use_parser: segment(t, statements=False, parser=p),
                       score_nested=args.score_nested)
        print(f"PolNeAR {args.split}: {res['articles']} articles (first annotator per article), {label}")
        for view in ("direct", "all"):
            for thr, s in res[view].items():
                print(f"  {view:6s} overlap>={thr:.1f}  P {s['precision']:.3f}  R {s['recall']:.3f}  "
                      f"F1 {s['f1']:.3f}  speaker {s['speaker_acc']:.3f}  "
                      f"(gold {s['gold']}, pred {s['pred']}, matched {s['matched']})")
        print(f"  speed: {res['ms_per_5000_chars_median']:.2f} ms per 5,000 characters (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
