"""PubMed XML (efetch ``db=pubmed&retmode=xml``) <-> the model (pure).

- :func:`parse_pubmed_xml`: a ``PubmedArticleSet`` (or one ``PubmedArticle`` /
  ``PubmedBookArticle`` element) -> :class:`~refgraph.model.PubmedRecord` tuple.
- :func:`iter_article_xml`: split a set into ``(pmid, raw bytes)`` per record; each slice is
  byte-identical to the input (the cache stores them, the fake server serves them).
- :func:`wrap_articles`: raw records -> a complete reply with NCBI's current prolog.
- :func:`record_to_xml`: a record -> one ``PubmedArticle`` (or ``PubmedBookArticle``) element
  in NCBI's compact style; parsing it back gives an equal record.
- :func:`record_to_reference`: a record -> :class:`~refgraph.model.Reference`.
- :func:`record_to_json` / :func:`record_from_json`: a record <-> its compact JSON form,
  which the record cache keeps next to the raw XML under :data:`RECORD_JSON_VERSION`.

Safety: lxml runs with entity resolution, DTD loading and network access off, and any
document whose prolog declares entities (billion laughs, external entities / XXE) is
refused with :class:`~refgraph.errors.EutilsResponseError` before it is parsed. NCBI's own
``<!DOCTYPE PubmedArticleSet PUBLIC ... pubmed_250101.dtd>`` has no internal subset and
is accepted. Field-level decisions are listed in :mod:`refgraph.pubmed.element`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator

from lxml import etree

from refgraph.errors import EutilsResponseError
from refgraph.model import PubmedRecord, Reference, unique_in_order
from refgraph.pubmed.element import expand_pages, normalize_month, record_from_element
from refgraph.pubmed.record_json import FORMAT_FINGERPRINT, record_from_json, record_to_json

__all__ = [
    "PARSER_VERSION",
    "PUBMED_DOCTYPE",
    "RECORD_JSON_VERSION",
    "expand_pages",
    "iter_article_xml",
    "normalize_month",
    "parse_pubmed_xml",
    "record_from_json",
    "record_to_json",
    "record_to_reference",
    "record_to_xml",
    "wrap_articles",
]

#: Bump whenever :func:`parse_pubmed_xml` may give a different record for the same XML
#: (a field read differently, a new field filled; also a change to ``refgraph.ids`` helpers
#: it uses): cached parsed records of older versions are then parsed again from their raw
#: XML. ``tests/pubmed/test_record_json.py`` holds a digest of the parser source to remind you.
PARSER_VERSION = 2

#: The version stored with each cached parsed record: parser version + record shape.
RECORD_JSON_VERSION = f"{PARSER_VERSION}.{FORMAT_FINGERPRINT}"

#: The DOCTYPE line NCBI's efetch sends today (DTD of 1 January 2025).
PUBMED_DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
)
_PROLOG = b'<?xml version="1.0" ?>\n' + PUBMED_DOCTYPE.encode("ascii") + b"\n<PubmedArticleSet>\n"
_ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")
_V1 = ' Version="1"'
_PUBMED_ID = ' IdType="pubmed"'
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}
_ARTICLE_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
_PMID_XPATH = etree.XPath(
    "/*/PubmedArticle/MedlineCitation/PMID | /*/PubmedBookArticle/BookDocument/PMID"
    " | /PubmedArticle/MedlineCitation/PMID | /PubmedBookArticle/BookDocument/PMID"
)


def _where(source: str) -> str:
    return f"{source}: " if source else ""


def _as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    return bytes(data)


def _check_safe(data: bytes, source: str) -> None:
    """Refuse empty input and any entity declaration (internal subset or parameter entity)."""
    if not data.strip():
        raise EutilsResponseError(f"{_where(source)}empty reply: no XML")
    if _declares_entity(data):
        raise EutilsResponseError(f"{_where(source)}XML declares entities; refusing to parse")


def _declares_entity(data: bytes) -> bool:
    """``<!ENTITY`` in any case: a ``find`` for the rare ``<!`` (DOCTYPE, comments, CDATA)
    instead of a case-insensitive regex scan of the whole reply."""
    at = data.find(b"<!")
    while at >= 0:
        if data[at + 2 : at + 8].upper() == b"ENTITY":
            return True
        at = data.find(b"<!", at + 2)
    return False


def _error_text(root: etree._Element) -> str | None:
    """Return the text of an NCBI ``<ERROR>`` reply (``<eFetchResult><ERROR>``), if it is one."""
    if root.tag == "ERROR":
        return " ".join("".join(root.itertext()).split()) or "ERROR"
    for child in root:
        if child.tag == "ERROR":
            return " ".join("".join(child.itertext()).split()) or "ERROR"
    return None


def _syntax_error(exc: etree.XMLSyntaxError, source: str) -> EutilsResponseError:
    message = str(exc.msg if getattr(exc, "msg", None) else exc)
    return EutilsResponseError(f"{_where(source)}malformed PubMed XML: {message}")


def _check_root(root: etree._Element, source: str) -> None:
    error = _error_text(root)
    if error is not None:
        raise EutilsResponseError(f"{_where(source)}NCBI returned an error: {error}")
    if root.tag not in ("PubmedArticleSet", *_ARTICLE_TAGS):
        raise EutilsResponseError(
            f"{_where(source)}not a PubMed reply: root element is <{root.tag}>,"
            " expected <PubmedArticleSet>"
        )


def parse_pubmed_xml(data: bytes | str, source: str = "") -> tuple[PubmedRecord, ...]:
    """Parse an efetch PubMed XML reply into records, in document order.

    ``source`` names the reply in error messages. Raises
    :class:`~refgraph.errors.EutilsResponseError` for malformed XML, an ``<ERROR>`` body,
    a document that is not PubMed XML, or one that declares entities.
    """
    raw = _as_bytes(data)
    _check_safe(raw, source)
    records: list[PubmedRecord] = []
    events = etree.iterparse(io.BytesIO(raw), events=("end",), tag=_ARTICLE_TAGS,
                             **_PARSER_OPTIONS)  # type: ignore[call-overload]
    try:
        for _, el in events:
            records.append(record_from_element(el))
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, source) from None
    root = events.root  # type: ignore[attr-defined]
    if root is None:
        raise EutilsResponseError(f"{_where(source)}malformed PubMed XML: no root element")
    _check_root(root, source)
    return tuple(records)


def _parse_tree(raw: bytes, source: str) -> etree._Element:
    _check_safe(raw, source)
    parser = etree.XMLParser(**_PARSER_OPTIONS)  # type: ignore[arg-type]
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, source) from None
    _check_root(root, source)
    return root


def _article_end(data: bytes, tag: bytes, start: int) -> int:
    close = b"</" + tag + b">"
    end = data.find(close, start)
    return -1 if end < 0 else end + len(close)


def iter_article_xml(data: bytes, source: str = "") -> Iterator[tuple[str, bytes]]:
    """Split a ``PubmedArticleSet`` into ``(pmid, raw record bytes)``, in document order.

    Each slice is the byte-identical ``<PubmedArticle>...</PubmedArticle>`` (or book) element
    of the input. The whole input is checked first (same rules as :func:`parse_pubmed_xml`),
    so errors are raised by this call, not halfway through the iteration.
    """
    raw = _as_bytes(data)
    root = _parse_tree(raw, source)
    pmids = [(el.text or "").strip() for el in _PMID_XPATH(root)]
    slices: list[tuple[str, bytes]] = []
    position = 0
    for pmid in pmids:
        m = _ARTICLE_START.search(raw, position)
        end = -1 if m is None else _article_end(raw, m.group(1), m.end())
        if m is None or end < 0:
            raise EutilsResponseError(f"{_where(source)}cannot split the PubMed reply at {pmid}")
        chunk = raw[m.start() : end]
        if f">{pmid}</PMID>".encode() not in chunk:
            raise EutilsResponseError(f"{_where(source)}cannot split the PubMed reply at {pmid}")
        slices.append((pmid, chunk))
        position = end
    if _ARTICLE_START.search(raw, position):
        raise EutilsResponseError(f"{_where(source)}a PubMed record has no PMID")
    return iter(slices)


def wrap_articles(articles: Iterable[bytes]) -> bytes:
    """Return a complete efetch reply (NCBI's current prolog) holding ``articles``."""
    body = b"\n".join(articles)
    return _PROLOG + body + (b"\n" if body else b"") + b"</PubmedArticleSet>"


def _journal_abbrev(record: PubmedRecord) -> str:
    abbrev = record.journal_abbrev or record.medline_ta
    return " ".join(abbrev.replace(".", " ").split())


def record_to_reference(record: PubmedRecord, key: str = "") -> Reference:
    """Return the :class:`Reference` view of a PubMed record (NLM-style journal, full pages).

    ``journal`` is the ISO abbreviation without dots (else MedlineTA), ``journal_full`` the
    journal title; books become ``book`` (or ``incollection`` for a chapter) with
    ``booktitle``, ``publisher``, ``isbn`` and ``editors`` in ``extra``. ``keywords`` are the
    MeSH descriptors followed by the author keywords.
    """
    extra: list[tuple[str, str]] = []
    entry_type = "article"
    if record.is_book:
        is_chapter = bool(record.book_title) and record.title != record.book_title
        entry_type = "incollection" if is_chapter else "book"
        if is_chapter:
            extra.append(("booktitle", record.book_title))
        for name, value in (("publisher", record.publisher), ("isbn", record.isbn),
                            ("editors", record.extra.get("editors", "")),
                            ("bookaccession", record.extra.get("bookaccession", ""))):
            if value:
                extra.append((name, value))
    if record.epub_year and record.epub_year != record.year:
        extra.append(("epub_year", record.epub_year))
    mesh = (m.split("/", 1)[0] for m in record.mesh)
    return Reference(
        key=key,
        pmid=record.pmid,
        entry_type=entry_type,
        authors=record.authors,
        et_al=not record.authors_complete,
        title=record.title,
        journal="" if record.is_book else _journal_abbrev(record),
        journal_full="" if record.is_book else record.journal,
        year=record.year or record.epub_year,
        month=record.month,
        volume=record.volume,
        issue=record.issue,
        pages=record.pages or record.elocation,
        doi=record.doi,
        pmcid=record.pmcid,
        publication_types=record.publication_types,
        keywords=unique_in_order([*mesh, *record.keywords]),
        trials=record.trials,
        extra=tuple(extra),
    )


# --- writing -------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Escape for XML text and attributes; non-ASCII as ``&#x..;`` like NCBI does."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;")
    if text.isascii():
        return text
    return "".join(c if ord(c) < 128 else f"&#x{ord(c):x};" for c in text)


def _el(tag: str, text: str, attrs: str = "") -> str:
    return f"<{tag}{attrs}>{_esc(text)}</{tag}>" if text else ""


def _date_xml(tag: str, record: PubmedRecord) -> str:
    if record.medline_date:
        inner = _el("MedlineDate", record.medline_date)
    else:
        inner = (_el("Year", record.year) + _el("Month", record.month) + _el("Day", record.day)
                 + _el("Season", record.season))
    return f"<{tag}>{inner}</{tag}>"


def _authors_xml(record: PubmedRecord, attrs: str = "") -> str:
    if not record.authors and record.authors_complete:
        return ""
    parts = []
    for a in record.authors:
        if a.collective:
            parts.append(f'<Author ValidYN="Y">{_el("CollectiveName", a.collective)}</Author>')
        else:
            parts.append('<Author ValidYN="Y">' + _el("LastName", a.last) + _el("ForeName", a.first)
                         + _el("Initials", a.initials) + _el("Suffix", a.suffix) + "</Author>")
    complete = "Y" if record.authors_complete else "N"
    return f'<AuthorList{attrs} CompleteYN="{complete}">{"".join(parts)}</AuthorList>'


def _editors_xml(editors: str) -> str:
    if not editors:
        return ""
    parts = "".join(f'<Author ValidYN="Y">{_el("CollectiveName", name)}</Author>'
                    for name in editors.split("; "))
    return f'<AuthorList Type="editors" CompleteYN="Y">{parts}</AuthorList>'


def _abstract_xml(record: PubmedRecord) -> str:
    lines = [line for line in record.abstract.split("\n") if line]
    if not lines:
        return ""
    return "<Abstract>" + "".join(_el("AbstractText", line) for line in lines) + "</Abstract>"


def _list(tag: str, item: str, values: Iterable[str], attrs: str = "") -> str:
    inner = "".join(_el(item, v) for v in values)
    return f"<{tag}{attrs}>{inner}</{tag}>" if inner else ""


def _epub_xml(record: PubmedRecord) -> str:
    date = record.extra.get("epub_date", "")
    if not (date or record.epub_year):
        return ""
    parts = date.split("-") if date else [record.epub_year]
    names = ("Year", "Month", "Day")
    inner = "".join(_el(names[i], p) for i, p in enumerate(parts[:3]))
    return f'<ArticleDate DateType="Electronic">{inner}</ArticleDate>'


def _databanks_xml(record: PubmedRecord) -> str:
    if not record.databanks:
        return ""
    banks = "".join(
        f"<DataBank>{_el('DataBankName', name)}<AccessionNumberList>"
        f"{_el('AccessionNumber', number)}</AccessionNumberList></DataBank>"
        for name, number in record.databanks
    )
    return f'<DataBankList CompleteYN="Y">{banks}</DataBankList>'


def _comments_xml(record: PubmedRecord) -> str:
    items = "".join(
        f'<CommentsCorrections RefType="{_esc(c.ref_type)}">{_el("RefSource", c.source)}'
        f'{_el("PMID", c.pmid, _V1)}{_el("Note", c.note)}</CommentsCorrections>'
        for c in record.comments_corrections
    )
    return f"<CommentsCorrectionsList>{items}</CommentsCorrectionsList>" if items else ""


def _mesh_xml(record: PubmedRecord) -> str:
    headings = []
    for entry in record.mesh:
        descriptor, *qualifiers = entry.split("/")
        headings.append("<MeshHeading>" + _el("DescriptorName", descriptor)
                        + "".join(_el("QualifierName", q) for q in qualifiers) + "</MeshHeading>")
    return f"<MeshHeadingList>{''.join(headings)}</MeshHeadingList>" if headings else ""


def _ids_xml(record: PubmedRecord, with_doi: bool, with_pmid: bool = True) -> str:
    ids = [("pubmed", record.pmid if with_pmid else "")]
    if with_doi:
        ids.append(("doi", record.doi))
    ids.append(("pmc", record.pmcid))
    ids.append(("bookaccession", record.extra.get("bookaccession", "")))
    inner = "".join(_el("ArticleId", value, f' IdType="{kind}"') for kind, value in ids)
    return f"<ArticleIdList>{inner}</ArticleIdList>"


def _references_xml(record: PubmedRecord) -> str:
    refs = "".join(f'<Reference><ArticleIdList><ArticleId IdType="pubmed">{p}</ArticleId>'
                   "</ArticleIdList></Reference>" for p in record.references)
    return f"<ReferenceList>{refs}</ReferenceList>" if refs else ""


def _elocation_xml(record: PubmedRecord) -> str:
    out = ""
    if record.doi and (record.pages or record.elocation):
        out += _el("ELocationID", record.doi, ' EIdType="doi" ValidYN="Y"')
    if record.elocation and record.elocation != record.doi:
        kind = "doi" if record.elocation.startswith("10.") else "pii"
        out = _el("ELocationID", record.elocation, f' EIdType="{kind}" ValidYN="Y"') + out
    return out


def _book_xml(record: PubmedRecord) -> str:
    chapter = record.title != record.book_title
    book = ("<Book><Publisher>" + _el("PublisherName", record.publisher)
            + _el("PublisherLocation", record.extra.get("publisher_location", "")) + "</Publisher>"
            + _el("BookTitle", record.book_title) + _date_xml("PubDate", record)
            + _editors_xml(record.extra.get("editors", ""))
            + _el("Volume", record.volume) + _el("Isbn", record.isbn)
            + (_el("ELocationID", record.elocation, ' EIdType="pii"') if record.elocation else "")
            + "</Book>")
    doc = (f'<BookDocument>{_el("PMID", record.pmid, _V1)}'
           + _ids_xml(record, with_doi=True, with_pmid=False)
           + book + (_el("ArticleTitle", record.title) if chapter else "")
           + "".join(_el("Language", lang) for lang in record.language)
           + _authors_xml(record, ' Type="authors"')
           + "".join(_el("PublicationType", p) for p in record.publication_types)
           + _abstract_xml(record)
           + _list("KeywordList", "Keyword", record.keywords, ' Owner="NOTNLM"')
           + _references_xml(record) + "</BookDocument>")
    data = f'<PubmedBookData><ArticleIdList>{_el("ArticleId", record.pmid, _PUBMED_ID)}'
    return f"<PubmedBookArticle>{doc}{data}</ArticleIdList></PubmedBookData></PubmedBookArticle>"


def record_to_xml(record: PubmedRecord) -> str:
    """Serialise ``record`` as one ``PubmedArticle`` (``PubmedBookArticle`` for books).

    Only what the record holds is written (no invented status attributes or dates), in
    NCBI's compact one-line style with ``&#x..;`` for non-ASCII characters, so that
    ``parse_pubmed_xml(wrap_articles([record_to_xml(r).encode()]))`` equals ``(r,)`` for
    any record that :func:`parse_pubmed_xml` can produce. ``extra`` keys written back:
    ``epub_date``, ``editors``, ``bookaccession``, ``publisher_location``.
    """
    if record.is_book:
        return _book_xml(record)
    issue = _el("Volume", record.volume) + _el("Issue", record.issue) + _date_xml("PubDate", record)
    journal = (f"<Journal><JournalIssue>{issue}</JournalIssue>" + _el("Title", record.journal)
               + _el("ISOAbbreviation", record.journal_abbrev) + "</Journal>")
    pagination = _el("MedlinePgn", record.pages)
    pagination = f"<Pagination>{pagination}</Pagination>" if pagination else ""
    article = ("<Article>" + journal + _el("ArticleTitle", record.title) + pagination
               + _elocation_xml(record) + _abstract_xml(record) + _authors_xml(record)
               + "".join(_el("Language", lang) for lang in record.language)
               + _databanks_xml(record)
               + _list("PublicationTypeList", "PublicationType", record.publication_types)
               + _epub_xml(record) + "</Article>")
    info = f"<MedlineJournalInfo>{_el('MedlineTA', record.medline_ta)}</MedlineJournalInfo>"
    citation = (f'<MedlineCitation>{_el("PMID", record.pmid, _V1)}{article}'
                + (info if record.medline_ta else "") + _comments_xml(record) + _mesh_xml(record)
                + _list("KeywordList", "Keyword", record.keywords, ' Owner="NOTNLM"')
                + "</MedlineCitation>")
    data = ("<PubmedData>" + _ids_xml(record, with_doi=bool(record.doi))
            + _references_xml(record) + "</PubmedData>")
    return f"<PubmedArticle>{citation}{data}</PubmedArticle>"

