"""One citation in, the same fields out: the seed's citations written in every input format
refgraph reads give the same PMID, authors, title, journal, year, volume and pages (issue 10).

Each format is written the way such files are found: abbreviated NLM pages in MEDLINE,
PubMed XML, Vancouver and LiverTox text (``403-11``, with an en dash in the text forms); in
RIS an abbreviated end page (``SP 1603``/``EP 10``) or a range in ``SP`` (``403–11``); a
double hyphen in BibTeX. A citation with two page ranges (``571-81; 600-2``) is added to
every format too.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import SEED
from refgraph.export import export_text
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.parse import wrap_articles
from refgraph.pubmed.write import record_to_xml
from refgraph.render import render
from refgraph.sources import livertox, parse_text
from refgraph.text import abbreviate_pages, plain

TWO_RANGES = Reference(
    key="Smith1999", pmid="10000001", title="A study printed on two page ranges",
    authors=(Author(last="Smith", initials="JA"), Author(last="Jones", initials="B")),
    journal="Hepatology", year="1999", volume="30", pages="571-581, 600-602",
)  # fmt: skip


def seed() -> list[Reference]:
    refs = list(livertox.parse(SEED.read_text(encoding="utf-8"), "seed.txt").references)
    return [*refs, TWO_RANGES]


def fields(ref: Reference) -> tuple[str, ...]:
    first = ref.authors[0] if ref.authors else Author()
    return (ref.pmid, plain(first.last), first.initials[:1], plain(ref.title),
            plain(ref.journal or ref.journal_full), ref.year, ref.volume, ref.pages)  # fmt: skip


def _abbreviated(refs: list[Reference]) -> list[Reference]:
    return [replace(r, pages=abbreviate_pages(r.pages)) for r in refs]


def as_livertox(refs: list[Reference]) -> str:
    body = render(_abbreviated(refs), "livertox", annotations=False).replace("-", "–")
    return "REFERENCES\n\n" + body


def as_vancouver(refs: list[Reference]) -> str:
    return render(refs, "vancouver", annotations=False)


def as_bibtex(refs: list[Reference]) -> str:
    return export_text(refs, "bibtex")


def as_ris(refs: list[Reference]) -> str:
    text = export_text(refs, "ris")
    assert "SP  - 403\nEP  - 411\n" in text and "SP  - 1603\nEP  - 1610\n" in text
    text = text.replace("EP  - 1610\n", "EP  - 10\n")  # an abbreviated end page, as found
    return text.replace("SP  - 403\nEP  - 411\n", "SP  - 403–11\n")  # a range in SP


def as_medline(refs: list[Reference]) -> str:
    return export_text(refs, "nbib")


def as_pubmed_xml(refs: list[Reference]) -> str:
    records = [
        PubmedRecord(
            pmid=r.pmid, title=r.title, journal_abbrev=r.journal, year=r.year,
            volume=r.volume, issue=r.issue, pages=abbreviate_pages(r.pages), authors=r.authors,
        )
        for r in refs
    ]
    return wrap_articles([record_to_xml(r).encode() for r in records]).decode()


WRITERS = {
    "livertox": as_livertox,
    "vancouver": as_vancouver,
    "bibtex": as_bibtex,
    "ris": as_ris,
    "medline": as_medline,
    "pubmed-xml": as_pubmed_xml,
}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_gives_the_same_fields(fmt: str) -> None:
    refs = seed()
    text = WRITERS[fmt](refs)
    assert "403-11" in text or "403–11" in text or fmt == "bibtex"
    result = parse_text(text, f"seed.{fmt}", fmt)
    expected = {r.pmid: fields(r) for r in refs}
    got = {r.pmid: fields(r) for r in result.references}
    assert got == expected
    assert got["10000001"][-1] == "571-581, 600-602"
    assert got["22357140"][-1] == "403-411"


def test_the_formats_agree_on_every_page_form() -> None:
    pages = {fmt: {r.pmid: r.pages for r in parse_text(w(seed()), f"x.{fmt}", fmt).references}
             for fmt, w in WRITERS.items()}  # fmt: skip
    first, *rest = pages.values()
    assert all(p == first for p in rest), pages
