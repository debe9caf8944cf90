"""PMC JATS references -> labelled citation strings for the tagger (training data only).

Of the 350 references in the eight PMC articles, 90 are ``<mixed-citation>``\\ s written as
the journal printed them (punctuation between the marked-up fields): those are used as
written (:func:`as_written`), with the identifiers the markup lists but the text does not
show appended in one of the forms reference lists use (``PMID: N``, ``PubMed PMID: N``,
``[PubMed: N]``, ``doi: ...``). The rest (``<element-citation>``, the older
``<citation>``, and mixed citations whose fields sit side by side with no punctuation)
carry fields but no punctuation; each is typeset in a medical citation style drawn with
a seeded random generator (:func:`typeset`): NLM/Vancouver with PubMed's identifier tail,
LiverTox (``PubMed PMID: N``), NCBI Bookshelf web links, AMA, PLOS, APA and Harvard.
Every field keeps its label, so the labels are the markup's, never guessed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from lxml import etree

from refgraph.model import Author
from refgraph.pubmed.safexml import safe_parser
from refgraph.sources.jats import JatsCitation, jats_citation
from refgraph.tagger.corpus import LabelledCitation, labelled
from refgraph.text import MONTHS

__all__ = ["STYLES", "as_written", "is_written", "read_jats", "typeset"]

Chunks = list[tuple[str, str]]

_TAG_LABELS = {
    "name": "author", "string-name": "author", "collab": "author", "etal": "author",
    "article-title": "title", "chapter-title": "title", "part-title": "title",
    "year": "date", "month": "date", "day": "date", "date": "date", "season": "date",
    "volume": "volume", "issue": "issue", "fpage": "pages", "lpage": "pages",
    "page-range": "pages", "elocation-id": "pages", "size": "pages",
    "publisher-name": "publisher", "publisher-loc": "location", "edition": "edition",
    "conf-name": "container", "comment": "note", "isbn": "isbn", "ext-link": "url",
    "uri": "url", "trans-title": "title", "trans-source": "note",
}  # fmt: skip


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def is_written(cit: etree._Element) -> bool:
    """Is this a mixed citation with the journal's own punctuation between its fields?"""
    if _local(cit) != "mixed-citation":
        return False
    if len(cit) == 0:
        return False
    glue = [(child.tail or "") for child in cit[:-1]]
    return any(g.strip() for g in glue)


def _source_label(fields: JatsCitation) -> str:
    if fields.kind == "journal":
        return "journal"
    return "container" if fields.title else "title"


def _flatten(el: etree._Element, label: str, out: Chunks, fields: JatsCitation) -> None:
    """Append ``el``'s text as chunks: its own label for marked-up fields, glue between."""
    if el.text:
        out.append((el.text, label))
    for child in el:
        tag = _local(child)
        if tag == "pub-id":
            pass  # shown as links by PMC, not as text: added back by the caller
        elif tag == "person-group":
            role = child.get("person-group-type", "author")
            _flatten(child, "editor" if role == "editor" else "author", out, fields)
        elif tag == "source":
            out.append((" ".join(child.itertext()), _source_label(fields)))
        elif tag in ("name", "string-name", "collab", "etal") and label == "editor":
            out.append((" ".join(child.itertext()), "editor"))
        elif tag in ("name", "string-name"):
            out.append((" ".join(child.itertext()), "author"))
        elif tag in _TAG_LABELS:
            text = "".join(child.itertext())
            if tag == "comment" and fields.doi and fields.doi in text:
                out.append((text, "doi"))
            else:
                out.append((text, _TAG_LABELS[tag]))
        else:
            _flatten(child, label, out, fields)
        if child.tail:
            out.append((child.tail, ""))
        elif tag in ("source", "volume") and child.getnext() is not None:
            out.append((" ", ""))  # PMC shows these apart: "Vaccine 26: 3853"


def _ids(fields: JatsCitation, rng: random.Random, style: str) -> Chunks:
    """Identifier tail in the style's usual form (each identifier kept with some chance)."""
    out: Chunks = []
    if fields.doi and "doi" not in style and rng.random() < 0.5:
        form = rng.choice(("doi: {}.", "doi:{}", "https://doi.org/{}", "DOI: {}."))
        out.append((form.format(fields.doi), "doi"))
    if fields.year and style in ("nlm", "ama") and rng.random() < 0.2:
        month = rng.choice(MONTHS[:9])  # Jan-Sep
        out.append((f"Epub {fields.year} {month} {rng.randint(1, 28)}.", "note"))
    if fields.pmid and rng.random() < 0.75:
        form = {
            "livertox": "PubMed PMID: {}.",
            "bookshelf": "[PubMed: {}]",
        }.get(style) or rng.choice(("PMID: {}.", "PMID: {}", "PubMed PMID: {}.", "[PubMed: {}]"))
        out.append((form.format(fields.pmid), "pmid"))
    if fields.pmcid and rng.random() < 0.75:
        form = "[PMC free article: {}]" if style == "bookshelf" else "PMCID: {}."
        out.append((form.format(fields.pmcid), "pmcid"))
    return out


