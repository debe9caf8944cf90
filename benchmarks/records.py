"""PubMed records matching :func:`benchmarks.generate.livertox_corpus` (for the fake server).

:func:`record_set` turns each generated work into the ``PubmedArticle`` XML NCBI would send
for it (via :func:`~refgraph.pubmed.parse.record_to_xml`): same PMID, authors, title, journal,
year, volume, issue and pages, so that checking the corpus against these records gives
``ok`` for every citation. Cross-references and trials are left to the annotations.
"""

from __future__ import annotations

from benchmarks.generate import references
from refgraph.model import PubmedRecord, Reference
from refgraph.pubmed.write import record_to_xml

__all__ = ["record_set", "records"]

#: ISO abbreviation -> full journal title (as PubMed writes them)
JOURNAL_TITLES = {
    "N Engl J Med": "The New England journal of medicine",
    "Lancet Oncol": "The Lancet. Oncology",
    "Lancet Haematol": "The Lancet. Haematology",
    "Br J Haematol": "British journal of haematology",
    "Drugs": "Drugs",
    "JAMA Oncol": "JAMA oncology",
    "Hepatology": "Hepatology (Baltimore, Md.)",
    "J Hepatol": "Journal of hepatology",
    "Blood": "Blood",
    "J Clin Oncol": "Journal of clinical oncology",
    "Am J Gastroenterol": "The American journal of gastroenterology",
    "Clin Gastroenterol Hepatol": "Clinical gastroenterology and hepatology",
    "Med Lett Drugs Ther": "The Medical letter on drugs and therapeutics",
    "Drug Saf": "Drug safety",
    "Liver Int": "Liver international",
}


def _record(ref: Reference) -> PubmedRecord:
    pages, elocation = ref.pages, ""
    if pages.startswith("e") and "-" not in pages:
        pages, elocation = "", pages
    return PubmedRecord(
        pmid=ref.pmid,
        title=ref.title if ref.title.endswith(".") else ref.title + ".",
        journal=JOURNAL_TITLES.get(ref.journal, ref.journal),
        journal_abbrev=ref.journal,
        medline_ta=ref.journal,
        volume=ref.volume,
        issue=ref.issue,
        year=ref.year,
        pages=pages,
        elocation=elocation,
        authors=ref.authors,
        authors_complete=True,
        language=("eng",),
        publication_types=("Journal Article",),
    )


def records(n: int, seed: int = 0) -> list[PubmedRecord]:
    """Return one :class:`PubmedRecord` per work of ``livertox_corpus(n, seed)``, in order."""
    return [_record(ref) for ref in references(n, seed)]


def record_set(n: int, seed: int = 0) -> dict[str, bytes]:
    """Return ``{pmid: PubmedArticle XML bytes}`` for the works of ``livertox_corpus(n, seed)``.

    Example:
        >>> raw = record_set(3)
        >>> len(raw), all(v.startswith(b"<PubmedArticle>") for v in raw.values())
        (3, True)
    """
    return {r.pmid: record_to_xml(r).encode("utf-8") for r in records(n, seed)}
