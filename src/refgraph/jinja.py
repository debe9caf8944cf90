"""The one Jinja environment of refgraph and its template lookup (bibliographies, graph page).

Lookup works like datasette's: a ``FileSystemLoader`` over the user template directories
(``--templates DIR``, searched first, in order) and then the shipped ``templates/``
directory, plus a ``PrefixLoader`` that maps ``default:`` to the shipped directory, so an
override can ``{% extends "default:livertox.txt.j2" %}`` and replace one block.

Every template, shipped or the user's, bibliography or graph page, runs in Jinja's
:class:`~jinja2.sandbox.SandboxedEnvironment` (one environment, one behaviour) with
``StrictUndefined`` (a missing field fails loudly with the template name and line),
autoescaping for ``.html`` templates and ``keep_trailing_newline``. The filters are those of
:mod:`refgraph.filters`. Every printed value loses its control characters
(:func:`refgraph.text.without_controls`): no output format wants them, HTML and LaTeX least.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from markupsafe import Markup

from refgraph.errors import ConfigError, TemplateError, TemplateNotFoundError, did_you_mean
from refgraph.filters import FILTERS
from refgraph.sandbox import LimitedSandbox, RenderLimits, alarm, stream_limited
from refgraph.text import has_controls, without_controls

__all__ = [
    "TEMPLATE_SUFFIX",
    "TemplateInfo",
    "copy_template",
    "default_template_dir",
    "get_template",
    "list_templates",
    "make_environment",
    "render_template",
    "resolve_template_name",
    "template_format",
    "template_frame",
]

TEMPLATE_SUFFIX = ".j2"


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


def template_format(name: str) -> str:
    """``livertox.txt.j2`` -> ``txt``; ``x.html`` -> ``html``."""
    stem = name.removeprefix("default:").removesuffix(TEMPLATE_SUFFIX)
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

    def __init__(self, trusted: frozenset[type], **options: Any) -> None:
        super().__init__(**options)
        self.trusted = trusted

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) in self.trusted and not attribute.startswith("_"):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


def make_environment(
    template_dirs: Iterable[str | os.PathLike[str]] = (),
    limits: RenderLimits | None = None,
    *,
    trusted: Iterable[type] = (),
) -> LimitedSandbox:
    """Build the sandboxed Jinja environment over ``template_dirs`` then the shipped templates.

    ``trusted``: frozen view-model types whose public attributes templates may read without
    the sandbox's generic checks (the hot path of rendering thousands of entries).
    """
    default = default_template_dir()
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d) for d in _search_dirs(template_dirs)]),
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(default))}, delimiter=":"),
        ]
    )
    env = _Sandbox(
        frozenset(trusted),
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
        finalize=_printable,
    )
    env.filters.update(FILTERS)
    return env


def _printable(value: Any) -> Any:
    """What ``{{ value }}`` prints: the value, without control characters."""
    if isinstance(value, str) and not value.isprintable() and has_controls(value):
        cleaned = without_controls(value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


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
        for path in sorted(directory.rglob(f"*{TEMPLATE_SUFFIX}")):
            name = path.relative_to(directory).as_posix()
            if name not in seen:
                info = TemplateInfo(name, template_format(name), path, origin, _description(path))
                seen[name] = info
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
    if template.startswith("default:") or template.endswith(TEMPLATE_SUFFIX):
        return template, dirs
    available = [t.name for t in list_templates(dirs) if not _is_partial(t.name)]
    matches = [n for n in available if n == f"{template}{TEMPLATE_SUFFIX}"]
    matches = matches or [n for n in available if n.startswith(f"{template}.")]
    if len(matches) == 1:
        return matches[0], dirs
    where = ", ".join([*(str(d) for d in dirs), "(package defaults)"])
    if matches:
        raise TemplateNotFoundError(
            f"template {template!r} is ambiguous: {', '.join(matches)} (give the full name)"
        )
    raise TemplateNotFoundError(
        f"template {template!r} not found in: {where}; {_hint(template, available)}"
        f"available: {', '.join(available)}"
    )


def _hint(name: str, available: Sequence[str]) -> str:
    """"did you mean ...?" over the names a template may be given by (full and short)."""
    shorts = [full.removesuffix(TEMPLATE_SUFFIX) for full in available]
    stems = [short.split(".")[0] for short in shorts]
    aliases: dict[str, str] = {}
    for full, short, stem in zip(available, shorts, stems, strict=True):
        shown = stem if stems.count(stem) == 1 else short  # the name `-t` takes
        aliases.update({full: shown, short: shown, stem: shown})
    return did_you_mean(name, aliases)


def template_frame(tb: TracebackType | None) -> str:
    """The innermost ``template:line`` in a traceback Jinja rewrote, if any."""
    where = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX) or "<template>" in filename:
            where = f"{Path(filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def get_template(env: jinja2.Environment, name: str, dirs: Sequence[Path]) -> jinja2.Template:
    """Load template ``name``; a missing or broken template is a refgraph error."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        where = ", ".join([*(str(d) for d in dirs), "(package defaults)"])
        raise TemplateNotFoundError(f"template {exc.name!r} not found in: {where}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except UnicodeDecodeError as exc:  # (an included one: render_template says so)
        raise TemplateError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise TemplateError(f"{name}: cannot read the template: {exc.strerror or exc}") from None


def render_template(
    env: LimitedSandbox, template: jinja2.Template, context: Mapping[str, Any], name: str
) -> str:
    """Render ``template`` within ``env``'s limits (:mod:`refgraph.sandbox`); any failure is
    a :class:`~refgraph.errors.TemplateError` naming the template and line."""
    try:
        env.start_clock()
        with alarm(env.limits.seconds):
            return stream_limited(template.generate(context), env)
    except jinja2.TemplateNotFound as exc:
        raise TemplateNotFoundError(f"{name}: included template {exc.name!r} not found") from None
    except jinja2.UndefinedError as exc:
        where = template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: undefined field: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        where = template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: blocked by the template sandbox: {exc}") from None
    except jinja2.TemplateError as exc:
        where = template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: {exc}") from None
    except (RecursionError, MemoryError, OverflowError) as exc:
        where = template_frame(exc.__traceback__) or name
        raise TemplateError(f"{where}: {_RUNAWAY[type(exc)]}") from None
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:  # the template's own
        where = template_frame(exc.__traceback__) or name
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
    full = name if name.endswith(TEMPLATE_SUFFIX) else resolve_template_name(name)[0]
    found = {t.name: t for t in list_templates(template_dirs)}
    if full not in found:
        hint = _hint(name, [n for n in found if not _is_partial(n)])
        raise TemplateNotFoundError(
            f"template {name!r} not found; {hint}try `refgraph templates list`"
        )
    target = Path(dest_dir) / full
    if target.exists():
        raise TemplateError(f"{target} already exists; not overwriting it")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(found[full].path, target)
    return target
