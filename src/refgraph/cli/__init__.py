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
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except refgraph.RefgraphError as exc:
            click.echo(f"error: {exc}", err=True)
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
    _configure_logging(verbose, log_file)


def _configure_logging(verbose: int, log_file: str | None) -> None:
    """Send refgraph's log (never the API key: the client redacts it) to stderr or a file."""
    if not verbose and not log_file:
        return
    import logging

    level = logging.DEBUG if verbose > 1 or (log_file and not verbose) else logging.INFO
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("refgraph")
    logger.setLevel(level)
    logger.addHandler(handler)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="refgraph")
