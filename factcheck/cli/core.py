"""Core commands: ingest, segment, checkworthy, claims, stats, reindex, serve, backup, restore."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from factcheck.cli import Context, echo_json

pass_ctx = click.make_pass_decorator(Context)


@contextmanager
def progress_bar(label: str) -> Iterator[Any]:
    """A rich progress bar on stderr; the callback takes (item, done, total)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, transient=False) as bar:
        task = bar.add_task("", total=None)

        def update(item: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=Path(item).name[-40:])

        yield update


def register(main: click.Group) -> None:
    for command in (ingest, segment_cmd, checkworthy, claims, stats, reindex, serve, backup, restore):
        main.add_command(command)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report per input.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="ray: segment and embed as Ray Data stages (pip install \"factcheck[scale]\").")
@click.option("--ray-address", default=None, help="Ray cluster address (default: a local Ray for the job).")
@click.option("--ray-cpus", type=click.IntRange(1), default=2, show_default=True,
              help="CPUs of the local Ray started for the job.")
@click.option("--ray-workers", type=click.IntRange(1), default=1, show_default=True,
              help="Embedding actors (one model each).")
@pass_ctx
def ingest(ctx: Context, inputs: tuple[str, ...], as_json: bool, engine: str, ray_address: str | None,
           ray_cpus: int, ray_workers: int) -> None:
    """Ingest article files, folders (recursive) and http(s) URLs."""
    workspace = ctx.workspace()
    if engine == "ray":
        reports = workspace.ingest_ray(list(inputs), address=ray_address, num_cpus=ray_cpus,
                                       workers=ray_workers)
    else:
        with progress_bar("ingest") as update:
            reports = workspace.ingest(list(inputs), progress=update)
    if as_json:
        echo_json(reports, lines=True)
    else:
        for report in reports:
            if report.status == "added":
                click.echo(f"added     {report.input}: article {report.article_id}, {report.claims} claims")
            elif report.status == "duplicate":
                click.echo(f"duplicate {report.message}")
            else:
                click.echo(f"error     {report.message}", err=True)
        added = sum(r.status == "added" for r in reports)
        dupes = sum(r.status == "duplicate" for r in reports)
        failed = sum(r.status == "error" for r in reports)
        click.echo(f"{added} added, {dupes} duplicates, {failed} failed")
    if any(r.status == "error" for r in reports):
        ctx.print_notices()
        sys.exit(1)


@click.command("segment")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file with its items.")
@click.option("--rules-only", is_flag=True, help="Skip the learned attribution layer (no model load; "
              "confidences are the rules' own).")
@pass_ctx
def segment_cmd(ctx: Context, files: tuple[str, ...], as_json: bool, rules_only: bool) -> None:
    """Segment article files into claims without storing them (every item, with its confidence)."""
    from factcheck.config import load_settings
    from factcheck.errors import FactcheckError
    from factcheck.ingest import read_input
    from factcheck.segment import segment

    settings = load_settings(ctx.folder) if ctx.folder.exists() else load_settings(Path(os.devnull))
    learned = None
    if not rules_only and settings.learned_attribution:
        from factcheck.learned.layer import learned_for_settings

        learned = learned_for_settings(settings)
    failed = False
    for name in files:
        try:
            articles = read_input(name, settings)
        except FactcheckError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
            continue
        for article in articles:
            items = segment(article.text)
            if learned is not None:
                items = learned.apply(article.text, items)
            if as_json:
                echo_json([{"file": article.label,
                            "text_sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
                            "items": items}], lines=True)
            else:
                click.echo(f"== {article.label}: {len(items)} items")
                for item in items:
                    who = f" [{item.speaker}]" if item.speaker else ""
                    click.echo(f"{item.start:>6}-{item.end:<6} {item.kind:<9} {item.confidence:.2f}{who} {item.text!r}")
    if failed:
        sys.exit(1)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lines", is_flag=True,
              help="Score each line as one utterance (transcripts; a leading 'NAME:' is the speaker).")
@click.option("--lexical", is_flag=True, help="Use the model-free scorer (no encoder; less accurate).")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per sentence.")
@pass_ctx
def checkworthy(ctx: Context, file: str, lines: bool, lexical: bool, as_json: bool) -> None:
    """Score each sentence (or line) of a file for check-worthiness (a probability), in input order."""
    from factcheck.config import load_settings
    from factcheck.embed import SentenceTransformerEmbedder
    from factcheck.ingest import read_input
    from factcheck.segment.checkworthy import checkworthy_report
    from factcheck.segment.checkworthy_score import transcript_report

    settings = load_settings(ctx.folder) if ctx.folder.exists() else load_settings(Path(os.devnull))
    embedder = SentenceTransformerEmbedder(
        Path(settings.model_path) if settings.model_path else None,
        expected_sha256=settings.model_sha256, batch_size=settings.embed_batch_size,
        dtype=settings.embed_dtype)
    for article in read_input(file, settings):
        if lexical:
            report = checkworthy_report(article.text, lines=lines)
        else:
            report = transcript_report(article.text, lines=lines, embedder=embedder,
                                       expected_sha256=settings.checkworthy_sha256)
        for start, end, text, score in report:
            if as_json:
                echo_json([{"start": start, "end": end, "text": text, "score": round(score, 4)}],
                          lines=True)
            else:
                click.echo(f"{score:.3f}  {text}")


