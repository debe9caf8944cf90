"""One citation in, the same fields out: the seed's citations written in every input format
refgraph reads give the same PMID, authors (every name, with initials, and *et al.*), title,
journal, year, month, volume, issue and pages (issue 10, item 3).

Each input is written by refgraph's own writer where the format has one (BibTeX, biblatex,
RIS, MEDLINE, CSL-JSON, PubMed XML, and the LiverTox, Vancouver and AMA templates) and by a
small hand-written converter below where it has none (Bookshelf web text, JATS, Zotero
JSON); PDF and Word files carry the LiverTox and Vancouver texts. Each is written the way
such files are found: abbreviated NLM pages in MEDLINE, PubMed XML, Vancouver and LiverTox
text (``403-11``, with an en dash in the text forms); in RIS an abbreviated end page
(``SP 1603``/``EP 10``) or a range in ``SP`` (``403–11``); a double hyphen in BibTeX;
numeric months in CSL-JSON, JATS and Zotero (``2017-08``), names in the text forms
(``2017 Aug;4:...``, as NLM writes them). Two seed works get the month PubMed gives them,
and a citation with two page ranges (``571-81; 600-2``) is added to every format.

What a style leaves out by its own rule is not expected back: Vancouver/NLM lists the first
six authors then *et al.*, AMA the first three when there are more than six, and AMA prints
no PMID.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from benchmarks.pdfmaker import monograph_pdf

from conftest import SEED
from refgraph.export import export_text
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.parse import wrap_articles
from refgraph.pubmed.write import record_to_xml
from refgraph.render import render
from refgraph.sources import livertox, load, parse_text
from refgraph.text import MONTHS, abbreviate_pages, month_number, plain

TWO_RANGES = Reference(
    key="Smith1999", pmid="10000001", title="A study printed on two page ranges",
    authors=(Author(last="Smith", initials="JA"), Author(last="Jones", initials="B")),
    journal="Hepatology", year="1999", month="Sep", volume="30", issue="3",
    pages="571-581, 600-602",
)  # fmt: skip
#: The months PubMed gives two of the seed's works (the monograph leaves them out).
MONTH_OF = {"28687420": "Aug", "28677896": "Aug"}


def seed() -> list[Reference]:
    refs = livertox.parse(SEED.read_text(encoding="utf-8"), "seed.txt").references
    return [*(replace(r, month=MONTH_OF.get(r.pmid, "")) for r in refs), TWO_RANGES]


Fields = tuple[object, ...]


def fields(ref: Reference, shown: int = 99, pmid: bool = True) -> Fields:
    """What must agree; ``shown`` authors at most (more: *et al.*)."""
    names = tuple((plain(a.last), a.initials) for a in ref.authors)
    return (ref.pmid if pmid else "", names[:shown], ref.et_al or len(names) > shown,
            plain(ref.title), plain(ref.journal or ref.journal_full), ref.year, ref.month,
            ref.volume, ref.issue, ref.pages)  # fmt: skip


# -- the text forms -------------------------------------------------------------------------


def _with_months(text: str, refs: list[Reference]) -> str:
    """``2017;4:`` -> ``2017 Aug;4:``: NLM's date with its month (the templates print none)."""
    for r in refs:
        if r.month:
            text = text.replace(f"{r.year};{r.volume}", f"{r.year} {r.month};{r.volume}")
    return text


def as_livertox(refs: list[Reference]) -> str:
    abbreviated = [replace(r, pages=abbreviate_pages(r.pages)) for r in refs]
    body = render(abbreviated, "livertox", annotations=False)
    body = re.sub(r"(?<=[0-9e])-(?=[0-9e])", "–", body)  # page ranges with an en dash
    return "REFERENCES\n\n" + _with_months(body, refs)


def as_bookshelf(refs: list[Reference]) -> str:
    """The Bookshelf web page's form: ``[PubMed: N]`` and link labels instead of the PMID."""
    return re.sub(r"PubMed PMID: (\d+)\.", r"[PubMed: \1] [CrossRef]", as_livertox(refs))


def as_vancouver(refs: list[Reference]) -> str:
    return _with_months(render(refs, "vancouver", annotations=False), refs)


