"""Reference tables (CSV, TSV) -> References (pure): PubMed's CSV export, and the sheets people
keep of what they cite.

PubMed's *Save* with the format "CSV" writes one row a record under the header
``PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,
NIHMS ID,DOI``; Scopus's CSV export has ``Authors``, ``Title``, ``Year``, ``Source title``,
``Page start``, ``PubMed ID``...; Web of Science's tab-delimited export names its columns by
field tags (:data:`WOS_COLUMNS`); a spreadsheet saved as CSV or tab-separated text has its
own header with columns such as ``pmid``, ``title``, ``year``, ``doi`` (Covidence's and
Rayyan's exports are such sheets; an ``Accession Number`` that is a PMID is one). Columns are
known by their header, in any order, case and spacing (:data:`COLUMNS`); the others are left
out.
PubMed's ``Citation`` column is its source line (``N Engl J Med. 2016 Aug 25;375(8):740-53.
doi: ...``): volume, issue, pages and date come from it when no column of their own gives
them.

A row is a reference when it names a work (a PMID, DOI, PMCID or title); a row that does
not is reported (``unparsed``) with its line, as is a row without a PMID (``no_pmid``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from typing import Any

from refgraph.errors import ParseError
from refgraph.files import MAX_INPUT_BYTES
from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid
from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources._fields import Fields
from refgraph.sources._names import read_names
from refgraph.sources._pubmedline import source_line
from refgraph.text import expand_pages

__all__ = ["COLUMNS", "EXTENSIONS", "NAME", "WOS_COLUMNS", "parse", "sniff"]

NAME = "table"
EXTENSIONS = (".csv", ".tsv")

#: Header (lower case, letters and digits only) -> field: PubMed's CSV, Scopus's CSV, and
#: the names people give their columns.
COLUMNS: dict[str, str] = {
    "pmid": "pmid", "pubmedid": "pmid", "pubmed": "pmid",
    "title": "title", "articletitle": "title",
    "authors": "authors", "author": "authors", "authorlist": "authors",
    "citation": "citation",
    "journalbook": "journal", "journal": "journal", "journaltitle": "journal_full",
    "sourcetitle": "journal_full", "abbreviatedsourcetitle": "journal",
    "publicationyear": "year", "year": "year", "pubyear": "year", "publishedyear": "year",
    "accessionnumber": "accession",
    "pmcid": "pmcid", "pmc": "pmcid",
    "doi": "doi",
    "volume": "volume", "issue": "issue", "pages": "pages",
    "pagestart": "first_page", "pageend": "last_page", "artno": "article_number",
    "nihmsid": "nihmsid",
}  # fmt: skip
#: Web of Science's tab-delimited export names its columns by field tags (``PT AU TI SO
#: ...``); read so only in a header that has its ``PT`` and ``UT`` columns.
WOS_COLUMNS: dict[str, str] = {
    "au": "authors", "ti": "title", "so": "journal_full", "ji": "journal", "py": "year",
    "vl": "volume", "is": "issue", "bp": "first_page", "ep": "last_page",
    "ar": "article_number", "di": "doi", "pm": "pmid",
}  # fmt: skip
_DELIMITERS = (",", "\t", ";")
_NAME_RE = re.compile(r"[^a-z0-9]")


def _key(header: str) -> str:
    return _NAME_RE.sub("", header.lower())


def _layout(text: str) -> tuple[str, dict[int, str]] | None:
    """The delimiter and the known columns (index -> field) of the table's header row."""
    first = next((line for line in text[:20_000].split("\n") if line.strip()), "")
    for delimiter in _DELIMITERS:
        if delimiter not in first:
            continue
        header = next(csv.reader([first], delimiter=delimiter), [])
        keys = [_key(h) for h in header]
        names = WOS_COLUMNS if {"pt", "ut"} <= set(keys) else COLUMNS
        known = {i: names[k] for i, k in enumerate(keys) if k in names}
        fields = set(known.values())
        if len(header) >= 2 and ("pmid" in fields or {"title", "doi"} <= fields
                                 or {"title", "citation"} <= fields):  # fmt: skip
            return delimiter, known
    return None


def sniff(text: str) -> bool:
    """The first line is a header naming a PMID column (or title with DOI or citation)."""
    return _layout(text) is not None


