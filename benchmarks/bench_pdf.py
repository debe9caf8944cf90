"""PDF input: which extractor reproduces a LiverTox PDF, and how fast a 30-page one is read.

**Extractor comparison.** The seed monograph (``refs/inotuzumab-ozogamicin.txt``, text as
extracted from the LiverTox PDF) is typeset back into a PDF one line per PDF line, with
Bookshelf's running headers and page numbers (:mod:`benchmarks.pdfmaker`). Each candidate
library extracts the pages; refgraph drops the running lines
(:func:`refgraph.sources.pdf.strip_running_lines`) and the LiverTox reader reads the
result. Counted: references read exactly as from the seed text (every field and the
annotation), problems reported, and the similarity of the extracted text to the seed.

**Speed.** A 30-page monograph (generated LiverTox references, typeset the same way) is
read by :func:`refgraph.sources.load` end to end: PDF -> text -> references.
"""

from __future__ import annotations

import difflib
import io
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from benchmarks.generate import livertox_corpus
from benchmarks.pdfmaker import LINES_PER_PAGE, monograph_pdf

SEED = Path(__file__).resolve().parent.parent / "refs" / "inotuzumab-ozogamicin.txt"


def _pypdf(data: bytes) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def _pypdf_layout(data: bytes) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [p.extract_text(extraction_mode="layout") or "" for p in reader.pages]


def _pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")


def _pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


EXTRACTORS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf (plain)": _pypdf,
    "pypdf (layout mode)": _pypdf_layout,
    "pdfminer.six": _pdfminer,
    "pdfplumber": _pdfplumber,
}


def _plain(ref):
    return replace(ref, origins=())


def compare(seed_text: str) -> list[dict[str, object]]:
    """Read the seed's PDF with every extractor; score each against the seed text."""
    from refgraph.sources import livertox
    from refgraph.sources.pdf import strip_running_lines

    want = livertox.parse(seed_text, "seed")
    data = monograph_pdf(seed_text)
    rows = []
    for name, extract in EXTRACTORS.items():
        try:
            import importlib

            importlib.import_module(name.split()[0].replace(".six", ""))
        except ImportError:
            continue
        pages = extract(data)
        text = "\n".join(strip_running_lines(pages))
        got = livertox.parse(text, "seed")
        same = sum(
            1 for a, b in zip(want.references, got.references, strict=False)
            if _plain(a) == _plain(b)
        )
        start = seed_text.find("Kantarjian H, Thomas D")
        ratio = difflib.SequenceMatcher(
            None, seed_text[start:].split(), text[text.find("Kantarjian H, Thomas D"):].split()
        ).ratio()
        rows.append({
            "extractor": name, "identical_references": same, "references": len(want.references),
            "read": len(got.references), "problems": len(got.problems),
            "seed_problems": len(want.problems), "word_similarity": round(ratio, 4),
            "identical": same == len(want.references) == len(got.references)
            and [(p.kind, p.text) for p in got.problems] == [(p.kind, p.text)
                                                           for p in want.problems],
        })
    return rows


def thirty_pages() -> bytes:
    lines = livertox_corpus(400, seed=3).split("\n")[: 30 * LINES_PER_PAGE]
    return monograph_pdf("\n".join(lines), title="Generated Drug")


def run(quick: bool = False) -> list[dict[str, object]]:
    from refgraph.sources import load

    rows: list[dict[str, object]] = []
    for row in compare(SEED.read_text(encoding="utf-8")):
        rows.append({"area": "pdf", "measure": f"seed PDF via {row['extractor']}",
                     "size": row["references"], "value": row["identical_references"],
                     "unit": "refs identical to the seed text",
                     "note": f"identical={row['identical']}, problems {row['problems']} "
                             f"(seed {row['seed_problems']}), "
                             f"word similarity {row['word_similarity']}"})
    data = thirty_pages()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "monograph.pdf"
        path.write_bytes(data)
        load(path)  # warm imports
        cpu = wall = float("inf")
        for _ in range(1 if quick else 3):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            result = load(path)
            cpu = min(cpu, time.process_time() - start_cpu)
            wall = min(wall, time.perf_counter() - start_wall)
    for clock, seconds in (("CPU", cpu), ("wall", wall)):
        rows.append({"area": "pdf", "measure": f"30-page PDF monograph -> references ({clock})",
                     "size": len(result.references), "value": round(seconds, 3), "unit": "s",
                     "note": "target < 2 s; pypdf extraction + LiverTox reader"})
    return rows
