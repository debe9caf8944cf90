"""Helpers shared by the command modules: options, settings, loading inputs, reporting."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

import refgraph
from refgraph import Diagnostic, ParseResult, Settings

__all__ = [
    "Choice",
    "add_output_options",
    "configure_logging",
    "eutils_options",
    "info",
    "inputs_argument",
    "is_quiet",
    "load_inputs",
    "progress_bar",
    "report_problems",
    "require_references",
    "settings_from",
    "strict_exit",
    "write_output",
]

F = TypeVar("F", bound=Callable[..., Any])

#: ``ctx.meta`` key (shared by a command's whole context chain): ``-q`` was given.
_QUIET = "refgraph.quiet"


class Choice(click.Choice):  # type: ignore[type-arg]
    """A choice that says which allowed value was probably meant ("Did you mean ...?")."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:  # fmt: skip
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            hint = refgraph.did_you_mean(str(value), [str(c) for c in self.choices]).strip()
            if not hint:
                raise
            raise click.BadParameter(f"{exc.message} {hint[0].upper()}{hint[1:]}", ctx,
                                     param) from None  # fmt: skip


_FORMAT_CHOICE = Choice(list(refgraph.INPUT_FORMATS))


def is_quiet() -> bool:
    """True when the running command was given ``-q``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(_QUIET))


def info(message: str) -> None:
    """Tell the user something on stderr (a file written, a note, a summary), unless ``-q``.
    Errors are not info: they are printed whatever ``-q`` says."""
    if not is_quiet():
        click.echo(refgraph.terminal_safe(message), err=True)


def configure_logging(verbose: int, log_file: str | None) -> None:
    """Send refgraph's log (never the API key: the client redacts it) to stderr or a file:
    ``-v`` info (each E-utilities request), ``-vv`` debug. Given twice (``refgraph -v
    check -v``), the more verbose wins and one handler is kept."""
    if not verbose and not log_file:
        return
    level = logging.DEBUG if verbose > 1 or (log_file and not verbose) else logging.INFO
    logger = logging.getLogger("refgraph")
    logger.setLevel(min(level, logger.level or logging.CRITICAL))
    if any(getattr(h, "refgraph_cli", False) for h in logger.handlers):
        return
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.refgraph_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[_QUIET] = True
    return value


def _set_verbose(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    configure_logging(value, None)
    return value


def add_output_options(command: click.Command) -> click.Command:
    """Give ``command`` (and every command of a group) ``-q/--quiet`` and ``-v/--verbose``.

    ``-q`` keeps stderr to errors (no problems, notes, summaries or "wrote" lines; the
    output itself and the exit code are unchanged); ``-v`` logs each E-utilities request
    (``-vv``: debug), as ``refgraph -v`` does.
    """
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_output_options(sub)
        return command
    names = {p.name for p in command.params}
    if "quiet" not in names:
        command.params.append(click.Option(
            ["-q", "--quiet"], is_flag=True, expose_value=False, callback=_set_quiet,
            help="Print only errors (no problems, notes or summaries)."))  # fmt: skip
    if "verbose" not in names:
        command.params.append(click.Option(
            ["-v", "--verbose"], count=True, expose_value=False, callback=_set_verbose,
            help="Log each E-utilities request (-vv: debug), as `refgraph -v` does."))  # fmt: skip
    return command


def inputs_argument(func: F) -> F:
    """``INPUT...`` (files or folders, ``-`` for stdin) plus ``--from FORMAT``."""
    func = click.option(
        "--from",
        "fmt",
        type=_FORMAT_CHOICE,
        default=None,
        help="Input format (default: detected from the content).",
    )(func)
    func = click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))(func)
    return func


def eutils_options(func: F) -> F:
    """Options for commands that talk to E-utilities (or its cache)."""
    options = [
        click.option("--eutils-url", default=None, help="E-utilities base URL (default: NCBI)."),
        click.option(
            "--cache",
            "cache_path",
            type=click.Path(dir_okay=False),
            default=None,
            help="SQLite cache file (default: the user cache dir).",
        ),
        click.option(
            "--offline",
            is_flag=True,
            default=None,
            help="Never use the network; only the cache and the shipped snapshot.",
        ),
        click.option(
            "--refresh", is_flag=True, default=None, help="Refetch records even when cached."
        ),
        click.option(
            "--max-age",
            "max_age_days",
            type=float,
            default=None,
            help="Refetch cached records older than this many days.",
        ),
        click.option(
            "--email", default=None, help="Contact e-mail sent to NCBI ($REFGRAPH_EMAIL)."
        ),
        click.option(
            "--batch-size",
            type=click.IntRange(1, 10000),
            default=None,
            help="PMIDs per request (default 200).",
        ),
        click.option(
            "--index",
            "pubmed_index",
            type=click.Path(file_okay=False, exists=True),
            default=None,
            help="A local PubMed index (`refgraph pubmed index`) to read records from first; "
            "PMIDs it lacks come from E-utilities ($REFGRAPH_PUBMED_INDEX).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(
    kwargs: dict[str, Any], inputs: Sequence[str] = (), **extra: Any
) -> Settings:
    """Resolve settings from the eutils options (popped from ``kwargs``) and ``extra``; the
    offline snapshots that travel with ``inputs`` are used too."""
    names = (
        "eutils_url",
        "cache_path",
        "offline",
        "refresh",
        "max_age_days",
        "email",
        "batch_size",
        "pubmed_index",
    )
    overrides: dict[str, Any] = {name: kwargs.pop(name, None) for name in names}
    if inputs:
        overrides["snapshot_dirs"] = refgraph.snapshot_dirs(inputs)
    overrides.update(extra)
    return refgraph.resolve_settings(overrides)


def load_inputs(
    inputs: Sequence[str], fmt: str | None, *, outputs: Sequence[str | Path | None] = ()
) -> ParseResult:
    """Load files/folders (``-`` = stdin) into one merged library.

    ``outputs`` are the files the command will write: one that is an input is refused
    before anything is read (exit 2). Given a folder (or several inputs), every file gets a
    line on stderr: read, with how many references in which format, or skipped, with the
    reason.
    """
    wanted = [o for o in outputs if o is not None]
    if wanted:
        refgraph.refuse_overwriting_inputs(wanted, refgraph.expand_inputs(inputs))
    many = len(inputs) > 1 or any(i != "-" and os.path.isdir(i) for i in inputs)

    def summary(path: str, decision: str) -> None:
        info(f"{path}: {decision}")

    return refgraph.load(inputs, fmt, on_file=summary if many else None)


def require_references(parsed: ParseResult, inputs: Sequence[str]) -> None:
    """Refuse inputs that hold no reference at all (exit 2)."""
    if not parsed.references:
        raise refgraph.SourceError(f"{', '.join(inputs)}: no references found")


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr when stderr is a terminal; nothing otherwise."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or 1)
            bar.update(tasks[stage], completed=done, total=total or 1)

        yield update


def write_output(text: str, output: str | Path | None, *, name: str = "refgraph-page.html",
                 wrote: str = "") -> None:  # fmt: skip
    """Print ``text`` (``output`` ``-`` or None) or write it atomically to the file ``output``.

    HTML is never dumped on a terminal: with standard output a terminal, an HTML page goes
    to ``name`` in the working folder instead (``name-1.html``... if that exists; a name no
    template goes by, so the file is never taken for one), and the user is told where.
    ``wrote`` is said after the path ("wrote PATH: WROTE")."""
    if output is None or str(output) == "-":
        if not (sys.stdout.isatty() and _is_html(text)):
            click.echo(text, nl=False)
            return
        output = _free_name(Path(name))
        click.echo(f"standard output is a terminal: writing the HTML page to {output}"
                   " instead (give -o FILE, or pipe the output)", err=True)  # fmt: skip
    refgraph.atomic_write(output, text)
    info(f"wrote {output}: {wrote}" if wrote else f"wrote {output}")


def _is_html(text: str) -> bool:
    return text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))


def _free_name(path: Path) -> Path:
    """``path``, or ``stem-1.suffix``, ``stem-2.suffix``... the first that does not exist."""
    n, candidate = 0, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def report_problems(problems: Sequence[Diagnostic], *, quiet: bool = False) -> None:
    """Print problems to stderr as ``path:line: warning: kind: text`` (a skipped file was
    told in the summary of :func:`load_inputs` already)."""
    if quiet or is_quiet():
        return
    for problem in problems:
        if problem.kind != "skipped":
            click.echo(problem.format(), err=True)


def strict_exit(problems: Sequence[Diagnostic], strict: bool) -> None:
    """Exit 1 when ``--strict`` and there were problems."""
    if strict and problems:
        raise SystemExit(1)
