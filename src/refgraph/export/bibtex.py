"""References -> BibTeX / biblatex text (pure).

The text is built here directly rather than through ``bibtexparser.write_string``: the
bibtexparser 2.x writer runs a middleware stack per field and cannot reach refgraph's
speed target (20,000 entries/s). The output is plain, regular BibTeX (``@type{key,``,
one ``  name = {value},`` line per field, ``}`` and a blank line) that bibtexparser 2.x
parses back field for field; :mod:`tests.export.test_bibtex` and the round-trip tests
check exactly that, and :mod:`refgraph.sources.bibtex` reads it back into equal
references (see :func:`refgraph.sources.bibtex.canonical_reference` for the forms).

Which model attribute becomes which field is the table
:data:`refgraph.bibfields.BIBTEX_FIELDS`, shared with the reader. Titles (and the
booktitle of chapters) are case-protected the way Better BibTeX does it
(:mod:`refgraph.export.case`), so BibTeX styles, biblatex and pandoc keep ``ALL``,
``INO-VATE`` and ``Philadelphia`` as written. A work without authors gets a ``key`` (what
``plain``/``unsrt`` sort and label by; see :func:`refgraph.bibfields.anonymous_key`).
The biblatex dialect holds only fields of biblatex's data model
(:mod:`refgraph.export.biblatex`).

Example:
    >>> from refgraph.model import Author, Reference
    >>> ref = Reference(key="Kantarjian2016", pmid="27292104", title="Inotuzumab & ALL",
    ...                 authors=(Author(last="Kantarjian", initials="HM"),), et_al=True,
    ...                 journal="N Engl J Med", year="2016", pages="740-753")
    >>> print(write_bibtex([ref]), end="")
    @article{Kantarjian2016,
      author = {Kantarjian, H. M. and others},
      title = {Inotuzumab \\& {{ALL}}},
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
from collections.abc import Iterable, Iterator, Sequence

from refgraph.bibfields import (
    BIBTEX_FIELDS,
    LIST_SEPARATOR,
    VERBATIM_FIELDS,
    anonymous_key,
    dotted_initials,
    field_name,
    free_field_name,
)
from refgraph.export.biblatex import to_biblatex
from refgraph.export.case import protect_case
from refgraph.keys import is_bibtex_key
from refgraph.latex import encode_latex
from refgraph.model import Author, Reference
from refgraph.text import month_number, normalize_month

__all__ = ["BIBTEX_FIELDS", "bibtex_fields", "field_changes", "format_author", "write_bibtex"]

_TYPE_FOR_BOOKTITLE = frozenset({"incollection", "inproceedings", "inbook"})
_MONTH_MACROS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)


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
        return f"{last}, {suffix}, {first_enc or '{}'}"
    if first_enc:
        return f"{last}, {first_enc}"
    words = author.last.split()
    if last.startswith("{") or any(not w[:1].islower() for w in words[:-1]):
        # BibTeX would read "Christopher Ehmann" as First Last and "{Smith, J}" as a group:
        # the comma form with an empty forename keeps them one surname (BibTeX rejects a
        # name that ends with a comma, so the empty forename is written as {})
        return f"{last}, {{}}"
    return last  # one word, or "van der Berg": BibTeX's von part goes with the surname


def _list(values: Sequence[str]) -> str:
    joined = LIST_SEPARATOR.join(values)
    if len(values) == 1 and "," in values[0]:
        joined += ";"  # one item with a comma: the ';' tells the reader not to split on ','
    return joined


class _Unprotected(str):
    """A title as given, its case protection not computed yet (only :func:`field_changes`)."""

    __slots__ = ()


class _Writer:
    """The field table compiled for one call, with per-call caches of encoded strings.

    Journals, months, years, publication types and author names repeat across a library;
    caching their encoded form is what makes writing fast. The caches live only as long
    as one :func:`write_bibtex` call (no module state).
    """

    def __init__(self, ascii: bool, biblatex: bool, deferred_case: bool = False) -> None:
        self.ascii = ascii
        self.biblatex = biblatex
        self.deferred_case = deferred_case  # titles marked, not protected (field_changes)
        self.plan = tuple((spec.attr, spec.bibtex, spec.kind) for spec in BIBTEX_FIELDS)
        self.short: dict[str, str] = {}
        self.names: dict[Author, str] = {}

    def enc(self, value: str) -> str:
        if len(value) > 48:  # long, mostly unique text (titles, notes): not worth caching
            return encode_latex(value, ascii=self.ascii)
        cached = self.short.get(value)
        if cached is None:
            cached = self.short[value] = encode_latex(value, ascii=self.ascii)
        return cached

    def case(self, value: str) -> str:
        if self.deferred_case:
            return _Unprotected(value)
        return protect_case(value, ascii=self.ascii)

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

    def entry(self, ref: Reference) -> tuple[str, list[tuple[str, str]]]:
        """Return the entry type and fields of ``ref`` in this writer's dialect."""
        fields = self.fields(ref)
        entry_type = ref.entry_type or "misc"
        if not self.biblatex:
            return entry_type, fields
        year = ref.year.strip()
        date = ""
        if len(year) == 4 and year.isdigit():
            month = month_number(ref.month)
            date = f"{year}-{month:02d}" if month else year
        anonymous = not ref.authors and not ref.et_al
        return to_biblatex(
            entry_type,
            fields,
            journal_full=self.enc(ref.journal_full) if ref.journal_full != ref.journal else "",
            date=date,
            anonymous_key=self.enc(anonymous_key(ref)) if anonymous else "",
        )

    def fields(self, ref: Reference) -> list[tuple[str, str]]:
        """Return the BibTeX-dialect fields of ``ref`` (values escaped)."""
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
                if attr == "title":
                    append((name, self.case(raw)))
                    continue
                if attr == "journal_full":
                    if raw == ref.journal or self.biblatex:
                        continue
                elif attr == "journal":
                    if ref.entry_type in _TYPE_FOR_BOOKTITLE:
                        append(("booktitle", self.case(raw)))
                        continue
                elif attr == "month":
                    month = normalize_month(raw)
                    if month:  # BibTeX's month macros: styles spell them out ("August")
                        append((name, month.lower()))
                        continue
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
                name = free_field_name(field_name(name), written)
                written.add(name)
                if name in VERBATIM_FIELDS and _verbatim_ok(value):
                    append((name, value))
                else:
                    append((name, enc(value)))
        if (
            not ref.authors
            and not ref.et_al
            and not self.biblatex
            and "key" not in {n.lower() for n, _ in ref.extra}
        ):
            append(("key", enc(anonymous_key(ref))))
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
    under ``x-<name>`` (``x-x-<name>`` ..., :func:`refgraph.bibfields.free_field_name`)
    rather than dropped or duplicated. Journals of ``incollection``,
    ``inproceedings`` and ``inbook`` entries are written as ``booktitle``.
    """
    return _Writer(ascii, biblatex).entry(ref)[1]


def field_changes(
    pairs: Iterable[tuple[Reference, Reference]], *, ascii: bool = False
) -> Iterator[tuple[Reference, list[tuple[str, str]]]]:
    """For each ``(old, new)`` pair that differs, ``old`` and the fields
    :func:`bibtex_fields` writes for ``new`` differently from (or besides) those it writes
    for ``old``, in ``new``'s order: what an edit of ``old``'s entry must write.

    The same as comparing the two :func:`bibtex_fields` lists, only cheaper: one writer (and
    its caches) for all pairs, and a title (or booktitle) is case-protected only when it
    changed.
    """
    writer = _Writer(ascii, False, deferred_case=True)

    def written(value: str) -> str:
        return protect_case(str(value), ascii=ascii) if type(value) is _Unprotected else value

    for old, new in pairs:
        if new == old:
            continue
        before = dict(writer.fields(old))
        changes: list[tuple[str, str]] = []
        for name, value in writer.fields(new):
            was = before.get(name)
            if type(value) is _Unprotected or type(was) is _Unprotected:
                if type(was) is type(value) and was == value:
                    continue  # the same title: the same protected text
                value = written(value)
                if was is not None and written(was) == value:
                    continue
            elif was == value:
                continue
            changes.append((name, value))
        yield old, changes


def write_bibtex(
    references: Sequence[Reference], *, ascii: bool = False, biblatex: bool = False
) -> str:
    """Return ``references`` as one BibTeX (or, with ``biblatex``, biblatex) document.

    Args:
        references: the references, written in this order with their own keys (a
            reference without a key, or with one BibTeX cannot hold, gets one, see
            :func:`refgraph.keys.assign_keys`).
        ascii: spell non-ASCII characters as LaTeX (``G{\\"o}kbuget``) instead of UTF-8.
        biblatex: write ``journaltitle``, ``date``, ``annotation``, ``eprint``/``eprinttype``.

    Returns:
        The text, one entry per reference, entries separated by a blank line.
    """
    if not all(is_bibtex_key(ref.key) for ref in references):  # else it does not read back
        from refgraph.keys import assign_keys

        references = assign_keys(references)
    writer = _Writer(ascii, biblatex)
    chunks: list[str] = []
    append = chunks.append
    for ref in references:
        entry_type, fields = writer.entry(ref)
        body = "".join(
            [
                f"  {name} = {value},\n"
                if name == "month" and value in _MONTH_MACROS
                else f"  {name} = {{{value}}},\n"
                for name, value in fields
            ]
        )
        append(f"@{entry_type}{{{ref.key},\n{body}}}\n")
    return "\n".join(chunks)
