"""Feed commands: factcheck feeds add | list | remove | poll | watch."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import click

from factcheck.cli import Context, echo_json
from factcheck.feeds.records import Feed, PollReport

pass_ctx = click.make_pass_decorator(Context)


def register(main: click.Group) -> None:
    main.add_command(feeds)


@click.group()
def feeds() -> None:
    """Follow RSS and Atom feeds and ingest their new articles."""


@feeds.command("add")
@click.argument("url")
@click.option("--name", default="", help="A name to show instead of the feed's own title.")
@click.option("--every", "every", type=click.IntRange(1, None), default=None,
              help="Minutes between polls (setting feed_every_minutes).")
@pass_ctx
def add(ctx: Context, url: str, name: str, every: int | None) -> None:
    """Follow the RSS or Atom feed at URL (polled by `feeds poll` / `feeds watch`)."""
    feed = ctx.workspace().add_feed(url, name=name, every_minutes=every)
    click.echo(f"feed {feed.id}: {feed.url} every {feed.every_minutes} min")


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per feed.")
@pass_ctx
def list_cmd(ctx: Context, as_json: bool) -> None:
    """List followed feeds with their last poll and its outcome."""
    rows = ctx.workspace().list_feeds()
    if as_json:
        echo_json(rows, lines=True)
        return
    for feed in rows:
        click.echo(describe(feed))
    click.echo(f"{len(rows)} feeds")


def describe(feed: Feed) -> str:
    last = f"last poll {feed.last_poll_at[:19]} {feed.last_status}" if feed.last_poll_at else "never polled"
    line = f"{feed.id:>4}  {feed.label[:50]!s:<50} every {feed.every_minutes} min  {last}"
    if feed.last_message:
        line += f": {feed.last_message}"
    return line + f"\n      {feed.url}"


@feeds.command("remove")
@click.argument("feed_id", type=int)
@pass_ctx
def remove(ctx: Context, feed_id: int) -> None:
    """Stop following feed FEED_ID (its articles stay)."""
    feed = ctx.workspace().remove_feed(feed_id)
    click.echo(f"removed feed {feed.id}: {feed.url}")


@feeds.command("poll")
@click.option("--all", "force", is_flag=True, help="Poll every feed now, due or not.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON document.")
@pass_ctx
def poll(ctx: Context, force: bool, as_json: bool) -> None:
    """Poll every due feed once and ingest new entries; exits 1 when a feed failed."""
    report = ctx.workspace().poll_feeds(force=force)
    if as_json:
        echo_json(report)
    else:
        print_report(report)
    if report.failed:
        ctx.print_notices()
        sys.exit(1)


def print_report(report: PollReport) -> None:
    for feed in report.feeds:
        counts = ", ".join(f"{feed.count(s)} {s}" for s in ("new", "unchanged", "duplicate", "failed"))
        if feed.count("deferred"):
            counts += f", {feed.count('deferred')} deferred"
        if feed.status == "failed":
            reason = feed.message.removeprefix(f"{feed.url}: ")
            name = feed.label if feed.label == feed.url else f"{feed.label} ({feed.url})"
            click.echo(f"FAILED  feed {feed.feed_id} {name}: {reason}", err=True)
            continue
        if feed.status == "not modified":
            click.echo(f"{feed.status:<13} feed {feed.feed_id} {feed.label}: 304, nothing fetched")
            continue
        click.echo(f"{feed.status:<13} feed {feed.feed_id} {feed.label}: {counts} ({feed.seconds:.2f}s)")
        for entry in feed.entries:
            if entry.status != "unchanged":
                click.echo(f"  {entry.status:<9} {entry.url or entry.entry_id}: {entry.message}")
    failed = report.failed
    click.echo(f"{len(report.feeds)} feeds polled, {report.new_articles} new articles, {len(failed)} failed"
               + (f" ({', '.join(f.label for f in failed)})" if failed else "") + f" in {report.seconds:.2f}s")


@feeds.command("watch")
@click.option("--once", is_flag=True, hidden=True, help="Stop after the first poll (tests).")
@pass_ctx
def watch(ctx: Context, once: bool) -> None:
    """Poll due feeds on their schedules until Ctrl+C (a poll in progress finishes first)."""
    stop = threading.Event()
    workspace = ctx.workspace()

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # a second Ctrl+C stops at once
        click.echo("stopping after the current poll (Ctrl+C again to stop now)", err=True)
        stop.set()

    previous = signal.signal(signal.SIGINT, interrupt) if _main_thread() else None

    def on_report(report: PollReport) -> None:
        if report.feeds:
            print_report(report)
        if once:
            stop.set()

    try:
        click.echo(f"watching {len(workspace.list_feeds())} feeds; Ctrl+C to stop", err=True)
        polls = workspace.watch_feeds(should_stop=stop.is_set, on_report=on_report,
                                      tick_s=0.2 if once else 1.0)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        return
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    click.echo(f"stopped after {polls} polls", err=True)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()
