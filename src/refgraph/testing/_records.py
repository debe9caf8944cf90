"""Record storage for the fake E-utilities server: splitting PubMed XML and summarising records.

Records are kept as the raw bytes of one ``<PubmedArticle>`` / ``<PubmedBookArticle>`` element,
exactly as they appeared in the source file, so efetch can serve them byte-identically. The
metadata that esummary, esearch and ecitmatch need is parsed lazily (refgraph's one safe lxml
parser, :mod:`refgraph.pubmed.safexml`: no entity expansion, no network) and cached.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from refgraph.pubmed.safexml import safe_parser
from refgraph.text import MONTHS

__all__ = ["RecordInfo", "RecordStore", "normalise_journal", "split_articles"]

_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
_PMID = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")
_NCT = re.compile(r"NCT\d{8}")


def split_articles(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Yield ``(pmid, element_bytes)`` for every top-level PubMed record in ``data``.

    A plain byte scan: the element runs from ``<PubmedArticle`` to its matching
    ``</PubmedArticle>`` (records never nest), and the PMID is the first ``<PMID>`` inside it,
    which is ``MedlineCitation/PMID`` or ``BookDocument/PMID``.
    """
    pos = 0
    while True:
        match = _START.search(data, pos)
        if match is None:
            return
        name = match.group(1)
        end_tag = b"</" + name + b">"
        end = data.find(end_tag, match.end())
        if end < 0:
            return
        chunk = data[match.start() : end + len(end_tag)]
        pmid = _PMID.search(chunk)
        if pmid is not None:
            yield pmid.group(1).decode("ascii"), chunk
        pos = end + len(end_tag)


