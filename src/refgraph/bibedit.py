"""Edit a ``.bib`` file field by field: the parsed field's value changes, every other byte stays.

``check --fix`` and ``enrich --in-place`` (or ``-o``) go through :func:`edit_fields`. The file
is split into blocks by bibtexparser 2 (entries, ``@string``, ``@preamble``, comments, failed
blocks, each with its line), so an entry is found by its key (by its line when the key is not
unique), and inside it each top-level field is located as written: ``name = value`` with
the value braced, quoted, a bare word or a ``#`` concatenation. Only the value of the named
field is replaced (by ``{new value}``); a field the entry lacks is added after its last
field, indented like its other fields. The field names found are checked against the ones
bibtexparser parsed, so a value is never taken from the inside of another field (a ``note``
that mentions ``pmid = 1``, an ``x-pmid`` field) and ``pmid = {PMID: 30076137}`` is the
``pmid`` field like any other. An edit that cannot be made safely is skipped and reported,
never guessed. The whole edit is one linear pass over the text.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from bibtexparser.splitter import Splitter

from refgraph.bibscan import FieldSpan, entry_fields, line_offsets, skip_space, value_end
from refgraph.cache.records import paused_gc
from refgraph.check.results import CheckReport, fixes
from refgraph.enrich import EnrichReport, enrich
from refgraph.export.bibtex import field_changes
from refgraph.files import atomic_write, read_input
from refgraph.model import Diagnostic, Reference
from refgraph.pubmed.source import RecordSource
from refgraph.sources.bibtex import parse_scanned
from refgraph.sources.bibtex_fast import FastEntry

__all__ = [
    "BibEnrichment",
    "EditResult",
    "FieldEdit",
    "edit_fields",
    "enrich_bib",
    "enrichment_edits",
    "fix_pmids",
    "pmid_edits",
]


class FieldEdit(NamedTuple):
    """Set field ``field`` of the entry ``key`` (at 1-based ``line``; 0: find by key) to
    ``value``, a BibTeX value already escaped for braces; ``label`` names it in the log.

    (A named tuple, not a frozen dataclass: ``enrich`` makes one per changed field, and a
    tuple is built several times faster.)"""

    key: str
    field: str
    value: str
    line: int = 0
    label: str = ""


@dataclass(frozen=True, slots=True)
class EditResult:
    """The edited text, what changed (one line per field) and what could not be done."""

    text: str
    changed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def _quiet_split(text: str) -> Any:
    """bibtexparser's splitter, without its log lines about blocks it could not read (the
    reader reports those as diagnostics)."""
    logger = logging.getLogger("bibtexparser")
    previous = logger.disabled
    logger.disabled = True
    try:
        return Splitter(text).split()
    finally:
        logger.disabled = previous


_Located = tuple[Any, int, str]  # an entry (bibtexparser's or the fast reader's), offset, text


def _entries(text: str) -> Iterator[_Located]:
    """Every entry of ``text`` (those bibtexparser reports as duplicate keys included: the
    reader keeps them too) with the offset of its text and that text."""
    lines = line_offsets(text)
    for found in _quiet_split(text).blocks:
        block = found if isinstance(found, Entry) else None
        if isinstance(found, DuplicateBlockKeyBlock) and isinstance(found.ignore_error_block,
                                                                    Entry):  # fmt: skip
            block = found.ignore_error_block
        if block is None or block.start_line is None or block.raw is None:
            continue
        start = text.find(block.raw, lines[min(block.start_line, len(lines) - 1)])
        if start >= 0:
            yield block, start, block.raw


def _scanned(text: str, scanned: Sequence[FastEntry]) -> list[_Located] | None:
    """The entries the fast reader found in ``text`` (:func:`~refgraph.sources.bibtex.
    parse_scanned`), each with the text bibtexparser would give it (from the ``@`` at the
    start of its first line to the ``}`` that starts its last), so the file is not split
    again; ``None`` when line breaks other than ``\\n`` and ``\\r\\n`` could make the two
    count lines differently, or an entry is not where the reader said."""
    if text.count("\r") != text.count("\r\n"):
        return None
    lines = line_offsets(text)
    located: list[_Located] = []
    for entry in scanned:
        if not 0 <= entry.start_line <= entry.end_line < len(lines):
            return None
        start, close = lines[entry.start_line], lines[entry.end_line]
        if text[start : start + 1] != "@" or text[close : close + 1] != "}":
            return None
        located.append((entry, start, text[start : close + 1]))
    return located


def _insertion(
    entry: str, fields: list[FieldSpan], header_end: int, close_at: int
) -> tuple[int, str]:
    """Where a new field goes (after the last one) and the indentation of the entry."""
    if fields:
        last = fields[-1]
        indent = entry[last.line_start : last.name_start]
        indent = indent if indent.strip() == "" and indent else "  "
        after = skip_space(entry, last.value_end)
        if after < close_at and entry[after] == ",":
            return after + 1, indent
        return last.value_end, indent
    return header_end, "  "


def edit_fields(
    text: str, edits: Sequence[FieldEdit], scanned: Sequence[FastEntry] | None = None
) -> EditResult:
    """Apply ``edits`` to the BibTeX ``text``; see the module docstring.

    ``scanned``: the fast reader's entries of this very ``text``, when it read it
    (:func:`~refgraph.sources.bibtex.parse_scanned`); they spare splitting the file again,
    with the same result.

    >>> bib = "@article{k,\\n  note = {pmid = 1},\\n  x-pmid = {2},\\n  pmid = {PMID: 3},\\n}\\n"
    >>> result = edit_fields(bib, [FieldEdit("k", "pmid", "4")])
    >>> print(result.text, end="")
    @article{k,
      note = {pmid = 1},
      x-pmid = {2},
      pmid = {4},
    }
    >>> result.changed
    ('k: pmid PMID: 3 -> 4',)
    """
    if not edits:
        return EditResult(text)
    located = _scanned(text, scanned) if scanned is not None else None
    by_key: dict[str, list[_Located]] = {}
    by_line: dict[int, _Located] = {}
    for item in located if located is not None else _entries(text):
        by_key.setdefault(item[0].key, []).append(item)
        by_line[(item[0].start_line or 0) + 1] = item
    grouped: dict[int, tuple[_Located, list[FieldEdit]]] = {}
    skipped: list[str] = []
    place: tuple[str, int] | None = None  # the (key, line) of the edits before: same entry
    group: list[FieldEdit] | None = None
    for edit in edits:
        if (edit.key, edit.line) != place:
            place, group = (edit.key, edit.line), _group(edit, by_key, by_line, grouped)
        if group is None:
            skipped.append(f"{edit.key}: entry not found, {edit.field} not written")
        else:
            group.append(edit)
    pieces: list[str] = []
    changed: list[str] = []
    done = 0
    for offset in sorted(grouped):
        (entry, _, raw), entry_edits = grouped[offset]
        new_raw = _edit_entry(raw, entry, entry_edits, changed, skipped)
        pieces.append(text[done:offset])
        pieces.append(new_raw)
        done = offset + len(raw)
    pieces.append(text[done:])
    return EditResult("".join(pieces), tuple(changed), tuple(skipped))


def _group(
    edit: FieldEdit,
    by_key: dict[str, list[_Located]],
    by_line: dict[int, _Located],
    grouped: dict[int, tuple[_Located, list[FieldEdit]]],
) -> list[FieldEdit] | None:
    """The edits of the entry ``edit`` is for (by its line, else by its key if unique);
    ``None`` when there is no such entry."""
    found = by_key.get(edit.key, [])
    target = by_line.get(edit.line) if edit.line else None
    if target is None or target[0].key != edit.key:
        target = found[0] if len(found) == 1 else None
    if target is None or target[0].key != edit.key:
        return None
    group = grouped.get(target[1])
    if group is None:
        group = grouped[target[1]] = (target, [])
    return group[1]


_FIELD_START = re.compile(r"[ \t]*([^\s=]+)[ \t]*=\s*")


def _by_line(raw: str, entry: Any, names: set[str]) -> tuple[dict[str, FieldSpan], int] | None:
    """Locate the fields ``names`` (and the last field) at the lines bibtexparser parsed them
    on: the usual one field per line, each checked to start with its own name. ``None`` when
    one is not where it should be (several fields on a line ...): then every field is read."""
    close = ")" if raw.lstrip("@").split("{", 1)[0].count("(") else "}"
    lines = line_offsets(raw)
    first = entry.start_line or 0
    located: dict[str, FieldSpan] = {}
    wanted = [f for f in entry.fields if f.key.lower() in names]
    if entry.fields:
        wanted.append(entry.fields[-1])
    for field in wanted:
        row = (field.start_line or 0) - first
        if not 0 <= row < len(lines):
            return None
        match = _FIELD_START.match(raw, lines[row])
        if match is None or match.group(1).lower() != field.key.lower():
            return None
        end = value_end(raw, match.end(), close)
        if end < 0:
            return None
        located[field.key.lower()] = FieldSpan(match.group(1), match.end(), end, lines[row],
                                            match.start(1))  # fmt: skip
    return located, len(raw) - 1


def _edit_entry(
    raw: str, entry: Any, edits: list[FieldEdit], changed: list[str], skipped: list[str]
) -> str:
    names = [f.key.lower() for f in entry.fields]
    quick = _by_line(raw, entry, {e.field.lower() for e in edits}) if names else None
    if quick is not None:
        located, close_at = quick
        last = located[names[-1]]
        fields, header_end = [last], 0
    else:
        read = entry_fields(raw)
        if read is None or [f.name.lower() for f in read[0]] != names:
            skipped.extend(f"{e.key}: cannot read the entry's fields safely, {e.field} not"
                           " written" for e in edits)  # fmt: skip
            return raw
        fields, header_end, close_at = read
        located = {f.name.lower(): f for f in fields}
    replacements: list[tuple[int, int, str]] = []
    additions: list[str] = []
    for edit in edits:
        name = edit.field.lower()
        label = edit.label or edit.field
        field = located.get(name)
        if field is None:
            additions.append(f"{edit.field} = {{{edit.value}}}")
            changed.append(f"{edit.key}: {label} (none) -> {edit.value}")
            continue
        old = raw[field.value_start : field.value_end]
        bare = old[1:-1] if old[:1] in "{\"" and old[-1:] in "}\"" and "#" not in old else old
        if bare == edit.value:
            continue
        replacements.append((field.value_start, field.value_end, f"{{{edit.value}}}"))
        changed.append(f"{edit.key}: {label} {bare} -> {edit.value}")
    if additions:
        at, indent = _insertion(raw, fields, header_end, close_at)
        # after a last field without a comma, each new field brings its own comma first
        before_comma = bool(fields) and at == fields[-1].value_end
        block = "".join(f",\n{indent}{a}" if before_comma else f"\n{indent}{a},"
                        for a in additions)  # fmt: skip
        replacements.append((at, at, block))
    for start, end, value in sorted(replacements, reverse=True):
        raw = raw[:start] + value + raw[end:]
    return raw


def pmid_edits(changes: Sequence[tuple[Reference, str]]) -> list[FieldEdit]:
    """The edits that set the ``pmid`` field of each reference to its new PMID."""
    return [FieldEdit(ref.key, "pmid", new, ref.line, "PMID") for ref, new in changes]


def _every_entry(
    text: str,
    path: str | os.PathLike[str],
    edits: list[FieldEdit],
    changes: Sequence[tuple[Reference, str]],
) -> list[FieldEdit]:
    """``edits`` plus the same edit for every other entry of ``path`` that was read as the
    same work (a repeated entry under another key: merged into one reference, it shares
    the wrong PMID and gets the same fix)."""
    here = os.path.abspath(path)
    lines = {
        o.line: new
        for ref, new in changes
        for o in ref.origins[1:]
        if o.line and os.path.abspath(o.path) == here
    }
    if not lines:
        return edits
    for entry, _, _ in _entries(text):
        line = (entry.start_line or 0) + 1
        if line in lines and entry.key:
            edits.append(FieldEdit(entry.key, "pmid", lines[line], line, "PMID"))
    return edits


def enrichment_edits(
    pairs: Sequence[tuple[Reference, Reference]], *, ascii: bool = False
) -> list[FieldEdit]:
    """The field edits that turn each ``old`` reference's entry into ``new``'s: every field
    :func:`~refgraph.export.bibtex.bibtex_fields` writes differently (or newly), as
    :func:`~refgraph.export.bibtex.field_changes` finds them."""
    return [
        FieldEdit(old.key, name, value, old.line)
        for old, changes in field_changes(pairs, ascii=ascii)
        for name, value in changes
    ]


def fix_pmids(path: str | os.PathLike[str], report: CheckReport) -> EditResult:
    """Write the verified PMID suggestions of ``report`` into the ``.bib`` file ``path``.

    Only the ``pmid`` values change (see :func:`edit_fields`); the file is rewritten
    atomically, with ``path.bak`` keeping the original, and only when something changed.
    """
    changes = [(r.reference, pmid) for r, pmid in fixes(report) if r.reference is not None]
    if not changes:
        return EditResult("")
    text, _ = read_input(path)
    result = edit_fields(text, _every_entry(text, path, pmid_edits(changes), changes))
    if result.text != text:
        atomic_write(path, result.text, backup=True)
    return result


@dataclass(frozen=True, slots=True)
class BibEnrichment:
    """What :func:`enrich_bib` did: the enrichment, the edited text, the input's problems."""

    report: EnrichReport
    edit: EditResult
    problems: tuple[Diagnostic, ...] = ()


def enrich_bib(
    text: str, source: RecordSource, *, name: str = "<input>", overwrite: bool = False
) -> BibEnrichment:
    """Enrich the entries of the BibTeX ``text`` from ``source``, field by field.

    Only the fields enrichment fills or (with ``overwrite``) replaces are written; everything
    else stays as it was (:func:`edit_fields`).
    """
    with paused_gc(len(text) > 100_000):  # many small acyclic objects: nothing to collect
        parsed, scanned = parse_scanned(text, name)
        report = enrich(parsed.references, source, overwrite=overwrite)
        pairs = list(zip(parsed.references, report.references, strict=True))
        edited = edit_fields(text, enrichment_edits(pairs), scanned)
    return BibEnrichment(report, edited, parsed.problems)
