"""Team deployment commands: ``migrate-store`` moves a workspace's data to a shared PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

import click

from factcheck.cli import echo_json


def register(main: click.Group) -> None:
    main.add_command(migrate_store)


@click.command("migrate-store")
@click.option("--from", "source", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Workspace folder whose factcheck.sqlite3 is moved.")
@click.option("--to", "url", required=True, metavar="postgresql://user@host:port/db",
              help="An empty PostgreSQL database (created schema and all).")
@click.option("--json", "as_json", is_flag=True, help="Print the per-table checks as JSON.")
def migrate_store(source: Path, url: str, as_json: bool) -> None:
    """Copy a workspace's store to PostgreSQL, comparing row counts and checksums per table."""
    from factcheck.errors import StoreError
    from factcheck.store.postgres.migrate import migrate_workspace

    checks = migrate_workspace(source, url)
    if as_json:
        echo_json([{"table": c.table, "rows": c.target_rows, "source_rows": c.source_rows,
                    "sha256": c.target_sha256, "source_sha256": c.source_sha256, "ok": c.ok}
                   for c in checks])
    else:
        click.echo(f"{'table':<18} {'rows':>9} {'source rows':>12}  sha256 (both sides)")
        for c in checks:
            same = c.target_sha256[:16] if c.ok else f"{c.source_sha256[:16]} != {c.target_sha256[:16]}"
            click.echo(f"{c.table:<18} {c.target_rows:>9} {c.source_rows:>12}  {same}")
        total = sum(c.target_rows for c in checks)
        click.echo(f"moved {total} rows in {len(checks)} tables; counts and checksums equal. Point the "
                   "workspace at it with FACTCHECK_DATABASE_URL or database_url in its config.json")
    if not all(c.ok for c in checks):
        raise StoreError("counts or checksums differ; nothing was written")