def _pages(row: dict[str, str], fields: Fields | None) -> str:
    if row.get("pages"):
        return expand_pages(row["pages"])
    if row.get("first_page"):
        last = row.get("last_page", "")
        return expand_pages(f"{row['first_page']}-{last}" if last else row["first_page"])
    return row.get("article_number", "") or (fields.pages if fields else "")


def _reference(row: dict[str, str], source: str, line: int) -> Reference:
    journal, fields = source_line(row["citation"]) if row.get("citation") else ("", None)
    authors_text = row.get("authors", "").strip().rstrip(".")
    authors, et_al, _ = read_names(authors_text) if authors_text else ((), False, False)
    extra = [("nihmsid", row["nihmsid"])] if row.get("nihmsid") else []
    accession = row.get("accession", "")
    if accession and not row.get("pmid"):  # Covidence, EndNote: PubMed's records carry the PMID
        row["pmid"] = accession if normalize_pmid(accession) else ""
    if accession and accession != row.get("pmid"):
        extra.append(("accession", accession))  # Embase's L..., WoS's ..., kept as given
    if fields is not None and fields.epub:
        extra.insert(0, ("epub", fields.epub))
    journal = row.get("journal", "") or journal or row.get("journal_full", "")
    return Reference(
        key="", pmid=normalize_pmid(row.get("pmid", "")) or "",
        entry_type="article" if journal else "misc", authors=authors, et_al=et_al,
        title=row.get("title", ""), journal=journal, journal_full=row.get("journal_full", ""),
        year=row.get("year", "") or (fields.year if fields else ""),
        month=fields.month if fields else "",
        volume=row.get("volume", "") or (fields.volume if fields else ""),
        issue=row.get("issue", "") or (fields.issue if fields else ""),
        pages=_pages(row, fields),
        doi=normalize_doi(row.get("doi", "")) or (fields.doi if fields else ""),
        pmcid=normalize_pmcid(row.get("pmcid", "")), extra=tuple(extra),
        origins=(Origin(source, line),),
    )  # fmt: skip


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Read every row of a reference table; see the module docstring."""
    layout = _layout(text)
    if layout is None:
        return ParseResult((), (Diagnostic(source, 1, "unparsed", "no table header with a "
                                           "PMID, title or DOI column"),), NAME)  # fmt: skip
    delimiter, known = layout
    body = text.lstrip("\n")
    lead = len(text) - len(body)  # blank lines before the header
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    refs: list[Reference] = []
    problems: list[Diagnostic] = []
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))  # a long abstract
    try:
        _rows(reader, known, delimiter, lead, source, refs, problems)
    except csv.Error as exc:
        raise ParseError(f"not a readable table ({exc})", source, lead + reader.line_num) from None
    return ParseResult(tuple(assign_keys(refs)), tuple(problems), NAME)


def _rows(reader: Any, known: dict[int, str], delimiter: str, lead: int, source: str,
          refs: list[Reference], problems: list[Diagnostic]) -> None:  # fmt: skip
    width = len(next(reader, None) or ())  # the header
    line = 1
    for cells in reader:
        start, line = lead + line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        swallowed = [c for c in cells if "\n" in c and any(
            part.count(delimiter) >= max(1, width - 1) for part in c.split("\n")[1:])]
        if swallowed:  # a quote left open: the rows after it became one cell
            problems.append(Diagnostic(source, start, "bad_entry", "a quote opened here runs "
                                       f"on to line {lead + line}: the rows in it became one"
                                       " cell"))  # fmt: skip
        row: dict[str, str] = {}
        for i, cell in enumerate(cells):
            if i in known and cell.strip():
                row.setdefault(known[i], " ".join(cell.split()))
        if not (row.get("pmid") or row.get("doi") or row.get("pmcid") or row.get("title")):
            problems.append(Diagnostic(source, start, "unparsed", delimiter.join(cells)[:300]))
            continue
        ref = _reference(row, source, start)
        if row.get("pmid") and not ref.pmid:
            problems.append(Diagnostic(source, start, "bad_pmid", f"PMID {row['pmid']!r}"))
            ref = replace(ref, extra=(("pmid", row["pmid"]), *ref.extra))
        elif not ref.pmid:
            problems.append(Diagnostic(source, start, "no_pmid", ref.title or ref.doi))
        refs.append(ref)
