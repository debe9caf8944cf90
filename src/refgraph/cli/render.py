"""``refgraph render`` (annotated bibliographies) and ``refgraph templates list|copy``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

import refgraph
from refgraph.cli._common import (
    Choice,
    eutils_options,
    info,
    inputs_argument,
    load_inputs,
    report_problems,
    settings_from,
    write_output,
)

__all__ = ["render_command", "templates_group"]


@click.command("render")
@inputs_argument
@click.option("-t", "--template", help="Template name (see `refgraph templates list`) or path.")
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Output file (default: stdout); written atomically.",
)
@click.option(
    "--sort",
    type=Choice(["document", "year", "author"]),
    default="document",
    show_default=True,
    help="Order of the references.",
)
@click.option(
    "--group-by",
    type=Choice(["none", "year", "type", "trial"]),
    default="none",
    show_default=True,
    help="Group references (trial: a trial's reports under its primary).",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Folder of templates searched before the shipped ones (repeatable).",
)
@click.option("--no-annotations", is_flag=True, help="Leave the annotations out.")
@click.option("--csl", "csl_style", help="Format with a CSL style (name or .csl path) instead.")
@click.option(
    "--graph/--no-graph",
    "with_graph",
    default=None,
    help="Embed the follow-up graph view (default: on for HTML templates).",
)
@click.option("--title", default=None, help="Document title (default: References).")
@click.option("--check", "with_check", is_flag=True,
              help="Check every PMID against PubMed too (as `refgraph check` does) and add the"
                   " report as a section (HTML templates), as `build` does.")  # fmt: skip
@eutils_options
def render_command(**kwargs: Any) -> None:
    """Render references as an annotated bibliography through a Jinja template.

    \b
    Examples:
      refgraph render refs/inotuzumab-ozogamicin.txt -t livertox
      refgraph render refs/ -t bibliography.html --group-by trial -o refs.html
      refgraph render refs/ --csl apa
    """
    result = load_inputs(kwargs["inputs"], kwargs["fmt"], outputs=[kwargs["output"]])
    report_problems(result.problems)
    refs, output = list(result.references), kwargs["output"]
    annotations = not kwargs["no_annotations"]
    if kwargs["csl_style"]:
        html = output.endswith((".html", ".htm"))
        text = refgraph.render_csl(
            refs, kwargs["csl_style"], html_output=html, annotations=annotations
        )
        write_output(text, output)
        return
    if not kwargs["template"]:
        raise click.UsageError("give --template NAME|PATH (or --csl STYLE)")
    name, _ = refgraph.resolve_template_name(kwargs["template"], kwargs["template_dirs"])
    group_by = None if kwargs["group_by"] == "none" else kwargs["group_by"]
    with_graph = kwargs["with_graph"]
    if with_graph is None:
        with_graph = name.removesuffix(".j2").endswith((".html", ".htm"))
    graph = check = None
    settings = settings_from(kwargs, kwargs["inputs"])
    if with_graph or group_by == "trial" or kwargs["with_check"]:
        # the records and the graph `build` uses: the same sources, the same rules
        with refgraph.open_record_source(settings) as client:
            cited = None
            if kwargs["with_check"]:
                run = refgraph.check_references(refs, client)
                check, cited = run.report, run.cited
            linked = refgraph.link_library(refs, client, cited=cited, offline=settings.offline)
        for note in linked.notes:
            info(f"note: {note}")
        report_problems(linked.graph.problems)
        graph = linked.graph.graph
    text = refgraph.render_bibliography(
        refs,
        kwargs["template"],
        graph=graph,
        embed_graph=with_graph,
        check=check,
        problems=result.problems,
        sort=kwargs["sort"],
        group_by=group_by,
        template_dirs=kwargs["template_dirs"],
        annotations=annotations,
        title=kwargs["title"],
    )
    write_output(text, output, name=f"refgraph-{Path(name).name.removesuffix('.j2')}")


@click.group("templates")
def templates_group() -> None:
    """List the templates refgraph can render with, or copy one to start an override.

    \b
    Examples:
      refgraph templates list --templates my-templates
      refgraph templates copy livertox my-templates
    """


@templates_group.command("list")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False))
def list_command(template_dirs: tuple[str, ...]) -> None:
    """List templates: name, format, where it comes from, and what it renders."""
    for found in refgraph.list_templates(template_dirs):
        click.echo(f"{found.name:<32} {found.format:<5} {found.origin:<10} {found.description}")


@templates_group.command("copy")
@click.argument("name")
@click.argument("dest_dir", type=click.Path(file_okay=False))
def copy_command(name: str, dest_dir: str) -> None:
    """Copy template NAME into DEST_DIR, to edit and use with `--templates DEST_DIR`."""
    click.echo(str(refgraph.copy_template(name, Path(dest_dir))))
