"""BibTeX / biblatex -> References (pure), read with bibtexparser 2.x.

Every entry becomes a :class:`~refgraph.model.Reference` with the line it starts on.
Field names are case-insensitive (JabRef writes ``Pmid``). The mapping between model
attributes and fields is the table :data:`BIBTEX_FIELDS`, shared with the writer
(:mod:`refgraph.export.bibtex`); every field the table does not consume is kept in
``Reference.extra``, in order, under its lower-cased name: nothing is dropped.

Canonical forms (what reading gives, so ``parse(write_bibtex(refs))`` equals
``[canonical_reference(r) for r in refs]``, see :func:`canonical_reference`):

- whitespace inside a value collapses to single spaces; LaTeX is decoded to Unicode;
- a personal author's ``first`` is the forename as written, initials-only forenames are
  ``"H. M."``; ``initials`` is always derived from ``first`` (``"HM"``); a group
  author has only ``collective``; ``and others`` sets ``et_al``;
- ``pages`` in the canonical form of :func:`refgraph.text.expand_pages` (``740--53``,
  ``740–753`` -> ``740-753``);
- ``month`` is ``Jan`` ... ``Dec`` when it names a month (``aug``, ``8``, ``August``);
- ``journal_full`` is empty when it equals ``journal``;
- list fields (``keywords``, ``pubtype``, ``trials``) are ``"; "``-separated (``,`` is
  accepted when there is no ``;``).

Problems are diagnostics with line numbers, never exceptions: ``bad_entry`` (a block
bibtexparser could not read: unbalanced braces, missing comma ...), ``duplicate_key``
(the entry is still kept; :func:`refgraph.keys.assign_keys` renames it),
``duplicate_field`` (the first value is used, later ones go to ``extra``), ``bad_pmid``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, NamedTuple

from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid
from refgraph.latex import decode_latex, needs_decoding
from refgraph.model import Author, Diagnostic, Origin, ParseResult, Reference, initials_of
from refgraph.text import expand_pages, normalize_month

__all__ = [
    "BIBTEX_FIELDS",
    "EXTENSIONS",
    "LIST_SEPARATOR",
    "NAME",
    "RESERVED_FIELDS",
    "VERBATIM_FIELDS",
    "FieldSpec",
    "canonical_author",
    "canonical_reference",
    "dotted_initials",
    "parse",
    "parse_authors",
    "sniff",
]

NAME = "bibtex"
EXTENSIONS = (".bib", ".bibtex", ".biblatex")


class FieldSpec(NamedTuple):
    """One row of :data:`BIBTEX_FIELDS`: model attribute, BibTeX name, biblatex name, kind."""

    attr: str
    bibtex: str
    biblatex: str
    kind: str  # authors | text | pages | verbatim | list | eprint


#: Model attribute <-> field, in the order fields are written. An empty name means
#: "not written in that dialect".
BIBTEX_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("authors", "author", "author", "authors"),
    FieldSpec("title", "title", "title", "text"),
    FieldSpec("journal", "journal", "journaltitle", "text"),
    FieldSpec("journal_full", "journal-full", "journal-full", "text"),
    FieldSpec("year", "year", "date", "text"),
    FieldSpec("month", "month", "month", "text"),
    FieldSpec("volume", "volume", "volume", "text"),
    FieldSpec("issue", "number", "number", "text"),
    FieldSpec("pages", "pages", "pages", "pages"),
    FieldSpec("doi", "doi", "doi", "verbatim"),
    FieldSpec("pmid", "pmid", "pmid", "verbatim"),
    FieldSpec("pmcid", "pmcid", "pmcid", "verbatim"),
    FieldSpec("annotation", "annote", "annotation", "text"),
    FieldSpec("pmid", "eprint", "eprint", "eprint"),  # eprint + eprinttype = {pubmed}
    FieldSpec("keywords", "keywords", "keywords", "list"),
    FieldSpec("publication_types", "pubtype", "pubtype", "list"),
    FieldSpec("trials", "trials", "trials", "list"),
)

#: Field names the reader may consume (an ``extra`` field of one of these names is
#: written as ``x-<name>`` when the name is already taken in that entry).
RESERVED_FIELDS = frozenset(
    {s.bibtex for s in BIBTEX_FIELDS}
    | {s.biblatex for s in BIBTEX_FIELDS}
    | {"booktitle", "issue", "annote", "annotation", "eprinttype", "journaltitle", "date"}
) - {""}
#: Fields whose value is not LaTeX text: never decoded on reading, written as is.
VERBATIM_FIELDS = frozenset({"doi", "pmid", "pmcid", "eprint", "url", "file", "pdf", "verba"})
LIST_SEPARATOR = "; "

_BOOKTITLE_TYPES = frozenset({"incollection", "inproceedings", "inbook"})
_INITIALS_RE = re.compile(r"(?:[A-Z]\.?[ ]?){1,4}")
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
#: What the writer puts for ``\\``, ``{`` and ``}`` in a verbatim field it cannot write as is.
_WRITER_ESCAPE_RE = re.compile(r"\\text(?:backslash|braceleft|braceright)\{\}")
_SNIFF_RE = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)


def sniff(text: str) -> bool:
    """Return whether ``text`` looks like BibTeX (an ``@type{`` at the start of a line)."""
    return _SNIFF_RE.search(text, 0, 50_000) is not None


def _clean(value: str) -> str:
    if needs_decoding(value):
        value = decode_latex(value)
    return " ".join(value.split())


def dotted_initials(initials: str) -> str:
    """Return initials written as a forename: ``"HM"`` -> ``"H. M."``.

    >>> dotted_initials("HM"), dotted_initials("")
    ('H. M.', '')
    """
    return " ".join(f"{c}." for c in initials if c.isalpha())


def _first_name(first: str) -> str:
    """Initials-only forenames (``HM``, ``H.M.``, ``H M``) become ``"H. M."``."""
    if first and _INITIALS_RE.fullmatch(first):
        return dotted_initials(first)
    return first


def _person(last: str, first: str, suffix: str = "") -> Author:
    first = _first_name(first)
    return Author(last=last, first=first, initials=initials_of(first), suffix=suffix)


def canonical_author(author: Author) -> Author:
    """Return ``author`` in the form reading it back from BibTeX gives."""
    if author.collective:
        return Author(collective=" ".join(author.collective.split()))
    first = " ".join((author.first or dotted_initials(author.initials)).split())
    return _person(" ".join(author.last.split()), first, " ".join(author.suffix.split()))


def _split_top(value: str, sep: str) -> list[str]:
    """Split ``value`` on ``sep`` where it is not inside braces (``\\{`` is not a brace)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    n, width = len(value), len(sep)
    while i < n:
        char = value[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and value.startswith(sep, i):
            parts.append(value[start:i])
            i += width
            start = i
            continue
        i += 1
    parts.append(value[start:])
    return parts


def _whole_group(name: str) -> bool:
    """Is ``name`` one ``{...}`` group (a group author), escaped braces not counting?"""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    i = 0
    while i < len(name):
        char = name[i]
        if char == "\\":
            i += 2
            continue
        depth += char == "{"
        depth -= char == "}"
        if depth == 0:
            return i == len(name) - 1
        i += 1
    return False


def _parse_name(raw: str) -> Author:
    if _whole_group(raw):
        return Author(collective=_clean(raw[1:-1]))
    parts = [_clean(p) for p in _split_top(raw, ",")]
    if len(parts) == 1:
        words = [_clean(w) for w in _split_top(raw, " ") if w]
        if len(words) == 1:
            return _person(words[0], "")
        cut = len(words) - 1
        while cut > 1 and words[cut - 1][:1].islower():
            cut -= 1  # "Ludwig van Beethoven": the von part goes with the surname
        return _person(" ".join(words[cut:]), " ".join(words[:cut]))
    if len(parts) == 2:
        return _person(parts[0], parts[1])
    return _person(parts[0], " ".join(parts[2:]), parts[1])


def parse_authors(value: str) -> tuple[tuple[Author, ...], bool]:
    """Split a BibTeX name list into authors; return ``(authors, et_al)``.

    >>> authors, et_al = parse_authors(r"G{\\"o}kbuget, N. and {NIH Panel} and others")
    >>> [a.short() for a in authors], et_al
    (['Gökbuget N', 'NIH Panel'], True)
    """
    text = " ".join(value.split())
    if not text:
        return (), False
    authors: list[Author] = []
    et_al = False
    for raw in _split_top(text, " and "):
        raw = raw.strip()
        if not raw:
            continue
        if raw.casefold() == "others":
            et_al = True
            continue
        authors.append(_parse_name(raw))
    return tuple(authors), et_al


def _month(value: str) -> str:
    return normalize_month(value) or value


def _split_list(value: str) -> tuple[str, ...]:
    sep = ";" if ";" in value else ","
    return tuple(item for item in (" ".join(p.split()) for p in value.split(sep)) if item)


def canonical_reference(ref: Reference) -> Reference:
    """Return ``ref`` as reading it back from refgraph's BibTeX gives it (origins kept)."""

    def text(value: str) -> str:
        return " ".join(value.split())

    journal = text(ref.journal)
    journal_full = text(ref.journal_full)
    return replace(
        ref,
        entry_type=(ref.entry_type or "misc").lower(),
        pmid=normalize_pmid(ref.pmid) or "" if ref.pmid else "",
        authors=tuple(canonical_author(a) for a in ref.authors),
        title=text(ref.title),
        journal=journal,
        journal_full="" if journal_full == journal else journal_full,
        year=text(ref.year),
        month=_month(text(ref.month)),
        volume=text(ref.volume),
        issue=text(ref.issue),
        pages=expand_pages(text(ref.pages)),
        doi=normalize_doi(ref.doi),
        pmcid=normalize_pmcid(ref.pmcid),
        annotation=text(ref.annotation),
        publication_types=tuple(t for t in map(text, ref.publication_types) if t),
        keywords=tuple(t for t in map(text, ref.keywords) if t),
        trials=tuple(t for t in map(text, ref.trials) if t),
        extra=tuple((k.lower(), text(v)) for k, v in ref.extra if text(v)),
    )


# --------------------------------------------------------------------------- reading


@contextlib.contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs each failed block; refgraph reports them as diagnostics instead."""
    logger = logging.getLogger("bibtexparser")
    previous = logger.disabled
    logger.disabled = True
    splitter = logging.getLogger("bibtexparser.splitter")
    previous_splitter = splitter.disabled
    splitter.disabled = True
    try:
        yield
    finally:
        logger.disabled = previous
        splitter.disabled = previous_splitter


def _concatenate(value: str, strings: dict[str, str]) -> str:
    """Resolve ``nejm # " (Boston)"`` (bibtexparser 2.x leaves ``#`` joins unresolved)."""
    out: list[str] = []
    for part in _split_top(value, "#"):
        part = part.strip()
        if len(part) >= 2 and part[0] + part[-1] in ('""', "{}"):
            out.append(part[1:-1])
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        else:
            out.append(normalize_month(part) or part)
    return "".join(out)


def _entry_to_reference(
    entry: Any, source: str, problems: list[Diagnostic], strings: dict[str, str] | None = None
) -> Reference:
    line = (entry.start_line or 0) + 1
    fields: dict[str, str] = {}
    order: list[tuple[str, str]] = []
    enclosing = entry.parser_metadata.get("removed_enclosing", {})
    for field in entry.fields:
        name = field.key.lower()
        value = field.value if isinstance(field.value, str) else str(field.value)
        if "#" in value and enclosing.get(field.key) == "no-enclosing":
            value = _concatenate(value, strings or {})
        if name in VERBATIM_FIELDS and _WRITER_ESCAPE_RE.search(value):
            value = decode_latex(value)  # the writer's escape of a brace or backslash
        if name in fields:
            problems.append(
                Diagnostic(
                    source,
                    (field.start_line or entry.start_line or 0) + 1,
                    "duplicate_field",
                    f"entry {entry.key!r}: field {name!r} given twice; the first is used",
                )
            )
            order.append((name, value))
            continue
        fields[name] = value
        order.append((name, value))
    entry_type = entry.entry_type.lower()
    used: set[int] = set()
    seen: set[str] = set()
    first_index: dict[str, int] = {}
    for i, (name, _) in enumerate(order):
        if name not in seen:
            seen.add(name)
            first_index[name] = i

    def take(name: str) -> str:
        if name in first_index:
            used.add(first_index[name])
            return fields[name]
        return ""

    def has(name: str) -> bool:
        return name in first_index

    values: dict[str, Any] = {}
    if has("author"):
        values["authors"], values["et_al"] = parse_authors(take("author"))
    values["title"] = _clean(take("title"))
    journal = _clean(take("journal")) if has("journal") else ""
    if not journal and has("journaltitle"):
        journal = _clean(take("journaltitle"))
    if not journal and entry_type in _BOOKTITLE_TYPES and has("booktitle"):
        journal = _clean(take("booktitle"))
    values["journal"] = journal
    full = _clean(take("journal-full"))
    values["journal_full"] = "" if full == journal else full
    year = _clean(take("year"))
    month = _month(_clean(take("month")))
    if has("date"):
        date = _clean(fields["date"])
        m = _DATE_RE.fullmatch(date)
        if m and not year:
            year = m.group(1)
            if m.group(2) and not month:
                month = _month(m.group(2))
            if not m.group(3):
                take("date")  # fully represented by year and month
        elif not year and date:
            year = date[:4] if date[:4].isdigit() else ""
    values["year"], values["month"] = year, month
    values["volume"] = _clean(take("volume"))
    issue = _clean(take("number")) if has("number") else ""
    if not issue and has("issue"):
        issue = _clean(take("issue"))
    values["issue"] = issue
    values["pages"] = expand_pages(_clean(take("pages")))
    if has("doi"):
        doi = normalize_doi(fields["doi"])
        if doi:
            take("doi")
        values["doi"] = doi
    pmid = ""
    if has("pmid"):
        pmid = normalize_pmid(fields["pmid"].strip("{} ")) or ""
        if pmid:
            take("pmid")
        else:
            problems.append(
                Diagnostic(
                    source, line, "bad_pmid", f"entry {entry.key!r}: pmid {fields['pmid']!r}"
                )
            )
    if has("eprint") and fields.get("eprinttype", "").strip().lower() == "pubmed":
        eprint = normalize_pmid(fields["eprint"].strip("{} ")) or ""
        if eprint and (not pmid or eprint == pmid):
            pmid = eprint
            take("eprint")
            take("eprinttype")
    values["pmid"] = pmid
    if has("pmcid"):
        pmcid = normalize_pmcid(fields["pmcid"].strip("{} "))
        if pmcid:
            take("pmcid")
        values["pmcid"] = pmcid
    annotation = _clean(take("annote")) if has("annote") else ""
    if not annotation and has("annotation"):
        annotation = _clean(take("annotation"))
    values["annotation"] = annotation
    values["keywords"] = _split_list(_clean(take("keywords")))
    values["publication_types"] = _split_list(_clean(take("pubtype")))
    values["trials"] = _split_list(_clean(take("trials")))
    extra = tuple(
        (name, value if name in VERBATIM_FIELDS else _clean(value))
        for i, (name, value) in enumerate(order)
        if i not in used
    )
    values["extra"] = tuple((k, " ".join(v.split())) for k, v in extra if v.strip())
    return Reference(
        key=entry.key, entry_type=entry_type, origins=(Origin(source, line),), **values
    )


def _failure_text(block: Any) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", "") or str(error) or type(error).__name__
    raw = " ".join((block.raw or "").split())
    return f"{reason}: {raw[:200]}"


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse BibTeX ``text``; bad blocks become diagnostics, never exceptions."""
    import bibtexparser
    from bibtexparser import model

    problems: list[Diagnostic] = []
    references: list[Reference] = []
    try:
        with _quiet_bibtexparser():
            library = bibtexparser.parse_string(text)
    except Exception as exc:  # bibtexparser raises on its own internal errors: report them
        problems.append(
            Diagnostic(source, 1, "bad_entry", f"bibtexparser could not read this file: {exc}")
        )
        return ParseResult((), tuple(problems), NAME)
    strings = {k.lower(): str(v.value) for k, v in library.strings_dict.items()}
    for block in library.blocks:
        if isinstance(block, model.Entry):
            references.append(_entry_to_reference(block, source, problems, strings))
        elif isinstance(block, model.ParsingFailedBlock):
            line = (block.start_line or 0) + 1
            inner = block.ignore_error_block
            if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(inner, model.Entry):
                if inner.key:
                    problems.append(
                        Diagnostic(
                            source, line, "duplicate_key", f"citation key {inner.key!r} used again"
                        )
                    )
                references.append(_entry_to_reference(inner, source, problems, strings))
            elif isinstance(inner, model.Entry):
                references.append(_entry_to_reference(inner, source, problems, strings))
                if not isinstance(block, model.DuplicateFieldKeyBlock):
                    problems.append(Diagnostic(source, line, "bad_entry", _failure_text(block)))
            elif isinstance(inner, model.Block) and not isinstance(inner, model.Entry):
                continue  # a failed @string/@comment that bibtexparser could still read
            else:
                problems.append(Diagnostic(source, line, "bad_entry", _failure_text(block)))
    if not references and not problems and text.strip() and not library.strings:
        problems.append(Diagnostic(source, 1, "empty", "no BibTeX entries (comments only?)"))
    return ParseResult(tuple(references), tuple(problems), NAME)
