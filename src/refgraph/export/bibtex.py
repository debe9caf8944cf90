"""References -> BibTeX / biblatex text (pure).

The text is built here directly rather than through ``bibtexparser.write_string``: the
bibtexparser 2.x writer runs a middleware stack per field and cannot reach refgraph's
speed target (20,000 entries/s). The output is plain, regular BibTeX (``@type{key,``,
one ``  name = {value},`` line per field, ``}`` and a blank line) that bibtexparser 2.x
parses back field for field; :mod:`tests.export.test_bibtex` and the round-trip tests
check exactly that, and :mod:`refgraph.sources.bibtex` reads it back into equal
references (see :func:`refgraph.sources.bibtex.canonical_reference` for the forms).

Which model attribute becomes which field is the table
:data:`refgraph.bibfields.BIBTEX_FIELDS`, shared with the reader.

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
      eprint = {27292104},
      eprinttype = {pubmed},
    }
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refgraph.bibfields import (
    BIBTEX_FIELDS,
    LIST_SEPARATOR,
    VERBATIM_FIELDS,
    dotted_initials,
)
from refgraph.latex import encode_latex
from refgraph.model import Author, Reference

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


_AND_RE = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def _protect(part: str, enc: str) -> str:
    """Brace a name part that would otherwise split the name list or the name."""
    if "," in part or _AND_RE.search(part) or part.casefold() == "others":
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
    # a bare multi-word (or braced) surname needs the comma, or "van der Berg" would read
    # as First Last and "{Smith, J}" as a group author
    return f"{last}," if len(author.last.split()) > 1 or last.startswith("{") else last


def _list(values: Sequence[str]) -> str:
    joined = LIST_SEPARATOR.join(values)
    if len(values) == 1 and "," in values[0]:
        joined += ";"  # one item with a comma: the ';' tells the reader not to split on ','
    return joined


class _Writer:
    """The field table compiled for one dialect, with per-call caches of encoded strings.

    Journals, months, years, publication types and author names repeat across a library;
    caching their encoded form is what makes writing fast. The caches live only as long
    as one :func:`write_bibtex` call (no module state).
    """

    def __init__(self, ascii: bool, biblatex: bool) -> None:
        self.ascii = ascii
        self.biblatex = biblatex
        self.plan = tuple(
            (spec.attr, spec.biblatex if biblatex else spec.bibtex, spec.kind)
            for spec in BIBTEX_FIELDS
            if (spec.biblatex if biblatex else spec.bibtex)
        )
        self.short: dict[str, str] = {}
        self.names: dict[Author, str] = {}

    def enc(self, value: str) -> str:
        if len(value) > 48:  # long, mostly unique text (titles, notes): not worth caching
            return encode_latex(value, ascii=self.ascii)
        cached = self.short.get(value)
        if cached is None:
            cached = self.short[value] = encode_latex(value, ascii=self.ascii)
        return cached

    def authors(self, ref: Reference) -> str:
        names = self.names
        out = []
        for author in ref.authors:
            name = names.get(author)
            if name is None:
                name = names[author] = format_author(author, ascii=self.ascii)
            out.append(name)
        if ref.et_al:
            out.append("others")
        return " and ".join(out)

    def fields(self, ref: Reference) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        append = out.append
        enc = self.enc
        for attr, name, kind in self.plan:
            if kind == "authors":
                if ref.authors or ref.et_al:
                    append(("author", self.authors(ref)))
                continue
            raw = getattr(ref, attr)
            if not raw:
                continue
            if kind == "text":
                if attr == "journal_full":
                    if raw == ref.journal:
                        continue
                elif attr == "journal":
                    if ref.entry_type in _TYPE_FOR_BOOKTITLE:
                        name = "booktitle"
                elif attr == "year" and self.biblatex and not (len(raw) == 4 and raw.isdigit()):
                    name = "year"
                append((name, enc(raw)))
            elif kind == "verbatim":
                append((name, raw if _verbatim_ok(raw) else enc(raw)))
            elif kind == "pages":
                append((name, enc(raw).replace("-", "--")))
            elif kind == "list":
                append((name, enc(_list(raw))))
            elif raw.isdigit():  # eprint: only a well-formed PMID is a PubMed link
                append(("eprint", raw))
                append(("eprinttype", "pubmed"))
        if ref.extra:
            written = {name for name, _ in out}
            for name, value in ref.extra:
                if name in written:
                    name = "x-" + name
                written.add(name)
                if name in VERBATIM_FIELDS and _verbatim_ok(value):
                    append((name, value))
                else:
                    append((name, enc(value)))
        return out


def _verbatim_ok(value: str) -> bool:
    if "{" not in value and "}" not in value and "\\" not in value:
        return True
    return _balanced(value)


def bibtex_fields(
    ref: Reference, *, ascii: bool = False, biblatex: bool = False
) -> list[tuple[str, str]]:
    """Return the ``(field, value)`` pairs written for ``ref``, values already escaped.

    The order is that of :data:`BIBTEX_FIELDS` followed by ``ref.extra`` in its order.
    Empty values are left out. An extra field whose name is already written is kept
    under ``x-<name>`` rather than dropped or duplicated. Journals of ``incollection``,
    ``inproceedings`` and ``inbook`` entries are written as ``booktitle``.
    """
    return _Writer(ascii, biblatex).fields(ref)


def write_bibtex(
    references: Sequence[Reference], *, ascii: bool = False, biblatex: bool = False
) -> str:
    """Return ``references`` as one BibTeX (or, with ``biblatex``, biblatex) document.

    Args:
        references: the references, written in this order with their own keys (a
            reference without a key gets one, see :func:`refgraph.keys.assign_keys`).
        ascii: spell non-ASCII characters as LaTeX (``G{\\"o}kbuget``) instead of UTF-8.
        biblatex: write ``journaltitle``, ``date``, ``annotation``, ``eprint``/``eprinttype``.

    Returns:
        The text, one entry per reference, entries separated by a blank line.
    """
    if any(not ref.key for ref in references):  # an entry without a key does not read back
        from refgraph.keys import assign_keys

        references = assign_keys(references)
    writer = _Writer(ascii, biblatex)
    chunks: list[str] = []
    append = chunks.append
    for ref in references:
        body = "".join([f"  {name} = {{{value}}},\n" for name, value in writer.fields(ref)])
        append(f"@{ref.entry_type or 'misc'}{{{ref.key},\n{body}}}\n")
    return "\n".join(chunks)
