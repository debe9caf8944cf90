"""EndNote XML (``<xml><records><record>``) -> References (pure).

EndNote's "XML" export, also what Mendeley, Covidence, Rayyan and EPPI-Reviewer exchange
for systematic reviews. Each ``record`` holds ``ref-type`` (its ``name``: ``Journal
Article``...), ``contributors/authors/author``, ``titles/title`` and
``titles/secondary-title`` (the journal), ``periodical/abbr-1`` (its abbreviation),
``pages``, ``volume``, ``number``, ``dates/year``, ``accession-num`` (the PMID when it is one,
as PubMed-sourced records have it), ``electronic-resource-num`` (the DOI), ``custom2`` (the
PMCID, where EndNote's PubMed import puts it), ``urls``,
``abstract`` and ``keywords``; any text may sit in ``<style>`` elements, which are read
through. The XML is parsed with entity expansion off; a document that declares entities is
refused. A record without a PMID is kept and reported as ``no_pmid``.
"""

from __future__ import annotations

import re

from lxml import etree

from refgraph.ids import (
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pmcid_in_url,
    pmid_in_text,
    pmid_in_url,
)
from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources._names import read_names
from refgraph.sources._xmlroot import xml_root
from refgraph.sources.refer import ENDNOTE_TYPES
from refgraph.text import expand_pages

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "endnote-xml"
EXTENSIONS = (".xml",)

_SNIFF_RE = re.compile(r"<records>\s*<record>|<record>\s*<database\b|<record>\s*<rec-number>")
_YEAR_RE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def sniff(text: str) -> bool:
    """An EndNote XML document: ``<records><record>`` near the start."""
    head = text[:20_000].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _SNIFF_RE.search(head) is not None


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _first(record: etree._Element, path: str) -> str:
    return _text(record.find(path))


def _reference(record: etree._Element, source: str, problems: list[Diagnostic]) -> Reference:
    people = [_text(a) for a in record.iterfind("contributors/authors/author")]
    named = "; ".join(p for p in people if p)
    authors, et_al, _ = read_names(named) if named else ((), False, False)
    urls = [_text(u) for u in record.iterfind("urls//url")]
    accession = _first(record, "accession-num")
    pmid = normalize_pmid(accession) or ""
    notes = _first(record, "notes")
    pmid = pmid or pmid_in_text(f"{accession} {notes}")
    pmid = pmid or next((pmid_in_url(u) for u in urls if pmid_in_url(u)), "")
    kind = record.find("ref-type")
    type_name = kind.get("name", "") if kind is not None else ""
    secondary = _first(record, "titles/secondary-title")
    journal = _first(record, "periodical/abbr-1") or secondary
    year = _YEAR_RE.search(_first(record, "dates/year"))
    title = _first(record, "titles/title")
    line = record.sourceline or 1
    if not pmid:
        problems.append(Diagnostic(source, line, "no_pmid", title or "record"))
    extra = [("abstract", a)] if (a := _first(record, "abstract")) else []
    extra += [("url", u) for u in urls[:1]]
    return Reference(
        key="", pmid=pmid,
        entry_type=ENDNOTE_TYPES.get(type_name, "article" if journal else "misc"),
        authors=authors, et_al=et_al, title=title, journal=journal,
        journal_full=_first(record, "periodical/full-title") or secondary,
        year=year.group() if year else "", volume=_first(record, "volume"),
        issue=_first(record, "number"), pages=expand_pages(_first(record, "pages")),
        doi=normalize_doi(_first(record, "electronic-resource-num")),
        pmcid=normalize_pmcid(_first(record, "custom2"))  # where PubMed imports put it
        or next((pmcid_in_url(u) for u in urls if pmcid_in_url(u)), ""),
        keywords=tuple(k for k in (_text(k) for k in record.iterfind("keywords/keyword")) if k),
        extra=tuple(extra), origins=(Origin(source, line),),
    )  # fmt: skip


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Read every ``record`` of an EndNote XML export, in order."""
    root = xml_root(text, source, "EndNote")
    problems: list[Diagnostic] = []
    refs = [_reference(r, source, problems) for r in root.iter("record")]
    if not refs:
        problems.append(Diagnostic(source, 1, "fragment", "no <record> elements"))
    return ParseResult(tuple(assign_keys(refs)), tuple(problems), NAME)
