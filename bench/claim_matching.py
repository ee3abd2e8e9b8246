"""CheckThat! 2A/2B claim retrieval through the product's Workspace.search_many: MAP@1/5, MRR.

    python bench/claim_matching.py                 # both tasks, train and dev
    python bench/claim_matching.py --task 2b --split dev
    python bench/claim_matching.py --fit           # refit fusion weights on TRAIN only
    python bench/claim_matching.py --fit-levels    # refit the level calibration on TRAIN only
    python bench/claim_matching.py --feedback      # the calibration feedback experiment (2B)

The verified claims are imported as ClaimReview (2B: the politifact-claimreview corpus, the same
19,250 fact-checks; 2A: the Snopes vclaims converted to ClaimReview JSON Lines) into a workspace
cached under bench/.cache/, then every query is ranked by ``Workspace.search_many``.
Metrics follow the official scorer (trectools): AP@k divides by the number of relevant claims of
the query; ties are broken by vclaim id, descending; MRR is over the top ``--depth`` results.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.match.ranking import Query  # noqa: E402

DATA = REPO.parent / "shared" / "data"
CACHE = REPO / "bench" / ".cache"
TASKS = {"2b": "clef2021-checkthat-task2b-en", "2a": "clef2021-checkthat-task2a-en"}
CONTEXT_LINES = 2  # 2B: previous transcript lines given as the query's context


@dataclass
class Split:
    queries: list[Query]
    qrels: dict[str, set[str]]


def _read_tsv(path: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def _transcripts(folder: Path) -> dict[str, list[list[str]]]:
    return {p.stem.lower(): _read_tsv(p) for p in sorted((folder / "transcripts").glob("*.tsv"))}


def _transcript_for(name: str, transcripts: dict[str, list[list[str]]]) -> list[list[str]]:
    """Query ids misspell transcript names ("GOP_milwuakee", "1pres"): match on the date first."""
    import difflib

    same_day = [t for t in transcripts if t[:8] == name[:8]]
    if not same_day:
        return []
    best = max(same_day, key=lambda t: difflib.SequenceMatcher(None, t, name.lower()).ratio())
    return transcripts[best]


def load_split(task: str, split: str) -> Split:
    folder = DATA / TASKS[task]
    qrels: dict[str, set[str]] = collections.defaultdict(set)
    for row in _read_tsv(folder / f"{split}_qrels.tsv"):
        qrels[row[0]].add(row[2])
    rows = _read_tsv(folder / f"{split}_queries.tsv")[1:]
    transcripts = _transcripts(folder) if task == "2b" else {}
    queries = []
    for qid, text in ((r[0], r[1]) for r in rows):
        speaker, context = "", ""
        if task == "2b":
            name, _, line = qid.rpartition("_")
            lines = _transcript_for(name, transcripts)
            numbers = [int(r[0]) for r in lines]
            if int(line) in numbers:
                at = numbers.index(int(line))
                speaker = lines[at][1]
                context = " ".join(r[2] for r in lines[max(0, at - CONTEXT_LINES):at]
                                   if r[1] != "SYSTEM")
        date = f"{qid[:4]}-{qid[4:6]}-{qid[6:8]}" if task == "2b" else ""  # the debate's date
        queries.append(Query(text=text, query_id=qid, speaker=speaker, context=context, date=date,
                             k=100))
    return Split(queries, dict(qrels))


def snopes_claimreview(path: Path) -> Path:
    """The 2A Snopes vclaims as ClaimReview JSON Lines (written once into the cache)."""
    out = CACHE / "snopes-claimreview.jsonl"
    if out.exists():
        return out
    from factcheck.match.claimreview_import import iso_date

    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        v = json.loads(raw)
        lines.append(json.dumps({
            "@context": "https://schema.org", "@type": "ClaimReview",
            "identifier": v["vclaim_id"], "claimReviewed": v["vclaim"], "name": v.get("title", ""),
            "author": {"@type": "Organization", "name": "Snopes"},
            "datePublished": iso_date(v.get("date", "")),
            "url": v.get("page_url", "") or f"https://www.snopes.com/fact-check/{v['vclaim_id'][12:]}/",
        }, ensure_ascii=False))
    CACHE.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def workspace_for(task: str):
    """The cached benchmark workspace with the task's verified claims imported (built once)."""
    from factcheck.workspace import Workspace

    source = (DATA / "politifact-claimreview" / "claimreview.jsonl" if task == "2b"
              else snopes_claimreview(DATA / TASKS[task] / "vclaims.jsonl"))
    expected = sum(1 for line in source.read_text(encoding="utf-8").splitlines() if line.strip())
    ws = Workspace(CACHE / f"ws-{task}")
    if ws.stats().prior_claims != expected:
        started = time.perf_counter()
        report = ws.import_claimreview([source])
        print(f"[{task}] imported {report.added} added, {report.updated} updated, "
              f"{report.skipped} skipped in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return ws


def metrics(ranked: dict[str, list[tuple[str, float]]], qrels: dict[str, set[str]],
            depth: int) -> dict[str, float]:
    """MAP@1, MAP@5, MRR (official definitions) over every gold query."""
    totals = {"MAP@1": 0.0, "MAP@5": 0.0, "MRR": 0.0}
    for qid, relevant in qrels.items():
        rows = sorted(ranked.get(qid, []), key=lambda r: r[0], reverse=True)  # ties: id desc
        rows = sorted(rows, key=lambda r: -r[1])[:depth]
        ids = [vid for vid, _ in rows]
        for k in (1, 5):
            hits, total = 0, 0.0
            for rank, vid in enumerate(ids[:k], start=1):
                if vid in relevant:
                    hits += 1
                    total += hits / rank
            totals[f"MAP@{k}"] += total / len(relevant)
        first = next((rank for rank, vid in enumerate(ids, start=1) if vid in relevant), None)
        totals["MRR"] += 1.0 / first if first else 0.0
    return {name: value / len(qrels) for name, value in totals.items()}


def run_split(ws, split: Split, depth: int = 100) -> tuple[dict[str, float], float, list]:
    started = time.perf_counter()
    results = ws.search_many(split.queries)
    elapsed = time.perf_counter() - started
    # Ranked by the fused score (the product's order; the shown probability can tie down the list).
    ranked = {q.query_id: [(m.claim.external_id, m.fused) for m in matches]
              for q, matches in zip(split.queries, results, strict=True)}
    return metrics(ranked, split.qrels, depth), elapsed, results


def level_figures(split: Split, results: list, depth: int = 10) -> dict[str, float]:
    """Issue 12 figures over the top 10 of every query (labelled = level 'same' or 'related')."""
    labelled = hits = same = same_hits = total = 0
    for query, matches in zip(split.queries, results, strict=True):
        relevant = split.qrels.get(query.query_id, set())
        total += len(relevant)
        for m in matches[:depth]:
            rel = m.claim.external_id in relevant
            if m.level in ("same", "related"):
                labelled += 1
                hits += rel
            if m.level == "same":
                same += 1
                same_hits += rel
    return {"P_label": hits / labelled if labelled else 0.0, "R_label": hits / max(total, 1),
            "P_same": same_hits / same if same else 0.0, "labelled": labelled, "same": same}


def show_levels(figures: dict[str, float]) -> str:
    return (f"P_label {figures['P_label']:.3f}  R_label {figures['R_label']:.3f}  "
            f"P_same {figures['P_same']:.3f}  (labelled {figures['labelled']}, "
            f"same {figures['same']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--task", choices=["2a", "2b", "all"], default="all")
    parser.add_argument("--split", default="train,dev")
    parser.add_argument("--fit", action="store_true", help="refit fusion weights on train first")
    parser.add_argument("--fit-method", choices=["logistic", "ascent"], default="ascent",
                        help="ranking weights: logistic regression, or coordinate ascent on MAP@5")
    parser.add_argument("--fit-levels", action="store_true",
                        help="refit the level calibration (factcheck/match/calibration.json) on train")
    parser.add_argument("--feedback", action="store_true",
                        help="run the calibration feedback experiment (300 2B train labels)")
    args = parser.parse_args()
    tasks = ["2a", "2b"] if args.task == "all" else [args.task]
    if not DATA.exists():
        sys.exit(f"benchmark data not found at {DATA}")
    if args.fit:
        from bench.fit_matching import fit

        fit({task: (workspace_for(task), load_split(task, "train")) for task in tasks},
            args.fit_method)
    if args.fit_levels:
        from bench.fit_matching import fit_levels

        fit_levels({task: (workspace_for(task), load_split(task, "train")) for task in ("2a", "2b")})
    if args.feedback:
        from bench.feedback_experiment import run as run_feedback

        run_feedback(workspace_for("2b"), load_split("2b", "train"), load_split("2b", "dev"),
                     level_figures)
        return
    for task in tasks:
        ws = workspace_for(task)
        ws.matcher.reload_models()  # pick up freshly fitted weights
        for split_name in args.split.split(","):
            split = load_split(task, split_name)
            scores, elapsed, results = run_split(ws, split)
            shown = "  ".join(f"{k} {v:.4f}" for k, v in scores.items())
            print(f"{task} {split_name:<5} n={len(split.queries):<4} {shown}  "
                  f"({len(split.queries) / elapsed:.0f} queries/s)")
            print(f"      levels in top 10: {show_levels(level_figures(split, results))}")


if __name__ == "__main__":
    main()
