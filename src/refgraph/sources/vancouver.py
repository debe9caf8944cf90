"""Numbered Vancouver/NLM reference lists -> references.

::

    1. Kantarjian HM, DeAngelo DJ, ... N Engl J Med. 2016 Aug 25;375(8):740-53.
       doi: 10.1056/NEJMoa1509277. PMID: 27292104; PMCID: PMC7138196.
    2. NIH Consensus Development Panel on Acupuncture. Acupuncture. JAMA. 1998;280:1518-24.

An entry starts at a line beginning ``N.``, ``N)`` or ``[N]`` whose number follows the
previous entry's (so a wrapped line that happens to start with ``2.`` does not split an
entry); other lines continue the current entry. Blank lines, page artifacts and headings
(``References``) are skipped. Text before the first entry is a ``fragment``; an entry
that cannot be read is ``unparsed`` (kept as a reference when it has a PMID); an entry
without a PMID is a reference plus a ``no_pmid`` problem.
"""

from __future__ import annotations

import re

from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources._citation import parse_citation, split_identifiers
from refgraph.sources.livertox import is_page_artifact

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "vancouver"
EXTENSIONS = (".txt",)

_NUMBER_RE = re.compile(r"\s*(?:\[(\d{1,5})\]|(\d{1,5})[.)])\s+(?=\S)")
_HEADING_RE = re.compile(r"^(?:references|bibliography|literature cited|works cited)\s*:?$", re.I)
_SNIFF_START_RE = re.compile(r"^\s*(?:\[1\]|1[.)])\s+\S", re.M)
_SNIFF_BODY_RE = re.compile(r"PMID|(?:1[6-9]|20)\d\d[^;\n]{0,12};\s*\d")


def sniff(text: str) -> bool:
    """A list numbered from 1 whose head holds a PMID or a ``Year;Volume`` source."""
    head = text[:4000]
    return _SNIFF_START_RE.search(head) is not None and _SNIFF_BODY_RE.search(head) is not None


def _entries(text: str, source: str) -> tuple[list[tuple[int, str]], list[Diagnostic]]:
    entries: list[tuple[int, list[str]]] = []
    loose: list[tuple[int, list[str]]] = []
    problems: list[Diagnostic] = []
    expected = 0
    for index, raw in enumerate(text.split("\n")):
        line = raw.replace("\f", " ").strip()
        if not line or is_page_artifact(line) or (len(line) < 40 and _HEADING_RE.match(line)):
            continue
        m = _NUMBER_RE.match(line)
        number = int(m.group(1) or m.group(2)) if m else -1
        if m and (expected == 0 or number == expected):
            entries.append((index + 1, [line[m.end() :]]))
            expected = number + 1
        elif entries:
            entries[-1][1].append(line)
        elif loose and not loose[-1][1][-1].endswith("."):
            loose[-1][1].append(line)
        else:
            loose.append((index + 1, [line]))
    problems.extend(Diagnostic(source, n, "fragment", " ".join(parts)) for n, parts in loose)
    return [(n, " ".join(parts)) for n, parts in entries], problems


def parse(text: str, source: str) -> ParseResult:
    """Parse a numbered Vancouver/NLM list with the general reader (:mod:`.text`)."""
    from refgraph.sources import text as general

    result = general.parse(text, source)
    return ParseResult(result.references, result.problems, NAME)


def parse_numbered(text: str, source: str) -> ParseResult:
    """Parse a numbered Vancouver/NLM list by its numbers alone (the earlier reader)."""
    entries, problems = _entries(text, source)
    refs: list[Reference] = []
    for line, entry in entries:
        origin = (Origin(source, line),)
        found = parse_citation(entry)
        if found is None:
            problems.append(Diagnostic(source, line, "unparsed", entry))
            _, ids = split_identifiers(entry)
            if ids["pmid"]:
                refs.append(
                    Reference(
                        key="",
                        pmid=ids["pmid"],
                        doi=ids["doi"],
                        pmcid=ids["pmcid"],
                        origins=origin,
                    )
                )
            continue
        refs.append(
            Reference(
                key="", pmid=found.pmid, authors=found.authors, et_al=found.et_al,
                title=found.title, journal=found.journal, year=found.year, month=found.month,
                volume=found.volume, issue=found.issue, pages=found.pages, doi=found.doi,
                pmcid=found.pmcid, extra=(("epub", found.epub),) if found.epub else (),
                origins=origin,
            )
        )  # fmt: skip
        if not found.pmid:
            problems.append(Diagnostic(source, line, "no_pmid", entry))
    problems.sort(key=lambda d: d.line)
    return ParseResult(tuple(assign_keys(refs)), tuple(problems), NAME)
