"""A PubMed record -> PubMed XML in NCBI's compact style (pure); parsing it back gives an
equal record."""

from __future__ import annotations

from collections.abc import Iterable

from refgraph.model import PubmedRecord

__all__ = ["record_to_xml"]

_V1 = ' Version="1"'
_PUBMED_ID = ' IdType="pubmed"'


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
