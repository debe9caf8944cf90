"""Tagged fields -> clean values -> a :class:`~refgraph.model.Reference` (pure).

- :func:`clean_value`: a field's raw text as tagged (``"(2011)."``, ``"pp. 1761–1800)."``,
  ``"PubMed PMID: 123."``) -> its value (``"2011"`` for a year, ``"1761-1800"``, ``"123"``).
- :func:`split_names`: an author list in any common form (``Smith AB, Jones C``;
  ``Smith, A. B., & Jones, C.``; ``A. B. Smith and C. Jones``; ``Smith, Alan; Jones, Carl``)
  -> :class:`~refgraph.model.Author`\\ s and whether the list ends in *et al.*
- :func:`to_reference`: a :class:`~refgraph.tagger.TaggedCitation` -> a Reference; fields
  the model has no attribute for go to ``extra`` under their BibTeX names, and the
  reading itself is recorded there: ``x-read-by = tagger``, ``x-tagger-score`` (the
  labelling's probability) and ``x-tagger-doubt`` (fields whose confidence is below 0.8).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid
from refgraph.keys import key_stem
from refgraph.model import Author, Origin, Reference, initials_of
from refgraph.text import expand_pages

if TYPE_CHECKING:
    from refgraph.tagger import TaggedCitation

__all__ = ["DOUBT", "clean_value", "split_names", "to_reference"]

#: Below this confidence a field is listed in ``x-tagger-doubt``.
DOUBT = 0.8

_EDGE = " \t.,;:/"
_OPEN, _CLOSE = "([{“‘\"'«", ")]}”’\"'»"
_YEAR_RE = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)(?!\d)")
_MONTH_RE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?![a-z])", re.IGNORECASE
)
_PAGES_PREFIX_RE = re.compile(r"^(?:pp?\.?|pages?|S\.|Seiten)\s*", re.IGNORECASE)
_VOLUME_PREFIX_RE = re.compile(r"^(?:vol(?:ume)?\.?|v\.|Bd\.|t\.|tome)\s*", re.IGNORECASE)
_ISSUE_PREFIX_RE = re.compile(
    r"^(?:no\.?|nr\.?|issue|num(?:ber)?\.?|n[°º]|h\.|heft)\s*", re.IGNORECASE
)
_PMID_DIGITS_RE = re.compile(r"\d{1,10}")
_ET_AL_RE = re.compile(r"(?:,?\s*(?:et\.?\s*al\.?|and others|u\.\s*a\.|\.\.\.|…))\s*$", re.I)
_AND_RE = re.compile(r"\s*(?:&|\band\b|\bund\b|\bet\b(?!\s*al)|\by\b)\s*")
_INITIALS_ONLY_RE = re.compile(r"(?:[A-Z][a-z]?\.?[-‐]?\s*){1,4}")
_VANCOUVER_RE = re.compile(r"([^\W\d_][\w'’\- ]*?)\s+([A-Z]{1,4})")


def _strip(raw: str) -> str:
    """Drop edge punctuation, and a bracket at an edge that has no partner inside."""
    value = raw.strip(_EDGE)
    changed = True
    while changed and value:
        changed = False
        if value[0] in _OPEN and _CLOSE[_OPEN.index(value[0])] not in value[1:]:
            value, changed = value[1:].strip(_EDGE), True
        elif value and value[-1] in _CLOSE and _OPEN[_CLOSE.index(value[-1])] not in value[:-1]:
            value, changed = value[:-1].strip(_EDGE), True
        elif len(value) > 1 and value[0] in _OPEN and value[-1] == _CLOSE[_OPEN.index(value[0])]:
            value, changed = value[1:-1].strip(_EDGE), True
    return value


def _pages(value: str) -> str:
    """The tagged pages without their label (``pp.``), in :func:`expand_pages`' form."""
    return expand_pages(_PAGES_PREFIX_RE.sub("", value).strip())


def clean_value(label: str, raw: str) -> str:
    """Return the value of a field from its tagged text.

    >>> clean_value("pages", "pp. 1761–1800)."), clean_value("year", "(2011a).")
    ('1761-1800', '2011')
    >>> clean_value("pmid", "PubMed PMID: 28819740."), clean_value("journal", "Drugs.")
    ('28819740', 'Drugs')
    """
    if label == "year":
        m = _YEAR_RE.search(raw)
        return m.group(1) if m else ""
    if label == "month":
        m = _MONTH_RE.search(raw)
        return m.group(1).title() if m else ""
    if label == "doi":
        return normalize_doi(raw) or _strip(raw)
    if label == "pmid":
        m = _PMID_DIGITS_RE.search(raw)
        return (normalize_pmid(m.group(0)) or "") if m else ""
    if label == "pmcid":
        m = re.search(r"PMC\s*\d{1,10}", raw, re.IGNORECASE)
        return normalize_pmcid(m.group(0).replace(" ", "")) if m else ""
    if label == "url":
        return raw.strip(" .,;<>[]()")
    value = _strip(raw)
    if label == "pages":
        return _pages(value)
    if label == "volume":
        return _strip(_VOLUME_PREFIX_RE.sub("", value))
    if label == "issue":
        return _strip(_ISSUE_PREFIX_RE.sub("", value))
    if label == "title" and raw.rstrip().endswith(("?", "!")):
        return value + raw.rstrip()[-1]
    if label == "author" or label == "editor":
        return value + "." if _ET_AL_RE.search(raw) and value.endswith("al") else value
    return value


