"""RIS -> References (pure).

A record runs from ``TY  - TYPE`` to ``ER  -`` (an empty ``ER`` line, or the end of the
file, also closes it). Tags map as the table :data:`RIS_FIELDS` says: ``AU``/``A1``
authors (``Last, First``; ``Name,`` is a group author, as EndNote marks one),
``TI``/``T1`` title,
``JO``/``JA``/``J2`` the (abbreviated) journal, ``JF``/``T2`` the full journal title
(``journal_full``, or ``journal`` when there is no abbreviation), ``A2``/``A3``/``ED``
editors (``extra["editor"]``: editors are not authors), ``PY``/``Y1``/``DA``
year and month, ``VL``, ``IS``, ``SP``/``EP`` pages (expanded: ``377``/``86`` -> ``377-386``),
``DO`` doi, ``N1`` the annotation (the note ``Author list incomplete (et al.)`` sets
``et_al`` instead), ``M3`` publication types (``;``-separated),
``KW`` keywords, ``AB``/``N2`` abstract. The PMID comes from ``AN`` (digits or
``PMID: n``), from any value of the form ``PMID: n``, or from a PubMed address in ``UR``;
a ``PMCID``/``PMC…`` value (or a PMC address) gives the PMCID. Other tags are kept in
``extra`` as ``ris-<tag>`` (never dropped).

Text outside a record and lines that are not ``XX  - value`` become ``bad_entry``
diagnostics with their line numbers.
"""

from __future__ import annotations

import re

from refgraph.ids import (
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pmcid_in_url,
    pmid_in_text,
    pmid_in_url,
)
from refgraph.model import Author, Diagnostic, Origin, ParseResult, Reference, initials_of
from refgraph.sources._tagged import RecordBuilder
from refgraph.sources.bibnames import names_anyone
from refgraph.text import INCOMPLETE_AUTHORS_NOTE, expand_pages, normalize_month

__all__ = ["ET_AL_NOTE", "EXTENSIONS", "NAME", "RIS_FIELDS", "RIS_TYPES", "parse", "sniff"]

NAME = "ris"
ET_AL_NOTE = INCOMPLETE_AUTHORS_NOTE  # read back as et_al, never as annotation text
EXTENSIONS = (".ris",)

#: RIS tag -> model attribute (several tags may feed one attribute; the first wins).
RIS_FIELDS: dict[str, str] = {
    "AU": "authors", "A1": "authors",
    "TI": "title", "T1": "title",
    "JF": "journal_full", "T2": "journal_full",
    "JO": "journal", "JA": "journal", "J2": "journal",
    "A2": "editor", "A3": "editor", "ED": "editor",
    "PY": "date", "Y1": "date", "DA": "date",
    "VL": "volume", "IS": "issue", "SP": "start_page", "EP": "end_page",
    "DO": "doi", "AN": "accession", "N1": "annotation", "KW": "keywords",
    "AB": "abstract", "N2": "abstract", "UR": "url", "SN": "issn", "PB": "publisher",
    "CY": "address", "LA": "language", "M3": "publication_types",
}  # fmt: skip
#: RIS reference type -> BibTeX entry type.
RIS_TYPES: dict[str, str] = {
    "JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article",
    "BOOK": "book", "EBOOK": "book", "CHAP": "incollection", "ECHAP": "incollection",
    "CONF": "inproceedings", "CPAPER": "inproceedings", "THES": "phdthesis",
    "RPRT": "techreport", "UNPB": "unpublished", "GEN": "misc",
}  # fmt: skip

#: What some databases write before each record (Cochrane, Ovid, ProQuest, EBSCO): the
#: record's number and the provider, not a field of it (between records, so nothing lost).
_EXPORT_HEADER_RE = re.compile(
    r"Record #\d+ of \d+|(?:Provider|Database|Content|Source): .*|\d{1,6}\.", re.IGNORECASE
)
_LINE_RE = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?: (.*))?")
_SNIFF_RE = re.compile(r"^\ufeff?[ \t]*TY {1,2}- ", re.MULTILINE)
_PMC_IN_RE = re.compile(r"\bPMC\s*(?:ID)?\s*:?\s*(PMC\d+|\d+)\b", re.IGNORECASE)


def sniff(text: str) -> bool:
    """Return whether ``text`` holds RIS (a ``TY  - `` line near the start)."""
    return _SNIFF_RE.search(text, 0, 20_000) is not None


def _author(value: str) -> Author:
    if value.endswith(",") and value.count(",") == 1:  # EndNote's corporate author: "WHO,"
        return Author(collective=value[:-1].strip())
    if "," in value:
        last, _, rest = value.partition(",")
        parts = [p.strip() for p in rest.split(",")]
        first = parts[0]
        suffix = parts[1] if len(parts) > 1 else ""
        return Author(last=last.strip(), first=first, initials=initials_of(first), suffix=suffix)
    words = value.split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:
        return Author(last=" ".join(words[:-1]), initials=words[-1])  # "Berkman RI"
    if len(words) > 1:  # "Catarina Barata": the last word is the surname
        first = " ".join(words[:-1])
        return Author(last=words[-1], first=first, initials=initials_of(first))
    return Author(last=value.strip())


def _date(value: str) -> tuple[str, str]:
    """``2001/09/01/`` -> ``("2001", "Sep")``; ``2015/october`` -> ``("2015", "Oct")``;
    ``2016///Spring`` -> ``("2016", "Spring")`` (the fourth part: other date text)."""
    parts = value.strip().split("/")
    year = parts[0] if len(parts[0]) == 4 and parts[0].isdigit() else ""
    month = normalize_month(parts[1]) if len(parts) > 1 and parts[1].strip("0") else ""
    if not month and len(parts) > 3 and parts[3].strip():
        month = normalize_month(parts[3]) or " ".join(parts[3].split())
    return year, month


