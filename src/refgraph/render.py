"""Annotated bibliographies through Jinja templates: view models and :func:`render`.

The environment and template lookup are :mod:`refgraph.jinja` (user folders first, then the
shipped templates; sandboxed; ``StrictUndefined``). Formatting rules are the filters of
:mod:`refgraph.filters`.

Templates receive view models, never networkx objects: ``entries`` (every :class:`Entry` in
output order), ``groups`` (:class:`Group` s of entries), ``title``, ``annotations``,
``group_by``, ``sort``, ``graph_html`` and ``entry_template(kind)`` which picks the most
specific entry partial (``entry-<kind>.<fmt>.j2``, then ``entry.<fmt>.j2``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from refgraph.check.report import ReportRow, ReportView, Span, VerdictCount, report_view
from refgraph.check.results import CheckReport, Difference, Suggestion
from refgraph.errors import ConfigError
from refgraph.graph.groups import trial_groups
from refgraph.graph.html import graph_html_fragment
from refgraph.jinja import (
    TEMPLATE_SUFFIX,
    get_template,
    make_environment,
    render_template,
    resolve_template_name,
    template_format,
)
from refgraph.model import Author, Diagnostic, Origin, Reference
from refgraph.sandbox import RenderLimits
from refgraph.version import __version__

__all__ = [
    "CHECK_TEMPLATE",
    "GROUP_BY",
    "SORTS",
    "Entry",
    "Group",
    "build_groups",
    "render",
    "render_check",
    "sort_references",
]

SORTS = ("document", "year", "author")
GROUP_BY = (None, "year", "type", "trial")


@dataclass(frozen=True, slots=True)
class Entry:
    """One reference as a template sees it.

    ``number`` is its position in the output (1-based); ``depth`` and ``relation`` place it
    under a trial's primary report when grouped by trial (``depth`` 0 otherwise);
    ``annotation`` is empty when annotations are switched off.
    """

    ref: Reference
    number: int
    kind: str
    annotation: str = ""
    depth: int = 0
    relation: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """A titled run of entries (one untitled group when not grouping)."""

    label: str
    entries: tuple[Entry, ...]


# -- view models ---------------------------------------------------------------------------


def _year_key(ref: Reference) -> tuple[int, str]:
    digits = re.match(r"\d{4}", ref.year or "")
    return (int(digits.group(0)) if digits else 9999, ref.year)


_TRUSTED = frozenset({Entry, Group, Reference, Author, Origin, ReportView, ReportRow, Span,
                      VerdictCount, Difference, Suggestion, Diagnostic})  # fmt: skip
#: The check report page (and the section ``bibliography.html`` embeds), overridable.
CHECK_TEMPLATE = "check.html.j2"


def sort_references(references: Sequence[Reference], sort: str) -> list[Reference]:
    """Order references: ``document`` (as given), ``year`` or ``author`` (both stable)."""
    if sort == "document":
        return list(references)
    if sort == "year":
        return sorted(references, key=lambda r: (_year_key(r), r.authors[0].sort_key()
                                                 if r.authors else ""))  # fmt: skip
    if sort == "author":
        return sorted(
            references,
            key=lambda r: (r.authors[0].sort_key() if r.authors else "~", _year_key(r)),
        )
    raise ConfigError(f"unknown sort {sort!r} (choose from: {', '.join(SORTS)})")


def _type_label(ref: Reference) -> str:
    if ref.publication_types:
        return ref.publication_types[0]
    return {"article": "Journal Article", "book": "Book", "incollection": "Book Chapter"}.get(
        ref.entry_type, ref.entry_type.capitalize() or "Other"
    )


def _plain_groups(
    refs: Sequence[Reference], group_by: str | None
) -> list[tuple[str, list[tuple[Reference, int, str]]]]:
    if group_by is None:
        return [("", [(r, 0, "") for r in refs])]
    label_of: Callable[[Reference], str]
    if group_by == "year":

        def label_of(r: Reference) -> str:
            return r.year or "Undated"

        refs = sorted(refs, key=_year_key)
    else:
        label_of = _type_label
    groups: dict[str, list[tuple[Reference, int, str]]] = {}
    for ref in refs:
        groups.setdefault(label_of(ref), []).append((ref, 0, ""))
    return list(groups.items())


def _trial_groups(
    refs: Sequence[Reference], graph: Any
) -> list[tuple[str, list[tuple[Reference, int, str]]]]:
    if graph is None:
        raise ConfigError(
            "grouping by trial needs the follow-up graph: pass graph=build_graph(refs).graph"
        )
    by_key = {r.key: r for r in refs}
    placed: set[str] = set()
    out: list[tuple[str, list[tuple[Reference, int, str]]]] = []
    for group in trial_groups(graph):
        members: list[tuple[Reference, int, str]] = []
        head = [(group.primary, "primary", 0)] if group.primary else []
        rows = head + [m for m in group.members if m[0] != group.primary]
        for key, relation, depth in rows:
            if key in by_key and key not in placed:
                placed.add(key)
                members.append((by_key[key], int(depth), str(relation)))
        if members:
            out.append((str(group.label or group.trial), members))
    rest = [(r, 0, "") for r in refs if r.key not in placed]
    if rest:
        out.append(("Other references" if out else "", rest))
    return out


def build_groups(
    references: Sequence[Reference],
    *,
    sort: str = "document",
    group_by: str | None = None,
    graph: Any = None,
    annotations: bool = True,
) -> tuple[Group, ...]:
    """Sort and group references into the view model the templates iterate over."""
    refs = sort_references(references, sort)
    if group_by == "trial":
        raw = _trial_groups(refs, graph)
    elif group_by in GROUP_BY:
        raw = _plain_groups(refs, group_by)
    else:
        choices = ", ".join(str(g) for g in GROUP_BY if g)
        raise ConfigError(f"unknown grouping {group_by!r} (choose from: {choices})")
    number = 0
    groups = []
    for label, rows in raw:
        entries = []
        for ref, depth, relation in rows:
            number += 1
            entries.append(
                Entry(
                    ref=ref,
                    number=number,
                    kind=ref.entry_type or "article",
                    annotation=ref.annotation if annotations else "",
                    depth=depth,
                    relation=relation,
                )
            )
        groups.append(Group(label, tuple(entries)))
    return tuple(groups)


# -- rendering -----------------------------------------------------------------------------


def _entry_selector(env: jinja2.Environment, style: str) -> Callable[..., jinja2.Template]:
    """Return ``entry_template(kind, style=None)`` for a main template named ``<style>.j2``.

    It selects, most specific first: ``entry-<kind>.<style>.j2``, ``entry.<style>.j2``,
    ``entry-<kind>.<fmt>.j2``, ``entry.<fmt>.j2`` (``style`` is e.g. ``vancouver.txt``).
    """
    cache: dict[tuple[str, str], jinja2.Template] = {}

    def entry_template(kind: str, style_name: str | None = None) -> jinja2.Template:
        use = style_name or style
        template = cache.get((kind, use))
        if template is None:
            fmt = use.rsplit(".", 1)[-1]
            names = [f"entry-{kind}.{use}", f"entry.{use}", f"entry-{kind}.{fmt}", f"entry.{fmt}"]
            names = list(dict.fromkeys(n + TEMPLATE_SUFFIX for n in names))
            template = cache[(kind, use)] = env.select_template(names)
        return template

    return entry_template


def render(
    references: Sequence[Reference],
    template: str,
    *,
    graph: Any = None,
    sort: str = "document",
    group_by: str | None = None,
    template_dirs: Sequence[str | os.PathLike[str]] = (),
    annotations: bool = True,
    title: str | None = None,
    embed_graph: bool = True,
    check: CheckReport | None = None,
    problems: Sequence[Diagnostic] = (),
    limits: RenderLimits | None = None,
) -> str:
    """Render ``references`` through ``template`` (a name, short name, or path to a file).

    Args:
        references: the references, in document order.
        template: ``livertox``, ``vancouver.txt.j2``, ``default:ama.txt.j2`` or a path.
        graph: a follow-up graph (:func:`refgraph.graph.build_graph`); HTML templates embed
            its view, and ``group_by="trial"`` needs it.
        sort: ``document`` (default), ``year`` or ``author``.
        group_by: ``None``, ``year``, ``type`` (publication type) or ``trial``.
        template_dirs: user template folders, searched before the shipped ones.
        annotations: include each reference's annotation.
        title: the document title (default ``References``).
        embed_graph: with ``graph``, embed its view in HTML output (``False``: use the
            graph only for grouping).
        check: the check report, which the HTML bibliography shows as a section after the
            references (with ``problems``, the input problems, under it).
        limits: what the template may spend (time, output size ...); see
            :mod:`refgraph.sandbox`.

    Raises:
        TemplateNotFoundError: no such template.
        TemplateError: the template is broken, uses a missing field, breaks the sandbox or
            one of its limits, or recurses without end.
        ConfigError: a bad sort or grouping.

    Example:
        >>> from refgraph.model import Author, Reference
        >>> ref = Reference(key="Lamb2017", pmid="28819740", authors=(Author("Lamb", "", "YN"),),
        ...     title="Inotuzumab ozogamicin: first global approval", journal="Drugs",
        ...     year="2017", volume="77", pages="1603-1610")
        >>> print(render([ref], "livertox", annotations=False), end="")
        Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. PubMed PMID: 28819740.
    """  # noqa: E501
    name, dirs = resolve_template_name(template, template_dirs)
    env = make_environment(dirs, limits, trusted=_TRUSTED)
    fmt = template_format(name)
    compiled = get_template(env, name, dirs)
    groups = build_groups(
        references, sort=sort, group_by=group_by, graph=graph, annotations=annotations
    )
    graph_html = Markup("")
    if embed_graph and graph is not None and fmt in ("html", "htm"):
        graph_html = Markup(graph_html_fragment(graph, template_dirs=dirs))
    context = {
        "title": title if title is not None else "References",
        "groups": groups,
        "entries": tuple(e for g in groups for e in g.entries),
        "grouped": group_by is not None,
        "group_by": group_by or "",
        "sort": sort,
        "annotations": annotations,
        "graph_html": graph_html,
        "check": report_view(check, problems) if check is not None else None,
        "generator": f"refgraph {__version__}",
        "entry_template": _entry_selector(
            env, name.removeprefix("default:").removesuffix(TEMPLATE_SUFFIX)
        ),
    }
    text = render_template(env, compiled, context, name)
    # blank lines that separate entries would pile up at the end: end with one newline
    return text.rstrip("\n") + "\n" if text.endswith("\n") else text


def render_check(
    report: CheckReport,
    problems: Sequence[Diagnostic] = (),
    *,
    title: str = "Check against PubMed",
    template_dirs: Sequence[str | os.PathLike[str]] = (),
    limits: RenderLimits | None = None,
) -> str:
    """Render the check report as one self-contained HTML page (``check.html``).

    One row per reference with its verdict, the cited and PubMed values side by side where
    they differ, the notes and any verified suggestion (both PubMed links), then the input
    problems with file and line; filters by verdict. ``template_dirs`` are searched for
    ``check.html.j2`` before the shipped templates.
    """
    dirs = tuple(Path(d) for d in template_dirs)
    env = make_environment(dirs, limits, trusted=_TRUSTED)
    compiled = get_template(env, CHECK_TEMPLATE, dirs)
    context = {
        "title": title,
        "view": report_view(report, problems),
        "generator": f"refgraph {__version__}",
    }
    return render_template(env, compiled, context, CHECK_TEMPLATE)
