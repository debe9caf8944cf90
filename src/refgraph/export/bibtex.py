"""References -> BibTeX / biblatex text (pure).

The text is built here directly rather than through ``bibtexparser.write_string``: the
bibtexparser 2.x writer runs a middleware stack per field and cannot reach refgraph's
speed target (20,000 entries/s). The output is plain, regular BibTeX (``@type{key,``,
one ``  name = {value},`` line per field, ``}`` and a blank line) that bibtexparser 2.x
parses back field for field; :mod:`tests.export.test_bibtex` and the round-trip tests
check exactly that, and :mod:`refgraph.sources.bibtex` reads it back into equal
references (see :func:`refgraph.sources.bibtex.canonical_reference` for the forms).

Which model attribute becomes which field is the table
:data:`refgraph.sources.bibtex.BIBTEX_FIELDS`, shared with the reader.

Example:
    >>> from refgraph.model import Author, Reference
    >>> ref = Reference(key="Kantarjian2016", pmid="27292104", title="Inotuzumab & ALL",
    ...                 authors=(Author(last="Kantarjian", initials="HM"),), et_al=True,
    ...                 journal="N Engl J Med", year="2016", pages="740-753")
    >>> print(write_bibtex([ref]), end="")
    @article{Kantarjian2016,
      author = {Kantarjian, H. M. and others},
      title = {Inotuzumab \\& ALL},
      journal = {N Engl J Med},
      year = {2016},
      pages = {740--753},
      pmid = {27292104},
    }
"""

from __future__ import annotations

from collections.abc import Sequence

from refgraph.model import Author, Reference
from refgraph.sources._latex import encode_latex
from refgraph.sources.bibtex import (
    BIBTEX_FIELDS,
    LIST_SEPARATOR,
    VERBATIM_FIELDS,
    dotted_initials,
)

__all__ = ["BIBTEX_FIELDS", "bibtex_fields", "format_author", "write_bibtex"]

_TYPE_FOR_BOOKTITLE = frozenset({"incollection", "inproceedings", "inbook"})


def _balanced(value: str) -> bool:
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and "\\" not in value


def _protect(part: str, enc: str) -> str:
    """Brace a name part that would otherwise split the name list or the name."""
    low = part.casefold()
    if "," in part or " and " in low or low == "others":
        return "{" + enc + "}"
    return enc


def format_author(author: Author, *, ascii: bool = False) -> str:
    """Return one author in BibTeX form: ``Last, First``, ``Last, Jr, First``, ``{Group}``.

    Initials-only forenames are written dotted and spaced (``Kantarjian, H. M.``).

    >>> format_author(Author(last="Kantarjian", initials="HM"))
    'Kantarjian, H. M.'
    >>> format_author(Author(collective="NIH Consensus Development Panel"))
    '{NIH Consensus Development Panel}'
    """
    if author.collective:
        return "{" + encode_latex(author.collective, ascii=ascii) + "}"
    last = _protect(author.last, encode_latex(author.last, ascii=ascii))
    first = author.first or dotted_initials(author.initials)
    first_enc = _protect(first, encode_latex(first, ascii=ascii)) if first else ""
    if author.suffix:
        suffix = _protect(author.suffix, encode_latex(author.suffix, ascii=ascii))
        return f"{last}, {suffix}, {first_enc}".rstrip()
    if first_enc:
        return f"{last}, {first_enc}"
    # a bare multi-word surname needs the comma, or "van der Berg" reads as First Last
    return f"{last}," if " " in author.last.strip() else last


def _authors(ref: Reference, ascii: bool) -> str:
    names = [format_author(a, ascii=ascii) for a in ref.authors]
    if ref.et_al:
        names.append("others")
    return " and ".join(names)


def _list(values: Sequence[str], ascii: bool) -> str:
    joined = LIST_SEPARATOR.join(values)
    if len(values) == 1 and "," in values[0]:
        joined += ";"  # one item with a comma: the ';' tells the reader not to split on ','
    return encode_latex(joined, ascii=ascii)


def bibtex_fields(
    ref: Reference, *, ascii: bool = False, biblatex: bool = False
) -> list[tuple[str, str]]:
    """Return the ``(field, value)`` pairs written for ``ref``, values already escaped.

    The order is that of :data:`BIBTEX_FIELDS` followed by ``ref.extra`` in its order.
    Empty values are left out. An extra field whose name is already written is kept
    under ``x-<name>`` rather than dropped or duplicated.
    """
    out: list[tuple[str, str]] = []
    for spec in BIBTEX_FIELDS:
        kind = spec.kind
        if kind == "authors":
            if ref.authors or ref.et_al:
                out.append(("author", _authors(ref, ascii)))
            continue
        raw = getattr(ref, spec.attr)
        name = spec.biblatex if biblatex else spec.bibtex
        if not raw or not name:
            continue
        if kind == "eprint":
            out.append(("eprint", raw))
            out.append(("eprinttype", "pubmed"))
            continue
        if kind == "list":
            out.append((name, _list(raw, ascii)))
            continue
        value: str = raw
        if spec.attr == "journal_full" and value == ref.journal:
            continue
        if spec.attr == "journal" and ref.entry_type in _TYPE_FOR_BOOKTITLE:
            name = "booktitle"
        elif spec.attr == "year" and biblatex and not (len(value) == 4 and value.isdigit()):
            name = "year"
        if kind == "pages":
            out.append((name, encode_latex(value, ascii=ascii).replace("-", "--")))
        elif kind == "verbatim":
            out.append((name, value if _balanced(value) else encode_latex(value, ascii=ascii)))
        else:
            out.append((name, encode_latex(value, ascii=ascii)))
    if ref.extra:
        written = {name for name, _ in out}
        for name, value in ref.extra:
            if name in written:
                name = "x-" + name
            written.add(name)
            if name in VERBATIM_FIELDS and _balanced(value):
                out.append((name, value))
            else:
                out.append((name, encode_latex(value, ascii=ascii)))
    return out


def write_bibtex(
    references: Sequence[Reference], *, ascii: bool = False, biblatex: bool = False
) -> str:
    """Return ``references`` as one BibTeX (or, with ``biblatex``, biblatex) document.

    Args:
        references: the references, written in this order with their own keys.
        ascii: spell non-ASCII characters as LaTeX (``G{\\"o}kbuget``) instead of UTF-8.
        biblatex: write ``journaltitle``, ``date``, ``annotation``, ``eprint``/``eprinttype``.

    Returns:
        The text, one entry per reference, each followed by a blank line.
    """
    chunks: list[str] = []
    append = chunks.append
    for ref in references:
        append(f"@{ref.entry_type or 'misc'}{{{ref.key},\n")
        for name, value in bibtex_fields(ref, ascii=ascii, biblatex=biblatex):
            append(f"  {name} = {{{value}}},\n")
        append("}\n\n")
    text = "".join(chunks)
    return text[:-1] if text else text
