"""Trial families for the typed-relation tests: records assembled from public facts.

``tests/data/trials/trial-families.json`` (see its PROVENANCE.md) holds facts about real
publications of six trials; :func:`family_records` builds one PubmedRecord per publication
the way ``refs/pubmed/assemble.py`` does (only the facts, nothing added), plus the seed's
snapshot records and recorded NCBI replies the file points to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refgraph.keys import assign_keys
from refgraph.model import Author, CommentCorrection, PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.pubmed.reference import record_to_reference
from refgraph.text import expand_pages

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT / "tests" / "data" / "trials" / "trial-families.json"
#: families added later, to measure the typing on trials it was not tuned to
NEW_FACTS = ROOT / "tests" / "data" / "trials" / "trial-families-new.json"
#: a third batch, added after the second was fitted
THIRD_FACTS = ROOT / "tests" / "data" / "trials" / "trial-families-3.json"
#: a fourth batch, added after the third was fitted
FOURTH_FACTS = ROOT / "tests" / "data" / "trials" / "trial-families-4.json"
#: a fifth batch, added after the fourth was fitted
FIFTH_FACTS = ROOT / "tests" / "data" / "trials" / "trial-families-5.json"
#: a sixth batch, added after the fifth was fitted
SIXTH_FACTS = ROOT / "tests" / "data" / "trials" / "trial-families-6.json"
#: a seventh batch, added after the sixth was fitted
SEVENTH_FACTS = ROOT / "tests" / "data" / "trials" / "trial-families-7.json"
USABLE = frozenset({"verified", "inferred", "as-cited"})


@dataclass(frozen=True)
class Family:
    """One trial's publications and the typed edges a reader expects among them."""

    name: str
    trial: str
    records: dict[str, PubmedRecord]
    expected: tuple[tuple[str, str, str], ...]


def _fact(entry: dict[str, Any], name: str) -> Any:
    fact = entry.get(name)
    if not isinstance(fact, dict) or fact.get("confidence") not in USABLE:
        return None
    return fact.get("value")


def _author(name: str) -> Author:
    last, _, initials = name.rpartition(" ")
    if last and initials.isalpha() and initials.isupper() and len(initials) <= 4:
        return Author(last=last, initials=initials)
    return Author(collective=name)


def record_from_facts(entry: dict[str, Any]) -> PubmedRecord:
    """The PubmedRecord the facts of one publication support."""
    def text(name: str) -> str:
        value = _fact(entry, name)
        return "" if value is None else str(value)

    names = _fact(entry, "authors") or []
    count = _fact(entry, "author_count")
    nct = text("nct")
    epub = text("epub_date")
    return PubmedRecord(
        pmid=str(entry["pmid"]), title=text("title"), medline_ta=text("journal_nlm_abbrev"),
        journal=text("journal_full"), volume=text("volume"), issue=text("issue"),
        year=text("year"), month=text("month"), epub_year=epub[:4],
        pages=expand_pages(text("pages")), doi=text("doi"),
        authors=tuple(_author(n) for n in names),
        authors_complete=count is not None and int(count) == len(names),
        publication_types=tuple(_fact(entry, "publication_types") or ()),
        abstract="\n".join(_fact(entry, "abstract") or ()),
        databanks=(("ClinicalTrials.gov", nct),) if nct else (), trials=(nct,) if nct else (),
        comments_corrections=tuple(CommentCorrection(ref_type=kind, pmid=pmid)
                                   for kind, pmid in _fact(entry, "comments_corrections") or ()),
        extra={"epub_date": epub} if epub else {},
    )


def _seed_record(pmid: str) -> PubmedRecord:
    path = ROOT / "refs" / "pubmed" / f"{pmid}.xml"
    (record,) = parse_pubmed_xml(path.read_bytes(), str(path))
    return record


def families(path: Path = FACTS) -> list[Family]:
    """Every family of a facts file (the six the typing was tuned to by default), its
    records assembled."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for fam in data["families"]:
        records = {e["pmid"]: record_from_facts(e) for e in fam["records"]}
        for pmid in fam.get("seed_records", ()):
            records[pmid] = _seed_record(pmid)
        for pmid, path in fam.get("real_records", {}).items():
            (record,) = parse_pubmed_xml((ROOT / path).read_bytes(), path)
            records[pmid] = record
        expected = tuple((s, t, r) for s, t, r in fam["expected"])
        out.append(Family(fam["name"], fam["trial"], records, expected))
    return out


def new_families() -> list[Family]:
    """The families added after the typing was tuned (``trial-families-new.json``)."""
    return families(NEW_FACTS)


def third_families() -> list[Family]:
    """The third batch (``trial-families-3.json``), measured before any rule was fitted."""
    return families(THIRD_FACTS)


def fourth_families() -> list[Family]:
    """The fourth batch (``trial-families-4.json``), measured before any rule was fitted."""
    return families(FOURTH_FACTS)


def fifth_families() -> list[Family]:
    """The fifth batch (``trial-families-5.json``), measured before any rule was fitted."""
    return families(FIFTH_FACTS)


def sixth_families() -> list[Family]:
    """The sixth batch (``trial-families-6.json``), measured before any rule was fitted."""
    return families(SIXTH_FACTS)


def seventh_families() -> list[Family]:
    """The seventh batch (``trial-families-7.json``), measured before any rule was fitted."""
    return families(SEVENTH_FACTS)


def all_records(path: Path = FACTS) -> dict[str, PubmedRecord]:
    """The records of every family of a facts file, by PMID."""
    return {pmid: r for fam in families(path) for pmid, r in fam.records.items()}


def references(records: dict[str, PubmedRecord]) -> list[Reference]:
    """A plain reference list (no annotations) citing every record, with keys."""
    return assign_keys([record_to_reference(records[p]) for p in sorted(records)])
