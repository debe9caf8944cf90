"""BibTeX / biblatex -> References (pure), read with bibtexparser 2.x.

Every entry becomes a :class:`~refgraph.model.Reference` with the line it starts on.
Field names are case-insensitive (JabRef writes ``Pmid``). The mapping between model
attributes and fields is the table :data:`refgraph.bibfields.BIBTEX_FIELDS`, shared with the writer
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
from typing import Any

from refgraph.bibfields import (
    VERBATIM_FIELDS,
    anonymous_key,
)
from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid
from refgraph.latex import decode_latex
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources.bibnames import canonical_author, clean_value, parse_authors, split_top
from refgraph.sources.bibtex_fast import scan
from refgraph.text import expand_pages, normalize_month, squash

__all__ = [
    "EXTENSIONS",
    "NAME",
    "canonical_author",
    "canonical_reference",
    "parse",
    "parse_authors",
    "parse_general",
    "sniff",
]

NAME = "bibtex"
EXTENSIONS = (".bib", ".bibtex", ".biblatex")


_BOOKTITLE_TYPES = frozenset({"incollection", "inproceedings", "inbook"})
_USEAUTHOR_RE = re.compile(r"\buseauthor\s*=\s*false\b\s*,?", re.IGNORECASE)
_ADDENDUM_PMCID_RE = re.compile(r"(?:^|;\s*)PMCID:\s*(PMC\d+)\s*$")


def _anonymous_author(author: str, options: str) -> bool:
    """Is this biblatex's ``author = {Anonymous}`` + ``useauthor=false`` of an unsigned work?"""
    return author.strip("{} ") == "Anonymous" and _USEAUTHOR_RE.search(options) is not None


_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
#: What the writer puts for ``\\``, ``{`` and ``}`` in a verbatim field it cannot write as is.
_WRITER_ESCAPE_RE = re.compile(r"\\text(?:backslash|braceleft|braceright)\{\}")
_SNIFF_RE = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)


