"""PubMed's "Abstract (text)" format -> References (pure).

What PubMed's *Save* / *Send to: File* with the format "Abstract (text)" writes, and what
E-utilities answer to ``efetch`` with ``rettype=abstract&retmode=text``: numbered records
separated by blank lines, each a run of paragraphs in a fixed order::

    1. N Engl J Med. 2016 Aug 25;375(8):740-53. doi: 10.1056/NEJMoa1509277. Epub
    2016 Jun 12.                                      <- the source (wrapped at 80 columns)

    Inotuzumab Ozogamicin versus Standard Therapy ...  <- the title

    Kantarjian HM(1), DeAngelo DJ(1), ...              <- the authors (affiliation numbers)

    Author information:                                <- affiliations
    (1)From the University of Texas ...

    Comment in                                         <- links to other records, indented
        N Engl J Med. 2016 Aug 25;375(8):783-4.

    BACKGROUND: The prognosis for adults ...           <- the abstract, any number of paragraphs

    DOI: 10.1056/NEJMoa1509277
    PMCID: PMC5594743
    PMID: 27292104  [Indexed for MEDLINE]

The source line gives the journal (the ISO abbreviation before the date), date, volume,
issue, pages, DOI and e-publication date; the footer gives the PMID, PMCID and DOI; the
abstract goes to ``extra["abstract"]``. Affiliations, the linked records, copyright and
conflict-of-interest lines belong to their record and are left out of the reference (the
record itself, with its links, is one ``check`` away). A record without a PMID line is kept
and reported as ``no_pmid``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid, trial_ids_in
from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources._citation import parse_authors
from refgraph.sources._pubmedline import source_line

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "pubmed-abstract"
EXTENSIONS = (".txt",)

_START_RE = re.compile(r"(\d{1,5})\. (\S.*)")
_YEAR_RE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
_FOOTER_RE = re.compile(r"(DOI|PMCID|PMID|PII): *(\S+)")
_LABEL_LINE_RE = re.compile(r"[A-Z][A-Za-z ,-]{1,60}")  # "Comment in", "Erratum for", ...
_AFFILIATION_NUMBERS_RE = re.compile(r"(?:\(\d+(?:,\s*\d+)*\))+")
_SKIPPED_STARTS = (
    "Author information:", "Collaborators:", "Conflict of interest statement:",
    "Copyright", "©",
)  # fmt: skip


@dataclass
class _Block:
    """A paragraph of a record: its first line's number and its lines (right-stripped)."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)


@dataclass
class _Record:
    line: int
    blocks: list[_Block]


def _records(text: str) -> list[_Record]:
    """Split ``text`` into records: a ``N. `` line with a year, after a blank line (or at the
    start), numbered one more than the last record (or 1 again, for joined exports)."""
    records: list[_Record] = []
    block: _Block | None = None
    blank_before = True
    last = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if not line:
            block, blank_before = None, True
            continue
        start = _START_RE.fullmatch(line) if blank_before and line[0].isdigit() else None
        if start and int(start.group(1)) in (last + 1, 1) and _YEAR_RE.search(line):
            last = int(start.group(1))
            block = _Block(number, [start.group(2)])
            records.append(_Record(number, [block]))
        elif records:
            if block is None:
                block = _Block(number, [])
                records[-1].blocks.append(block)
            block.lines.append(line)
        blank_before = False
    return records


def sniff(text: str) -> bool:
    """The text starts with a record (``1. Journal. Date;...``) of at least three paragraphs
    (source, title, ...) whose last one has a ``PMID:`` line of its own."""
    head = text[:60_000]
    first = next((line for line in head.split("\n") if line.strip()), "")
    if not first.startswith("1. ") or not _YEAR_RE.search(first):
        return False
    records = _records(head)
    if not records or len(records[0].blocks) < 3:
        return False
    return any(line.startswith("PMID:") for line in records[0].blocks[-1].lines)


def _is_label_section(block: _Block) -> bool:
    """``Comment in`` / ``Erratum for`` ... followed by indented citations."""
    return (
        len(block.lines) >= 2
        and _LABEL_LINE_RE.fullmatch(block.lines[0]) is not None
        and all(line[:1].isspace() for line in block.lines[1:])
    )


