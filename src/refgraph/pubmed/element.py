"""PubMed XML element -> :class:`~refgraph.model.PubmedRecord` (pure).

The walks go over direct children (no XPath, no ``find`` per field): one pass per
container element, dispatching on the child's tag through small tables, which keeps parsing
of 10,000 records fast. The walks share a shape (see :mod:`refgraph.pubmed.leaves`), each
over its own element's children. Text of elements that may carry inline markup (titles, abstracts:
``<i>``, ``<sub>``, MathML) is their full text content with whitespace normalised; leaves
are read from ``.text`` without an ``itertext`` join.

Decisions where PubMed data is ambiguous:

- ``MedlinePgn`` is put in the canonical page form of :func:`refgraph.text.expand_pages`
  (``117-26`` -> ``117-126``, ``D48-53`` -> ``D48-D53``, ``571-81; 600-2`` ->
  ``571-581, 600-602``); months go through :func:`refgraph.text.normalize_month`.
- ``mesh`` holds one entry per MeshHeading: the descriptor, then ``/Qualifier`` for each
  qualifier (``"Antineoplastic Agents/adverse effects/therapeutic use"``).
- ``abstract`` is one line per ``AbstractText``; a ``Label`` is written as ``"LABEL: text"``.
- ``elocation`` (only when there is no pagination) is the first valid ``pii`` ELocationID,
  else the first valid ``doi`` one.
- Book editors go to ``extra["editors"]`` as ``"; "``-joined short names.
"""

from __future__ import annotations

import re
from typing import Any

from refgraph.fastmodel import new_pubmed_record
from refgraph.ids import trial_ids_in
from refgraph.model import PubmedRecord, unique_in_order
from refgraph.pubmed.leaves import (
    TRIAL_REGISTRIES,
    abstract_lines,
    article_ids,
    author_list,
    comment_correction,
    date_parts,
    leaf_text,
    mesh_heading,
    reference_pmids,
    text_of,
    trial_ids,
)
from refgraph.text import expand_pages, normalize_month

__all__ = ["record_from_element"]

Element = Any  # lxml.etree._Element; kept loose so this module needs no lxml import

_YEAR_RE = re.compile(r"\b(1[6-9]\d\d|2\d\d\d)\b")
_MONTH_WORD_RE = re.compile(r"\b([A-Za-z]{3})[a-z]*\b")
class _Acc:
    """Mutable scratch space while one record is read."""

    __slots__ = ("abstract", "elocs", "extra", "f", "ids", "trials")

    def __init__(self) -> None:
        self.f: dict[str, Any] = {}
        self.extra: dict[str, str] = {}
        self.elocs: list[tuple[str, str]] = []
        self.ids: dict[str, str] = {}
        self.abstract: list[str] = []
        self.trials: list[str] = []


def _pub_date(el: Element, acc: _Acc) -> None:
    d = date_parts(el)
    f = acc.f
    if d.get("MedlineDate"):
        f["medline_date"] = " ".join(d["MedlineDate"].split())
        y = _YEAR_RE.search(f["medline_date"])
        f["year"] = y.group(1) if y else ""
        m = _MONTH_WORD_RE.search(f["medline_date"][y.end() :] if y else "")
        f["month"] = normalize_month(m.group(1)) if m else ""
    if d.get("Year"):
        f["year"] = d["Year"]
    if d.get("Month"):
        f["month"] = normalize_month(d["Month"]) or d["Month"]
    if d.get("Day"):
        f["day"] = d["Day"].lstrip("0") or d["Day"]
    if d.get("Season"):
        f["season"] = d["Season"]


# _journal, _book, _pagination and leaves.comment_correction walk their element's children
# the same way (one branch per child tag): the shape of an element walk, each over its own
# tags, in one pass over the children (the parser's hot path).
def _journal(el: Element, acc: _Acc) -> None:
    f = acc.f
    for child in el:
        tag = child.tag
        if tag == "JournalIssue":
            for part in child:
                if part.tag == "Volume":
                    f["volume"] = text_of(part)
                elif part.tag == "Issue":
                    f["issue"] = text_of(part)
                elif part.tag == "PubDate":
                    _pub_date(part, acc)
        elif tag == "Title":
            f["journal"] = text_of(child)
        elif tag == "ISOAbbreviation":
            f["journal_abbrev"] = text_of(child)