def normalise_journal(name: str) -> str:
    """Lower-case a journal name and drop everything but letters and digits."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


@dataclass(frozen=True)
class RecordInfo:
    """What the fake needs to know about one record, beyond its bytes."""

    pmid: str
    is_book: bool
    title: str
    journal_title: str
    iso_abbreviation: str
    medline_ta: str
    volume: str
    issue: str
    pages: str
    first_page: str
    year: str
    pubdate: str
    epubdate: str
    authors: tuple[tuple[str, str], ...]  # (display name "Last AB", authtype)
    languages: tuple[str, ...]
    pubtypes: tuple[str, ...]
    article_ids: tuple[tuple[str, str], ...]  # (idtype, value)
    elocation: str
    nlm_unique_id: str
    issn: str
    essn: str
    trial_numbers: frozenset[str]
    references: tuple[str, ...]
    history: tuple[tuple[str, str], ...]  # (pubstatus, "YYYY/MM/DD HH:MM")
    has_abstract: bool


def _text(node: etree._Element | None) -> str:
    if node is None:
        return ""
    return "".join(node.itertext()).strip()


def _date_text(node: etree._Element | None) -> str:
    """A PubDate / ArticleDate as esummary shows it: ``2025 Jun 26``, ``2024 Winter-Spring``."""
    if node is None:
        return ""
    medline = str(node.findtext("MedlineDate") or "")
    if medline:
        return medline.strip()
    parts = [node.findtext("Year") or ""]
    month = (node.findtext("Month") or "").strip()
    if month.isdigit() and 1 <= int(month) <= 12:
        month = MONTHS[int(month) - 1]
    parts += [
        month,
        (node.findtext("Day") or "").strip().lstrip("0"),
        node.findtext("Season") or "",
    ]
    return " ".join(p.strip() for p in parts if p and p.strip())


def _author(node: etree._Element) -> tuple[str, str]:
    collective = node.findtext("CollectiveName")
    if collective:
        return _text(node.find("CollectiveName")), "CollectiveName"
    name = " ".join(
        p
        for p in (node.findtext("LastName"), node.findtext("Initials"), node.findtext("Suffix"))
        if p
    )
    return name, "Author"


def parse_record(pmid: str, xml: bytes) -> RecordInfo:
    """Summarise one record element (pure)."""
    root = etree.fromstring(xml, safe_parser())
    is_book = root.tag == "PubmedBookArticle"
    # a book's paths and an article's: the same fields found at different places (a field
    # list per record kind, not logic written twice)
    if is_book:
        doc = root.find("BookDocument")
        article = doc
        journal = None
        title = _text(doc.find("ArticleTitle")) or _text(doc.find("Book/BookTitle"))
        pubdate_node = doc.find("Book/PubDate")
        author_nodes = doc.findall("AuthorList/Author")
        languages = tuple(t.strip() for t in doc.xpath("Language/text()"))
        pubtypes = tuple(_text(n) for n in doc.findall("PublicationType"))
        id_nodes = doc.findall("ArticleIdList/ArticleId")
        medline_ta = nlm_id = ""
        data_banks: list[str] = []
    else:
        citation = root.find("MedlineCitation")
        article = citation.find("Article")
        journal = article.find("Journal")
        title = _text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle"))
        pubdate_node = journal.find("JournalIssue/PubDate")
        author_nodes = article.findall("AuthorList/Author")
        languages = tuple(t.strip() for t in article.xpath("Language/text()"))
        pubtypes = tuple(_text(n) for n in article.findall("PublicationTypeList/PublicationType"))
        id_nodes = root.findall("PubmedData/ArticleIdList/ArticleId")
        medline_ta = citation.findtext("MedlineJournalInfo/MedlineTA") or ""
        nlm_id = citation.findtext("MedlineJournalInfo/NlmUniqueID") or ""
        data_banks = [
            _text(n) for n in article.findall("DataBankList/DataBank/AccessionNumberList/*")
        ]
    abstract = _text(article.find("Abstract")) if article is not None else ""
    medline_pgn = (article.findtext("Pagination/MedlinePgn") or "").strip()
    start_page = (article.findtext("Pagination/StartPage") or "").strip()
    end_page = (article.findtext("Pagination/EndPage") or "").strip()
    pages = medline_pgn or "-".join(p for p in (start_page, end_page) if p)
    first_page = start_page or pages.split("-")[0].strip()
    elocations = [
        f"{n.get('EIdType', '')}: {_text(n)}"
        for n in article.findall("ELocationID")
        if n.get("ValidYN", "Y") == "Y"
    ]
    issn = essn = ""
    if journal is not None:
        for node in journal.findall("ISSN"):
            if node.get("IssnType") == "Electronic":
                essn = _text(node)
            else:
                issn = _text(node)
    epub = article.find("ArticleDate") if not is_book else None
    history = tuple(
        (
            n.get("PubStatus", ""),
            "{}/{:0>2}/{:0>2} {:0>2}:{:0>2}".format(
                *(n.findtext(k) or "0" for k in ("Year", "Month", "Day", "Hour", "Minute"))
            ),
        )
        for n in root.findall("PubmedData/History/PubMedPubDate")
        + root.findall("PubmedBookData/History/PubMedPubDate")
    )
    references = tuple(
        v.strip()
        for v in root.xpath("PubmedData/ReferenceList//ArticleId[@IdType='pubmed']/text()")
        if v.strip().isdigit()
    )
    year = (pubdate_node.findtext("Year") if pubdate_node is not None else "") or ""
    if not year and pubdate_node is not None:
        year = (pubdate_node.findtext("MedlineDate") or "")[:4]
    return RecordInfo(
        pmid=pmid,
        is_book=is_book,
        title=title,
        journal_title=_text(journal.find("Title")) if journal is not None else "",
        iso_abbreviation=_text(journal.find("ISOAbbreviation")) if journal is not None else "",
        medline_ta=medline_ta,
        volume=_text(journal.find("JournalIssue/Volume")) if journal is not None else "",
        issue=_text(journal.find("JournalIssue/Issue")) if journal is not None else "",
        pages=pages,
        first_page=first_page,
        year=year.strip(),
        pubdate=_date_text(pubdate_node),
        epubdate=_date_text(epub),
        authors=tuple(_author(n) for n in author_nodes if n.get("ValidYN", "Y") == "Y"),
        languages=languages,
        pubtypes=pubtypes,
        article_ids=tuple((n.get("IdType", ""), _text(n)) for n in id_nodes),
        elocation=" ".join(elocations),
        nlm_unique_id=nlm_id,
        issn=issn,
        essn=essn,
        trial_numbers=frozenset(data_banks) | frozenset(_NCT.findall(abstract)),
        references=references,
        history=history,
        has_abstract=bool(abstract),
    )


class RecordStore:
    """Thread-safe PMID -> raw record bytes, with lazily parsed :class:`RecordInfo`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._raw: dict[str, bytes] = {}
        self._info: dict[str, RecordInfo] = {}

    def add(self, records: Mapping[str, bytes]) -> None:
        """Add or replace records (PMID -> bytes of one record element)."""
        with self._lock:
            for pmid, xml in records.items():
                self._raw[str(pmid)] = bytes(xml)
                self._info.pop(str(pmid), None)

    def load_dir(self, path: str | Path) -> int:
        """Load every ``*.xml`` under ``path`` (sorted, recursive); the first copy of a PMID wins.

        Returns the number of records added.
        """
        found: dict[str, bytes] = {}
        for file in sorted(Path(path).rglob("*.xml")):
            data = file.read_bytes()
            if b"<PubmedArticle" not in data and b"<PubmedBookArticle" not in data:
                continue
            for pmid, chunk in split_articles(data):
                found.setdefault(pmid, chunk)
        with self._lock:
            new = {k: v for k, v in found.items() if k not in self._raw}
        self.add(new)
        return len(new)

    def raw(self, pmid: str) -> bytes | None:
        return self._raw.get(pmid)

    def __contains__(self, pmid: object) -> bool:
        return pmid in self._raw

    def __len__(self) -> int:
        return len(self._raw)

    def pmids(self) -> list[str]:
        with self._lock:
            return list(self._raw)

    def info(self, pmid: str) -> RecordInfo | None:
        """The parsed summary of ``pmid``, or None when the record is unknown."""
        cached = self._info.get(pmid)
        if cached is not None:
            return cached
        xml = self._raw.get(pmid)
        if xml is None:
            return None
        info = parse_record(pmid, xml)
        with self._lock:
            self._info[pmid] = info
        return info

    def all_info(self) -> list[RecordInfo]:
        return [i for i in (self.info(p) for p in self.pmids()) if i is not None]