def _looks_like_authors(text: str) -> bool:
    """``Kantarjian HM(1), DeAngelo DJ, ... Advani AS.``: names and affiliation numbers."""
    names = _AFFILIATION_NUMBERS_RE.sub("", text).rstrip(".").split(",")
    if not names or len(text) > 20_000:
        return False
    shaped = sum(1 for n in names if re.fullmatch(r"\s*[^\W\d][\w'’ .-]* [A-Z]{1,4}\s*", n))
    return shaped >= max(1, (len(names) + 1) // 2)


def _reference(record: _Record, source: str, problems: list[Diagnostic]) -> Reference:
    blocks = list(record.blocks)
    footer: dict[str, str] = {}
    ends = [i for i, b in enumerate(blocks) if any(x.startswith("PMID:") for x in b.lines)]
    for late in blocks[ends[-1] + 1 :] if ends else ():  # after the PMID: not this record's
        problems.append(Diagnostic(source, late.line, "fragment", late.text))
    blocks = blocks[: ends[-1] + 1] if ends else blocks
    while len(blocks) > 1 and all(_FOOTER_RE.match(x) for x in blocks[-1].lines):
        for line in blocks.pop().lines:
            found = _FOOTER_RE.match(line)
            if found:
                footer.setdefault(found.group(1), found.group(2))
    if ends and len(blocks) > 1 and "PMID" not in footer:  # the footer shares its paragraph
        kept = [x for x in blocks[-1].lines if not _FOOTER_RE.match(x)]
        for line in blocks[-1].lines:
            found = _FOOTER_RE.match(line)
            if found:
                footer.setdefault(found.group(1), found.group(2))
        blocks[-1] = _Block(blocks[-1].line, kept)
    cited = blocks.pop(0).text
    title = blocks.pop(0).text if blocks else ""
    authors_text = ""
    if blocks and _looks_like_authors(blocks[0].text):
        authors_text = _AFFILIATION_NUMBERS_RE.sub("", blocks.pop(0).text).rstrip(". ")
    abstract = [
        b.text for b in blocks
        if not b.text.startswith(_SKIPPED_STARTS) and not _is_label_section(b)
    ]  # fmt: skip
    journal, fields = source_line(cited)
    authors, et_al, _ = parse_authors(authors_text) if authors_text else ((), False, False)
    pmid = normalize_pmid(footer.get("PMID", "")) or ""
    if not pmid:
        problems.append(Diagnostic(source, record.line, "no_pmid", f"{cited} {title}".strip()))
    doi = normalize_doi(footer.get("DOI", "")) or (fields.doi if fields else "")
    extra: list[tuple[str, str]] = []
    if fields is not None and fields.epub:
        extra.append(("epub", fields.epub))
    if abstract:
        extra.append(("abstract", " ".join(abstract)))
    if footer.get("PII"):
        extra.append(("pii", footer["PII"]))
    return Reference(
        key="", pmid=pmid, entry_type="article" if journal else "misc",
        authors=authors, et_al=et_al, title=title, journal=journal,
        year=fields.year if fields else "", month=fields.month if fields else "",
        volume=fields.volume if fields else "", issue=fields.issue if fields else "",
        pages=fields.pages if fields else "", doi=doi,
        pmcid=normalize_pmcid(footer.get("PMCID", "")),
        trials=trial_ids_in(" ".join(abstract)) if abstract else (),
        extra=tuple(extra), origins=(Origin(source, record.line),),
    )  # fmt: skip


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Read every record of an "Abstract (text)" export; see the module docstring."""
    problems: list[Diagnostic] = []
    records = _records(text)
    first = records[0].line if records else len(text.split("\n")) + 1
    lines = text.split("\n")[: first - 1]
    for number, line in enumerate(lines, 1):  # text before the first record is not dropped
        if line.strip():
            problems.append(Diagnostic(source, number, "fragment", line.strip()))
    refs = [_reference(r, source, problems) for r in records]
    problems.sort(key=lambda d: d.line)
    return ParseResult(tuple(assign_keys(refs)), tuple(problems), NAME)