def _to_reference(ris_type: str, items: list[tuple[str, str]], line: int, source: str) -> Reference:
    values: dict[str, str] = {}
    authors: list[Author] = []
    journals: list[str] = []
    full_names: list[str] = []
    editors: list[str] = []
    keywords: list[str] = []
    notes: list[str] = []
    publication_types: list[str] = []
    dates: list[str] = []
    extra: list[tuple[str, str]] = []
    pmid = pmcid = ""
    for tag, value in items:
        if not value:
            continue
        attr = RIS_FIELDS.get(tag, "")
        if attr == "authors":
            author = _author(value)
            if names_anyone(author):  # "AU  - ," names no one
                authors.append(author)
        elif attr == "journal":
            journals.append(value)
        elif attr == "journal_full":
            full_names.append(value)
        elif attr == "editor":
            editors.append(value)
        elif attr == "keywords":
            keywords.append(value)
        elif attr == "annotation":
            notes.append(value)
        elif attr == "publication_types":
            publication_types.extend(t for t in (p.strip() for p in value.split(";")) if t)
        elif attr == "accession" and normalize_pmid(value) and pmid in ("", normalize_pmid(value)):
            pmid = normalize_pmid(value) or ""  # (a second, other one is kept as ris-an)
        elif attr in ("abstract", "url", "issn", "publisher", "address", "language"):
            extra.append((attr, value))
            if attr == "url":  # a PubMed or PMC address names the record
                pmid = pmid or pmid_in_url(value)
                pmcid = pmcid or pmcid_in_url(value)
        elif attr == "date":
            dates.append(value)
        elif attr and attr != "accession" and values.get(attr, value) == value and (
            attr != "doi" or normalize_doi(value)
        ):
            values[attr] = value
        else:  # unknown, a second other value, a DOI that is not one: kept as ris-<tag>
            extra.append(("ris-" + tag.lower(), value))
        if not pmid:
            pmid = pmid_in_text(value)
        if not pmcid and (m := _PMC_IN_RE.search(value)):
            pmcid = normalize_pmcid(m.group(1))
    # PY gives the year, DA often the month too: the first of each wins
    parsed = [_date(d) for d in dates]
    year = next((y for y, _ in parsed if y), "")
    month = next((m for _, m in parsed if m), "")
    start, end = values.get("start_page", ""), values.get("end_page", "")
    pages = f"{start}-{end}" if start and end and end != start else (start or end)
    full = full_names[0] if full_names else ""
    journal = journals[0] if journals else full
    if editors:
        extra.insert(0, ("editor", " and ".join(editors)))
    et_al = ET_AL_NOTE in notes
    if et_al:
        notes = [n for n in notes if n != ET_AL_NOTE]
    return Reference(
        key="",
        pmid=pmid,
        entry_type=RIS_TYPES.get(ris_type, "misc"),
        authors=tuple(authors),
        et_al=et_al,
        title=" ".join(values.get("title", "").split()),
        journal=journal,
        journal_full=full if full != journal else "",
        year=year,
        month=month,
        volume=values.get("volume", ""),
        issue=values.get("issue", ""),
        pages=expand_pages(pages.replace("--", "-")),
        doi=normalize_doi(values.get("doi", "")),
        pmcid=pmcid,
        annotation=" ".join(notes),
        publication_types=tuple(dict.fromkeys(publication_types)),
        keywords=tuple(dict.fromkeys(keywords)),
        extra=tuple(extra),
        origins=(Origin(source, line),),
    )


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse RIS ``text``: one reference per ``TY`` ... ``ER`` record."""
    references: list[Reference] = []
    problems: list[Diagnostic] = []
    record = RecordBuilder(strip=True)  # the open record's fields
    ris_type = ""
    start = 0
    open_record = False

    def close() -> None:
        nonlocal open_record
        items = [(tag, value) for tag, value, _ in record.take()]
        if open_record:
            references.append(_to_reference(ris_type, items, start, source))
        open_record = False

    for number, raw in enumerate(text.split("\n"), 1):  # as counted: not at \x1e or \x85
        line = raw.replace("\ufeff", "").rstrip()
        if not line.strip():
            continue
        m = _LINE_RE.fullmatch(line)
        if not m:
            if open_record and record:  # a wrapped value: join it to the previous tag
                record.extend(line.strip())
            elif not _EXPORT_HEADER_RE.fullmatch(line):
                problems.append(Diagnostic(source, number, "bad_entry", f"not RIS: {line}"))
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            if open_record and not record:  # "TY" repeated before any field: the last counts
                ris_type = value.upper()
                continue
            if open_record:
                problems.append(
                    Diagnostic(source, number, "bad_entry", "TY before the previous record's ER")
                )
                close()
            open_record, ris_type, start = True, value.upper(), number
        elif tag == "ER":
            if not open_record:
                problems.append(Diagnostic(source, number, "bad_entry", "ER without a TY"))
            close()
        elif open_record:
            record.add(tag, value, number)
        else:
            problems.append(Diagnostic(source, number, "bad_entry", f"outside a record: {line}"))
    if open_record:
        problems.append(Diagnostic(source, start, "bad_entry", "record has no ER line"))
        close()
    problems.sort(key=lambda d: d.line)
    return ParseResult(tuple(references), tuple(problems), NAME)
