"""Reference-library commands: factcheck sources add | list | search."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from factcheck.cli import Context, echo_json
from factcheck.models import SOURCE_KINDS

pass_ctx = click.make_pass_decorator(Context)


def register(main: click.Group) -> None:
    main.add_command(sources)


@click.group()
def sources() -> None:
    """The reference library: archived sources and their passages."""


@sources.command("add")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(SOURCE_KINDS), default="other", show_default=True)
@click.option("--publisher", default="", help="Who published it (overrides the document's own).")
@click.option("--title", default="", help="Title (overrides the document's own).")
@click.option("--note", "reliability_note", default="", help="A note on the source's reliability.")
@click.option("--date", "published", default="", help="Publication date, ISO 8601 (e.g. 2023-04-05).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report per input.")
@pass_ctx
def add(ctx: Context, inputs: tuple[str, ...], kind: str, publisher: str, title: str,
        reliability_note: str, published: str, as_json: bool) -> None:
    """Archive .txt .md .html .pdf files, folders and http(s) URLs as reference sources."""
    reports = ctx.workspace().add_sources(list(inputs), kind=kind, publisher=publisher, title=title,
                                          reliability_note=reliability_note, published=published)
    if as_json:
        echo_json(reports, lines=True)
    else:
        for report in reports:
            if report.status == "added":
                click.echo(f"added     {report.input}: source {report.source_id}, {report.passages} passages")
            elif report.status == "duplicate":
                click.echo(f"duplicate {report.message}")
            else:
                click.echo(f"error     {report.message}", err=True)
    if any(r.status == "error" for r in reports):
        sys.exit(1)


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per source (without its text).")
@pass_ctx
def list_cmd(ctx: Context, as_json: bool) -> None:
    """List archived sources, newest first."""
    rows = ctx.workspace().list_sources()
    if as_json:
        echo_json([{"id": s.id, "title": s.title, "kind": s.kind, "publisher": s.publisher, "url": s.url,
                    "published": s.published, "reliability_note": s.reliability_note,
                    "fetched_at": s.fetched_at, "sha256": s.sha256, "origin": s.origin,
                    "chars": len(s.text), "passages": n} for s, n in rows], lines=True)
        return
    for source, passages in rows:
        where = source.url or source.origin
        click.echo(f"{source.id:>5}  {source.kind:<15} {source.title[:60]!s:<60}  {passages} passages  {where}")
    click.echo(f"{len(rows)} sources")


@sources.command("search")
@click.argument("text", required=False)
@click.option("-k", "k", type=click.IntRange(1, 100), default=None, help="Passages to show (setting sources_k).")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per passage.")
@click.option("--context", default="", help="The text just before TEXT (a transcript's previous lines).")
@click.option("--speaker", default="", help="Who said TEXT: sources naming them rank higher.")
@click.option("--queries", "queries_file", type=click.Path(dir_okay=False, path_type=Path),
              help="TSV of query_id<TAB>text (header may name speaker, context, date): one JSON "
                   "line per query, as `factcheck search --queries`.")
@pass_ctx
def search(ctx: Context, text: str | None, k: int | None, as_json: bool, context: str, speaker: str,
           queries_file: Path | None) -> None:
    """Find reference passages for a claim or keywords: one passage per source, best first,
    marked "likely relevant" at the level's measured precision."""
    from factcheck.cli.matching import read_queries
    from factcheck.errors import InputError

    if queries_file is not None:
        if text:
            raise InputError("give either TEXT or --queries FILE, not both")
        queries = read_queries(queries_file)
        ws = ctx.workspace()
        for start in range(0, len(queries), 256):
            batch = queries[start:start + 256]
            for query, hits in zip(batch, ws.search_sources_many(batch, k), strict=True):
                click.echo(json.dumps({"query_id": query.query_id,
                                       "results": [hit.to_dict() for hit in hits]},
                                      ensure_ascii=False))
        return
    if not text or not text.strip():
        raise InputError('give the text to search for, e.g. factcheck sources search "crime is down"')
    hits = ctx.workspace().search_sources(text, k, context=context, speaker=speaker)
    if as_json:
        echo_json([hit.to_dict() for hit in hits], lines=True)
        return
    for rank, hit in enumerate(hits, start=1):
        src = hit.source
        likely = f"likely relevant ({hit.likely_precision:.0%} precision on 2B dev) " if hit.likely else ""
        click.echo(f"{rank}. [{hit.score:.2f}] {likely}{src.title} — {src.publisher or src.kind}  "
                   f"{src.url or src.origin}")
        click.echo(f"   {hit.sentence.text}")
        for hint in hit.hints:
            click.echo(f"   · {hint.message}")
    if not hits:
        click.echo("no passages (add sources with `factcheck sources add`)")
