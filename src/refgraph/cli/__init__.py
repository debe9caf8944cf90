"""The ``refgraph`` command line: a thin click group; one module per command.

Commands are imported lazily (``name -> module:attribute``), so ``refgraph --help`` and
``refgraph parse`` stay fast and do not import networkx, lxml or requests.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import click

import refgraph
from refgraph import __version__
from refgraph.cli._common import add_output_options, configure_logging

__all__ = ["COMMANDS", "cli", "main"]

#: command name -> "module:attribute" (each a click command)
COMMANDS: dict[str, str] = {
    "parse": "refgraph.cli.parse:parse_command",
    "check": "refgraph.cli.check:check_command",
    "enrich": "refgraph.cli.enrich:enrich_command",
    "graph": "refgraph.cli.graph:graph_command",
    "discover": "refgraph.cli.graph:discover_command",
    "render": "refgraph.cli.render:render_command",
    "export": "refgraph.cli.export:export_command",
    "templates": "refgraph.cli.render:templates_group",
    "cache": "refgraph.cli.cache:cache_group",
    "build": "refgraph.cli.build:build_command",
    "pubmed": "refgraph.cli.pubmed:pubmed_group",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            name
            for name, target in COMMANDS.items()
            if importlib.util.find_spec(target.split(":")[0]) is not None
        )

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(module_name)
        command: click.Command = getattr(module, attr)
        return add_output_options(command)  # every command: -q/--quiet, -v/--verbose

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = refgraph.did_you_mean(name, list(COMMANDS)).strip()
            ctx.fail(f"No such command {name!r}. {hint[0].upper()}{hint[1:]}" if hint
                     else f"No such command {name!r}.")  # fmt: skip
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except refgraph.RefgraphError as exc:
            click.echo(f"error: {refgraph.terminal_safe(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:  # pragma: no cover - interactive
            click.echo("interrupted", err=True)
            ctx.exit(130)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refgraph")
@click.option("-v", "--verbose", count=True, help="Log E-utilities requests (-vv: debug).")
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Append the log to this file instead of standard error.",
)
def cli(verbose: int, log_file: str | None) -> None:
    """Parse, check, link and render reference lists that carry PubMed IDs.

    \b
    Example:
      refgraph build refs/ -o out --offline
    """
    configure_logging(verbose, log_file)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="refgraph")
