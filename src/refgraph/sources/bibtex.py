"""BibTeX / biblatex -> References (pure): a fast scanner for regular layouts, or bibtexparser.

Every entry becomes a :class:`~refgraph.model.Reference` with the line it starts on, through
one field mapping (:mod:`refgraph.sources.bibentry`) whichever path read it.
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
``duplicate_field`` (the first value is used, as BibTeX does; a later one stays in ``extra``
under ``x-<name>``, the name refgraph's writer gives it, so it survives a round trip),
``bad_pmid``, ``control_characters`` (removed from names and values before they are read).
An empty name in a name list (``{}``) is no author.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from refgraph.bibfields import field_name, free_field_name
from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid, unread_ids
from refgraph.model import Diagnostic, ParseResult, Reference
from refgraph.sources._quiet import quiet
from refgraph.sources.bibentry import (
    concatenate,
    entry_to_reference,
    has_control_characters,
    join_problem,
    month_of,
    resolve_strings,
)
from refgraph.sources.bibnames import (
    canonical_author,
    forget_names,
    parse_authors,
    split_top,
    whole_group,
)
from refgraph.sources.bibtex_fast import FastEntry, scan
from refgraph.text import expand_pages

__all__ = [
    "EXTENSIONS",
    "NAME",
    "canonical_author",
    "canonical_reference",
    "parse",
    "parse_authors",
    "parse_general",
    "parse_scanned",
    "sniff",
]

NAME = "bibtex"
EXTENSIONS = (".bib", ".bibtex", ".biblatex")


_SNIFF_RE = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)


def sniff(text: str) -> bool:
    """Return whether ``text`` looks like BibTeX (an ``@type{`` at the start of a line)."""
    return _SNIFF_RE.search(text, 0, 50_000) is not None


def canonical_reference(ref: Reference) -> Reference:
    """Return ``ref`` as reading it back from refgraph's BibTeX gives it (origins kept)."""

    def text(value: str) -> str:
        return " ".join(value.split())

    journal = text(ref.journal)
    journal_full = text(ref.journal_full)
    doi, pmcid = normalize_doi(ref.doi), normalize_pmcid(ref.pmcid)
    # an identifier that is not one ("10.1000/.") is read back as written, as an extra field
    kept = [(name, text(raw)) for name, raw in unread_ids(ref.doi, ref.pmcid) if text(raw)]
    # a name given twice (a RIS tag repeated) is written, and read back, as x-<name>
    extra: list[tuple[str, str]] = []
    taken: set[str] = set()
    for name, value in (*kept, *((field_name(k), text(v)) for k, v in ref.extra if text(v))):
        name = free_field_name(name, taken)
        taken.add(name)
        extra.append((name, value))
    return replace(
        ref,
        entry_type=(ref.entry_type or "misc").lower(),
        pmid=normalize_pmid(ref.pmid) or "" if ref.pmid else "",
        authors=tuple(canonical_author(a) for a in ref.authors),
        title=text(ref.title),
        journal=journal,
        journal_full="" if journal_full == journal else journal_full,
        year=text(ref.year),
        month=month_of(text(ref.month)),
        volume=text(ref.volume),
        issue=text(ref.issue),
        pages=expand_pages(text(ref.pages)),
        doi=doi,
        pmcid=pmcid,
        annotation=text(ref.annotation),
        publication_types=tuple(t for t in map(text, ref.publication_types) if t),
        keywords=tuple(t for t in map(text, ref.keywords) if t),
        trials=tuple(t for t in map(text, ref.trials) if t),
        extra=tuple(extra),
    )


# --------------------------------------------------------------------------- reading


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
    return parse_scanned(text, source)[0]


def parse_scanned(
    text: str, source: str = "<input>"
) -> tuple[ParseResult, list[FastEntry] | None]:
    """:func:`parse`, and the fast reader's entries when it read the file (else ``None``):
    what :mod:`refgraph.bibedit` needs to edit the same text without reading it again."""
    entries = scan(text)
    if entries is None:
        return parse_general(text, source), None
    problems: list[Diagnostic] = []
    controls = has_control_characters(text)
    try:
        references = tuple(entry_to_reference(e, source, problems, None, controls) for e in entries)
    finally:
        forget_names()
    if not references and text.strip():
        problems.append(Diagnostic(source, 1, "empty", "no BibTeX entries (comments only?)"))
    return ParseResult(references, tuple(problems), NAME), entries


def _as_parsed(entry: Any, strings: dict[str, str]) -> None:
    """Give an entry bibtexparser failed (a field given twice) the values it gives the
    others (it runs no middleware on it): enclosing braces or quotes removed, ``@string``
    names and ``#`` joins resolved. Done per field: bibtexparser's per-name metadata
    cannot tell two fields of one name apart."""
    for field in entry.fields:
        if not isinstance(field.value, str):
            continue
        value = field.value.strip()
        if whole_group(value) or (
            len(value) >= 2
            and value[0] == value[-1] == '"'
            and len(split_top(value[1:-1], '"')) == 1
        ):
            value = value[1:-1]
        elif "#" in value:
            if not join_problem(value, strings):  # (else left as written)
                value = concatenate(value, strings)
        else:
            value = strings.get(value.lower(), value)
        field.value = value
    entry.parser_metadata.pop("removed_enclosing", None)


def parse_general(text: str, source: str = "<input>") -> ParseResult:
    """:func:`parse` through bibtexparser: every layout BibTeX allows."""
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    problems: list[Diagnostic] = []
    references: list[Reference] = []
    try:
        with quiet("bibtexparser", "bibtexparser.splitter"):
            library = parse_string(text)
    except Exception as exc:  # bibtexparser raises on its own internal errors: report them
        problems.append(
            Diagnostic(source, 1, "bad_entry", f"bibtexparser could not read this file: {exc}")
        )
        return ParseResult((), tuple(problems), NAME)
    strings = resolve_strings(library.strings, source, problems)
    controls = has_control_characters(text)
    seen: set[str] = set()

    def add(entry: Any, line: int) -> None:
        # bibtexparser tells a key used again only when the first use read whole (not after
        # one with a field given twice): every entry read counts here
        if entry.key and entry.key in seen:
            problems.append(Diagnostic(source, line, "duplicate_key",
                                       f"citation key {entry.key!r} used again"))  # fmt: skip
        seen.add(entry.key)
        references.append(entry_to_reference(entry, source, problems, strings, controls))

    try:
        for block in library.blocks:
            if isinstance(block, model.Entry):
                add(block, (block.start_line or 0) + 1)
            elif isinstance(block, model.ParsingFailedBlock):
                line = (block.start_line or 0) + 1
                inner = block.ignore_error_block
                if isinstance(block, model.DuplicateFieldKeyBlock) and isinstance(
                    inner, model.Entry
                ):
                    _as_parsed(inner, strings)  # bibtexparser leaves it as written
                if isinstance(inner, model.Entry):
                    add(inner, line)
                    if not isinstance(
                        block, model.DuplicateFieldKeyBlock | model.DuplicateBlockKeyBlock
                    ):
                        problems.append(Diagnostic(source, line, "bad_entry", _failure_text(block)))
                elif isinstance(inner, model.Block) and not isinstance(inner, model.Entry):
                    continue  # a failed @string/@comment that bibtexparser could still read
                else:
                    problems.append(Diagnostic(source, line, "bad_entry", _failure_text(block)))
    finally:
        forget_names()
    if not references and not problems and text.strip() and not library.strings:
        problems.append(Diagnostic(source, 1, "empty", "no BibTeX entries (comments only?)"))
    return ParseResult(tuple(references), tuple(problems), NAME)
