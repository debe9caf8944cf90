"""MEDLINE / PubMed text format and ``.nbib`` -> References (pure).

Each record is a run of ``TAG - value`` lines (the tag left-aligned in four columns,
continuation lines indented by six spaces), records separated by blank lines or by a new
``PMID-`` line. The field mapping follows :func:`refgraph.pubmed.parse.record_to_reference`
so that a MEDLINE record and the same record as PubMed XML give the same reference:
``journal`` is ``TA`` (MedlineTA), ``journal_full`` is ``JT``, ``pages`` are expanded
(``PG - 117-26`` -> ``117-126``), ``keywords`` are the MeSH descriptors (``MH``, without
qualifiers or ``*``) then the other terms (``OT``), ``trials`` come from ``SI``
(``ClinicalTrials.gov/NCT01564784``), ``CN`` is a group author, ``AB``/``LA``/``IS``
go to ``extra`` as ``abstract``/``language``/``issn``.

Lines that are neither a tag nor a continuation become ``bad_entry`` diagnostics; a
record without ``PMID`` is kept and reported as ``no_pmid``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid, trial_ids_in, unread_ids
from refgraph.model import (
    Author,
    Diagnostic,
    Origin,
    ParseResult,
    Reference,
    initials_of,
    unique_in_order,
)
from refgraph.sources._tagged import RecordBuilder
from refgraph.text import INCOMPLETE_AUTHORS_NOTE, expand_pages, normalize_month

__all__ = ["ET_AL_NOTE", "EXTENSIONS", "NAME", "parse", "parse_records", "sniff"]

NAME = "medline"
ET_AL_NOTE = INCOMPLETE_AUTHORS_NOTE  # read back as et_al, never as annotation text
EXTENSIONS = (".nbib", ".medline", ".txt")

_TAG_RE = re.compile(r"([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)")
_SNIFF_RE = re.compile(r"^PMID- ?\d", re.MULTILINE)
_ID_RE = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")
_EXTRA_TAGS = {"AB": "abstract", "LA": "language", "IS": "issn"}

Record = list[tuple[str, str, int]]


def sniff(text: str) -> bool:
    """Return whether ``text`` holds MEDLINE records (a ``PMID- 123`` line near the start,
    or a start made of at least three ``TAG - value`` lines)."""
    if _SNIFF_RE.search(text, 0, 20_000):
        return True
    lines = [line for line in text[:5000].split("\n") if line.strip()][:40]
    if not lines or not _TAG_RE.fullmatch(lines[0].rstrip()):
        return False
    return sum(1 for line in lines if _TAG_RE.fullmatch(line.rstrip())) >= 3


def parse_records(text: str, source: str = "") -> tuple[list[Record], list[Diagnostic]]:
    """Split ``text`` into records of ``(tag, value, line)``, joining continuation lines."""
    records: list[Record] = []
    problems: list[Diagnostic] = []
    record = RecordBuilder(strip=True)
    for number, line in enumerate(text.split("\n"), 1):  # as counted: not at \x1e or \x85
        if not line.strip():
            if record:
                records.append(record.take())
            continue
        if line.startswith("      ") or (line.startswith(" ") and record):
            if record:
                record.extend(line.strip())
            else:
                problems.append(Diagnostic(source, number, "bad_entry", line.strip()))
            continue
        m = _TAG_RE.fullmatch(line.rstrip())
        if not m or m.start(2) > 6:
            problems.append(Diagnostic(source, number, "bad_entry", f"not a MEDLINE line: {line}"))
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag == "PMID" and any(t == "PMID" for t, _, _ in record.fields):
            records.append(record.take())
        record.add(tag, value, number)
    if record:
        records.append(record.take())
    return records, problems


def _authors(record: Record) -> tuple[tuple[Author, ...], bool]:
    """FAU (full) paired with the AU that follows it; AU alone; CN as group author."""
    authors: list[Author] = []
    et_al = False
    pending_full: str | None = None
    for tag, value, _ in record:
        if not value:
            continue
        if tag == "FAU":
            if pending_full is not None:
                authors.append(_person(pending_full, ""))
            pending_full = value
        elif tag == "AU":
            if value.lower() in ("et al", "et al."):
                et_al = True
            elif pending_full is not None:
                authors.append(_person(pending_full, value))
            else:
                authors.append(_person("", value))
            pending_full = None
        elif tag == "CN":
            if pending_full is not None:
                authors.append(_person(pending_full, ""))
                pending_full = None
            authors.append(Author(collective=value))
    if pending_full is not None:
        authors.append(_person(pending_full, ""))
    return tuple(authors), et_al


def _person(full: str, short: str) -> Author:
    """Build an author from ``FAU`` (``Last, First``) and/or ``AU`` (``Last FM``)."""
    initials = ""
    last = ""
    if short:
        head, _, tail = short.rpartition(" ")
        if head and tail.isupper() and tail.isalpha() and len(tail) <= 4:
            last, initials = head, tail
        else:
            last = short
    suffix = ""
    first = ""
    if full:
        parts = [p.strip() for p in full.split(",")]
        last = parts[0]
        if len(parts) >= 3:
            first, suffix = parts[1], parts[2]
        elif len(parts) == 2:
            first = parts[1]
    return Author(last=last, first=first, initials=initials or initials_of(first), suffix=suffix)


def _date(value: str) -> tuple[str, str]:
    """``DP - 2016 Aug 25`` -> ``("2016", "Aug")``; seasons and ranges keep only the year."""
    words = value.split()
    year = words[0][:4] if words and words[0][:4].isdigit() else ""
    month = normalize_month(words[1].split("-")[0]) if len(words) > 1 else ""
    return year, month


def _ids(record: Record, kind: str) -> Iterator[str]:
    """Identifiers of ``kind`` from ``LID``/``AID`` (``10.x/y [doi]``; a bare ``doi:...``)."""
    for tag, value, _ in record:
        if tag in ("LID", "AID"):
            m = _ID_RE.match(value)
            if m and m.group(2).lower() == kind:
                yield m.group(1)
            elif not m and kind == "doi" and normalize_doi(value):
                yield value


def _entry_type(first: dict[str, str], record: Record) -> str:
    if first.get("BTI"):
        return "incollection" if first.get("TI") else "book"
    if any(t == "PT" and v == "Technical Report" for t, v, _ in record):
        return "techreport"
    return "article"


def _to_reference(record: Record, source: str, problems: list[Diagnostic]) -> Reference:
    first: dict[str, str] = {}
    for tag, value, _ in record:
        if value:
            first.setdefault(tag, value)
    line = record[0][2]
    pmid = ""
    if "PMID" in first:
        pmid = normalize_pmid(first["PMID"]) or ""
        if not pmid:  # reported, and kept as text (extra "pmid"), as the BibTeX reader does
            problems.append(Diagnostic(source, line, "bad_pmid", f"PMID {first['PMID']!r}"))
    else:
        problems.append(Diagnostic(source, line, "no_pmid", first.get("TI", "record")))
    authors, et_al = _authors(record)
    notes = [v for t, v, _ in record if t == "GN" and v]
    if ET_AL_NOTE in notes:
        et_al = True
        notes = [n for n in notes if n != ET_AL_NOTE]
    year, month = _date(first.get("DP", ""))
    doi = next((normalize_doi(d) for d in _ids(record, "doi") if normalize_doi(d)), "")
    mesh = [v.split("/", 1)[0].lstrip("*").strip() for t, v, _ in record if t == "MH"]
    other = [v for t, v, _ in record if t == "OT"]
    trials: list[str] = []
    extra: list[tuple[str, str]] = []
    for tag, value, _ in record:
        if tag == "SI":
            found = trial_ids_in(value)
            trials.extend(found)
            if not found:
                extra.append(("secondary-id", value))
        elif tag in _EXTRA_TAGS and not any(k == _EXTRA_TAGS[tag] for k, _ in extra):
            extra.append((_EXTRA_TAGS[tag], value))
    pii = next(iter(_ids(record, "pii")), "")
    if pii:
        extra.append(("pii", pii))
    if "PMID" in first and not pmid:
        extra.insert(0, ("pmid", first["PMID"]))
    # a DOI or PMCID that is not one is kept as written, as the BibTeX reader keeps it
    extra += unread_ids("" if doi else next(iter(_ids(record, "doi")), ""), first.get("PMC", ""))
    titles = [v for t, v, _ in record if t == "TI" and v]  # a repeated TI continues the title
    title = first.get("BTI", "")
    if titles:
        title = titles[0]
        for more in titles[1:]:
            title += (" " if title[-1:] in ".?!:" else ": ") + more
    return Reference(
        key="",
        pmid=pmid,
        entry_type=_entry_type(first, record),
        authors=authors,
        et_al=et_al,
        title=title,
        journal=first.get("TA", ""),
        journal_full=first.get("JT", ""),
        year=year,
        month=month,
        volume=first.get("VI", ""),
        issue=first.get("IP", ""),
        pages=expand_pages(first.get("PG", "")),
        doi=doi,
        pmcid=normalize_pmcid(first.get("PMC", "")),
        # GN (general note) carries the annotation refgraph's .nbib export writes
        annotation="\n\n".join(notes),
        publication_types=unique_in_order(v for t, v, _ in record if t == "PT"),
        keywords=unique_in_order([*mesh, *other]),
        trials=unique_in_order(trials),
        extra=tuple(extra),
        origins=(Origin(source, line),),
    )


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse MEDLINE/.nbib ``text``: one reference per record, in order."""
    records, problems = parse_records(text, source)
    references = [_to_reference(r, source, problems) for r in records]
    problems.sort(key=lambda d: d.line)
    return ParseResult(tuple(references), tuple(problems), NAME)
