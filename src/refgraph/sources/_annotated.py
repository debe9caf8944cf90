"""The annotated-citation reader shared by the LiverTox PDF and Bookshelf readers.

One pass over the lines from where the references start: citations end at their PMID
(or where the next citation starts), a ``(`` left open at a line's end opens the
annotation of the citation just read, page artifacts and repeated headings are skipped
wherever they fall, and whatever cannot be attached is a diagnostic. The rules are
described in :mod:`refgraph.sources.livertox`; the layout tests are
:mod:`refgraph.sources._layout`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable

from refgraph.fastmodel import new_origin, new_reference
from refgraph.keys import KeyAllocator, key_stem
from refgraph.model import Diagnostic, ParseResult, Reading, Reference
from refgraph.sources._citation import CitationParts, citation_parts, looks_like_citation
from refgraph.sources._identifiers import split_identifiers, squeeze
from refgraph.sources._layout import (
    END_MARKER_RE,
    END_RE,
    MAYBE_SKIPPED_RE,
    PENDING_RE,
    REF_HEADING_RE,
    SENTENCE_ENDS,
    SKIPPED_HEADS,
    clean,
    is_page_artifact,
    reference_start,
)
from refgraph.sources._nlmnames import START_RE, starts_like_citation

__all__ = ["annotation_text", "parse_annotated"]

_PENDING_NUMBER_RE = re.compile(r"\d+\s*\]?(?:\s*\[[^\]\n]{0,40}\])*\.?")
_NONSPACE_RE = re.compile(r"\S")
_PARENS_RE = re.compile(r"[()]")


def _join(parts: list[str]) -> str:
    """Join wrapped lines with single spaces; ``anti-`` + ``CD22`` stays ``anti-CD22``."""
    joined = " ".join(parts)
    if "- " not in joined:  # no line but the last ends in "-": nothing to glue
        return joined
    out: list[str] = []
    for part in parts:
        if out and len(out[-1]) > 1 and out[-1][-1] == "-" and out[-1][-2].isalpha():
            out[-1] = out[-1] + part
        else:
            out.append(part)
    return " ".join(out)


def annotation_text(raw: str) -> str:
    """An annotation as kept: without its parentheses, closing full stop and doubled spaces."""
    text = raw.strip()
    if text.endswith(".") and not text.endswith(".."):  # (an ellipsis stays)
        text = text[:-1].rstrip()
    if text.startswith("("):
        text = text[1:-1] if text.endswith(")") else text[1:]
    return squeeze(text)


def _opens_annotation(line: str, pos: int) -> bool:
    """Does the ``(`` at ``pos`` open a parenthesis left open or closed at the line's end?"""
    depth = 0
    for m in _PARENS_RE.finditer(line, pos):
        depth += 1 if m.group() == "(" else -1
        if depth == 0:
            rest = line[m.end() : m.end() + 3].strip()
            return rest in ("", ".") or rest.startswith((". ", ".("))
    return True


#: Every ``START_RE`` match holds `` INITIALS,`` / `` INITIALS.`` (then a space or the end)
#: within its first 180 characters: a cheap search that rules most lines out first.
_INITIALS_RE = re.compile(r" [A-Z]{1,4}[,.](?: |$)")


def _starts_like_citation(line: str) -> bool:
    """:func:`starts_like_citation` for a stripped line, with the common "no" first."""
    return (
        _INITIALS_RE.search(line, 0, 180) is not None
        and START_RE.match(line) is not None
        and starts_like_citation(line)
    )


class _Found:
    """One reference being read: its parsed parts (``None`` if unparsed), line, annotation."""

    __slots__ = ("annotation", "doi", "line", "parts", "pmcid", "pmid")

    def __init__(
        self, parts: CitationParts | None, pmid: str, doi: str, pmcid: str, line: int
    ) -> None:
        self.parts, self.pmid, self.doi, self.pmcid = parts, pmid, doi, pmcid
        self.line, self.annotation = line, ""


def _finish_citation(
    parts: list[str], line: int, source: str, found: list[_Found], problems: list[Diagnostic]
) -> int | None:
    """Read a finished citation; return the index in ``found`` awaiting an annotation."""
    text = _join(parts)
    if "  " in text:  # a run of spaces (a line break turned into one, in one-line text)
        text = " ".join(text.split())  # would only keep the citation off the common path
    cited = citation_parts(text)
    if cited is None:
        _, ids = split_identifiers(text)
        if ids["pmid"] or looks_like_citation(text):
            problems.append(Diagnostic(source, line, "unparsed", text))
            if ids["pmid"]:
                found.append(_Found(None, ids["pmid"], ids["doi"], ids["pmcid"], line))
                return len(found) - 1
        else:
            problems.append(Diagnostic(source, line, "fragment", text))
        return None
    found.append(_Found(cited, cited[10], cited[9], cited[11], line))
    if not cited[10]:
        problems.append(Diagnostic(source, line, "no_pmid", text))
    return len(found) - 1


def _references(found: list[_Found], source: str, fmt: str) -> tuple[Reference, ...]:
    """Build the references, each with its key (document order decides the suffixes)."""
    read = Reading(fmt)  # one object shared by every reference: no cost per reference
    unread = Reading(fmt, 0.0)
    keys = KeyAllocator()
    allocate = keys.allocate
    refs: list[Reference] = []
    append = refs.append
    for item in found:
        origins = (new_origin(source, item.line),)
        parts = item.parts
        if parts is None:
            key = allocate(key_stem((), "", "", item.pmid, ""))
            append(
                new_reference(key, item.pmid, (), False, "", "", "", "", "", "", "", item.doi,
                               item.pmcid, item.annotation, (), origins, unread)
            )  # fmt: skip
            continue
        (authors, et_al, title, journal, year, month, volume, issue, pages, doi, pmid, pmcid,
         epub) = parts  # fmt: skip
        key = allocate(key_stem(authors, journal, title, pmid, year))
        append(
            new_reference(key, pmid, authors, et_al, title, journal, year, month, volume,
                           issue, pages, doi, pmcid, item.annotation,
                           (("epub", epub),) if epub else (), origins, read)
        )  # fmt: skip
    return tuple(refs)


def parse_annotated(
    text: str,
    source: str,
    fmt: str,
    *,
    start: Callable[[list[str]], int] = reference_start,
) -> ParseResult:
    """Read annotated citations (LiverTox PDF and Bookshelf text share this reader).

    One pass over the lines, with the reader's state in local variables: the citation
    lines read so far (``citation``), whether a ``PMID:`` waits for its number on the next
    line (``pmid_pending``), the open annotation's lines (``annotation``, ``None`` when
    none is open) and its parenthesis ``depth``, and the citation still waiting for its
    annotation (``waiting``). Common continuation lines take short cuts with the same
    outcome as the general steps below them.

    For a large text the cyclic garbage collector is paused while the (acyclic) records
    are built: its collections find nothing to free and cost about a tenth of the time.
    The previous state is restored afterwards.
    """
    if len(text) < _GC_PAUSE_CHARS or not gc.isenabled():
        return _read_annotated(text, source, fmt, start)
    gc.disable()
    try:
        return _read_annotated(text, source, fmt, start)
    finally:
        gc.enable()


#: Texts at least this long (about 100 citations) are read with the cyclic GC paused.
_GC_PAUSE_CHARS = 50_000


def _read_annotated(
    text: str, source: str, fmt: str, start: Callable[[list[str]], int]
) -> ParseResult:
    """The reader of :func:`parse_annotated`, without the garbage-collector pause."""
    lines = text.split("\n")
    found: list[_Found] = []
    problems: list[Diagnostic] = []
    citation: list[str] = []
    citation_line = 0
    pmid_pending = False
    annotation: list[str] | None = None
    annotation_line = depth = 0
    waiting: int | None = None
    maybe_skipped = MAYBE_SKIPPED_RE.match
    heads, digits = SKIPPED_HEADS, "0123456789"
    # Words no line can hold if the text does not (a "\f" line is cleaned, which may join
    # pieces: then every line is searched).
    has_ff = "\f" in text
    upper_age = has_ff or "AGE" in text
    bookshelf = has_ff or "NCBI Bookshelf" in text
    ends = SENTENCE_ENDS
    for index in range(start(lines), len(lines)):
        line = lines[index].strip()
        if not line:
            continue
        if has_ff and "\f" in line:
            line = clean(line)
            if not line:
                continue
        n = len(line)
        if n < 120 and (
            n <= 3
            or (
                ((head := line[:3]) in heads or line[0] in digits or not head.isascii())
                and maybe_skipped(line) is not None
            )
            or "age" in line
            or (upper_age and "AGE" in line)
            or (bookshelf and "NCBI Bookshelf" in line)
        ):
            if is_page_artifact(line) and not (pmid_pending and line.isdigit()):
                continue
            if REF_HEADING_RE.match(line):
                continue
            if END_MARKER_RE.match(line):
                break
        has_pmid = "PMID" in line or "PubMed" in line
        # Short cuts for the common continuation lines (no parenthesis, no PMID).
        # Between lines ``annotation`` is None or non-empty, never [].
        if not has_pmid and "(" not in line and ")" not in line:
            if annotation is not None:
                if not annotation[-1].endswith(ends) or line[0].islower():
                    annotation.append(line)
                    continue
            elif not pmid_pending:
                if not citation:
                    citation_line = index + 1
                    citation = [line]
                    continue
                if citation[-1][-1] == "," or not _starts_like_citation(line):
                    citation.append(line)
                    continue
        elif annotation is None:
            # an annotation opening a line and left open at its end
            if not pmid_pending and line[0] == "(" and ")" not in line and line.count("(") == 1:
                if citation:
                    waiting = _finish_citation(citation, citation_line, source, found, problems)
                    citation = []
                annotation, annotation_line, depth = [line], index + 1, 1
                continue
        elif (
            depth == 1
            and line.endswith((")", ")."))
            and "(" not in line
            and line.count(")") == 1
            and not (annotation[-1].endswith(ends) and starts_like_citation(line[:200]))
        ):  # the line that closes the open annotation at its end
            annotation.append(line)
            _attach(annotation, annotation_line, waiting, source, found, problems)
            annotation, depth, waiting = None, 0, None
            continue
        # The general steps: a line may end one thing and start the next.
        lineno = index + 1
        pos = 0
        while pos < n:
            if pos:
                m = _NONSPACE_RE.search(line, pos)
                if m is None:
                    break
                pos = m.start()
            if annotation is not None:
                if (
                    annotation
                    and annotation[-1].endswith(ends)
                    and starts_like_citation(line[pos : pos + 200])
                ):
                    # an unclosed annotation: don't swallow the citation after it
                    _attach(annotation, annotation_line, waiting, source, found, problems)
                    annotation, depth, waiting = None, 0, None
                    continue
                end = -1
                for m in _PARENS_RE.finditer(line, pos):
                    depth += 1 if m.group() == "(" else -1
                    if depth <= 0:
                        end = m.end()
                        if line.startswith(".", end):
                            end += 1
                        break
                if end < 0:
                    annotation.append(line[pos:])
                    break
                annotation.append(line[pos:end])
                _attach(annotation, annotation_line, waiting, source, found, problems)
                annotation, depth, waiting = None, 0, None
                pos = end
                continue
            if pmid_pending:
                num = _PENDING_NUMBER_RE.match(line, pos)
                if num:
                    citation.append(num.group())
                    waiting = _finish_citation(citation, citation_line, source, found, problems)
                    citation, pmid_pending = [], False
                    pos = num.end()
                    continue
                pmid_pending = False
            if line[pos] == "(" and _opens_annotation(line, pos):
                if citation:
                    waiting = _finish_citation(citation, citation_line, source, found, problems)
                    citation, pmid_pending = [], False
                annotation, annotation_line, depth = [], lineno, 0
                continue
            if (
                citation
                and not citation[-1].endswith(",")
                and starts_like_citation(line[pos : pos + 200])
            ):
                waiting = _finish_citation(citation, citation_line, source, found, problems)
                citation, pmid_pending = [], False
            if not citation:
                citation_line = lineno
            end_match = None
            if has_pmid:  # every END_RE match starts at "PubMed", "PMID" or "["
                at = n
                for i in (line.find("PubMed", pos), line.find("PMID", pos), line.find("[", pos)):
                    if 0 <= i < at:
                        at = i
                if at < n:
                    end_match = END_RE.search(line, at)
            if end_match is not None:
                citation.append(line[pos : end_match.end()])
                waiting = _finish_citation(citation, citation_line, source, found, problems)
                citation, pmid_pending = [], False
                pos = end_match.end()
                continue
            citation.append(line[pos:])
            if has_pmid and PENDING_RE.search(line, max(pos, n - 20)):
                pmid_pending = True
            break
    if annotation is not None:
        _attach(annotation, annotation_line, waiting, source, found, problems)
        waiting = None
    if citation:
        _finish_citation(citation, citation_line, source, found, problems)
    return ParseResult(_references(found, source, fmt), tuple(problems), fmt)


def _attach(
    annotation: list[str],
    line: int,
    waiting: int | None,
    source: str,
    found: list[_Found],
    problems: list[Diagnostic],
) -> None:
    """Give a finished annotation to the citation waiting for it, or report it."""
    raw = _join(annotation)
    if waiting is not None:
        found[waiting].annotation = annotation_text(raw)
    else:
        problems.append(Diagnostic(source, line, "orphan_annotation", raw))
