"""Shared test data of the E-utilities tests: recorded replies and synthetic records."""

from __future__ import annotations

from pathlib import Path

from refgraph.model import Author, PubmedRecord
from refgraph.pubmed.write import record_to_xml

EUTILS = Path(__file__).resolve().parent.parent / "data" / "eutils"
RETRACTED = "31844417"
NCT_RECORD = "29768149"


def synthetic(first: int, count: int) -> dict[str, bytes]:
    """PubMed records with new PMIDs, written by refgraph's own serialiser."""
    out = {}
    for n in range(first, first + count):
        record = PubmedRecord(
            pmid=str(n),
            title=f"Synthetic study number {n}",
            journal="Journal of Tests",
            journal_abbrev="J Tests",
            volume=str(n % 50 + 1),
            year="2020",
            pages=f"{n % 900 + 1}-{n % 900 + 9}",
            authors=(Author(last="Doe", first="Jane", initials="J"),),
            language=("eng",),
            publication_types=("Journal Article",),
        )
        out[str(n)] = record_to_xml(record).encode()
    return out
