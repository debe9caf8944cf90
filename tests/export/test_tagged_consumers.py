"""MEDLINE/.nbib and RIS as their readers see them: every field back, "et al" never an author.

The readers are the ones people use: the ``nbib`` package and Biopython's ``Bio.Medline``
for MEDLINE, ``rispy`` for RIS; refgraph's own readers must give the references back too.
The library is the seed plus hostile records (long wrapped titles, non-ASCII, group and
suffixed authors, et al without authors, seasons, tagged-looking text inside values).
"""

from __future__ import annotations

import io
from dataclasses import replace

import nbib
import rispy
from Bio import Medline

from refgraph.export.nbib import write_nbib
from refgraph.export.ris import write_ris
from refgraph.filters import pages_nlm
from refgraph.model import Author, Reference
from refgraph.sources import medline, ris

from ._refs import bibliographic, seed_references

HOSTILE = [
    Reference(
        key="Hostile2020",
        pmid="31234567",
        authors=(
            Author(last="Ødegård", first="Åse Marie", initials="ÅM"),
            Author(last="Gibb", first="Fraser W", initials="FW", suffix="Jr"),
            Author(collective="INO-VATE Investigators"),
            Author(last="Lamb", initials="YN"),
        ),
        et_al=True,
        title="A long title " * 12 + "with PMID- 123 and ER  - inside: 50% & <b>",
        journal="Br J Haematol",
        journal_full="British journal of haematology",
        year="2020",
        month="Aug",
        volume="190",
        issue="3",
        pages="e1-e12",
        doi="10.1111/bjh.16789",
        pmcid="PMC7654321",
        annotation="Note with [doi] and AU  - fake and a very long tail " * 4,
        publication_types=("Journal Article", "Randomized Controlled Trial"),
        keywords=("Antibodies, Monoclonal, Humanized", "leukemia"),
        trials=("NCT01564784", "NCT02981628"),
        extra=(("abstract", "Background: x. " * 20), ("language", "eng")),
    ),
    Reference(
        key="EtAlOnly1999",
        pmid="10000001",
        et_al=True,
        title="Only et al",
        journal="Hepatology",
        year="1999",
        month="Spring",
    ),
]


def _library() -> list[Reference]:
    return [*seed_references(), *HOSTILE]


def _squashed(ref: Reference) -> Reference:
    """``ref`` with whitespace runs in its text as one space (what every writer does)."""
    return replace(ref, title=" ".join(ref.title.split()),
                   annotation=" ".join(ref.annotation.split()))  # fmt: skip


def _persons(ref: Reference) -> list[Author]:
    return [a for a in ref.authors if not a.collective]


def _fau(author: Author) -> str:
    given = author.first or " ".join(author.name_initials)
    name = f"{author.last}, {given}"
    return f"{name}, {author.suffix}" if author.suffix else name


def test_nbib_package_reads_every_field() -> None:
    refs = _library()
    records = nbib.read(write_nbib(refs))
    assert len(records) == len(refs)
    for ref, rec in zip(refs, records, strict=True):
        authors = rec.get("authors", [])
        assert [a["author"] for a in authors] == [_fau(a) for a in _persons(ref)], ref.key
        assert [a["author_abbreviated"] for a in authors] == [a.short() for a in _persons(ref)]
        assert all("et al" not in a["author_abbreviated"] for a in authors)
        assert rec["pubmed_id"] == int(ref.pmid)
        assert rec["title"] == " ".join(ref.title.split())
        assert rec["journal_abbreviated"] == ref.journal
        assert rec.get("journal", "") == ref.journal_full
        assert rec["publication_date"] == f"{ref.year} {ref.month}".strip()
        assert rec.get("journal_volume", "") == ref.volume
        assert rec.get("journal_issue", "") == ref.issue
        assert rec.get("pages", "") == pages_nlm(ref.pages)
        assert rec.get("doi", "") == ref.doi
        assert rec.get("pmcid", "") == (int(ref.pmcid[3:]) if ref.pmcid else "")
        assert rec.get("publication_types", []) == list(ref.publication_types)
        assert rec.get("keywords", []) == list(ref.keywords)
        groups = [a.collective for a in ref.authors if a.collective]
        assert rec.get("corporate_author", "") == (groups[-1] if groups else "")
    assert records[-2]["abstract"] == " ".join(HOSTILE[0].extra[0][1].split())