@click.command()
@click.option("--article", "article_id", type=int, help="Only this article's claims.")
@click.option("--kind", help="Only claims of this kind (direct, partial, indirect, statement, prior).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@pass_ctx
def claims(ctx: Context, article_id: int | None, kind: str | None, as_json: bool) -> None:
    """List stored claims (and with no --article, the articles they come from)."""
    workspace = ctx.workspace()
    found = workspace.claims(article_id=article_id, kind=kind)
    if as_json:
        echo_json(found)
        return
    titles = {a.id: a.title for a in workspace.articles()}
    current = None
    for claim in found:
        if claim.article_id != current:
            current = claim.article_id
            click.echo(f"article {current}: {titles.get(current, '')}")
        who = f" [{claim.speaker}]" if claim.speaker else ""
        click.echo(f"  #{claim.id:<6} {claim.kind:<9}{who} {claim.text[:110]!r}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def stats(ctx: Context, as_json: bool) -> None:
    """Counts of articles, claims, speakers, verdicts and sources."""
    result = ctx.workspace().stats()
    if as_json:
        echo_json(result)
        return
    for name in ("articles", "claims", "speakers", "verdicts", "sources", "prior_claims"):
        click.echo(f"{name:<13}{getattr(result, name)}")
    for kind, count in sorted(result.by_kind.items()):
        click.echo(f"  {kind:<11}{count}")


@click.command()
@pass_ctx
def reindex(ctx: Context) -> None:
    """Rebuild the vector index from the store."""
    with progress_bar("reindex") as update:
        count = ctx.workspace().reindex(progress=update)
    click.echo(f"indexed {count} claims")


@click.command()
@click.option("--port", type=int, help="Port (default: setting server_port).")
@click.option("--address", help="Address to bind (default: setting server_address, 127.0.0.1).")
@pass_ctx
def serve(ctx: Context, port: int | None, address: str | None) -> None:
    """Start the reviewer app (Streamlit) on this workspace."""
    from factcheck.config import load_settings
    from factcheck.errors import InputError

    settings = load_settings(ctx.folder)
    address = address or settings.server_address
    port = port or settings.server_port
    app = Path(__file__).resolve().parents[2] / "ui" / "serve.py"  # runs ui/app.py, warmed
    if not app.exists():
        raise InputError(f"the app is not at {app.parent}; run from a source checkout (pip install -e .)")
    if not _is_loopback(address):
        click.echo(f"warning: serving on {address}: anyone who can reach it can read and change this "
                   "workspace, and Streamlit's /_stcore/metrics and health endpoints are exposed; put it "
                   "behind an authenticating proxy", err=True)
    env = {**os.environ, "FACTCHECK_WORKSPACE": str(ctx.folder.resolve())}
    # No file watcher: a served app does not reload when its sources change. No full garbage
    # collection after every run (as in .streamlit/config.toml, read only from the working folder).
    command = [sys.executable, str(app), "--server.address", address,
               "--server.port", str(port), "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               "--runner.postScriptGC", "false",
               "--server.maxUploadSize", str(settings.max_upload_mb)]
    click.echo(f"factcheck app on http://{address}:{port}  (workspace {ctx.folder})")
    raise SystemExit(run_server(command, env))


def run_server(command: list[str], env: dict[str, str]) -> int:
    """Run the app's server: on POSIX it replaces this process (so a signal to `factcheck serve`
    reaches the server itself); elsewhere as a child process, returning its exit status."""
    if os.name == "posix":
        sys.stdout.flush()
        os.execve(command[0], command, env)
    return subprocess.call(command, env=env)


def _is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@click.command()
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@pass_ctx
def backup(ctx: Context, target: Path) -> None:
    """Copy the workspace (SQLite online backup + index) into TARGET."""
    from factcheck.backup import backup_workspace

    written = backup_workspace(ctx.workspace(), target)
    click.echo(f"backed up to {written}")


@click.command()
@click.argument("source", type=click.Path(file_okay=False, exists=True, path_type=Path))
@pass_ctx
def restore(ctx: Context, source: Path) -> None:
    """Replace the workspace with the backup in SOURCE."""
    from factcheck.backup import restore_workspace

    restore_workspace(source, ctx.folder)
    click.echo(f"restored {source} into {ctx.folder}")