def as_ama(refs: list[Reference]) -> str:
    return _with_months(render(refs, "ama", annotations=False), refs)


# -- the tagged and structured forms ----------------------------------------------------------


def as_ris(refs: list[Reference]) -> str:
    text = export_text(refs, "ris")
    assert "SP  - 403\nEP  - 411\n" in text and "SP  - 1603\nEP  - 1610\n" in text
    text = text.replace("EP  - 1610\n", "EP  - 10\n")  # an abbreviated end page, as found
    return text.replace("SP  - 403\nEP  - 411\n", "SP  - 403–11\n")  # a range in SP


def as_pubmed_xml(refs: list[Reference]) -> str:
    records = [
        PubmedRecord(
            pmid=r.pmid, title=r.title, journal_abbrev=r.journal, year=r.year, month=r.month,
            volume=r.volume, issue=r.issue, pages=abbreviate_pages(r.pages), authors=r.authors,
            authors_complete=not r.et_al,
        )
        for r in refs
    ]  # fmt: skip
    return wrap_articles([record_to_xml(r).encode() for r in records]).decode()


def _numeric_date(ref: Reference) -> str:
    return ref.year + (f"-{month_number(ref.month):02d}" if ref.month else "")


def as_jats(refs: list[Reference]) -> str:
    """A PMC article's reference list (``element-citation``), discontinuous pages in
    ``page-range``, the month as a number."""
    out = ['<?xml version="1.0"?>\n<article article-type="research-article"><back><ref-list>']
    for i, r in enumerate(refs):
        names = "".join(
            f"<name><surname>{escape(a.last)}</surname><given-names>{a.initials}</given-names>"
            "</name>"
            for a in r.authors
        )
        first, _, last = r.pages.partition("-")
        pages = (f"<fpage>{first}</fpage><lpage>{abbreviate_pages(r.pages).partition('-')[2]}"
                 f"</lpage>" if last else f"<fpage>{first}</fpage>")  # fmt: skip
        if "," in r.pages:
            pages = f"<fpage>{first}</fpage><page-range>{abbreviate_pages(r.pages)}</page-range>"
        month = f"<month>{month_number(r.month):02d}</month>" if r.month else ""
        out.append(
            f'<ref id="r{i}"><element-citation publication-type="journal">'
            f'<person-group person-group-type="author">{names}{"<etal/>" * r.et_al}'
            f"</person-group><article-title>{escape(r.title)}</article-title>"
            f"<source>{escape(r.journal)}</source><year>{r.year}</year>{month}"
            f"<volume>{r.volume}</volume>{f'<issue>{r.issue}</issue>' * bool(r.issue)}{pages}"
            f'<pub-id pub-id-type="pmid">{r.pmid}</pub-id></element-citation></ref>'
        )
    out.append("</ref-list></back></article>\n")
    return "\n".join(out)


def as_zotero(refs: list[Reference]) -> str:
    """Better BibTeX JSON: initials-only first names, ``others`` for *et al.*, PMID in
    ``extra``, an ISO date."""
    items = []
    for r in refs:
        creators = [{"creatorType": "author", "lastName": a.last, "firstName": a.initials}
                    for a in r.authors]  # fmt: skip
        if r.et_al:
            creators.append({"creatorType": "author", "name": "others"})
        items.append({
            "itemType": "journalArticle", "title": r.title, "creators": creators,
            "publicationTitle": r.journal, "journalAbbreviation": r.journal,
            "date": _numeric_date(r), "volume": r.volume, "issue": r.issue,
            "pages": abbreviate_pages(r.pages), "extra": f"PMID: {r.pmid}",
        })  # fmt: skip
    return json.dumps({"config": {}, "items": items}, indent=1)


def _exported(fmt: str) -> Callable[[list[Reference]], str]:
    return lambda refs: export_text(refs, fmt)


