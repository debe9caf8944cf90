"""JATS / NLM XML (PMC articles, ``.nxml``; NCBI Bookshelf books) -> references.

Every ``<ref>`` of every ``<ref-list>`` is one reference (a ``<ref>`` holding several
citations that are not ``<citation-alternatives>`` gives one reference each). Its fields
come from the markup of the ``<mixed-citation>``, ``<element-citation>`` or the older
``<citation>``/``<nlm-citation>``: ``person-group``/``name``/``collab``/``etal``,
``article-title``/``chapter-title``, ``source``, ``year``, ``volume``, ``issue``,
``fpage``/``lpage``/``page-range``/``elocation-id``, ``publisher-name``/``publisher-loc``, and the
identifiers in ``<pub-id pub-id-type="pmid|pmcid|doi">`` (a DOI written in a
``<comment>``/``<ext-link>`` is taken too). A ``<mixed-citation>`` that is plain text
(no field markup) is read as a citation string: by the NLM rule of
:mod:`refgraph.sources._citation`, and where that cannot read it, by the field tagger
(:mod:`refgraph.tagger`); its ``pub-id``\\ s still come from the markup. A ``<note>`` in
the ``<ref>`` (an annotated bibliography) becomes the annotation.

**Safety.** The document's DOCTYPE names a DTD that is never fetched or loaded (every PMC
file has one); a document that declares entities is refused whole
(:class:`~refgraph.errors.UnreadableInputError`), as is malformed XML
(:class:`~refgraph.errors.ParseError` with its line). The XML set-up is the project's one
safe parser (:mod:`refgraph.pubmed.safexml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid
from refgraph.keys import KeyAllocator, key_stem
from refgraph.model import Author, Diagnostic, Origin, ParseResult, Reference, initials_of
from refgraph.sources._xmlroot import xml_root
from refgraph.text import expand_pages, normalize_month

__all__ = ["EXTENSIONS", "NAME", "JatsCitation", "jats_citation", "parse", "sniff"]

NAME = "jats"
EXTENSIONS = (".nxml", ".xml")

_SNIFF_RE = re.compile(
    r"<!DOCTYPE\s+(?:article|book|book-part-wrapper|book-part)\b"
    r"|<(?:article|book|book-part-wrapper)\b[^>]{0,2000}?"
    r"(?:dtd-version|article-type|book-type|xmlns:xlink|JATS)"
    r"|<ref-list[\s>]"
)
_CITATION_TAGS = ("mixed-citation", "element-citation", "citation", "nlm-citation")
_DOI_IN_TEXT_RE = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
_INITIALS_RE = re.compile(r"[A-Z]{1,4}")
_TYPES = {
    "journal": "article",
    "book": "book",
    "confproc": "inproceedings",
    "conf-proc": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
}


def sniff(text: str) -> bool:
    """JATS/NLM: an ``article``/``book`` DOCTYPE or root with JATS attributes, or a ``ref-list``."""
    head = text[:20_000].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _SNIFF_RE.search(head) is not None


# JATS's own element names and the Reference fields they map to: a field list, not logic.
@dataclass(frozen=True, slots=True)
class JatsCitation:
    """The fields of one JATS citation element, as plain strings (empty when absent)."""

    kind: str = ""
    authors: tuple[Author, ...] = ()
    editors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str = ""
    source: str = ""
    year: str = ""
    month: str = ""
    volume: str = ""
    issue: str = ""
    fpage: str = ""
    lpage: str = ""
    page_range: str = ""
    elocation: str = ""
    publisher: str = ""
    location: str = ""
    edition: str = ""
    conference: str = ""
    comment: str = ""
    url: str = ""
    pmid: str = ""
    pmcid: str = ""
    doi: str = ""
    text: str = ""

    @property
    def structured(self) -> bool:
        """Does the markup say what the title or the source is?"""
        return bool(self.title or self.source)


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def _name(el: etree._Element) -> Author:
    """A ``<name>`` (surname, given-names, suffix) or ``<string-name>`` as an :class:`Author`."""
    parts = {_local(c): _text(c) for c in el}
    last = parts.get("surname", "")
    given = parts.get("given-names", "")
    suffix = parts.get("suffix", "")
    if not last:  # <string-name>Smith J</string-name> or a name without parts
        words = _text(el).split()
        if len(words) >= 2 and _INITIALS_RE.fullmatch(words[-1]):
            last, given = " ".join(words[:-1]), words[-1]
        else:
            return Author(collective=_text(el))
    if _INITIALS_RE.fullmatch(given):
        return Author(last=last, initials=given, suffix=suffix)
    return Author(last=last, first=given, initials=initials_of(given), suffix=suffix)


def _people(cit: etree._Element) -> tuple[tuple[Author, ...], tuple[Author, ...], bool]:
    """Authors, editors and et al. (from ``person-group``\\ s or loose names)."""
    authors: list[Author] = []
    editors: list[Author] = []
    et_al = False

    def collect(group: etree._Element, into: list[Author]) -> bool:
        found_etal = False
        for child in group:
            tag = _local(child)
            if tag in ("name", "string-name"):
                into.append(_name(child))
            elif tag == "collab":
                into.append(Author(collective=_text(child)))
            elif tag == "etal":
                found_etal = True
        return found_etal

    for child in cit:
        tag = _local(child)
        if tag == "person-group":
            role = child.get("person-group-type", "author")
            if role == "editor":
                collect(child, editors)
            elif role in ("author", "compiler", "inventor", "assignee"):
                et_al |= collect(child, authors)
        elif tag in ("name", "string-name", "collab"):
            authors.append(Author(collective=_text(child)) if tag == "collab" else _name(child))
        elif tag == "etal":
            et_al = True
    return tuple(authors), tuple(editors), et_al


def jats_citation(cit: etree._Element) -> JatsCitation:
    """Read one ``mixed-citation``/``element-citation``/``citation`` element."""
    fields: dict[str, str] = {}
    pub_ids: dict[str, str] = {}
    links: list[str] = []
    for child in cit:
        tag = _local(child)
        if tag == "pub-id":
            kind = (child.get("pub-id-type") or "").lower()
            pub_ids.setdefault(kind, _text(child))
        elif tag in ("ext-link", "uri", "comment"):
            links.append(_text(child))
            for attr, value in child.attrib.items():
                if attr.endswith("href"):
                    links.append(value)
            if tag == "comment":
                fields.setdefault("comment", _text(child))
        elif tag in ("article-title", "chapter-title", "part-title"):
            fields.setdefault("title", _text(child))
        elif tag not in fields:
            fields[tag] = _text(child)
    authors, editors, et_al = _people(cit)
    doi = normalize_doi(pub_ids.get("doi", ""))
    url = ""
    for link in links:
        m = _DOI_IN_TEXT_RE.search(link)
        if m and not doi:
            doi = normalize_doi(m.group(0).rstrip(".,;"))
        elif link.startswith(("http://", "https://")) and not m and not url:
            url = link
    kind = (cit.get("publication-type") or cit.get("citation-type") or "").lower()
    comment = fields.get("comment", "")
    if doi and doi in comment:
        comment = ""
    # JATS element -> JatsCitation field by name (a field list, not logic)
    return JatsCitation(
        kind=kind,
        authors=authors,
        editors=editors,
        et_al=et_al,
        title=fields.get("title", ""),
        source=fields.get("source", ""),
        year=fields.get("year", "")[:4] if fields.get("year", "")[:4].isdigit() else "",
        month=fields.get("month", ""),
        volume=fields.get("volume", ""),
        issue=fields.get("issue", ""),
        fpage=fields.get("fpage", ""),
        lpage=fields.get("lpage", ""),
        page_range=fields.get("page-range", ""),
        elocation=fields.get("elocation-id", ""),
        publisher=fields.get("publisher-name", ""),
        location=fields.get("publisher-loc", ""),
        edition=fields.get("edition", ""),
        conference=fields.get("conf-name", ""),
        comment=comment,
        url=url,
        pmid=normalize_pmid(pub_ids.get("pmid", "")) or "",
        pmcid=normalize_pmcid(pub_ids.get("pmcid", pub_ids.get("pmc", ""))),
        doi=doi,
        text=_text(cit),
    )


def _pages(c: JatsCitation) -> str:
    """``page-range`` (every range, discontinuous pages too) over ``fpage``-``lpage``."""
    if c.page_range:
        return expand_pages(c.page_range)
    if c.fpage and c.lpage and c.lpage != c.fpage:
        return expand_pages(f"{c.fpage}-{c.lpage}")
    return c.fpage or c.elocation


def _entry_type(c: JatsCitation) -> str:
    kind = _TYPES.get(c.kind, "")
    if kind == "book" and c.title and c.source:
        return "incollection"
    if not kind:
        kind = "article" if c.volume or c.fpage else "misc"
    return kind


def _from_text(c: JatsCitation, origin: Origin) -> Reference:
    """A plain-text mixed citation: the NLM rule, else the tagger; ids from the markup."""
    from refgraph.sources._citation import parse_citation
    from refgraph.tagger import tag_citation
    from refgraph.tagger.fields import to_reference

    cit = parse_citation(c.text)
    if cit is not None and cit.journal and cit.year:
        ref = Reference(
            key="",
            authors=cit.authors,
            et_al=cit.et_al,
            title=cit.title,
            journal=cit.journal,
            year=cit.year,
            month=cit.month,
            volume=cit.volume,
            issue=cit.issue,
            pages=cit.pages,
            doi=cit.doi,
            pmid=cit.pmid,
            pmcid=cit.pmcid,
        )
    else:
        ref = to_reference(tag_citation(c.text))
    return replace(
        ref,
        pmid=c.pmid or ref.pmid,
        pmcid=c.pmcid or ref.pmcid,
        doi=c.doi or ref.doi,
        origins=(origin,),
    )


def _from_markup(c: JatsCitation, origin: Origin) -> Reference:
    entry_type = _entry_type(c)
    journal, title = c.source, c.title
    if entry_type in ("book", "misc", "techreport", "phdthesis") and not title:
        journal, title = "", c.source
    extra: list[tuple[str, str]] = []
    for name, value in (
        ("editor", "; ".join(a.short() for a in c.editors)),
        ("publisher", c.publisher),
        ("address", c.location),
        ("edition", c.edition),
        ("eventtitle", c.conference),
        ("url", c.url),
        ("note", c.comment),
    ):
        if value:
            extra.append((name, value))
    return Reference(
        key="",
        pmid=c.pmid,
        entry_type=entry_type,
        authors=c.authors,
        et_al=c.et_al,
        title=title,
        journal=journal,
        year=c.year,
        month=normalize_month(c.month) or ("" if c.month.isdigit() else c.month),
        volume=c.volume,
        issue=c.issue,
        pages=_pages(c),
        doi=c.doi,
        pmcid=c.pmcid,
        extra=tuple(extra),
        origins=(origin,),
    )


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse a JATS/NLM article or book: one reference per cited work, in document order."""
    root = xml_root(text, source, "JATS")
    keys = KeyAllocator()
    references: list[Reference] = []
    problems: list[Diagnostic] = []
    found = False
    for ref in root.iter("{*}ref"):
        found = True
        line = ref.sourceline or 1
        cits = list(ref.iter(*(f"{{*}}{t}" for t in _CITATION_TAGS)))
        if any(True for _ in ref.iter("{*}citation-alternatives")):
            cits.sort(key=lambda el: _local(el) != "element-citation")
            cits = cits[:1] if cits else []
        note = " ".join(_text(n) for n in ref.iter("{*}note", "{*}annotation"))
        if not cits:
            problems.append(Diagnostic(source, line, "unparsed", _text(ref) or "empty <ref>"))
            continue
        for el in cits:
            c = jats_citation(el)
            origin = Origin(source, el.sourceline or line)
            item = _from_markup(c, origin) if c.structured else _from_text(c, origin)
            if note:
                item = replace(item, annotation=note)
            stem = key_stem(item.authors, item.journal, item.title, item.pmid, item.year)
            references.append(replace(item, key=keys.allocate(stem)))
            if not item.pmid:
                problems.append(Diagnostic(source, origin.line, "no_pmid", c.text[:200]))
    if not found:
        problems.append(Diagnostic(source, 1, "fragment", "no <ref> elements: no reference list"))
    return ParseResult(tuple(references), tuple(problems), NAME)