def as_written(
    cit: etree._Element, rng: random.Random, source: str, fields: JatsCitation | None = None
) -> LabelledCitation:
    """The citation as the journal wrote it, plus an identifier tail."""
    fields = fields or jats_citation(cit)
    chunks: Chunks = []
    _flatten(cit, "", chunks, fields)
    chunks = [(" ".join(t.replace("\n", " ").split(" ")), label) for t, label in chunks]
    text = "".join(t for t, _ in chunks).rstrip()
    chunks.append(("" if text.endswith(".") else ".", ""))
    for tail in _ids(fields, rng, "written"):
        chunks.append((" ", ""))
        chunks.append(tail)
    return _squeezed(chunks, source)


def _squeezed(chunks: Chunks, source: str) -> LabelledCitation:
    """Collapse runs of spaces across chunk borders (labels kept)."""
    out: Chunks = []
    prev_space = True
    for text, label in chunks:
        buf = []
        for ch in text:
            if ch.isspace():
                if not prev_space:
                    buf.append(" ")
                prev_space = True
            else:
                buf.append(ch)
                prev_space = False
        if buf:
            out.append(("".join(buf), label))
    if out and out[-1][0].endswith(" "):
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return labelled(out, source)


# -- typesetting structured citations ----------------------------------------------------


def _dotted(initials: str) -> str:
    return " ".join(c + "." for c in initials)


def _names(people: tuple[Author, ...], style: str, et_al: bool) -> str:
    def one(a: Author) -> str:
        if a.collective:
            return a.collective
        ini = a.name_initials
        if style == "apa":
            return f"{a.last}, {_dotted(ini)}" if ini else a.last
        if style == "harvard":
            return f"{a.last}, {_dotted(ini).replace(' ', '')}" if ini else a.last
        if style == "ieee":
            return f"{_dotted(ini)} {a.last}" if ini else a.last
        return f"{a.last} {ini}{' ' + a.suffix if a.suffix else ''}".strip()

    names = [one(a) for a in people]
    if not names:
        return ""
    if et_al:
        return ", ".join(names) + ", et al."
    if len(names) == 1:
        return names[0]
    if style == "apa":
        return ", ".join(names[:-1]) + ", & " + names[-1]
    if style in ("harvard", "ieee"):
        return ", ".join(names[:-1]) + " and " + names[-1]
    return ", ".join(names)


def _pages(fields: JatsCitation, abbreviate: bool, dash: str) -> str:
    if not fields.fpage:
        return fields.elocation
    if not fields.lpage or fields.lpage == fields.fpage:
        return fields.fpage
    last = fields.lpage
    if abbreviate and fields.fpage.isdigit() and last.isdigit() and len(last) == len(fields.fpage):
        common = 0
        while common < len(last) - 1 and last[common] == fields.fpage[common]:
            common += 1
        last = last[common:]
    return f"{fields.fpage}{dash}{last}"


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


class _Out:
    """Chunks with explicit separators: ``add(" ", "2016;", "date")``."""

    def __init__(self) -> None:
        self.chunks: Chunks = []

    def add(self, sep: str, text: str, label: str) -> None:
        if self.chunks and sep:
            self.chunks.append((sep, ""))
        self.chunks.append((text, label))


def _nlm(f: JatsCitation, rng: random.Random, style: str) -> Chunks:
    o = _Out()
    if f.authors:
        o.add(" ", _end(_names(f.authors, "nlm", f.et_al)), "author")
    if f.title:
        o.add(" ", _end(f.title), "title")
    if f.kind == "journal" or not f.publisher:
        if f.source:
            o.add(" ", _end(f.source), "journal" if f.kind == "journal" else _source_label(f))
        date = f.year
        if style == "nlm" and f.year and rng.random() < 0.4:  # PubMed's "2015 Apr;" form
            date += " " + (
                f.month[:3]
                if f.month and not f.month.isdigit()
                else rng.choice(MONTHS[:11])  # Jan-Nov
            )
        pages = _pages(f, style != "ama", "–" if style == "livertox" else "-")
        spaced = " " if style == "ama" and rng.random() < 0.3 else ""
        if date:
            o.add(" ", date + (";" if f.volume or pages else "."), "date")
        if f.volume:
            o.add(spaced, f.volume, "volume")
            if f.issue and style != "livertox":
                o.add("", f"({f.issue})", "issue")
            o.add("", ":" if pages else ".", "")
        if pages:
            o.add(spaced, pages + ".", "pages")
    else:
        if f.source:
            o.add(" ", _end(f.source), "title" if not f.title else "container")
        if f.edition:
            o.add(" ", f"{f.edition} ed.", "edition")
        if f.location:
            o.add(" ", f.location + ":", "location")
        o.add(" ", f.publisher + (";" if f.year else "."), "publisher")
        if f.year:
            o.add(" ", f.year + ".", "date")
        pages = _pages(f, True, "-")
        if pages:
            o.add(" ", f"p. {pages}.", "pages")
    return o.chunks


