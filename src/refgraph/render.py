"""Annotated bibliographies through Jinja templates: environment, lookup, view models.

Lookup works like datasette's: a ``FileSystemLoader`` over the user template directories
(``--templates DIR``, searched first, in order) and then the shipped ``templates/``
directory, plus a ``PrefixLoader`` that maps ``default:`` to the shipped directory, so an
override can ``{% extends "default:livertox.txt.j2" %}`` and replace one block.

Every template runs in Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` (shipped and
third-party alike: one environment, one behaviour) with ``StrictUndefined`` (a missing field
fails loudly with the template name and line), autoescaping for ``.html`` templates and
``keep_trailing_newline``. Formatting rules are the filters of :mod:`refgraph.filters`.

Templates receive view models, never networkx objects: ``entries`` (every :class:`Entry` in
output order), ``groups`` (:class:`Group` s of entries), ``title``, ``annotations``,
``group_by``, ``sort``, ``graph_html`` and ``entry_template(kind)`` which picks the most
specific entry partial (``entry-<kind>.<fmt>.j2``, then ``entry.<fmt>.j2``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from markupsafe import Markup

from refgraph import __version__
from refgraph.errors import ConfigError, TemplateError, TemplateNotFoundError
from refgraph.filters import FILTERS
from refgraph.model import Author, Origin, Reference
from refgraph.sandbox import LimitedSandbox, RenderLimits, alarm, stream_limited

__all__ = [
    "GROUP_BY",
    "SORTS",
    "Entry",
    "Group",
    "TemplateInfo",
    "copy_template",
    "default_template_dir",
    "list_templates",
    "make_environment",
    "render",
    "resolve_template_name",
]

SORTS = ("document", "year", "author")
GROUP_BY = (None, "year", "type", "trial")
_TEMPLATE_SUFFIX = ".j2"


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


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """A template refgraph can find: its name, output format, file, and where it came from."""

    name: str
    format: str
    path: Path
    origin: str
    description: str


def default_template_dir() -> Path:
    """Return the shipped templates: installed ``refgraph/templates``, else the checkout's.

    Hatchling force-includes ``templates/`` into the wheel, but editable installs do not
    see force-included files, hence the fallback to the top-level ``templates/``.
    """
    installed = Path(__file__).resolve().parent / "templates"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "templates"


def _format_of(name: str) -> str:
    """``livertox.txt.j2`` -> ``txt``; ``x.html`` -> ``html``."""
    stem = name.removeprefix("default:").removesuffix(_TEMPLATE_SUFFIX)
    return stem.rsplit(".", 1)[1] if "." in stem else ""


def _search_dirs(template_dirs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    dirs = []
    for item in template_dirs:
        path = Path(item)
        if not path.is_dir():
            raise ConfigError(f"template directory {path} does not exist")
        dirs.append(path)
    return [*dirs, default_template_dir()]


class _Sandbox(LimitedSandbox):
    """The limited sandbox, with a fast path for refgraph's own frozen view-model types.

    Attribute access is the hot spot of rendering 10,000 entries; for these types (plain
    frozen dataclasses with no callables that reach outside) any public attribute is safe,
    so the generic checks are skipped. Everything else goes through the full sandbox.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) in _TRUSTED and not attribute.startswith("_"):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


def make_environment(
    template_dirs: Iterable[str | os.PathLike[str]] = (), limits: RenderLimits | None = None
) -> LimitedSandbox:
    """Build the sandboxed Jinja environment over ``template_dirs`` then the shipped templates."""
    default = default_template_dir()
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d) for d in _search_dirs(template_dirs)]),
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(default))}, delimiter=":"),
        ]
    )
    env = _Sandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            default_for_string=False,
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=400,
        extensions=["jinja2.ext.do"],
        limits=limits,
    )
    env.filters.update(FILTERS)
    return env


def _description(path: Path) -> str:
    try:
        head = path.read_text(encoding="utf-8")[:2000]
    except (OSError, UnicodeDecodeError):
        return ""
    match = re.match(r"\s*\{#-?\s*(.*?)\s*-?#\}", head, re.S)
    return " ".join(match.group(1).split()) if match else ""


def list_templates(template_dirs: Sequence[str | os.PathLike[str]] = ()) -> list[TemplateInfo]:
    """Return every template refgraph can find; a user template hides a shipped one."""
    default = default_template_dir()
    seen: dict[str, TemplateInfo] = {}
    for directory in _search_dirs(template_dirs):
        origin = "default" if directory == default else str(directory)
        for path in sorted(directory.rglob(f"*{_TEMPLATE_SUFFIX}")):
            name = path.relative_to(directory).as_posix()
            if name not in seen:
                seen[name] = TemplateInfo(name, _format_of(name), path, origin, _description(path))
    return sorted(seen.values(), key=lambda t: t.name)


def _is_partial(name: str) -> bool:
    return name.startswith(("entry", "_")) or "/" in name


