"""Model/graph -> text for other tools: BibTeX/biblatex, CSL-JSON, RIS, MEDLINE/.nbib."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from refgraph.errors import ConfigError
from refgraph.model import Reference

__all__ = ["EXPORTERS", "export_text"]

#: ``--format`` name -> ("module:function", keyword arguments); each function takes the
#: references (plus those keywords) and returns the text.
EXPORTERS: dict[str, tuple[str, dict[str, bool]]] = {
    "bibtex": ("refgraph.export.bibtex:write_bibtex", {}),
    "biblatex": ("refgraph.export.bibtex:write_bibtex", {"biblatex": True}),
    "csljson": ("refgraph.export.csljson:write_csljson", {}),
    "ris": ("refgraph.export.ris:write_ris", {}),
    "nbib": ("refgraph.export.nbib:write_nbib", {}),
}


def export_text(references: Sequence[Reference], fmt: str, *, ascii: bool = False) -> str:
    """Return ``references`` in export format ``fmt`` (a key of :data:`EXPORTERS`).

    ``ascii`` (BibTeX/biblatex only) spells non-ASCII characters as LaTeX commands.
    """
    try:
        target, kwargs = EXPORTERS[fmt]
    except KeyError:
        known = ", ".join(EXPORTERS)
        raise ConfigError(f"unknown export format {fmt!r} (known: {known})") from None
    module_name, attr = target.split(":")
    writer = getattr(importlib.import_module(module_name), attr)
    if fmt in ("bibtex", "biblatex"):
        kwargs = {**kwargs, "ascii": ascii}
    text: str = writer(list(references), **kwargs)
    return text
