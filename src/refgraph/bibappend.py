"""Add new entries to a ``.bib`` file, leaving every byte already there as it was.

``refgraph discover --add`` writes the PubMed records of the publications it suggests this
way (:func:`append_references`); editing fields of existing entries is
:mod:`refgraph.bibedit`'s.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from refgraph.export.bibtex import write_bibtex
from refgraph.files import atomic_write, read_input
from refgraph.keys import assign_keys
from refgraph.model import Reference
from refgraph.sources.bibtex import parse as parse_bibtex

__all__ = ["append_entries", "append_references"]


def append_entries(text: str, entries: str) -> str:
    r"""Return ``text`` with ``entries`` (BibTeX text) added at the end, one blank line between.

    >>> append_entries("@article{a,\n}\n", "@article{b,\n}\n")
    '@article{a,\n}\n\n@article{b,\n}\n'
    """
    entries = entries.strip("\n")
    if not entries:
        return text
    body = text.rstrip("\n")
    return f"{body}\n\n{entries}\n" if body else f"{entries}\n"


def append_references(path: str | os.PathLike[str], refs: Sequence[Reference]) -> list[Reference]:
    """Add ``refs`` to the ``.bib`` at ``path`` (created if absent), atomically.

    References whose PMID the file already holds are left out; the others get keys that do
    not collide with the file's. Returns the references written, with their keys.
    """
    text = read_input(path)[0] if os.path.exists(path) else ""
    existing = list(parse_bibtex(text, str(path)).references) if text.strip() else []
    have = {ref.pmid for ref in existing if ref.pmid}
    new = [ref for ref in refs if not ref.pmid or ref.pmid not in have]
    if not new:
        return []
    keyed = assign_keys([*existing, *new])[len(existing):]
    atomic_write(path, append_entries(text, write_bibtex(keyed)))
    return keyed