def _pagination(el: Element, acc: _Acc) -> None:
    pgn = start = end = ""
    for child in el:
        if child.tag == "MedlinePgn":
            pgn = text_of(child)
        elif child.tag == "StartPage":
            start = text_of(child)
        elif child.tag == "EndPage":
            end = text_of(child)
    if pgn:
        acc.f["pages"] = expand_pages(pgn)
    elif start:
        acc.f["pages"] = expand_pages(f"{start}-{end}" if end and end != start else start)


def _article_date(el: Element, acc: _Acc) -> None:
    if (el.get("DateType") or "Electronic") != "Electronic" or "epub_year" in acc.f:
        return
    d = date_parts(el)
    if d.get("Year"):
        acc.f["epub_year"] = d["Year"]
        if d.get("Month"):
            parts = [d["Year"], d["Month"].zfill(2)] + ([d["Day"].zfill(2)] if d.get("Day") else [])
            acc.extra["epub_date"] = "-".join(parts)


def _databanks(el: Element, acc: _Acc) -> None:
    banks: list[tuple[str, str]] = []
    for bank in el:
        if bank.tag != "DataBank":
            continue
        name, numbers = "", []
        for child in bank:
            if child.tag == "DataBankName":
                name = text_of(child)
            elif child.tag == "AccessionNumberList":
                numbers = [text_of(n) for n in child if n.tag == "AccessionNumber"]
        for number in numbers:
            if number:
                banks.append((name, number))
                if name in TRIAL_REGISTRIES or trial_ids_in(number):
                    acc.trials.append(number)
    acc.f["databanks"] = tuple(banks)


def _article(el: Element, acc: _Acc) -> None:
    f = acc.f
    for child in el:
        tag = child.tag
        if tag == "Journal":
            _journal(child, acc)
        elif tag == "ArticleTitle":
            f["title"] = text_of(child)
        elif tag == "Pagination":
            _pagination(child, acc)
        elif tag == "ELocationID":
            if child.get("ValidYN") != "N":
                acc.elocs.append((child.get("EIdType") or "", text_of(child)))
        elif tag == "Abstract":
            abstract_lines(child, acc.abstract)
        elif tag == "AuthorList":
            f["authors"], f["authors_complete"] = author_list(child)
        elif tag == "Language":
            f.setdefault("language", []).append(text_of(child))
        elif tag == "DataBankList":
            _databanks(child, acc)
        elif tag == "PublicationTypeList":
            f["publication_types"] = tuple(text_of(p) for p in child if p.tag == "PublicationType")
        elif tag == "ArticleDate":
            _article_date(child, acc)


def _citation(el: Element, acc: _Acc) -> None:
    f = acc.f
    for child in el:
        tag = child.tag
        if tag == "PMID":
            f["pmid"] = leaf_text(child)
        elif tag == "Article":
            _article(child, acc)
        elif tag == "MedlineJournalInfo":
            for part in child:
                if part.tag == "MedlineTA":
                    f["medline_ta"] = text_of(part)
        elif tag == "CommentsCorrectionsList":
            f["comments_corrections"] = tuple(comment_correction(c) for c in child
                                              if c.tag == "CommentsCorrections")
        elif tag == "MeshHeadingList":
            f["mesh"] = tuple(mesh_heading(h) for h in child if h.tag == "MeshHeading")
        elif tag == "KeywordList":
            f.setdefault("keywords", []).extend(text_of(k) for k in child if k.tag == "Keyword")


def _pubmed_data(el: Element, acc: _Acc) -> None:
    for child in el:
        if child.tag == "ArticleIdList":
            article_ids(child, acc.ids)
        elif child.tag == "ReferenceList":
            refs: list[str] = acc.f.setdefault("references", [])
            reference_pmids(child, refs)


def _book(el: Element, acc: _Acc) -> None:
    f = acc.f
    f["is_book"] = True
    for child in el:
        tag = child.tag
        if tag == "Publisher":
            for part in child:
                if part.tag == "PublisherName":
                    f["publisher"] = text_of(part)
                elif part.tag == "PublisherLocation":
                    acc.extra["publisher_location"] = text_of(part)
        elif tag == "BookTitle":
            f["book_title"] = text_of(child)
        elif tag == "PubDate":
            _pub_date(child, acc)
        elif tag == "AuthorList":
            _book_authors(child, acc, in_book=True)
        elif tag == "Volume":
            f["volume"] = text_of(child)
        elif tag == "Isbn" and "isbn" not in f:
            f["isbn"] = text_of(child)
        elif tag == "ELocationID":
            acc.elocs.append((child.get("EIdType") or "", text_of(child)))


