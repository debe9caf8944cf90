"""Better BibTeX JSON (Zotero's lossless export) and Zotero API item JSON -> references.

A Better BibTeX JSON document is ``{"config": {...}, "items": [...], "collections": ...}``;
the Zotero web API gives a bare array of the same items (or of ``{"data": item}``). Each
item has an ``itemType`` and Zotero's field names: ``creators`` (``firstName``/``lastName``
or ``name``, each with a ``creatorType``), ``title``, ``publicationTitle`` (or
``bookTitle``/``proceedingsTitle``/``websiteTitle``) and ``journalAbbreviation``, ``date``,
``volume``, ``issue``, ``pages``, ``DOI``, ``url``, ``citationKey``. PMID and PMCID have no
field of their own in Zotero: they are lines of ``extra`` (``PMID: N``, ``PMCID: PMCn``),
where Zotero's PubMed import puts them. A creator named ``others``/``et al.`` ends an
incomplete author list (``et_al``). Editors, publisher, place, edition, ISBN and URL go to
``extra``; the note in ``extra`` beyond identifier lines is kept as ``note``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from refgraph.ids import normalize_doi
from refgraph.keys import KeyAllocator, key_stem
from refgraph.model import Author, Diagnostic, Origin, ParseResult, Reference
from refgraph.sources.csljson import (
    extra_fields,
    ids_from_note,
    item_lines,
    load_json,
    name_author,
)
from refgraph.sources.csljson import json_text as _text
from refgraph.text import expand_pages, year_month

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "zotero-json"
EXTENSIONS = (".json",)

# (a table: Zotero item type -> BibTeX type; csljson has CSL's)
ENTRY_TYPES = {
    "journalArticle": "article", "magazineArticle": "article", "newspaperArticle": "article",
    "preprint": "article", "book": "book", "bookSection": "incollection",
    "conferencePaper": "inproceedings", "thesis": "phdthesis", "report": "techreport",
    "webpage": "online", "blogPost": "online",
}  # fmt: skip
_CONTAINERS = ("publicationTitle", "bookTitle", "proceedingsTitle", "websiteTitle",
               "blogTitle", "encyclopediaTitle", "dictionaryTitle")  # fmt: skip
EXTRA_FIELDS = {
    "publisher": "publisher", "place": "address", "edition": "edition", "url": "url",
    "ISBN": "isbn", "ISSN": "issn", "language": "language", "series": "series",
    "abstractNote": "abstract", "institution": "institution", "university": "school",
}  # fmt: skip
_SNIFF_RE = re.compile(r'"itemType"\s*:|BetterBibTeX JSON|Better BibTeX JSON')
_ID_LINE_RE = re.compile(r"^\s*(?:PMID|PMCID|DOI)\s*:.*$", re.IGNORECASE | re.MULTILINE)


def sniff(text: str) -> bool:
    """A JSON document whose head holds Zotero ``itemType`` fields (or BBT's label)."""
    head = text[:20_000].lstrip("\ufeff \t\r\n")
    return head[:1] in ("[", "{") and _SNIFF_RE.search(head) is not None


def _creators(value: Any) -> tuple[tuple[Author, ...], tuple[Author, ...], bool]:
    authors: list[Author] = []
    editors: list[Author] = []
    et_al = False
    for creator in value if isinstance(value, list) else []:
        if not isinstance(creator, dict):
            continue
        role = _text(creator.get("creatorType")) or "author"
        name = name_author(_text(creator.get("lastName")), _text(creator.get("firstName")),
                           literal=_text(creator.get("name")))
        if name is None:
            et_al = et_al or role == "author"
        elif role == "editor":
            editors.append(name)
        elif role in ("author", "contributor", "inventor", "programmer", "presenter"):
            authors.append(name)
    return tuple(authors), tuple(editors), et_al


def _item(item: dict[str, Any], source: str, line: int) -> Reference:
    get = item.get
    authors, editors, et_al = _creators(get("creators"))
    extra_text = str(get("extra") or "")
    noted = ids_from_note(extra_text)
    full = next((_text(get(f)) for f in _CONTAINERS if _text(get(f))), "")
    short = _text(get("journalAbbreviation"))
    journal = short or full
    year, month = year_month(_text(get("date")))
    extra = extra_fields(item, editors, EXTRA_FIELDS)
    rest = " ".join(_ID_LINE_RE.sub("", extra_text).split())
    if rest:
        extra.append(("note", rest))
    tags = get("tags")
    keywords = tuple(
        _text(t.get("tag")) for t in tags if isinstance(t, dict) and _text(t.get("tag"))
    ) if isinstance(tags, list) else ()
    # Zotero field -> Reference field by name (a field list; csljson maps its own names)
    return Reference(
        key=_text(get("citationKey")) or _text(get("citekey")),
        pmid=noted.get("pmid", ""),
        entry_type=ENTRY_TYPES.get(_text(get("itemType")), "misc"),
        authors=authors,
        et_al=et_al,
        title=_text(get("title")),
        journal=journal,
        journal_full=full if full != journal else "",
        year=year,
        month=month,
        volume=_text(get("volume")),
        issue=_text(get("issue")),
        pages=expand_pages(_text(get("pages"))),
        doi=normalize_doi(_text(get("DOI"))) or noted.get("doi", ""),
        pmcid=noted.get("pmcid", ""),
        keywords=keywords,
        extra=tuple(extra),
        origins=(Origin(source, line),),
    )


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse Better BibTeX JSON (or a Zotero API item array); see the module docstring."""
    problems: list[Diagnostic] = []
    data = load_json(text, source, problems)
    items: Any = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list):
        problems.append(Diagnostic(source, 1, "bad_entry", "no Zotero items found"))
        return ParseResult((), tuple(problems), NAME)
    lines = item_lines(text, len(items)) if isinstance(data, list) else [1] * len(items)
    keys = KeyAllocator()
    references: list[Reference] = []
    for item, line in zip(items, lines, strict=True):
        if isinstance(item, dict) and isinstance(item.get("data"), dict):
            item = item["data"]  # the Zotero web API wraps each item
        if not isinstance(item, dict) or item.get("itemType") in ("note", "attachment"):
            if not isinstance(item, dict):
                problems.append(Diagnostic(source, line, "bad_entry",
                                           f"not a Zotero item: {item!r}"[:200]))
            continue
        ref = _item(item, source, line)
        stem = ref.key or key_stem(ref.authors, ref.journal, ref.title, ref.pmid, ref.year)
        key = keys.keep(stem) if ref.key else keys.allocate(stem)
        references.append(replace(ref, key=key))
    return ParseResult(tuple(references), tuple(problems), NAME)
