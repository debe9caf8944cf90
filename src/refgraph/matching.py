"""Is this the same work? Field-by-field comparison of a citation with a record (pure).

One comparison serves two questions:

- ``check``: does a citation's PMID point to the paper cited? (:func:`compare` of the
  citation with the PubMed record);
- the library merge: are two citations that share a PMID or DOI one work?
  (:func:`compare_citations`, the same comparison, with one citation read as a record).

Every disagreement is graded ``minor`` (the same work, a small slip) or ``major`` (evidence
of a different work) and weighed:

=========  ==============================================  ============================
field      minor (weight 0, a note)                        major
=========  ==============================================  ============================
title      similarity 0.75-0.9 (weight 1)                  similarity < 0.75: weight 3
author     cited surname is a later author, or a typo      other surname: weight 2
journal    --                                              names do not match: weight 2
year       e-pub year, or within one year of either        further apart: weight 1
volume     --                                              differs: weight 1
pages      same first page, other range; 1-letter typo     other first page: weight 2
=========  ==============================================  ============================

A field the citation's reader was unsure of (``ref.reading.doubtful``: read by the field
tagger with low confidence, or not found where its style puts it) is still compared, but a
disagreement on it is graded ``minor`` with a note saying so: a doubtful reading alone never
makes a ``mismatch``.

Two descriptions are of different works when the weights of their disagreements add up to
**3 or more** (:data:`MISMATCH_WEIGHT`): a different title alone, or any two major slips
(volume and pages, journal and year, ...). One slip alone is not enough. Fields missing on
either side are not compared. Title similarity is :class:`difflib.SequenceMatcher` over
folded, punctuation-free text; a title that is a prefix of the other (30+ characters)
counts as equal.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from refgraph.journals import matches_any
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.text import fold, plain

__all__ = [
    "MISMATCH_WEIGHT",
    "Comparison",
    "Difference",
    "citation_as_record",
    "compare",
    "compare_citations",
    "title_similarity",
]

#: Disagreement weight at which two descriptions are of different works.
MISMATCH_WEIGHT = 3
_MAJOR_WEIGHTS = {"title": 3, "author": 2, "journal": 2, "pages": 2, "year": 1, "volume": 1}


@dataclass(frozen=True, slots=True)
class Difference:
    """One field on which citation and record disagree."""

    field: str
    cited: str
    pubmed: str
    severity: str = "major"  # "minor" | "major"

    # field by field, in the JSON's order (a field list; model.Diagnostic has the same shape)
    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "cited": self.cited,
            "pubmed": self.pubmed,
            "severity": self.severity,
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of :func:`compare`: differences, notes, the weight and the verdict."""

    differences: tuple[Difference, ...] = ()
    notes: tuple[str, ...] = ()
    weight: int = 0
    compared: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        return "mismatch" if self.weight >= MISMATCH_WEIGHT else "ok"

    @property
    def matches(self) -> bool:
        return self.verdict == "ok"


# --------------------------------------------------------------------------- primitives

def title_similarity(a: str, b: str) -> float:
    """Return how alike two titles are, 0..1, over folded punctuation-free text.

    >>> title_similarity("Inotuzumab ozogamicin: first global approval.",
    ...                  "Inotuzumab Ozogamicin: First Global Approval")
    1.0
    """
    pa = plain(a)
    pb = pa if b == a else plain(b)
    if not pa or not pb:
        return 0.0
    if pa == pb:
        return 1.0
    short, long_ = sorted((pa, pb), key=len)
    if len(short) >= 30 and long_.startswith(short):
        return 1.0
    return difflib.SequenceMatcher(None, pa, pb, autojunk=False).ratio()


