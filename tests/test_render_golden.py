"""Golden files: every shipped template and export format on the seed.

The golden outputs are the files in ``examples/``, where readers of the repository see them;
they must match what refgraph renders now. The Markdown and HTML pages are made as ``build``
makes them: from the seed's PubMed records (the snapshot in ``refs/pubmed``), the HTML with
the check report. After a deliberate change, regenerate them with
``REFGRAPH_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py`` and review the diff by eye.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from refgraph.check import CheckReport, check_library
from refgraph.export import export_text
from refgraph.graph import build_graph
from refgraph.model import PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.render import render, render_check
from refgraph.sources import livertox

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
EXAMPLES = ROOT / "examples"
STEM = "inotuzumab-ozogamicin"
TITLE = "Inotuzumab ozogamicin: references of the LiverTox monograph"


def _seed() -> list[Reference]:
    return list(livertox.parse(SEED.read_text(encoding="utf-8"), "refs/" + SEED.name).references)


def _records() -> dict[str, PubmedRecord]:
    records: dict[str, PubmedRecord] = {}
    for path in sorted((ROOT / "refs" / "pubmed").glob("*.xml")):
        records.update((r.pmid, r) for r in parse_pubmed_xml(path.read_bytes(), path.name))
    return records


def _check(refs: list[Reference]) -> CheckReport:
    results, groups = check_library(refs, _records())
    return CheckReport(tuple(results), tuple(groups))


def _html(refs: list[Reference]) -> str:
    graph = build_graph(refs, _records()).graph
    return render(refs, "bibliography.html", graph=graph, group_by="trial", title=TITLE,
                  check=_check(refs))  # fmt: skip


#: output file suffix -> how it is made from the seed's references
CASES: dict[str, Callable[[list[Reference]], str]] = {
    "livertox.txt": lambda refs: render(refs, "livertox"),
    "vancouver.txt": lambda refs: render(refs, "vancouver"),
    "ama.txt": lambda refs: render(refs, "ama"),
    "md": lambda refs: render(refs, "bibliography.md", group_by="trial", title=TITLE,
                              graph=build_graph(refs, _records()).graph),
    "html": _html,
    "check.html": lambda refs: render_check(_check(refs), title=TITLE),
    "tex": lambda refs: render(refs, "thebibliography", title=TITLE),
    "csl.json": lambda refs: export_text(refs, "csljson"),
    "ris": lambda refs: export_text(refs, "ris"),
    "nbib": lambda refs: export_text(refs, "nbib"),
    "bib": lambda refs: export_text(refs, "bibtex"),
    "biblatex.bib": lambda refs: export_text(refs, "biblatex"),
}


def rendered(suffix: str) -> str:
    return CASES[suffix](_seed())


@pytest.mark.parametrize("suffix", sorted(CASES))
def test_seed_output_matches_the_example_file(suffix: str) -> None:
    text = rendered(suffix)
    name = f"{STEM}.{suffix}"
    if os.environ.get("REFGRAPH_UPDATE_GOLDEN") == "1":
        EXAMPLES.mkdir(parents=True, exist_ok=True)
        (EXAMPLES / name).write_text(text, encoding="utf-8")
    golden = (EXAMPLES / name).read_text(encoding="utf-8")
    assert text == golden, f"examples/{name} changed; REFGRAPH_UPDATE_GOLDEN=1 to accept, review"


def test_examples_hold_only_current_outputs() -> None:
    expected = {f"{STEM}.{suffix}" for suffix in CASES}
    present = {p.name for p in EXAMPLES.iterdir() if p.name.startswith(STEM)}
    assert present == expected
