"""Web of Science's plain-text export (``savedrecs.txt``) -> References (pure).

The file opens with ``FN Clarivate Analytics Web of Science`` (or Thomson Reuters) and
``VR 1.0``; each record is a run of two-character field tags, a space and the value, with
continuation lines indented by three spaces, and ends with ``ER``; ``EF`` ends the file::

    PT J
    AU Kantarjian, HM
       DeAngelo, DJ
    TI Inotuzumab Ozogamicin versus Standard Therapy for Acute Lymphoblastic
       Leukemia
    SO NEW ENGLAND JOURNAL OF MEDICINE
    JI N. Engl. J. Med.
    PY 2016
    VL 375
    IS 8
    BP 740
    EP 753
    DI 10.1056/NEJMoa1509277
    PM 27292104
    ER

The tags mean what they mean in the tab-delimited export
(:data:`refgraph.sources.table.WOS_COLUMNS`): one author a line in ``AU``, the ISO journal
abbreviation in ``JI`` and the full title in ``SO``. Lines that are neither a tag nor a
continuation are reported (``bad_entry``); a record without ``PM`` is kept and reported as
``no_pmid``.
"""

from __future__ import annotations

import re

from refgraph.ids import normalize_doi, normalize_pmid
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources._names import read_names
from refgraph.sources._tagged import Field, RecordBuilder, read_records, report_repeats
from refgraph.sources.table import WOS_COLUMNS
from refgraph.text import expand_pages

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "wos"
EXTENSIONS = (".txt", ".ciw")

_TAG_RE = re.compile(r"([A-Z][A-Z0-9]) (.*)")
_HEADER_RE = re.compile(r"\ufeff?FN (?:Clarivate|Thomson Reuters)[^\n]*\nVR \d")


def sniff(text: str) -> bool:
    """The export's ``FN ...`` / ``VR 1.0`` header, or a record: ``PT`` ... ``ER``."""
    head = text[:20_000].lstrip()
    if _HEADER_RE.match(head):
        return True
    lines = head.split("\n")
    return bool(lines) and lines[0].startswith("PT ") and any(x.strip() == "ER" for x in lines)


def _records(text: str, source: str, problems: list[Diagnostic]) -> list[list[Field]]:
    records: list[list[Field]] = []
    record = RecordBuilder("\n")
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip().lstrip("\ufeff")
        if not line.strip():
            continue
        if line in ("ER", "EF"):
            if record:
                records.append(record.take())
            continue
        if line.startswith("   ") and record:
            record.extend(line.strip())
            continue
        found = _TAG_RE.fullmatch(line)
        if found is None:
            problems.append(Diagnostic(source, number, "bad_entry", f"not a field line: {line}"))
            continue
        if found.group(1) in ("FN", "VR"):
            continue
        record.add(found.group(1), found.group(2).strip(), number)
    if record:  # a last record without its ER
        records.append(record.take())
    return records


#: The tags read as one value (authors come one a line, under one tag).
_ONCE = frozenset(tag.upper() for tag, name in WOS_COLUMNS.items() if name != "authors")


def _reference(record: list[Field], source: str, problems: list[Diagnostic]) -> Reference:
    report_repeats(record, _ONCE, source, problems)
    row: dict[str, str] = {}
    for tag, value, _ in record:
        name = WOS_COLUMNS.get(tag.lower())
        if name and name not in row:
            row[name] = value
    people = "; ".join(p for p in row.get("authors", "").split("\n") if p)
    authors, et_al, _ = read_names(people) if people else ((), False, False)
    first, last = row.get("first_page", ""), row.get("last_page", "")
    pages = expand_pages(f"{first}-{last}" if first and last else first)
    pmid = normalize_pmid(row.get("pmid", "")) or ""
    line = record[0][2]
    title = " ".join(row.get("title", "").split())
    if not pmid:
        problems.append(Diagnostic(source, line, "no_pmid", title))
    journal = row.get("journal", "") or row.get("journal_full", "")
    return Reference(
        key="", pmid=pmid, entry_type="article" if journal else "misc",
        authors=authors, et_al=et_al, title=title,
        journal=journal, journal_full=" ".join(row.get("journal_full", "").split()),
        year=row.get("year", ""), volume=row.get("volume", ""), issue=row.get("issue", ""),
        pages=pages or row.get("article_number", ""), doi=normalize_doi(row.get("doi", "")),
        origins=(Origin(source, line),),
    )  # fmt: skip


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Read every record of a Web of Science plain-text export."""
    return read_records(text, source, NAME, _records, _reference)