def _book_authors(el: Element, acc: _Acc, in_book: bool) -> None:
    authors, complete = author_list(el)
    if el.get("Type") == "editors":
        acc.extra["editors"] = "; ".join(a.short() for a in authors)
    elif not in_book or "authors" not in acc.f:
        acc.f["authors"], acc.f["authors_complete"] = authors, complete


def _book_document(el: Element, acc: _Acc) -> None:
    f = acc.f
    for child in el:
        tag = child.tag
        if tag == "PMID":
            f["pmid"] = leaf_text(child)
        elif tag == "ArticleIdList":
            article_ids(child, acc.ids)
        elif tag == "Book":
            _book(child, acc)
        elif tag == "ArticleTitle":
            f["title"] = text_of(child)
        elif tag == "AuthorList":
            _book_authors(child, acc, in_book=False)
        elif tag == "Language":
            f.setdefault("language", []).append(text_of(child))
        elif tag == "PublicationType":
            f.setdefault("publication_types", []).append(text_of(child))
        elif tag == "Abstract":
            abstract_lines(child, acc.abstract)
        elif tag == "KeywordList":
            f.setdefault("keywords", []).extend(text_of(k) for k in child if k.tag == "Keyword")
        elif tag == "ReferenceList":
            reference_pmids(child, f.setdefault("references", []))


def record_from_element(el: Element) -> PubmedRecord:
    """Read one ``PubmedArticle`` or ``PubmedBookArticle`` element."""
    acc = _Acc()
    for child in el:
        tag = child.tag
        if tag == "MedlineCitation":
            _citation(child, acc)
        elif tag == "PubmedData" or tag == "PubmedBookData":
            _pubmed_data(child, acc)
        elif tag == "BookDocument":
            _book_document(child, acc)
    f = acc.f
    if f.get("is_book") and not f.get("title"):
        f["title"] = f.get("book_title", "")
    if acc.extra.get("bookaccession") is None and acc.ids.get("bookaccession"):
        acc.extra["bookaccession"] = acc.ids["bookaccession"]
    doi = next((v for k, v in acc.elocs if k == "doi" and v), "") or acc.ids.get("doi", "")
    if not f.get("pages"):
        f["elocation"] = next((v for k, v in acc.elocs if k == "pii" and v), "") or next(
            (v for k, v in acc.elocs if k == "doi" and v), ""
        )
    abstract = "\n".join(acc.abstract)
    trials = [*acc.trials, *trial_ids(f.get("title", "")), *trial_ids(abstract)]
    # the walked fields -> PubmedRecord by name (a field list, not logic), built without
    # the frozen __init__ (refgraph.fastmodel: an equal record in a third of the time)
    return new_pubmed_record(
        pmid=f.get("pmid", ""),
        title=f.get("title", ""),
        journal=f.get("journal", ""),
        journal_abbrev=f.get("journal_abbrev", ""),
        medline_ta=f.get("medline_ta", ""),
        volume=f.get("volume", ""),
        issue=f.get("issue", ""),
        year=f.get("year", ""),
        month=f.get("month", ""),
        day=f.get("day", ""),
        season=f.get("season", ""),
        medline_date=f.get("medline_date", ""),
        epub_year=f.get("epub_year", ""),
        pages=f.get("pages", ""),
        elocation=f.get("elocation", ""),
        doi=doi,
        pmcid=acc.ids.get("pmc", ""),
        authors=f.get("authors", ()),
        authors_complete=f.get("authors_complete", True),
        language=tuple(f.get("language", ())),
        publication_types=tuple(f.get("publication_types", ())),
        mesh=f.get("mesh", ()),
        keywords=tuple(k for k in f.get("keywords", ()) if k),
        comments_corrections=f.get("comments_corrections", ()),
        databanks=f.get("databanks", ()),
        trials=unique_in_order(trials),
        abstract=abstract,
        references=unique_in_order(f.get("references", ())),
        is_book=f.get("is_book", False),
        book_title=f.get("book_title", ""),
        publisher=f.get("publisher", ""),
        isbn=f.get("isbn", ""),
        extra=acc.extra,
    )