def _is_typo(a: str, b: str) -> bool:
    """One substituted, inserted, dropped or swapped character."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _surname(author: Author) -> str:
    return plain(author.collective or author.last).replace(" ", "")


def record_years(record: PubmedRecord) -> list[int]:
    """Every year a record carries: issue year, e-pub year, years in a MedlineDate."""
    found = [record.year, record.epub_year, *re.findall(r"\b\d{4}\b", record.medline_date)]
    return [int(y) for y in found if y.isdigit()]


def _compare_year(cited: str, record: PubmedRecord) -> tuple[Difference | None, str]:
    issue_year = record.year or next(iter(re.findall(r"\d{4}", record.medline_date)), "")
    shown = issue_year + (f" (e-pub {record.epub_year})" if record.epub_year else "")
    years = record_years(record)
    if not cited.isdigit() or not years:
        return None, ""
    year = int(cited)
    if cited == issue_year:
        return None, ""
    if record.epub_year and cited == record.epub_year:
        return (
            Difference("year", cited, shown, "minor"),
            f"year: cited {cited} is the e-pub year; the issue year is {issue_year}",
        )
    if any(abs(year - y) <= 1 for y in years):
        return (
            Difference("year", cited, shown, "minor"),
            f"year: cited {cited}, PubMed {shown}; within one year, accepted",
        )
    return Difference("year", cited, shown), ""


def _compare_pages(ref: Reference, record: PubmedRecord) -> tuple[Difference | None, str]:
    cited_first = fold(ref.first_page).strip()
    targets = [fold(p).strip() for p in (record.first_page, record.elocation) if p]
    if not cited_first or not targets:
        return None, ""
    shown = record.pages or record.elocation
    if cited_first in targets:
        if (
            record.pages
            and ref.pages
            and fold(ref.pages) != fold(record.pages)
            and "-" in ref.pages
        ):
            return (
                Difference("pages", ref.pages, shown, "minor"),
                f"pages: same first page, page range {ref.pages} vs PubMed {shown}",
            )
        return None, ""
    if any(_is_typo(cited_first, t) for t in targets):
        return (
            Difference("pages", ref.pages, shown, "minor"),
            f"pages: first page {ref.first_page} looks like a typo for {targets[0]}",
        )
    return Difference("pages", ref.pages, shown), ""


def _compare_author(ref: Reference, record: PubmedRecord) -> tuple[Difference | None, str]:
    if not ref.authors or not record.authors:
        return None, ""
    cited = _surname(ref.authors[0])
    theirs = [_surname(a) for a in record.authors[:4]]  # the first four are all it reads
    if not cited or cited == theirs[0]:
        return None, ""
    shown = record.authors[0].short()
    if cited in theirs[1:4]:
        return (
            Difference("author", ref.authors[0].short(), shown, "minor"),
            f"first author: cited {ref.first_author} is author {theirs.index(cited) + 1} in PubMed",
        )
    if difflib.SequenceMatcher(None, cited, theirs[0]).ratio() >= 0.8:
        return (
            Difference("author", ref.authors[0].short(), shown, "minor"),
            f"first author: {ref.first_author} looks like a misspelling of {record.first_author}",
        )
    return Difference("author", ref.authors[0].short(), shown), ""


# --------------------------------------------------------------------------- comparisons


def compare(ref: Reference, record: PubmedRecord) -> Comparison:
    """Compare a citation with a PubMed record; see the module docstring for the rule.

    >>> rec = PubmedRecord(pmid="1", title="A trial", journal_abbrev="Blood", year="2020",
    ...                    volume="1", pages="10-20", authors=(Author(last="Smith"),))
    >>> compare(Reference(key="k", title="A trial", journal="Blood", year="2020"), rec).verdict
    'ok'
    """
    differences: list[Difference] = []
    notes: list[str] = []
    compared: list[str] = []

    def add(diff: Difference | None, note: str, name: str) -> None:
        compared.append(name)
        if diff is not None:
            differences.append(diff)
        if note:
            notes.append(note)

    if ref.title and record.title:
        score = title_similarity(ref.title, record.title)
        severity = "" if score >= 0.9 else ("minor" if score >= 0.75 else "major")
        diff = Difference("title", ref.title, record.title, severity) if severity else None
        add(diff, f"title: {score:.0%} similar" if severity == "minor" else "", "title")
    if ref.authors and record.authors:
        add(*_compare_author(ref, record), "author")
    cited_journal = ref.journal or ref.journal_full
    names = (record.journal, record.journal_abbrev, record.medline_ta)
    if cited_journal and any(names):
        cited_names = (ref.journal, ref.journal_full)
        same = any(matches_any(name, names) for name in cited_names if name)
        shown = record.medline_ta or record.journal_abbrev or record.journal
        add(None if same else Difference("journal", cited_journal, shown), "", "journal")
    if ref.year and record_years(record):
        add(*_compare_year(ref.year, record), "year")
    if ref.volume and record.volume:
        same = fold(ref.volume).strip() == fold(record.volume).strip()
        add(None if same else Difference("volume", ref.volume, record.volume), "", "volume")
    if ref.pages and (record.pages or record.elocation):
        add(*_compare_pages(ref, record), "pages")
    doubtful = set(ref.reading.doubtful) if ref.reading is not None else set()
    if doubtful:
        differences, notes = _soften_doubtful(differences, notes, doubtful)
    weight = sum(
        _MAJOR_WEIGHTS[d.field] if d.severity == "major" else (1 if d.field == "title" else 0)
        for d in differences
    )
    if not compared:
        notes.append("the citation has nothing to compare with PubMed but its PMID")
    return Comparison(tuple(differences), tuple(notes), weight, tuple(compared))


def _soften_doubtful(
    differences: list[Difference], notes: list[str], doubtful: set[str]
) -> tuple[list[Difference], list[str]]:
    """A major disagreement on a field read with low confidence becomes a minor one."""
    out: list[Difference] = []
    for d in differences:
        if d.severity == "major" and d.field in doubtful:
            d = Difference(d.field, d.cited, d.pubmed, "minor")
            notes.append(f"{d.field}: cited {d.cited!r} was read with low confidence; "
                         "not counted against the PMID")  # fmt: skip
        out.append(d)
    return out, notes


def citation_as_record(ref: Reference) -> PubmedRecord:
    """Read a citation as the record :func:`compare` expects (its own fields, as cited)."""
    year = ref.year if ref.year.isdigit() else ""
    medline_date = "" if year else ref.year
    return PubmedRecord(
        pmid=ref.pmid,
        title=ref.title,
        journal=ref.journal_full,
        journal_abbrev=ref.journal,
        volume=ref.volume,
        issue=ref.issue,
        year=year,
        medline_date=medline_date,
        pages=ref.pages,
        doi=ref.doi,
        pmcid=ref.pmcid,
        authors=ref.authors,
    )


def compare_citations(a: Reference, b: Reference) -> Comparison:
    """Compare two citations with the rule :func:`compare` applies to a citation and PubMed.

    The comparison is made both ways (each citation read as the other's record) and the
    closer reading is returned, so the result does not depend on the order of ``a`` and
    ``b``: the two are different works only when neither reading makes them one.

    >>> lamb = Reference(key="a", title="Inotuzumab ozogamicin: first global approval.",
    ...                  authors=(Author(last="Lamb"),), journal="Drugs", year="2017",
    ...                  volume="77", pages="1603-1610")
    >>> compare_citations(lamb, lamb).matches
    True
    >>> other = Reference(key="b", title="Hepatic adverse event profile of inotuzumab",
    ...                   authors=(Author(last="Kantarjian"),), journal="Lancet Haematol",
    ...                   year="2017", volume="4", pages="e387-e398")
    >>> compare_citations(lamb, other).verdict
    'mismatch'
    """
    one = compare(a, citation_as_record(b))
    if not one.weight:
        return one  # no reading can be closer
    two = compare(b, citation_as_record(a))
    return one if one.weight <= two.weight else two
