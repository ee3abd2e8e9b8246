"""Blind double review commands: double-review (the mode), queue, reviews, adjudicate, agreement."""

from __future__ import annotations

from typing import Any

import click

from factcheck.cli import Context, echo_json

pass_ctx = click.make_pass_decorator(Context)
STATUSES = ("draft", "in review", "published")


def register(main: click.Group) -> None:
    for command in (double_review, queue, reviews, adjudicate, agreement):
        main.add_command(command)


def review_line(r: Any, *, who: bool = True) -> str:
    """One independent review: id, rating (value), reviewer, note and evidence."""
    value = "" if r.rating_value is None else f" ({r.rating_value:g}/{r.best_rating:g})"
    text = f"review R{r.id} {r.created_at[:19]} {r.status:<9} "
    text += f"{r.reviewer or r.reviewer_subject}: " if who else ""
    text += f"{r.rating}{value}"
    if r.explanation:
        text += "\n      " + r.explanation.replace("\n", "\n      ")
    for ev in r.evidence:
        text += f"\n      evidence ({ev.stance}): {ev.url or f'source {ev.source_id}'}"
    return text


@click.command("double-review")
@click.argument("mode", required=False, type=click.Choice(["on", "off"]))
@pass_ctx
def double_review(ctx: Context, mode: str | None) -> None:
    """Show, or (editor) turn on or off, blind double review for the workspace."""
    ws = ctx.workspace()
    if mode is not None:
        ws.set_double_review(mode == "on")
    state = "on" if ws.double_review_enabled() else "off"
    click.echo(f"blind double review is {state}"
               + (": each claim gets two independent reviews" if state == "on" else ""))


@click.command()
@click.option("--adjudication", is_flag=True, help="Claims whose two reviews disagree (for editors).")
@click.option("--reviewer", default="", envvar="FACTCHECK_REVIEWER", help="Your name.")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def queue(ctx: Context, adjudication: bool, reviewer: str, limit: int, as_json: bool) -> None:
    """The review queue, most check-worthy first (in blind double review: the claims you may still
    review), or with --adjudication the disputes, both reviews side by side."""
    ws = ctx.workspace()
    if adjudication:
        _disputes(ws, limit, as_json)
        return
    found = ws.review_queue(reviewer=reviewer)
    claims = ws.claims_by_id(found.claim_ids[:limit])
    if as_json:
        echo_json({"total": found.total, "reviewed": found.reviewed, "in_review": found.in_review,
                   "double_review": ws.double_review_enabled(), "claim_ids": list(found.claim_ids),
                   "claims": [claims[i] for i in found.claim_ids[:limit]]})
        return
    click.echo(f"{found.reviewed} of {found.total} reviewed, {found.in_review} in review; "
               f"{len(found.claim_ids)} in your queue")
    for claim_id in found.claim_ids[:limit]:
        c = claims[claim_id]
        click.echo(f"  #{c.id:<6} {c.checkworthiness:.2f} {c.kind:<9} [{c.speaker or '?'}] {c.text!r}")


def _disputes(ws: Any, limit: int, as_json: bool) -> None:
    disputes = ws.disputes()
    claims = ws.claims_by_id([d.claim_id for d in disputes[:limit]])
    if as_json:
        echo_json([{"claim": claims[d.claim_id], "reviews": [d.first, d.second]} for d in disputes[:limit]])
        return
    count = len(disputes)
    click.echo(f"{count} claim{' waits' if count == 1 else 's wait'} for adjudication")
    for d in disputes[:limit]:
        c = claims[d.claim_id]
        click.echo(f"#{c.id} [{c.speaker or '?'}] {c.text!r}")
        for r in (d.first, d.second):
            click.echo("    " + review_line(r))


@click.command()
@click.argument("claim_id", type=int)
@click.option("--reviewer", default="", envvar="FACTCHECK_REVIEWER", help="Your name.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def reviews(ctx: Context, claim_id: int, reviewer: str, as_json: bool) -> None:
    """The independent reviews of CLAIM_ID you may see: yours, and the other one once both are in."""
    ws = ctx.workspace()
    ws.claim(claim_id)
    seen = ws.claim_reviews(claim_id, reviewer=reviewer)
    if as_json:
        echo_json(seen)
        return
    click.echo(f"claim {claim_id}: {seen.count} of 2 reviews in ({seen.state})")
    if seen.mine is not None:
        click.echo("  yours:  " + review_line(seen.mine, who=False))
    for other in seen.others:
        click.echo("  other:  " + review_line(other))
    if seen.count and not seen.others and seen.count < 2:
        click.echo("  the other review stays hidden until both are in")


@click.command()
@click.argument("claim_id", type=int)
@click.option("--rating", required=True, help="The adjudicated rating (label, alias or shortcut digit).")
@click.option("--note", "--explanation", "note", default="", help="Why: the reasoning, in words.")
@click.option("--evidence", "evidence", multiple=True, metavar="URL", help="Evidence URL (repeat).")
@click.option("--reviewer", default="", envvar="FACTCHECK_REVIEWER", help="Your name (the adjudicator).")
@click.option("--status", type=click.Choice(STATUSES), default="draft", show_default=True)
@click.option("--based-on", "based_on", default=None, metavar="ID|none",
              help="The verdict id you saw ('none' if there was none): refuse stale saves.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def adjudicate(ctx: Context, claim_id: int, rating: str, note: str, evidence: tuple[str, ...],
               reviewer: str, status: str, based_on: str | None, as_json: bool) -> None:
    """Settle CLAIM_ID, whose two independent reviews are in, with an editor's verdict."""
    from factcheck.cli.verdicts import _based_on, _line

    saved = ctx.workspace().adjudicate(claim_id, rating, explanation=note, evidence=list(evidence),
                                       reviewer=reviewer, status=status, based_on=_based_on(based_on))
    if as_json:
        echo_json(saved)
    else:
        click.echo(f"adjudicated {_line(saved)}")


@click.command()
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def agreement(ctx: Context, as_json: bool) -> None:
    """Agreement of the independent reviews: Krippendorff's alpha (ordinal), overall and per
    reviewer pair, each with the number of items behind it."""
    report = ctx.workspace().agreement()
    if as_json:
        figures = [report.overall, *report.pairs]
        echo_json({"overall": _figure(report.overall), "pairs": [_figure(f) for f in figures[1:]]})
        return
    click.echo(f"{'reviewers':<32} {'alpha':>7} {'items':>6} {'double':>7} {'non-ord':>8} {'same':>6}")
    for f in (report.overall, *report.pairs):
        alpha = "-" if f.alpha is None else f"{f.alpha:.3f}"
        share = "-" if f.percent_agreement is None else f"{f.percent_agreement:.0%}"
        click.echo(f"{f.label[:32]:<32} {alpha:>7} {f.items:>6} {f.double_reviewed:>7} "
                   f"{f.non_ordinal:>8} {share:>6}")
    click.echo("alpha: Krippendorff's ordinal alpha over the scale's values; items: claims in it "
               "(both ratings on the scale); double: claims with two reviews; non-ord: left out "
               "because a rating has no scale value; same: share with the same rating")
    if report.overall.reason:
        click.echo(f"note: {report.overall.reason}")


def _figure(f: Any) -> dict[str, Any]:
    return {"reviewers": list(f.reviewers), "alpha": f.alpha, "items": f.items,
            "double_reviewed": f.double_reviewed, "non_ordinal": f.non_ordinal,
            "same_rating": f.same_rating, "percent_agreement": f.percent_agreement,
            "reason": f.reason}
