"""PubMed efetch XML -> References: a thin adapter over :mod:`refgraph.pubmed.parse`.

Records are read with :func:`refgraph.pubmed.parse.parse_pubmed_xml` and turned into
references with :func:`refgraph.pubmed.parse.record_to_reference`; each reference's line is
the line of its ``<PubmedArticle>`` (or ``<PubmedBookArticle>``) start tag.

When the document as a whole is malformed, each record element is tried on its own, so
one broken record costs only itself: it becomes a ``bad_entry`` diagnostic with its line,
and the readable ones are kept. A document with nothing readable gives a diagnostic too,
never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import replace

from refgraph.errors import EutilsResponseError, UnreadableInputError
from refgraph.ids import normalize_pmid
from refgraph.model import Diagnostic, Origin, ParseResult, PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml, wrap_articles
from refgraph.pubmed.reference import record_to_reference
from refgraph.pubmed.safexml import declares_entity

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "pubmed-xml"
EXTENSIONS = (".xml",)

_START_RE = re.compile(r"<(PubmedArticle|PubmedBookArticle)[\s/>]")
#: Records without a PMID or a title reported one by one; the rest in one problem.
_EMPTY_SHOWN = 20
_SNIFF_RE = re.compile(r"<(PubmedArticleSet|PubmedArticle|PubmedBookArticle)[\s>]")


def sniff(text: str) -> bool:
    """Return whether ``text`` is PubMed XML (a ``PubmedArticleSet``/``PubmedArticle`` tag)."""
    head = text[:20_000].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _SNIFF_RE.search(head) is not None


def _line_at(text: str, offset: int, cache: list[int]) -> int:
    """1-based line of ``offset``, counting incrementally from the previous call."""
    last_offset, last_line = cache
    line = last_line + text.count("\n", last_offset, offset)
    cache[:] = [offset, line]
    return line


def _starts(text: str) -> list[int]:
    lines: list[int] = []
    cache = [0, 1]
    for m in _START_RE.finditer(text):
        lines.append(_line_at(text, m.start(), cache))
    return lines


def _has_content(record: PubmedRecord) -> bool:
    return bool(record.pmid or record.title or record.book_title)


def _empty_records(source: str, lines: list[int]) -> list[Diagnostic]:
    """One problem for each record with nothing to cite (``<PubmedArticle/>``), the first
    :data:`_EMPTY_SHOWN`, then a count (a million of them were a million nameless
    references, 90 s and 6 GB)."""
    problems = [
        Diagnostic(source, line, "bad_entry", "a record with no PMID and no title: nothing to read")
        for line in lines[:_EMPTY_SHOWN]
    ]
    if len(lines) > _EMPTY_SHOWN:
        problems.append(Diagnostic(source, lines[_EMPTY_SHOWN], "bad_entry",
                                   f"and {len(lines) - _EMPTY_SHOWN} more record(s) with no "
                                   "PMID and no title"))  # fmt: skip
    return problems


def _one_by_one(text: str, source: str, error: str) -> ParseResult:
    """Parse each record element separately (after a whole-document failure)."""
    references: list[Reference] = []
    problems: list[Diagnostic] = []
    empty: list[int] = []
    cache = [0, 1]
    found = False
    for m in _START_RE.finditer(text):
        found = True
        tag = m.group(1)
        line = _line_at(text, m.start(), cache)
        end = text.find(">", m.start())
        if end > 0 and text[end - 1] == "/":  # <PubmedArticle/>: its "close" would be the
            empty.append(line)  # next record's (looked at in place: no copy of the text)
            continue
        close = text.find(f"</{tag}>", m.end())
        if close < 0:
            problems.append(Diagnostic(source, line, "bad_entry", f"<{tag}> is never closed"))
            continue
        chunk = text[m.start() : close + len(tag) + 3].encode("utf-8")
        try:
            records = parse_pubmed_xml(wrap_articles([chunk]))  # (the problem names the file)
        except EutilsResponseError as exc:
            problems.append(Diagnostic(source, line, "bad_entry", str(exc)))
            continue
        for record in records:
            if _has_content(record):
                references.append(_with_origin(record_to_reference(record), source, line))
            else:
                empty.append(line)
    if not found:
        problems.append(Diagnostic(source, 1, "bad_entry", error))
    return ParseResult(tuple(references), tuple(problems + _empty_records(source, empty)), NAME)


def _with_origin(ref: Reference, source: str, line: int) -> Reference:
    return replace(ref, origins=(Origin(source, line),))


def _checked_pmids(result: ParseResult, source: str) -> ParseResult:
    """A record whose PMID is not a number keeps it as text, with a ``bad_pmid`` problem."""
    refs: list[Reference] = []
    problems = list(result.problems)
    for ref in result.references:
        if ref.pmid and normalize_pmid(ref.pmid) != ref.pmid:
            problems.append(Diagnostic(source, ref.line, "bad_pmid", f"PMID {ref.pmid!r}"))
            ref = replace(ref, pmid="").with_extra("pmid", ref.pmid)
        refs.append(ref)
    return ParseResult(tuple(refs), tuple(problems), result.format)


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse PubMed XML ``text``: one reference per record, in document order.

    Raises:
        UnreadableInputError: the document declares XML entities (an entity-expansion bomb
            or an external entity); PubMed XML never does, and it is not read record by record.
    """
    if declares_entity(text):
        raise UnreadableInputError(
            f"{source}: XML declares entities (entity expansion or external entity); refused"
        )
    try:
        records = parse_pubmed_xml(text.lstrip("\ufeff"), source)
    except EutilsResponseError as exc:
        return _checked_pmids(_one_by_one(text, source, str(exc)), source)
    lines = _starts(text)
    if len(lines) != len(records):  # should not happen; fall back to the document start
        lines = [1] * len(records)
    references: list[Reference] = []
    empty: list[int] = []
    for record, line in zip(records, lines, strict=True):
        if _has_content(record):
            references.append(_with_origin(record_to_reference(record), source, line))
        else:
            empty.append(line)
    problems = _empty_records(source, empty)
    if not references and not problems:
        problems.append(Diagnostic(source, 1, "bad_entry", "no PubmedArticle records found"))
    return _checked_pmids(ParseResult(tuple(references), tuple(problems), NAME), source)
