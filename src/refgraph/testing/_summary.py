"""ESummary document summaries built from PubMed records (JSON v2.0, XML v2.0 and XML v1.0).

The field list and key order follow ``docs/eutils-contract.md`` §10. Values NCBI computes from data
the fake does not have (``pubstatus``, ``clusterid``, ``references``) are left empty;
``pmcrefcount`` is an int when the server knows the cited-by links of the record and ``""``
otherwise, as NCBI's own type varies.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from refgraph.testing._records import RecordInfo
from refgraph.text import month_number

__all__ = ["docsum", "docsum_v1_xml", "docsum_v2_xml", "missing_v2_xml"]

_IDTYPEN = {"pubmed": 1, "doi": 3, "pii": 4, "pmcid": 5, "pmc": 8, "mid": 8, "bookaccession": 8}

_XML_NAMES = {
    "pubdate": "PubDate",
    "epubdate": "EPubDate",
    "source": "Source",
    "authors": "Authors",
    "lastauthor": "LastAuthor",
    "title": "Title",
    "sorttitle": "SortTitle",
    "volume": "Volume",
    "issue": "Issue",
    "pages": "Pages",
    "lang": "Lang",
    "nlmuniqueid": "NlmUniqueID",
    "issn": "ISSN",
    "essn": "ESSN",
    "pubtype": "PubType",
    "recordstatus": "RecordStatus",
    "pubstatus": "PubStatus",
    "articleids": "ArticleIds",
    "history": "History",
    "references": "References",
    "attributes": "Attributes",
    "pmcrefcount": "PmcRefCount",
    "fulljournalname": "FullJournalName",
    "elocationid": "ELocationID",
    "doctype": "DocType",
    "srccontriblist": "SrcContribList",
    "booktitle": "BookTitle",
    "medium": "Medium",
    "edition": "Edition",
    "publisherlocation": "PublisherLocation",
    "publishername": "PublisherName",
    "srcdate": "SrcDate",
    "reportnumber": "ReportNumber",
    "availablefromurl": "AvailableFromURL",
    "locationlabel": "LocationLabel",
    "doccontriblist": "DocContribList",
    "docdate": "DocDate",
    "bookname": "BookName",
    "chapter": "Chapter",
    "sortpubdate": "SortPubDate",
    "sortfirstauthor": "SortFirstAuthor",
    "vernaculartitle": "VernacularTitle",
}
_LIST_ITEMS = {"lang": "string", "pubtype": "flag", "attributes": "flag"}
_OBJECT_ITEMS = {
    "authors": ("Author", {"name": "Name", "authtype": "AuthType", "clusterid": "ClusterID"}),
    "articleids": ("ArticleId", {"idtype": "IdType", "idtypen": "IdTypeN", "value": "Value"}),
    "history": ("PubMedPubDate", {"pubstatus": "PubStatus", "date": "Date"}),
}


def _sort_date(pubdate: str) -> str:
    parts = pubdate.split()
    year = parts[0][:4] if parts and parts[0][:4].isdigit() else "0000"
    month = (month_number(parts[1]) or 1) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
    return f"{year}/{month:02d}/{day:02d} 00:00"


def docsum(info: RecordInfo, cited_by: int | None = None) -> dict[str, Any]:
    """The esummary v2.0 JSON object of one record."""
    authors = [{"name": n, "authtype": t, "clusterid": ""} for n, t in info.authors]
    ids = [{"idtype": t, "idtypen": _IDTYPEN.get(t, 8), "value": v} for t, v in info.article_ids]
    ids += [
        {"idtype": "pmcid", "idtypen": 5, "value": f"pmc-id: {v};"}
        for t, v in info.article_ids
        if t == "pmc"
    ]
    title = info.title
    return {
        "uid": info.pmid,
        "pubdate": info.pubdate,
        "epubdate": info.epubdate,
        "source": info.iso_abbreviation or info.medline_ta,
        "authors": authors,
        "lastauthor": authors[-1]["name"] if authors else "",
        "title": title,
        "sorttitle": "".join(c for c in title.casefold() if c.isalnum() or c == " ").strip(),
        "volume": info.volume,
        "issue": info.issue,
        "pages": info.pages,
        "lang": list(info.languages),
        "nlmuniqueid": info.nlm_unique_id,
        "issn": info.issn,
        "essn": info.essn,
        "pubtype": list(info.pubtypes),
        "recordstatus": "PubMed",
        "pubstatus": "",
        "articleids": ids,
        "history": [{"pubstatus": s, "date": d} for s, d in info.history],
        "references": [],
        "attributes": ["Has Abstract"] if info.has_abstract else [],
        "pmcrefcount": cited_by if cited_by is not None else "",
        "fulljournalname": info.journal_title,
        "elocationid": info.elocation,
        "doctype": "chapter" if info.is_book else "citation",
        "srccontriblist": [],
        "booktitle": title if info.is_book else "",
        "medium": "",
        "edition": "",
        "publisherlocation": "",
        "publishername": "",
        "srcdate": "",
        "reportnumber": "",
        "availablefromurl": "",
        "locationlabel": "",
        "doccontriblist": [],
        "docdate": "",
        "bookname": "",
        "chapter": "",
        "sortpubdate": _sort_date(info.pubdate),
        "sortfirstauthor": authors[0]["name"] if authors else "",
        "vernaculartitle": "",
    }


def docsum_v2_xml(summary: dict[str, Any]) -> str:
    """One ``<DocumentSummary>`` element (v2.0 XML) for a :func:`docsum` object."""
    out = [f"<DocumentSummary uid={quoteattr(summary['uid'])}>"]
    for key, value in summary.items():
        if key == "uid":
            continue
        name = _XML_NAMES[key]
        if key in _OBJECT_ITEMS:
            item, fields = _OBJECT_ITEMS[key]
            inner = "".join(
                f"<{item}>"
                + "".join(f"<{fields[k]}>{escape(str(v))}</{fields[k]}>" for k, v in obj.items())
                + f"</{item}>"
                for obj in value
            )
            out.append(f"\t<{name}>{inner}</{name}>")
        elif isinstance(value, list):
            item = _LIST_ITEMS.get(key, "string")
            inner = "".join(f"<{item}>{escape(str(v))}</{item}>" for v in value)
            out.append(f"\t<{name}>{inner}</{name}>")
        else:
            out.append(f"\t<{name}>{escape(str(value))}</{name}>")
    out.append("</DocumentSummary>")
    return "\n".join(out) + "\n"


def missing_v2_xml(uid: str) -> str:
    return (
        f"<DocumentSummary uid={quoteattr(uid)}>\n\t<error>cannot get document summary</error>"
        "\n</DocumentSummary>\n"
    )


def _item(name: str, kind: str, value: str) -> str:
    return f'\t<Item Name="{name}" Type="{kind}">{escape(value)}</Item>\n'


def docsum_v1_xml(summary: dict[str, Any]) -> str:
    """One ``<DocSum>`` element (v1.0 XML, the default without ``version=2.0``)."""
    authors = "".join(
        f'\t\t<Item Name="Author" Type="String">{escape(a["name"])}</Item>\n'
        for a in summary["authors"]
    )
    langs = "".join(
        f'\t\t<Item Name="Lang" Type="String">{escape(x)}</Item>\n' for x in summary["lang"]
    )
    types = "".join(
        f'\t\t<Item Name="PubType" Type="String">{escape(x)}</Item>\n' for x in summary["pubtype"]
    )
    ids = "".join(
        f'\t\t<Item Name="{escape(a["idtype"])}" Type="String">{escape(a["value"])}</Item>\n'
        for a in summary["articleids"]
        if a["idtype"] != "pmcid"
    )
    doi = next((a["value"] for a in summary["articleids"] if a["idtype"] == "doi"), "")
    return (
        f"<DocSum>\n\t<Id>{escape(summary['uid'])}</Id>\n"
        # one Item per esummary field, in NCBI's order (a table, not logic)
        + _item("PubDate", "Date", summary["pubdate"])
        + _item("EPubDate", "Date", summary["epubdate"])
        + _item("Source", "String", summary["source"])
        + f'\t<Item Name="AuthorList" Type="List">\n{authors}\t</Item>\n'
        + _item("LastAuthor", "String", summary["lastauthor"])
        + _item("Title", "String", summary["title"])
        + _item("Volume", "String", summary["volume"])
        + _item("Issue", "String", summary["issue"])
        + _item("Pages", "String", summary["pages"])
        + f'\t<Item Name="LangList" Type="List">\n{langs}\t</Item>\n'
        + _item("NlmUniqueID", "String", summary["nlmuniqueid"])
        + _item("ISSN", "String", summary["issn"])
        + _item("ESSN", "String", summary["essn"])
        + f'\t<Item Name="PubTypeList" Type="List">\n{types}\t</Item>\n'
        + f'\t<Item Name="ArticleIds" Type="List">\n{ids}\t</Item>\n'
        + _item("DOI", "String", doi)
        + _item("FullJournalName", "String", summary["fulljournalname"])
        + _item("ELocationID", "String", summary["elocationid"])
        + "</DocSum>\n"
    )