def sniff(text: str) -> bool:
    """Return whether ``text`` looks like BibTeX (an ``@type{`` at the start of a line)."""
    return _SNIFF_RE.search(text, 0, 50_000) is not None


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
    for part in split_top(value, "#"):
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
    """One entry (bibtexparser's, or the fast reader's of the same shape) -> a Reference."""
    line = (entry.start_line or 0) + 1
    fields: dict[str, str] = {}  # the first value of each field
    first_index: dict[str, int] = {}
    order: list[tuple[str, str]] = []
    enclosing = entry.parser_metadata.get("removed_enclosing") if entry.parser_metadata else None
    for field in entry.fields:
        name = field.key.lower()
        value = field.value if isinstance(field.value, str) else str(field.value)
        if enclosing and "#" in value and enclosing.get(field.key) == "no-enclosing":
            value = _concatenate(value, strings or {})
        if name in VERBATIM_FIELDS and "\\text" in value and _WRITER_ESCAPE_RE.search(value):
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
        else:
            fields[name] = value
            first_index[name] = len(order)
        order.append((name, value))
    entry_type = entry.entry_type.lower()
    taken: set[str] = set()  # fields the model consumed (their first value)

    def take(name: str) -> str:
        value = fields.get(name)
        if value is None:
            return ""
        taken.add(name)
        return value

    values: dict[str, Any] = {}
    if "author" in fields:
        values["authors"], values["et_al"] = parse_authors(take("author"))
        if "options" in fields and _anonymous_author(fields["author"], fields["options"]):
            values["authors"], values["et_al"] = (), False  # refgraph's biblatex placeholder
            options = _USEAUTHOR_RE.sub("", fields["options"]).strip(" ,")
            if options:
                fields["options"] = options
                order[first_index["options"]] = ("options", options)
            else:
                take("options")
    values["title"] = clean_value(take("title"))
    journal = clean_value(take("journal"))
    full = clean_value(take("journal-full"))
    if not journal and "journaltitle" in fields:
        journal = clean_value(take("journaltitle"))
        if "shortjournal" in fields:  # biblatex: journaltitle is the full title then
            full, journal = journal, clean_value(take("shortjournal"))
    if not journal and entry_type in _BOOKTITLE_TYPES and "booktitle" in fields:
        journal = clean_value(take("booktitle"))
    values["journal"] = journal
    values["journal_full"] = "" if full == journal else full
    year = clean_value(take("year"))
    month = _month(clean_value(take("month")))
    if "date" in fields:
        date = clean_value(fields["date"])
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
    values["volume"] = clean_value(take("volume"))
    issue = clean_value(take("number"))
    if not issue and "issue" in fields:
        issue = clean_value(take("issue"))
    values["issue"] = issue
    values["pages"] = expand_pages(clean_value(take("pages")))
    if "doi" in fields:
        doi = normalize_doi(fields["doi"])
        if doi:
            take("doi")
        values["doi"] = doi
    pmid = ""
    if "pmid" in fields:
        pmid = normalize_pmid(fields["pmid"].strip("{} ")) or ""
        if pmid:
            take("pmid")
        else:
            problems.append(
                Diagnostic(
                    source, line, "bad_pmid", f"entry {entry.key!r}: pmid {fields['pmid']!r}"
                )
            )
    if "eprint" in fields and fields.get("eprinttype", "").strip().lower() == "pubmed":
        eprint = normalize_pmid(fields["eprint"].strip("{} ")) or ""
        if eprint and (not pmid or eprint == pmid):
            pmid = eprint
            take("eprint")
            take("eprinttype")
    values["pmid"] = pmid
    if "pmcid" in fields:
        pmcid = normalize_pmcid(fields["pmcid"].strip("{} "))
        if pmcid:
            take("pmcid")
        values["pmcid"] = pmcid
    if not values.get("pmcid") and "addendum" in fields:  # biblatex: "PMCID: PMC..." at its end
        m = _ADDENDUM_PMCID_RE.search(fields["addendum"])
        if m:
            values["pmcid"] = m.group(1)
            rest = fields["addendum"][: m.start()]
            if rest:
                fields["addendum"] = rest
                order[first_index["addendum"]] = ("addendum", rest)
            else:
                take("addendum")
    annotation = clean_value(take("annote"))
    if not annotation and "annotation" in fields:
        annotation = clean_value(take("annotation"))
    values["annotation"] = annotation
    values["keywords"] = _split_list(clean_value(take("keywords")))
    values["publication_types"] = _split_list(clean_value(take("pubtype")))
    values["trials"] = _split_list(clean_value(take("trials")))
    if not values.get("authors") and not values.get("et_al"):
        derived = None  # refgraph's own sort key of an anonymous work reads back as nothing
        for name in ("key", "sortkey"):
            if name in fields:
                if derived is None:
                    derived = anonymous_key(Reference(key=entry.key, **values))
                if clean_value(fields[name]) == derived:
                    take(name)
    extra: list[tuple[str, str]] = []
    for index, (name, value) in enumerate(order):
        if name in taken and first_index[name] == index:
            continue  # consumed by the model
        value = squash(value if name in VERBATIM_FIELDS else clean_value(value))
        if value:
            extra.append((name, value))
    values["extra"] = tuple(extra)
    return Reference(
        key=entry.key, entry_type=entry_type, origins=(Origin(source, line),), **values
    )


def _failure_text(block: Any) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", "") or str(error) or type(error).__name__
    raw = " ".join((block.raw or "").split())
    return f"{reason}: {raw[:200]}"


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse BibTeX ``text``; bad blocks become diagnostics, never exceptions.

    A file in a regular layout (refgraph's own, Better BibTeX's, JabRef's) is read by
    :func:`refgraph.sources.bibtex_fast.scan`, any other by bibtexparser
    (:func:`parse_general`): the same references and problems either way (one field
    mapping), the first at about twice the speed (``benchmarks/bench_bibtex.py``).
    """
    entries = scan(text)
    if entries is None:
        return parse_general(text, source)
    problems: list[Diagnostic] = []
    references = tuple(_entry_to_reference(e, source, problems) for e in entries)
    if not references and text.strip():
        problems.append(Diagnostic(source, 1, "empty", "no BibTeX entries (comments only?)"))
    return ParseResult(references, tuple(problems), NAME)


def parse_general(text: str, source: str = "<input>") -> ParseResult:
    """:func:`parse` through bibtexparser: every layout BibTeX allows."""
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    problems: list[Diagnostic] = []
    references: list[Reference] = []
    try:
        with _quiet_bibtexparser():
            library = parse_string(text)
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
