"""Verdict commands: verdict, undo-batch, history, verdicts, ratings, export, audit verify."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from factcheck.cli import Context, echo_json

pass_ctx = click.make_pass_decorator(Context)
STATUSES = ("draft", "in review", "published")
EXPORT_FORMATS = ("csv", "jsonl", "claimreview", "audit")


def register(main: click.Group) -> None:
    for command in (verdict, undo_batch, history, verdicts, ratings, export, audit):
        main.add_command(command)


def _based_on(value: str | None) -> Any:
    from factcheck.errors import InputError
    from factcheck.records import Check

    if value is None:
        return Check.SKIP
    if value.strip().lower() == "none":
        return None
    if not value.strip().isdigit():
        raise InputError(f"--based-on {value!r} must be a verdict id or 'none'")
    return int(value)


def _line(v: Any) -> str:
    flags = " [withdrawn]" if v.retracted else ""
    value = "" if v.rating_value is None else f" ({v.rating_value:g}/{v.best_rating:g})"
    who = v.reviewer or "-"
    batch = f" batch {v.batch_id}" if v.batch_id else ""
    text = f"#{v.id} claim {v.claim_id} {v.created_at[:19]} {v.status:<9} {who}: {v.rating}{value}"
    text += f"{flags} [{v.origin}{batch}]"
    if v.inputs:
        text += " settles reviews " + " and ".join(f"R{i}" for i in v.inputs)
    if v.explanation:
        text += f"\n    {v.explanation}"
    for ev in v.evidence:
        text += f"\n    evidence ({ev.stance}): {ev.url or f'source {ev.source_id}'}"
    return text


@click.command()
@click.argument("claim_id", type=int)
@click.argument("rating")
@click.option("--explanation", default="", help="Why: the reasoning, in words.")
@click.option("--evidence", "evidence", multiple=True, metavar="URL", help="Evidence URL (repeat).")
@click.option("--reviewer", default="", envvar="FACTCHECK_REVIEWER", help="Your name.")
@click.option("--status", type=click.Choice(STATUSES), default="draft", show_default=True)
@click.option("--based-on", "based_on", default=None, metavar="ID|none",
              help="The verdict id you reviewed ('none' if there was none): refuse stale saves.")
@click.option("--cluster", is_flag=True, help="Apply to every appearance of the same quote.")
@click.option("--json", "as_json", is_flag=True, help="Print the saved verdict(s) as JSON.")
@pass_ctx
def verdict(ctx: Context, claim_id: int, rating: str, explanation: str, evidence: tuple[str, ...],
            reviewer: str, status: str, based_on: str | None, cluster: bool, as_json: bool) -> None:
    """Record a verdict for CLAIM_ID (an edit is a new record; history is kept).

    In blind double review a claim without a verdict gets your independent review instead.
    """
    ws = ctx.workspace()
    kwargs: dict[str, Any] = dict(explanation=explanation, evidence=list(evidence),
                                  reviewer=reviewer, status=status, based_on=_based_on(based_on))
    if cluster:
        batch_id = ws.apply_verdict_to_cluster(claim_id, rating, **kwargs)
        saved = ws.batch_verdicts(batch_id)
        if as_json:
            echo_json({"batch_id": batch_id, "verdicts": saved})
        else:
            click.echo(f"saved {len(saved)} verdicts as batch {batch_id} "
                       f"(undo: factcheck undo-batch {batch_id})")
        return
    if not cluster and ws.double_review_enabled() and ws.current_verdict(claim_id) is None:
        _save_review(ws, claim_id, rating, kwargs, as_json)
        return
    saved_one = ws.record_verdict(claim_id, rating, **kwargs)
    if as_json:
        echo_json(saved_one)
    else:
        click.echo(f"saved {_line(saved_one)}")


def _save_review(ws: Any, claim_id: int, rating: str, kwargs: dict[str, Any], as_json: bool) -> None:
    """Blind double review: the verdict is saved as the reviewer's independent review."""
    from factcheck.cli.review import review_line

    kwargs.pop("based_on")
    saved, settled = ws.review(claim_id, rating, **kwargs)
    if as_json:
        echo_json({"review": saved, "verdict": settled})
        return
    click.echo(f"saved your independent review of claim {claim_id}: {review_line(saved, who=False)}")
    seen = ws.claim_reviews(claim_id, reviewer=kwargs["reviewer"])
    if settled is not None:
        click.echo(f"both reviews agree: the claim's verdict is {_line(settled)}")
    elif seen.count < 2:
        click.echo("1 of 2 reviews in; the other reviewer's stays hidden until both are in")
    else:
        click.echo(f"the two reviews disagree: claim {claim_id} waits for an editor's adjudication"
                   " (factcheck queue --adjudication)")