def _is_given(item: str) -> bool:
    """Does ``item`` read as forenames/initials only (``"L. L."``, ``"Nicholson B."``)?"""
    words = item.replace(".", ". ").split()
    if not words or len(words) > 4:
        return False
    if _INITIALS_ONLY_RE.fullmatch(item.strip()):
        return True
    return all(
        w[0].isupper() and (w.endswith(".") or w.isalpha() or "-" in w) for w in words
    ) and any(len(w.rstrip(".")) <= 2 for w in words)


def _person(item: str) -> Author:
    from refgraph.sources import GROUP_WORDS

    words = item.split()
    if GROUP_WORDS.search(item) or len(words) > 5:
        return Author(collective=item)
    if len(words) >= 2:
        m = _VANCOUVER_RE.fullmatch(item)
        if m and m.group(2).isupper():
            return Author(last=m.group(1), initials=m.group(2))
        if all(_INITIALS_ONLY_RE.fullmatch(w) for w in words[:-1]) or (
            2 <= len(words) <= 4 and all(w[0].isupper() for w in words)
        ):
            first = " ".join(words[:-1])
            return Author(last=words[-1], first=first, initials=initials_of(first))
    if len(words) == 1 and words[0][:1].isupper():
        return Author(last=words[0])
    return Author(collective=item)


def split_names(text: str) -> tuple[tuple[Author, ...], bool]:
    """Split an author (or editor) list in any common form.

    >>> [a.short() for a in split_names("Romero, C., Paunesku, D., & Dweck, C.")[0]]
    ['Romero C', 'Paunesku D', 'Dweck C']
    >>> [a.short() for a in split_names("S. E. Han, G. Chen")[0]]
    ['Han SE', 'Chen G']
    >>> split_names("Kantarjian HM, Gökbuget N, et al.")[1]
    True
    """
    from refgraph.sources import parse_authors

    text = " ".join(text.split()).strip(" .,;:")
    m = _ET_AL_RE.search(text)
    et_al = m is not None
    if m:
        text = text[: m.start()].strip(" ,;")
    if not text:
        return (), et_al
    authors, vancouver_et_al, ok = parse_authors(text)
    if ok and all(not a.collective for a in authors):
        return authors, et_al or vancouver_et_al
    separator = ";" if ";" in text else ","
    items = [p.strip() for p in _AND_RE.sub(separator, text).split(separator)]
    items = [p for p in items if p]
    out: list[Author] = []
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else ""
        if nxt and " " not in item.strip(".") and _is_given(nxt):
            out.append(Author(last=item, first=nxt, initials=initials_of(nxt)))
            i += 2
            continue
        if separator == ";" and "," in item:
            last, _, first = item.partition(",")
            out.append(Author(last=last.strip(), first=first.strip(), initials=initials_of(first)))
        else:
            out.append(_person(item))
        i += 1
    return tuple(out), et_al


_ENTRY_TYPES = (("journal", "article"), ("container", "incollection"))


def to_reference(tagged: TaggedCitation, key: str = "", origin: Origin | None = None) -> Reference:
    """Return the :class:`~refgraph.model.Reference` a tagged citation describes.

    >>> from refgraph.tagger import tag_citation
    >>> ref = to_reference(tag_citation("Smith, J., & Doe, A. (2019). A study of things. "
    ...                                 "Journal of Stuff, 12(3), 45-67."))
    >>> ref.first_author, ref.year, ref.volume, ref.issue, ref.pages
    ('Smith', '2019', '12', '3', '45-67')
    """
    authors, et_al = split_names(tagged.get("author"))
    journal = tagged.get("journal")
    entry_type = "article" if journal else "misc"
    if not journal and tagged.get("container"):
        journal, entry_type = tagged.get("container"), "incollection"
    elif not journal and tagged.get("publisher"):
        entry_type = "book"
    year = tagged.get("year")
    extra: list[tuple[str, str]] = []
    for label, name in (
        ("editor", "editor"),
        ("publisher", "publisher"),
        ("location", "address"),
        ("edition", "edition"),
        ("url", "url"),
        ("isbn", "isbn"),
        ("note", "note"),
    ):
        values = tagged.all(label)
        if values:
            extra.append((name, "; ".join(v for v in values if v)))
    doubt = [f.label for f in tagged.fields if f.confidence < DOUBT]
    extra.append(("x-read-by", "tagger"))
    extra.append(("x-tagger-score", f"{tagged.score:.3f}"))
    if doubt:
        extra.append(("x-tagger-doubt", " ".join(dict.fromkeys(doubt))))
    title = tagged.get("title")
    pmid = tagged.get("pmid")
    # tagged fields -> Reference by name (a field list, not logic)
    return Reference(
        key=key or key_stem(authors, journal, title, pmid, year),
        pmid=pmid,
        entry_type=entry_type,
        authors=authors,
        et_al=et_al,
        title=title,
        journal=journal,
        year=year,
        month=clean_value("month", tagged.get("date")),
        volume=tagged.get("volume"),
        issue=tagged.get("issue"),
        pages=tagged.get("pages"),
        doi=tagged.get("doi"),
        pmcid=tagged.get("pmcid"),
        extra=tuple(extra),
        origins=(origin,) if origin else (),
    )