def resolve_template_name(
    template: str, template_dirs: Sequence[str | os.PathLike[str]] = ()
) -> tuple[str, tuple[Path, ...]]:
    """Turn ``--template`` into a loader name and the search directories to use.

    ``template`` may be a path to a file (its folder is then searched first), a full
    name (``vancouver.txt.j2``), or a short one (``vancouver``, ``bibliography.html``).
    """
    dirs = tuple(Path(d) for d in template_dirs)
    path = Path(template)
    if path.suffix and path.is_file():
        return path.name, (path.parent, *dirs)
    if template.startswith("default:") or template.endswith(_TEMPLATE_SUFFIX):
        return template, dirs
    available = [t.name for t in list_templates(dirs) if not _is_partial(t.name)]
    matches = [n for n in available if n == f"{template}{_TEMPLATE_SUFFIX}"]
    matches = matches or [n for n in available if n.startswith(f"{template}.")]
    if len(matches) == 1:
        return matches[0], dirs
    where = ", ".join([*(str(d) for d in dirs), "(package defaults)"])
    if matches:
        raise TemplateNotFoundError(
            f"template {template!r} is ambiguous: {', '.join(matches)} (give the full name)"
        )
    raise TemplateNotFoundError(
        f"template {template!r} not found in: {where}; available: {', '.join(available)}"
    )


# -- view models ---------------------------------------------------------------------------


def _year_key(ref: Reference) -> tuple[int, str]:
    digits = re.match(r"\d{4}", ref.year or "")
    return (int(digits.group(0)) if digits else 9999, ref.year)


_TRUSTED = frozenset({Entry, Group, Reference, Author, Origin})


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
    from refgraph.graph import build_graph, trial_groups

    if graph is None:
        graph = build_graph(refs).graph
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


def _template_frame(tb: TracebackType | None) -> str:
    """The innermost ``template:line`` in a traceback Jinja rewrote, if any."""
    where = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(_TEMPLATE_SUFFIX) or "<template>" in filename:
            where = f"{Path(filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


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
            names = list(dict.fromkeys(n + _TEMPLATE_SUFFIX for n in names))
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
    limits: RenderLimits | None = None,
) -> str:
    """Render ``references`` through ``template`` (a name, short name, or path to a file).

    Args:
        references: the references, in document order.
        template: ``livertox``, ``vancouver.txt.j2``, ``default:ama.txt.j2`` or a path.
        graph: a follow-up graph (:func:`refgraph.graph.build_graph`); HTML templates embed
            its view, and ``group_by="trial"`` uses it (built from ``references`` if absent).
        sort: ``document`` (default), ``year`` or ``author``.
        group_by: ``None``, ``year``, ``type`` (publication type) or ``trial``.
        template_dirs: user template folders, searched before the shipped ones.
        annotations: include each reference's annotation.
        title: the document title (default ``References``).
        embed_graph: with ``graph``, embed its view in HTML output (``False``: use the
            graph only for grouping).
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
    env = make_environment(dirs, limits)
    fmt = _format_of(name)
    try:
        compiled = env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        where = ", ".join([*(str(d) for d in dirs), "(package defaults)"])
        raise TemplateNotFoundError(f"template {exc.name!r} not found in: {where}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    groups = build_groups(
        references, sort=sort, group_by=group_by, graph=graph, annotations=annotations
    )
    graph_html = Markup("")
    if embed_graph and graph is not None and fmt in ("html", "htm"):
        from refgraph.graph.html import graph_html_fragment

        graph_html = Markup(graph_html_fragment(graph))
    context = {
        "title": title if title is not None else "References",
        "groups": groups,
        "entries": tuple(e for g in groups for e in g.entries),
        "grouped": group_by is not None,
        "group_by": group_by or "",
        "sort": sort,
        "annotations": annotations,
        "graph_html": graph_html,
        "generator": f"refgraph {__version__}",
        "entry_template": _entry_selector(
            env, name.removeprefix("default:").removesuffix(_TEMPLATE_SUFFIX)
        ),
    }
    try:
        env.start_clock()
        with alarm(env.limits.seconds):
            text = stream_limited(compiled.generate(context), env)
        # blank lines that separate entries would pile up at the end: end with one newline
        return text.rstrip("\n") + "\n" if text.endswith("\n") else text
    except jinja2.TemplateNotFound as exc:
        raise TemplateNotFoundError(f"{name}: included template {exc.name!r} not found") from None
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: undefined field: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        where = _template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: blocked by the template sandbox: {exc}") from None
    except jinja2.TemplateError as exc:
        where = _template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: {exc}") from None
    except (RecursionError, MemoryError, OverflowError) as exc:
        where = _template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: {_RUNAWAY[type(exc)]}") from None
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:  # the template's own
        where = _template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None


_RUNAWAY: dict[type[BaseException], str] = {
    RecursionError: "recursion too deep (a macro or include that calls itself without end?)",
    MemoryError: "ran out of memory (a value or output too large)",
    OverflowError: "a number too large to compute",
}


def copy_template(
    name: str,
    dest_dir: str | os.PathLike[str],
    template_dirs: Sequence[str | os.PathLike[str]] = (),
) -> Path:
    """Copy a template (short or full name) into ``dest_dir`` to start an override.

    Raises:
        TemplateNotFoundError: no such template.
        TemplateError: ``dest_dir`` already holds a file of that name.
    """
    full = name if name.endswith(_TEMPLATE_SUFFIX) else resolve_template_name(name)[0]
    found = {t.name: t for t in list_templates(template_dirs)}
    if full not in found:
        raise TemplateNotFoundError(f"template {name!r} not found; try `refgraph templates list`")
    target = Path(dest_dir) / full
    if target.exists():
        raise TemplateError(f"{target} already exists; not overwriting it")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(found[full].path, target)
    return target