def _apa(f: JatsCitation, rng: random.Random, style: str) -> Chunks:
    o = _Out()
    if f.authors:
        o.add(" ", _names(f.authors, "apa" if style == "apa" else "harvard", f.et_al), "author")
    if f.year:
        o.add(" ", f"({f.year})." if style == "apa" else f"{f.year},", "date")
    if f.title:
        o.add(" ", _end(f.title) if style == "apa" else f"'{f.title}',", "title")
    if f.source:
        o.add(" ", f.source + ("," if f.volume else "."), _source_label(f))
    if f.volume:
        o.add(" ", f.volume, "volume")
        if f.issue:
            o.add("", f"({f.issue})", "issue")
        o.add("", ",", "")
    pages = _pages(f, False, "–")
    if pages:
        o.add(" ", (pages if style == "apa" else f"pp. {pages}") + ".", "pages")
    return _publisher_doi(o, f, rng, 0.6, "https://doi.org/")


def _plos(f: JatsCitation, rng: random.Random, style: str) -> Chunks:
    o = _Out()
    if f.authors:
        o.add(" ", _names(f.authors, "nlm", f.et_al), "author")
    if f.year:
        o.add(" ", f"({f.year})", "date")
    if f.title:
        o.add(" ", _end(f.title), "title")
    if f.source:
        o.add(" ", f.source if f.volume else _end(f.source), _source_label(f))
    pages = _pages(f, False, "–")
    if f.volume:
        o.add(" ", f.volume, "volume")
        if f.issue and rng.random() < 0.3:
            o.add("", f"({f.issue})", "issue")
        o.add("", ":" if pages else ".", "")
    if pages:
        o.add(" ", pages + ".", "pages")
    return _publisher_doi(o, f, rng, 0.5, "doi:")


def _publisher_doi(o: _Out, f: JatsCitation, rng: random.Random, chance: float,
                   prefix: str) -> Chunks:
    """End a citation with ``Location: Publisher.`` and, ``chance`` of the time, its DOI."""
    if f.publisher:
        if f.location:
            o.add(" ", f.location + ":", "location")
        o.add(" ", f.publisher + ".", "publisher")
    if f.doi and rng.random() < chance:
        o.add(" ", f"{prefix}{f.doi}", "doi")
    return o.chunks


#: Style name -> (typesetter, weight).
STYLES: dict[str, tuple[Callable[[JatsCitation, random.Random, str], Chunks], int]] = {
    "nlm": (_nlm, 4),
    "livertox": (_nlm, 2),
    "bookshelf": (_nlm, 1),
    "ama": (_nlm, 1),
    "plos": (_plos, 2),
    "apa": (_apa, 2),
    "harvard": (_apa, 1),
}


def typeset(
    cit: etree._Element, rng: random.Random, source: str, fields: JatsCitation | None = None
) -> LabelledCitation:
    """The citation's fields typeset in a style drawn from :data:`STYLES` (seeded)."""
    fields = fields or jats_citation(cit)
    names = list(STYLES)
    style = rng.choices(names, weights=[STYLES[n][1] for n in names])[0]
    chunks = STYLES[style][0](fields, rng, style)
    tail = _ids(fields, rng, style + (" doi" if style in ("apa", "plos") else ""))
    out = _Out()
    out.chunks = chunks
    for text, label in tail:
        out.add(" ", text, label)
    return labelled(out.chunks, source)


_CITATIONS = ("mixed-citation", "element-citation", "citation", "nlm-citation")


def read_jats(path: str, rng: random.Random, copies: int = 1) -> list[LabelledCitation]:
    """Every labelled citation of one JATS file: as written, or typeset ``copies`` times
    in styles drawn independently (see the module docstring); a plain-text mixed citation
    has no labels and is left out."""
    from pathlib import Path

    root = etree.parse(path, safe_parser()).getroot()
    name = Path(path).name
    out: list[LabelledCitation] = []
    for ref in root.iter("{*}ref"):
        for cit in ref.iter(*(f"{{*}}{t}" for t in _CITATIONS)):
            fields = jats_citation(cit)
            where = f"{name}#{ref.get('id', '')}"
            if is_written(cit):
                out.append(as_written(cit, rng, where, fields))
            elif fields.structured:
                out.extend(typeset(cit, rng, where, fields) for _ in range(copies))
    return out
