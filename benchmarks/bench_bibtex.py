"""BibTeX speed: refgraph's writer and reader next to bibtexparser 2.x on the same text.

Rows: write (entries/s, UTF-8 and ``--ascii``) at 10k, 20k and 100k references, read with
:func:`refgraph.sources.bibtex.parse` (the fast reader for regular layouts; the general
bibtexparser path in the note), and bibtexparser's own ``parse_string`` / ``write_string``
of the same text as the peer figures, entries per CPU second, each the best of three runs
(one at 100k). Targets:
write >= 20,000 entries/s; read >= bibtexparser's parse rate (issue 17).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from refgraph.export.bibtex import write_bibtex
from refgraph.model import Author, Reference
from refgraph.sources import bibtex as bibtex_source

_SURNAMES = ("Kantarjian", "DeAngelo", "Stelljes", "Gökbuget", "Müller", "O'Brien", "Jabbour",
             "Advani", "Martinelli", "Wang", "Liedtke", "Stock", "Marks", "Sekeres")  # fmt: skip
_JOURNALS = (
    ("N Engl J Med", "The New England journal of medicine"),
    ("Blood", "Blood"),
    ("Lancet Oncol", "The Lancet. Oncology"),
    ("J Clin Oncol", "Journal of clinical oncology"),
    ("Br J Haematol", "British journal of haematology"),
)
_WORDS = (
    "inotuzumab", "ozogamicin", "versus", "standard", "therapy", "acute", "lymphoblastic",
    "leukemia", "relapsed", "refractory", "adults", "hepatic", "sinusoidal", "obstruction",
    "syndrome", "outcomes", "after", "transplantation", "CD22", "antibody-drug", "phase",
)  # fmt: skip


def references(n: int, seed: int = 0) -> list[Reference]:
    """LiverTox-like references with annotations, MeSH-like keywords and trial numbers."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        abbrev, full = rng.choice(_JOURNALS)
        start = rng.randint(1, 2000)
        authors = tuple(
            Author(last=rng.choice(_SURNAMES), initials=rng.choice(("HM", "DJ", "N", "EJ")))
            for _ in range(rng.randint(1, 6))
        )  # fmt: skip
        title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 16))).capitalize()
        note = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 40)))
        out.append(
            Reference(
                key=f"{authors[0].last}{2000 + i % 25}{i}", pmid=str(20_000_000 + i),
                authors=authors, et_al=rng.random() < 0.5, title=title, journal=abbrev,
                journal_full=full, year=str(2000 + i % 25), month=rng.choice(["", "Aug", "Jan"]),
                volume=str(rng.randint(1, 400)), issue=str(rng.randint(1, 12)),
                pages=f"{start}-{start + rng.randint(1, 30)}", doi=f"10.1056/NEJMoa{1500000 + i}",
                pmcid=f"PMC{5000000 + i}" if i % 3 == 0 else "",
                annotation=f"(Among {rng.randint(10, 400)} patients, {note} & 5% had SOS).",
                keywords=("Antibodies, Monoclonal, Humanized", "Humans"),
                publication_types=("Journal Article",), trials=("NCT01564784",) if i % 4 else (),
            )
        )  # fmt: skip
    return out


def _rate(n: int, fn: Callable[[], object], repeat: int = 3) -> float:
    """Entries per CPU second (both sides run in this one thread; a shared machine's load
    inflates wall time, not this), the best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return n / best


def _read(text: str) -> object:
    """refgraph's read (each read starts with an empty cache of split names and empties it
    at its end; names repeating inside one read hit it, as in a real library)."""
    return bibtex_source.parse(text, "bench.bib")


def _row(measure: str, size: int, value: float, peer: str = "", peer_value: float | None = None,
         note: str = "") -> dict[str, object]:  # fmt: skip
    return {"area": "bibtex", "measure": measure, "size": size, "value": round(value),
            "unit": "entries/s", "peer": peer, "peer_value": None if peer_value is None
            else round(peer_value), "note": note}  # fmt: skip


def _measure(size: int) -> list[dict[str, object]]:
    import bibtexparser
    from bibtexparser.middlewares import default_unparse_stack

    refs = references(size)
    repeat = 1 if size >= 100_000 else 3
    text = write_bibtex(refs)
    library = bibtexparser.parse_string(text)
    stack = default_unparse_stack(allow_inplace_modification=True)
    peer_write = _rate(size, lambda: bibtexparser.write_string(library, unparse_stack=stack), 1)
    peer_parse = _rate(size, lambda: bibtexparser.parse_string(text), repeat)
    write = _rate(size, lambda: write_bibtex(refs), repeat)
    ascii_write = _rate(size, lambda: write_bibtex(refs, ascii=True), repeat)
    biblatex_write = _rate(size, lambda: write_bibtex(refs, biblatex=True), repeat)
    read = _rate(size, lambda: _read(text), repeat)
    general = _rate(size, lambda: bibtex_source.parse_general(text, "bench.bib"), 1)
    return [
        _row("write utf-8", size, write, "bibtexparser.write_string", peer_write,
             "target >= 20,000/s; peer writes the library it parsed"),
        _row("write --ascii", size, ascii_write),
        _row("write biblatex", size, biblatex_write),
        _row("read (to References)", size, read, "bibtexparser.parse_string", peer_parse,
             "fast reader for regular layouts; target >= bibtexparser's own parse; "
             f"general path (bibtexparser + mapping): {general:,.0f}/s"),
    ]  # fmt: skip


def run(quick: bool = False) -> list[dict[str, object]]:
    """Measure writing and reading; bibtexparser 2.x is the peer on the same text."""
    rows: list[dict[str, object]] = []
    for size in (1_000,) if quick else (10_000, 20_000, 100_000):
        rows.extend(_measure(size))
    return rows
