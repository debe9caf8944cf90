"""Shared test data of the E-utilities tests: recorded replies and synthetic records."""

from __future__ import annotations

import threading
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


class FakeClock:
    """A clock that moves only when someone sleeps on it (thread-safe): the caller's and the
    limiter's time in the E-utilities tests."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds
