"""The .bib refgraph writes compiles with real BibTeX and pdfLaTeX (installed by .ci/run)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SEED
from refgraph.export.bibtex import write_bibtex
from refgraph.model import Author, Reference
from refgraph.sources import load

HOSTILE = Reference(
    key="Hostile2020",
    pmid="1",
    authors=(Author(last="O'Brien", first="Seán"), Author(collective="R&D {Group} 100%")),
    title="50% of $5 #1 A_B ~x^2 {unbalanced \\input{/etc/passwd} <script>",
    journal="J & J",
    year="2020",
    volume="1",
    pages="e1-e2",
    annotation="Costs 5% & more; see [Smith 2019] ~ {}",
)

DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


def _compile(tmp_path: Path, bib: str) -> str:
    for tool in ("pdflatex", "bibtex"):
        assert shutil.which(tool), f"{tool} is installed by .ci/run (texlive-latex-base)"
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(DOCUMENT, encoding="utf-8")
    for cmd in (["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc.tex"],
                ["bibtex", "doc"],
                ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc.tex"]):
        res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             check=False)
        assert res.returncode == 0, f"{cmd[0]} failed:\n{res.stdout[-3000:]}"
    blg = (tmp_path / "doc.blg").read_text(errors="replace")
    assert "error message" not in blg, blg
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    return (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_seed_bib_compiles_with_bibtex(tmp_path: Path, ascii: bool) -> None:
    refs = list(load(SEED).references)
    bbl = _compile(tmp_path, write_bibtex([*refs, HOSTILE], ascii=ascii))
    assert bbl.count("\\bibitem") == 11
    assert "Kantarjian" in bbl and "Inotuzumab ozogamicin versus standard therapy" in bbl
    assert "/etc/passwd" in bbl and "\\input{" not in bbl  # shown as text, never run
