"""Golden files: every shipped template and export format on the seed.

The golden outputs are the files in ``examples/``, where readers of the repository see them;
they must match what refgraph renders now. After a deliberate change, regenerate them with
``REFGRAPH_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py`` and review the diff by eye.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from refgraph.export import export_text
from refgraph.graph import build_graph
from refgraph.model import Reference
from refgraph.render import render
from refgraph.sources import livertox

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
EXAMPLES = ROOT / "examples"
STEM = "inotuzumab-ozogamicin"
TITLE = "Inotuzumab ozogamicin: references of the LiverTox monograph"


def _seed() -> list[Reference]:
    return list(livertox.parse(SEED.read_text(encoding="utf-8"), "refs/" + SEED.name).references)


def _html(refs: list[Reference]) -> str:
    graph = build_graph(refs).graph
    return render(refs, "bibliography.html", graph=graph, group_by="trial", title=TITLE)


#: output file suffix -> how it is made from the seed's references
CASES: dict[str, Callable[[list[Reference]], str]] = {
    "livertox.txt": lambda refs: render(refs, "livertox"),
    "vancouver.txt": lambda refs: render(refs, "vancouver"),
    "ama.txt": lambda refs: render(refs, "ama"),
    "md": lambda refs: render(refs, "bibliography.md", graph=build_graph(refs).graph,
                              group_by="trial", title=TITLE),
    "html": _html,
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
