"""EndNote's tagged format (``.enw``, Refer/BibIX) -> References (pure).

What Google Scholar's "EndNote" link, EndNote's "Refer/BibIX" export and many library
catalogues give: one field a line, a ``%`` tag, a space and the value; records separated by
blank lines; a line without a tag continues the field above::

    %0 Journal Article
    %A Kantarjian, Hagop M.
    %A DeAngelo, Daniel J.
    %T Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic leukemia
    %J New England Journal of Medicine
    %V 375
    %N 8
    %P 740-753
    %D 2016
    %R 10.1056/NEJMoa1509277
    %M 27292104

``%M`` (accession number) is the PMID when it is one, as PubMed-sourced records have it; a
``PMID: n`` anywhere (``%Z`` notes) or a PubMed address in ``%U`` will do too. ``%X`` is the
abstract. Lines before the first tag are reported (``bad_entry``); a record without a PMID
is kept and reported as ``no_pmid``.
"""

from __future__ import annotations

import re

from refgraph.ids import normalize_doi, normalize_pmid, pmcid_in_url, pmid_in_text, pmid_in_url
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources._names import read_names
from refgraph.sources._tagged import Field, RecordBuilder, read_records, report_repeats
from refgraph.text import expand_pages

__all__ = ["ENDNOTE_TYPES", "EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "refer"
EXTENSIONS = (".enw", ".refer")

_TAG_RE = re.compile(r"%([0-9A-Z@+!#$&()*\]^~>|?]) ?(.*)")
_YEAR_RE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
#: EndNote's reference types (the same names in its tagged and XML exports) -> entry types.
ENDNOTE_TYPES = {"Journal Article": "article", "Book": "book", "Book Section": "incollection",
          "Conference Proceedings": "inproceedings", "Thesis": "phdthesis",
          "Report": "techreport"}  # fmt: skip

def sniff(text: str) -> bool:
    """The first line is a ``%0`` or ``%A`` field and three of the first lines are fields."""
    lines = [x for x in text[:5000].split("\n") if x.strip()][:30]
    if not lines or not lines[0].lstrip("\ufeff").startswith(("%0 ", "%A ", "%T ")):
        return False
    return sum(1 for x in lines if _TAG_RE.fullmatch(x.rstrip())) >= 3


def _records(text: str, source: str, problems: list[Diagnostic]) -> list[list[Field]]:
    records: list[list[Field]] = []
    record = RecordBuilder()
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip().lstrip("\ufeff")
        if not line:
            if record:
                records.append(record.take())
            continue
        found = _TAG_RE.fullmatch(line)
        if found:
            record.add(found.group(1), found.group(2).strip(), number)
        elif record:
            record.extend(line.strip())
        else:
            problems.append(Diagnostic(source, number, "bad_entry", f"not a field line: {line}"))
    if record:
        records.append(record.take())
    return records


#: The tags read as one value (``%A`` authors and ``%K`` keywords are many).
_ONCE = frozenset("0TJBVNPDMRXI@")


def _reference(record: list[Field], source: str, problems: list[Diagnostic]) -> Reference:
    report_repeats(record, _ONCE, source, problems)
    first: dict[str, str] = {}
    for tag, value, _ in record:
        if value:
            first.setdefault(tag, value)
    people = "; ".join(v for t, v, _ in record if t == "A" and v)
    authors, et_al, _ = read_names(people) if people else ((), False, False)
    pmid = normalize_pmid(first.get("M", "")) or ""
    for tag, value, _ in record:
        pmid = pmid or pmid_in_text(value)
        if not pmid and tag == "U":
            pmid = pmid_in_url(value)
    pmcid = next((pmcid_in_url(v) for t, v, _ in record if t == "U" and pmcid_in_url(v)), "")
    kind = ENDNOTE_TYPES.get(first.get("0", ""), "article" if "J" in first else "misc")
    year = _YEAR_RE.search(first.get("D", ""))
    line = record[0][2]
    if not pmid:
        problems.append(Diagnostic(source, line, "no_pmid", first.get("T", "record")))
    extra = [("abstract", first["X"])] if first.get("X") else []
    extra += [(name, first[tag]) for tag, name in (("I", "publisher"), ("@", "issn"),
                                                    ("U", "url")) if first.get(tag)]  # fmt: skip
    return Reference(
        key="", pmid=pmid, entry_type=kind, authors=authors, et_al=et_al,
        title=first.get("T", ""), journal=first.get("J", "") or first.get("B", ""),
        year=year.group() if year else "", volume=first.get("V", ""),
        issue=first.get("N", ""), pages=expand_pages(first.get("P", "")),
        doi=normalize_doi(first.get("R", "")), pmcid=pmcid,
        keywords=tuple(v for t, v, _ in record if t == "K" and v),
        extra=tuple(extra), origins=(Origin(source, line),),
    )  # fmt: skip


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Read every record of an EndNote tagged (Refer) export."""
    return read_records(text, source, NAME, _records, _reference)
