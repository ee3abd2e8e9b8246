"""The `factcheck` command line: parse, make one Workspace call, print; errors become messages."""

from __future__ import annotations

import importlib
import json
import os
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from factcheck.workspace import Workspace

# Each module defines `register(main)`; one module per capability.
COMMAND_MODULES = ["core", "verdicts", "review", "matching", "sources", "feeds", "team"]
DEFAULT_WORKSPACE = "index"


class Context:
    """What every command receives: the workspace folder, opened lazily."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._workspace: Workspace | None = None

    def workspace(self) -> Workspace:
        if self._workspace is None:
            from factcheck.workspace import Workspace

            # one-shot: an approximate-layer build runs only where the command saves the index
            self._workspace = Workspace(self.folder, background_index_builds=False)
        return self._workspace

    def print_notices(self) -> None:
        if self._workspace is not None:
            for notice in self._workspace.notices:
                click.echo(f"note: {notice}", err=True)
            self._workspace.notices.clear()


def to_jsonable(value: Any) -> Any:
    """Dataclasses (and containers of them) as plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def echo_json(value: Any, *, lines: bool = False) -> None:
    """Print JSON (one document, or one line per item when ``lines``)."""
    if lines:
        for item in value:
            click.echo(json.dumps(to_jsonable(item), ensure_ascii=False))
    else:
        click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


class FactcheckGroup(click.Group):
    """Turns FactcheckError into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from factcheck.errors import FactcheckError

        try:
            return super().invoke(ctx)
        except FactcheckError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        finally:
            obj = ctx.obj
            if isinstance(obj, Context):
                obj.print_notices()


@click.group(cls=FactcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", "workspace", type=click.Path(file_okay=False, path_type=Path),
              default=lambda: os.environ.get("FACTCHECK_WORKSPACE", DEFAULT_WORKSPACE),
              show_default="index/ or $FACTCHECK_WORKSPACE", help="Workspace folder.")
@click.version_option(package_name="factcheck")
@click.pass_context
def main(ctx: click.Context, workspace: Path) -> None:
    """factcheck: segment news into claims, match prior fact-checks, record verdicts."""
    ctx.obj = Context(workspace)


for _name in COMMAND_MODULES:
    importlib.import_module(f"factcheck.cli.{_name}").register(main)