@click.command("undo-batch")
@click.argument("batch_id")
@click.option("--reviewer", default="", envvar="FACTCHECK_REVIEWER", help="Your name.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def undo_batch(ctx: Context, batch_id: str, reviewer: str, as_json: bool) -> None:
    """Undo a cluster verdict (appends records that restore each claim's previous verdict)."""
    result = ctx.workspace().undo_batch(batch_id, reviewer=reviewer)
    if as_json:
        echo_json(result)
    else:
        click.echo(f"undone: {len(result.restored)} claims restored, {len(result.skipped)} kept "
                   "(edited after the batch)")


@click.command()
@click.argument("claim_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def history(ctx: Context, claim_id: int, as_json: bool) -> None:
    """Every verdict record of CLAIM_ID, oldest first."""
    records = ctx.workspace().history(claim_id)
    if as_json:
        echo_json(records)
    elif not records:
        click.echo(f"claim {claim_id} has no verdict yet")
    else:
        for record in records:
            click.echo(_line(record))


@click.command()
@click.option("--since", default="", metavar="DATE")
@click.option("--until", default="", metavar="DATE")
@click.option("--reviewer", default="")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--by-speaker", is_flag=True, help="Counts of current verdicts per speaker instead.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def verdicts(ctx: Context, since: str, until: str, reviewer: str, status: str | None, limit: int,
             by_speaker: bool, as_json: bool) -> None:
    """The verdict log, newest first (or counts per speaker)."""
    ws = ctx.workspace()
    if by_speaker:
        counts = ws.verdict_counts_by_speaker()
        if as_json:
            echo_json(counts)
        for c in [] if as_json else counts:
            detail = ", ".join(f"{k}: {n}" for k, n in sorted(c.by_rating.items()))
            click.echo(f"{c.speaker} ({c.speaker_type}): {c.total} — {detail}")
        return
    records = ws.verdicts(since=since, until=until, reviewer=reviewer, status=status or "",
                          limit=limit)
    if as_json:
        echo_json(records)
    else:
        for record in records:
            click.echo(_line(record))


@click.command()
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def ratings(ctx: Context, as_json: bool) -> None:
    """The ratings of the workspace's rating scale (setting rating_scale)."""
    scale = ctx.workspace().rating_scale()
    if as_json:
        echo_json({"name": scale.name, "free": scale.free, "best": scale.best,
                   "worst": scale.worst, "ratings": list(scale.ratings)})
        return
    click.echo(f"scale {scale.name}" + (" (free text; suggestions below)" if scale.free else ""))
    for r in scale.ratings:
        value = "" if r.value is None else f" = {r.value:g}"
        click.echo(f"  [{r.shortcut or ' '}] {r.label}{value}")


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None)
@click.option("--since", default="", metavar="DATE", help="Verdicts saved on or after DATE.")
@click.option("--until", default="", metavar="DATE", help="Verdicts saved on or before DATE.")
@click.option("--reviewer", default="")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--include-history", is_flag=True, help="Every record, not only current verdicts.")
@click.option("--include-priors", is_flag=True,
              help="Also verdicts imported with prior fact-checks (ClaimReview).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write FILE atomically (complete or absent); default: stdout.")
@click.option("--check", "check", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Lint a ClaimReview FILE instead of exporting.")
@click.option("--json", "as_json", is_flag=True, help="With --check: problems as JSON.")
@pass_ctx
def export(ctx: Context, fmt: str | None, since: str, until: str, reviewer: str,
           status: str | None, include_history: bool, include_priors: bool, output: Path | None,
           check: Path | None,
           as_json: bool) -> None:
    """Export verdicts as CSV, JSON Lines, ClaimReview JSON-LD or the audit trail."""
    from factcheck.errors import InputError

    if check is not None:
        _lint(check, as_json)
        return
    if fmt is None:
        raise InputError("choose --format csv|jsonl|claimreview|audit (or --check FILE)")
    ws = ctx.workspace()
    target: Any = output if output is not None else sys.stdout.buffer
    summary = ws.export(fmt, target, since=since, until=until, reviewer=reviewer,
                        status=status or "", include_history=include_history,
                        include_priors=include_priors)
    where = str(output) if output is not None else "stdout"
    message = f"exported {summary.records} records ({summary.bytes} bytes) as {fmt} to {where}"
    if summary.head_sha256:
        message += f"; audit head sha256 {summary.head_sha256} (record it to detect later edits)"
    click.echo(message, err=True)


def _lint(path: Path, as_json: bool) -> None:
    from factcheck.errors import InputError
    from factcheck.export.lint import lint

    try:
        with path.open(encoding="utf-8-sig") as handle:
            count, problems = lint(handle)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if as_json:
        echo_json({"file": str(path), "records": count, "problems": problems})
    else:
        for problem in problems:
            click.echo(f"{path}: {problem}")
        click.echo(f"{path}: {count} records, {len(problems)} problems", err=True)
    if problems:
        sys.exit(1)


@click.group()
def audit() -> None:
    """The hash-chained audit trail (export it with `export --format audit`)."""


@click.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def verify_cmd(file: Path, as_json: bool) -> None:
    """Check that FILE's hash chain is intact; names the first broken line."""
    from factcheck.export.audit import verify

    with file.open("rb") as handle:
        report = verify(handle)
    if as_json:
        echo_json(report)
    else:
        click.echo(f"{file}: {report.message}")
    if not report.ok:
        sys.exit(1)


audit.add_command(verify_cmd)
