"""Matching commands: `search` (one text or a TSV of queries) and `import claimreview`."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli import Context
from factcheck.models import CLAIM_KINDS

if TYPE_CHECKING:
    from factcheck.match.ranking import Query
    from factcheck.models import Match

pass_ctx = click.make_pass_decorator(Context)


def register(main: click.Group) -> None:
    main.add_command(search)
    main.add_command(calibrate)
    existing = main.commands.get("import")
    group = existing if isinstance(existing, click.Group) else import_group
    group.add_command(claimreview)
    if existing is None:
        main.add_command(import_group)


def match_record(m: Match) -> dict[str, Any]:
    """The JSON contract of one match (benchmarks and tests rely on these keys)."""
    review_url = next((e.url for e in m.verdict.evidence if e.url), "") if m.verdict else ""
    record: dict[str, Any] = {
        "id": m.claim.id, "external_id": m.claim.external_id, "text": m.claim.text,
        "speaker": m.claim.speaker, "kind": m.claim.kind, "score": m.score, "level": m.level,
        "query_type": m.query_type, "fused": m.fused, "dense": m.dense, "lexical": m.lexical,
        "verdict": m.verdict.rating if m.verdict else None,
        "url": review_url or (m.article.url if m.article else ""),
        "article_id": m.claim.article_id,
        "published": m.article.published if m.article else "",
        "appearances": [a.id for a in m.appearances],
    }
    if m.explanation is not None:
        record["flags"] = list(m.explanation.flags)
        record["alignment"] = [[op.op, op.left, op.right] for op in m.explanation.alignment]
    return record


def read_queries(path: Path, **common: Any) -> list[Query]:
    """``query_id<TAB>text`` rows; a header row may name ``speaker``, ``context``, ``date`` columns."""
    from factcheck.errors import InputError
    from factcheck.match.ranking import Query

    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read queries file {path}: {exc.strerror or exc}") from exc
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    columns = ["query_id", "text"]
    if rows and [c.strip().lower() for c in rows[0][:2]] in (["query_id", "text"], ["id", "text"]):
        columns = [c.strip().lower() for c in rows[0]]
        rows = rows[1:]
    queries = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[1].strip():
            raise InputError(f"{path} row {number}: expected query_id<TAB>text, got {row!r}")
        values = dict(zip(columns, row, strict=False))
        queries.append(Query(text=values["text"], query_id=values["query_id"],
                             speaker=values.get("speaker", ""), context=values.get("context", ""),
                             date=values.get("date", ""), **common))
    return queries


@click.command()
@click.argument("text", required=False)
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print matches as JSON.")
@click.option("--speaker", default="", help="Who said TEXT: prior claims by them rank higher.")
@click.option("--said-by", default="", help="Only claims by this speaker.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(CLAIM_KINDS), help="Only these kinds.")
@click.option("--since", default="", metavar="YYYY-MM-DD", help="Only claims dated on/after.")
@click.option("--until", default="", metavar="YYYY-MM-DD", help="Only claims dated on/before.")
@click.option("--outlet", default="", help="Only claims from this outlet / reviewing organisation.")
@click.option("--has-verdict/--no-verdict", "has_verdict", default=None,
              help="Only claims with (or without) a verdict.")
@click.option("--context", default="", help="Surrounding text of TEXT (improves the match).")
@click.option("--explain", is_flag=True, help="Add word alignment and difference flags.")
@click.option("--queries", "queries_file", type=click.Path(dir_okay=False, path_type=Path),
              help="TSV of query_id<TAB>text[<TAB>speaker<TAB>context]: one JSON line per query.")
@pass_ctx
def search(ctx: Context, text: str | None, k: int, as_json: bool, speaker: str, said_by: str,
           kinds: tuple[str, ...], since: str, until: str, outlet: str, has_verdict: bool | None,
           context: str, explain: bool, queries_file: Path | None) -> None:
    """Find stored claims and prior fact-checks that say the same as TEXT."""
    from factcheck.errors import InputError
    from factcheck.match.calibration import query_type
    from factcheck.match.ranking import MatchFilters, Query

    filters = MatchFilters(kinds=kinds, said_by=said_by, date_from=since, date_to=until,
                           outlet=outlet, has_verdict=has_verdict)
    ws = ctx.workspace()
    if queries_file is not None:
        if text:
            raise InputError("give either TEXT or --queries FILE, not both")
        queries = read_queries(queries_file, k=k, filters=filters, explain=explain)
        for start in range(0, len(queries), 256):
            batch = queries[start:start + 256]
            for query, matches in zip(batch, ws.search_many(batch), strict=True):
                click.echo(json.dumps({"query_id": query.query_id,
                                       "query_type": query_type(query.text, context=query.context,
                                                                speaker=query.speaker),
                                       "results": [match_record(m) for m in matches]},
                                      ensure_ascii=False))
        return
    if not text or not text.strip():
        raise InputError('give the text to search for, e.g. factcheck search "crime is down 10%"')
    matches = ws.search_many([Query(text=text, speaker=speaker, context=context, k=k,
                                    filters=filters, explain=explain)])[0]
    if as_json:
        click.echo(json.dumps([match_record(m) for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo("no matching claims", err=True)
    for m in matches:
        verdict = f" [{m.verdict.rating}]" if m.verdict else ""
        who = f"{m.claim.speaker}: " if m.claim.speaker else ""
        click.echo(f"{m.score:.3f} {m.level:<7} ({m.query_type}) #{m.claim.id} {m.claim.kind}{verdict} {who}"
                   f"{m.claim.text!r}")
        if m.explanation is not None and m.explanation.flags:
            click.echo(f"        differs: {'; '.join(m.explanation.flags)}")


@click.group("import")
def import_group() -> None:
    """Import prior fact-checks."""


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE|URL...")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def claimreview(ctx: Context, files: tuple[str, ...], as_json: bool) -> None:
    """Import schema.org ClaimReview JSON-LD (object, array, @graph or JSON Lines) from files or
    http(s) URLs of public feeds (fetched with the same safety rules as article URLs)."""
    report = ctx.workspace().import_claimreview(list(files))
    if as_json:
        click.echo(json.dumps({"added": report.added, "updated": report.updated,
                               "unchanged": report.unchanged, "skipped": report.skipped,
                               "problems": [str(p) for p in report.problems]}, ensure_ascii=False))
    else:
        click.echo(f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
                   f"skipped {report.skipped}")
        for problem in report.problems:
            click.echo(f"skipped {problem}", err=True)
    if report.skipped and not (report.added or report.updated or report.unchanged):
        sys.exit(1)


@click.command()
@click.option("--dry-run", is_flag=True, help="Show the before/after figures without saving.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--rollback", is_flag=True, help="Restore the previous calibration.")
@pass_ctx
def calibrate(ctx: Context, dry_run: bool, as_json: bool, rollback: bool) -> None:
    """Refit the match levels from this workspace's same / not-the-same feedback."""
    ws = ctx.workspace()
    if rollback:
        message = ws.rollback_calibration()
        click.echo(json.dumps({"rolled_back": True, "message": message}) if as_json else message)
        return
    report = ws.calibrate_levels(dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    click.echo(f"{report.labels} labels ({report.train_labels} fitted, {report.held_out_labels} "
               f"held back), query type {report.query_type}; "
               f"{'weights and thresholds' if report.refit_weights else 'thresholds'} refitted")
    for name, figures, (same, related) in (("before", report.before, report.thresholds_before),
                                          ("after", report.after, report.thresholds_after)):
        click.echo(f"{name:<6} same >= {same:.2f}, related >= {related:.2f}: "
                   f"P_label {figures.p_label:.3f}  R_label {figures.r_label:.3f}  "
                   f"P_same {figures.p_same:.3f}  (held back: {figures.labelled} labelled, "
                   f"{figures.same} same of {figures.pairs})")
    click.echo("dry run: nothing saved" if dry_run else
               "saved; `factcheck calibrate --rollback` restores the previous calibration")