def test_biopython_medline_reads_every_field() -> None:
    refs = _library()
    records = list(Medline.parse(io.StringIO(write_nbib(refs))))
    assert len(records) == len(refs)
    for ref, rec in zip(refs, records, strict=True):
        assert rec.get("FAU", []) == [_fau(a) for a in _persons(ref)], ref.key
        assert rec.get("AU", []) == [a.short() for a in _persons(ref)]
        assert "et al" not in rec.get("AU", [])
        assert rec.get("CN", []) == [a.collective for a in ref.authors if a.collective]
        assert rec["PMID"] == ref.pmid and rec["TI"] == " ".join(ref.title.split())
        assert (rec.get("TA", ""), rec.get("JT", "")) == (ref.journal, ref.journal_full)
        assert (rec.get("VI", ""), rec.get("IP", "")) == (ref.volume, ref.issue)
        assert rec.get("PG", "") == pages_nlm(ref.pages)
        assert rec.get("LID", "") == (f"{ref.doi} [doi]" if ref.doi else "")
        assert rec.get("PMC", "") == ref.pmcid
        assert rec.get("PT", []) == list(ref.publication_types)
        assert rec.get("OT", []) == list(ref.keywords)
        assert rec.get("SI", []) == [f"ClinicalTrials.gov/{t}" for t in ref.trials]
        notes = rec.get("GN", [])
        assert notes == [n for n in ("Author list incomplete (et al.)" if ref.et_al else "",
                                     " ".join(ref.annotation.split())) if n]  # fmt: skip


def test_refgraph_reads_its_nbib_back() -> None:
    refs = _library()
    back = medline.parse(write_nbib(refs), "x.nbib")
    assert back.problems == ()
    for ref, got in zip(map(_squashed, refs), back.references, strict=True):
        assert (bibliographic(got), got.et_al) == (bibliographic(ref), ref.et_al)
        assert (got.publication_types, got.keywords, got.trials) == (
            ref.publication_types, ref.keywords, ref.trials)  # fmt: skip
        # MEDLINE's DP keeps a season ("1999 Spring"), which refgraph reads as no month, as
        # it reads the same PubMed record from XML
        assert got.month == (ref.month if ref.month != "Spring" else "")
        assert got.journal_full == ref.journal_full


def test_rispy_reads_every_field() -> None:
    refs = _library()
    records = rispy.loads(write_ris(refs))
    assert len(records) == len(refs)
    for ref, rec in zip(refs, records, strict=True):
        assert rec["id"] == ref.key and rec["type_of_reference"] == "JOUR"
        assert len(rec.get("authors", [])) == len(ref.authors), ref.key
        assert all("et al" not in a for a in rec.get("authors", []))
        assert rec["title"] == " ".join(ref.title.split())
        assert rec["secondary_title"] == (ref.journal_full or ref.journal)
        if ref.journal_full:
            assert rec["alternate_title1"] == ref.journal
        assert rec["year"] == ref.year
        assert rec.get("volume", "") == ref.volume and rec.get("number", "") == ref.issue
        first, _, last = ref.pages.partition("-")
        assert (rec.get("start_page", ""), rec.get("end_page", "")) == (first, last)
        assert rec.get("doi", "") == ref.doi and rec["accession_number"] == ref.pmid
        assert rec.get("custom2", "") == ref.pmcid
        assert rec.get("keywords", []) == list(ref.keywords)
        assert rec.get("type_of_work", "") == "; ".join(ref.publication_types)
        notes = [n for n in ("Author list incomplete (et al.)" if ref.et_al else "",
                             " ".join(ref.annotation.split())) if n]  # fmt: skip
        assert rec.get("notes", []) == notes
    assert records[-2]["date"] == "2020/08//" and records[-1]["date"] == "1999///Spring"
    assert records[-2]["abstract"].startswith("Background: x.")


def test_refgraph_reads_its_ris_back() -> None:
    refs = _library()
    back = ris.parse(write_ris(refs), "x.ris")
    assert back.problems == ()
    for ref, got in zip(map(_squashed, refs), back.references, strict=True):
        assert (bibliographic(got), got.et_al) == (bibliographic(ref), ref.et_al)
        assert (got.publication_types, got.keywords) == (ref.publication_types, ref.keywords)
        assert (got.month, got.journal_full) == (ref.month, ref.journal_full)