#: Input format -> (writer, the format refgraph must detect or is told, authors shown).
WRITERS: dict[str, tuple[Callable[[list[Reference]], str], str, Callable[[int], int]]] = {
    "livertox": (as_livertox, "livertox", lambda n: n),
    "bookshelf": (as_bookshelf, "bookshelf", lambda n: n),
    "vancouver": (as_vancouver, "vancouver", lambda n: min(n, 6)),
    "ama": (as_ama, "vancouver", lambda n: n if n <= 6 else 3),
    "bibtex": (_exported("bibtex"), "bibtex", lambda n: n),
    "biblatex": (_exported("biblatex"), "bibtex", lambda n: n),
    "ris": (as_ris, "ris", lambda n: n),
    "medline": (_exported("nbib"), "medline", lambda n: n),
    "csl-json": (_exported("csljson"), "csl-json", lambda n: n),
    "pubmed-xml": (as_pubmed_xml, "pubmed-xml", lambda n: n),
    "jats": (as_jats, "jats", lambda n: n),
    "zotero-json": (as_zotero, "zotero-json", lambda n: n),
}


#: How the abbreviated range ``403-11`` stands in each input that abbreviates it.
ABBREVIATED = {
    "livertox": "2012;13:403–11.", "bookshelf": "2012;13:403–11.", "vancouver": "13:403-11.",
    "ris": "SP  - 403–11\n", "medline": "PG  - 403-11\n", "pubmed-xml": ">403-11<",
    "jats": "<fpage>403</fpage><lpage>11</lpage>", "zotero-json": '"403-11"',
    "bibtex": "403--411",
}  # fmt: skip


def expected(refs: list[Reference], name: str) -> list[Fields]:
    shown = WRITERS[name][2]
    return [fields(r, shown(len(r.authors)), pmid=name != "ama") for r in refs]


def read_back(name: str) -> list[Reference]:
    writer, fmt, _ = WRITERS[name]
    text = writer(seed())
    assert ABBREVIATED.get(name, "403") in text
    result = parse_text(text, f"seed.{name}")
    assert result.format == fmt, "detected as another format"
    assert [p.kind for p in result.problems if p.kind != "no_pmid"] == []
    return list(result.references)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_format_gives_the_same_fields(name: str) -> None:
    refs = seed()
    got = [fields(r, pmid=name != "ama") for r in read_back(name)]
    assert got == expected(refs, name)
    pages = [g[-1] for g in got]
    assert "571-581, 600-602" in pages and "403-411" in pages and "e387-e398" in pages
    assert [g[6] for g in got].count("Aug") == 2 and got[-1][6] == "Sep"


def test_the_formats_agree_on_every_page_and_month() -> None:
    """The fields no style drops (pages, months, year, volume, issue) agree across every format."""
    seen = {name: [(r.pages, r.month, r.year, r.volume, r.issue) for r in read_back(name)]
            for name in WRITERS}  # fmt: skip
    first, *rest = seen.values()
    assert all(s == first for s in rest), seen


def test_word_and_pdf_files_read_as_their_text(tmp_path: Path) -> None:
    """A Vancouver list in a Word file and a LiverTox list in a PDF give the same fields."""
    refs = seed()
    document = docx.Document()
    for paragraph in as_vancouver(refs).split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    (tmp_path / "list.docx").write_bytes(buffer.getvalue())
    (tmp_path / "monograph.pdf").write_bytes(monograph_pdf(as_livertox(refs)))
    word = load(tmp_path / "list.docx")
    pdf = load(tmp_path / "monograph.pdf")
    assert [fields(r) for r in word.references] == expected(refs, "vancouver")
    assert [fields(r) for r in pdf.references] == expected(refs, "livertox")


def test_the_month_table_is_the_one_every_format_uses() -> None:
    """Numeric months (CSL-JSON ``date-parts``, JATS ``<month>08``) and names read alike."""
    assert [month_number(m) for m in MONTHS] == list(range(1, 13))


@pytest.mark.parametrize("name", ["ama", "vancouver"])
def test_the_general_reader_gives_the_same_fields(name: str) -> None:
    """The general reader (``--from text``, for styles without a reader of their own) reads
    the same fields as the style's reader."""
    refs = seed()
    result = parse_text(WRITERS[name][0](refs), f"seed.{name}", "text")
    assert [fields(r, pmid=name != "ama") for r in result.references] == expected(refs, name)
