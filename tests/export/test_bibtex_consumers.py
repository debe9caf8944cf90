"""refgraph's BibTeX and biblatex through the tools people use them with.

- BibTeX with ``plain`` and ``unsrt``: no error, and the only warning a style may give is
  "empty author" for a work that has none (both styles demand an author for every
  ``@article``; an unsigned work is written without one rather than with an invented
  name, and its ``key`` gives BibTeX what it sorts and labels by);
- ``biber --tool --validate-datamodel`` on the biblatex output: no warning at all;
- ``pandoc --citeproc`` reading either file (pandoc's citeproc re-cases titles);
- and in every case, the rendered titles keep the case of every word written with a
  capital (acronyms, trial names, proper nouns) exactly as the citation has it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from refgraph.export.bibtex import write_bibtex
from refgraph.model import Author, Reference
from refgraph.sources import bibtex
from systemtools import require_tools

from ._refs import seed_references

HOSTILE = [
    Reference(
        key="Hostile2020",
        pmid="1",
        authors=(Author(last="O'Brien", first="Seán"), Author(collective="R&D {Group} and 100%")),
        title="50% of $5 #1 A_B ~x^2 {{already braced}} {ALL} \\input{/etc/passwd} in Ørsted",
        journal="J & J",
        year="2020",
        volume="1",
        pages="e1-e2",
        annotation="Costs 5% & more; see [Smith 2019] ~ {}",
    ),
    Reference(
        key="TitleCase2019",
        authors=(Author(last="Smith", initials="J"), Author(last="others")),
        title="Inotuzumab Ozogamicin Versus Standard Therapy for Acute Lymphoblastic Leukemia",
        journal="N Engl J Med",
        year="2019",
        month="Aug",
    ),
    Reference(
        key="Capitals1990",
        authors=(Author(last="Doe", initials="J"),),
        et_al=True,
        title="HEPATOTOXICITY OF INOTUZUMAB IN ALL",
        journal="Hepatology",
        year="1990",
    ),
    Reference(
        key="Anon2001",
        title="Drug-induced liver injury in the USA: a NIH perspective. Part II",
        journal="Hepatology",
        journal_full="Hepatology (Baltimore, Md.)",
        year="2001",
        pmcid="PMC1234567",
        publication_types=("Editorial",),
        trials=("NCT01564784",),
    ),
]


def _library() -> list[Reference]:
    return [*seed_references(), *HOSTILE]


def _cased_words(title: str) -> list[str]:
    """Words after the first that carry a capital: the ones every style must keep."""
    words = re.findall(r"[^\W_](?:[^\W_]|['’-](?=[^\W_]))*", title)
    return [w for w in words[1:] if any(c.isupper() for c in w)]


def _plain(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").replace("~", " ").split())


def _assert_titles_keep_case(rendered: str, refs: list[Reference]) -> None:
    flat = _plain(rendered)
    for ref in refs:
        if ref.title.isupper() or ref.key == "TitleCase2019":
            continue  # no information in these capitals: the style may re-case them
        for word in _cased_words(ref.title):
            if "\\" in word or "/" in word:
                continue
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", flat), (ref.key, word)


AUX = "\\relax\n\\citation{*}\n\\bibstyle{%s}\n\\bibdata{refs}\n"


def _bibtex(tmp_path: Path, bib: str, style: str) -> tuple[str, list[str]]:
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "doc.aux").write_text(AUX % style, encoding="utf-8")
    res = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60, check=False)  # fmt: skip
    blg = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert res.returncode in (0, 1) and "error message" not in blg, blg
    warnings = re.findall(r"^Warning--(.*)$", blg, flags=re.MULTILINE)
    return (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace"), warnings


@pytest.mark.parametrize("style", ["plain", "unsrt"])
@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_bibtex_styles_keep_title_case(tmp_path: Path, style: str, ascii: bool) -> None:
    require_tools("bibtex")
    refs = _library()
    bbl, warnings = _bibtex(tmp_path, write_bibtex(refs, ascii=ascii), style)
    assert bbl.count("\\bibitem") == len(refs)
    anonymous = {r.key for r in refs if not r.authors and not r.et_al}
    assert anonymous == {"MedLett2018", "Anon2001"}
    assert sorted(warnings) == sorted(f"empty author in {key}" for key in anonymous)
    if not ascii:
        _assert_titles_keep_case(bbl, refs)
        assert "Inotuzumab ozogamicin versus standard therapy" in bbl  # still re-cased...
        assert (
            "Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic "
            "leukemia" in _plain(bbl)
        )  # ...and Title Case titles become sentence case
    assert "\\input{" not in bbl  # shown as text, never run


def test_biber_validates_the_biblatex_output_without_warnings(tmp_path: Path) -> None:
    require_tools("biber")
    refs = _library()
    (tmp_path / "refs.bib").write_text(write_bibtex(refs, biblatex=True), encoding="utf-8")
    res = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-directory", str(tmp_path),
         "refs.bib"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    log = res.stdout + res.stderr
    assert res.returncode == 0, log
    assert "WARN" not in log and "ERROR" not in log, log
    assert re.search(r"Found \d+ citekeys in bib section 0", log) or "Output to" in log


def _pandoc(tmp_path: Path, bib_name: str, bib: str, csl: Path | None) -> str:
    (tmp_path / bib_name).write_text(bib, encoding="utf-8")
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    cmd = ["pandoc", "doc.md", "--citeproc", "--bibliography", bib_name, "-t", "plain",
           "--wrap=none"]  # fmt: skip
    if csl is not None:
        cmd += ["--csl", str(csl)]
    res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         check=False)  # fmt: skip
    assert res.returncode == 0 and "WARNING" not in res.stderr, res.stderr
    return res.stdout


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("style", ["apa", "pandoc-default"])
def test_pandoc_keeps_title_case(tmp_path: Path, dialect: str, style: str) -> None:
    require_tools("pandoc")
    from refgraph.export.csl import csl_style_path

    refs = _library()
    text = write_bibtex(refs, biblatex=dialect == "biblatex")
    suffix = ".bibtex" if dialect == "bibtex" else ".bib"  # pandoc picks its reader by suffix
    csl = csl_style_path(style) if style != "pandoc-default" else None
    out = _pandoc(tmp_path, "refs" + suffix, text, csl)
    assert out.count("(Besponsa)") == 1, out  # in the title once, not doubled
    _assert_titles_keep_case(out, refs)
    assert "Anon2001" not in out  # an anonymous work is not shown under its key


DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_the_bib_compiles_with_bibtex_and_pdflatex(tmp_path: Path, ascii: bool) -> None:
    require_tools("pdflatex", "bibtex")
    refs = _library()
    (tmp_path / "refs.bib").write_text(write_bibtex(refs, ascii=ascii), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(DOCUMENT, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc.tex"]
    for cmd in (latex, ["bibtex", "doc"], latex):
        res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             check=False)  # fmt: skip
        allowed = (0, 1) if cmd[0] == "bibtex" else (0,)  # bibtex: 1 = warnings ("empty author")
        assert res.returncode in allowed, f"{cmd[0]} failed:\n{res.stdout[-3000:]}"
    blg = (tmp_path / "doc.blg").read_text(errors="replace")
    assert "error message" not in blg, blg
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    assert bbl.count("\\bibitem") == len(refs)
    assert "/etc/passwd" in bbl and "\\input{" not in bbl  # shown as text, never run


def test_refgraph_reads_its_own_titles_back_unchanged() -> None:
    refs = _library()
    for options in ({}, {"ascii": True}, {"biblatex": True}):
        back = bibtex.parse(write_bibtex(refs, **options), "x.bib").references
        assert [r.title for r in back] == [" ".join(r.title.split()) for r in refs], options
        assert [r.authors for r in back] == [
            tuple(bibtex.canonical_author(a) for a in r.authors) for r in refs
        ], options


def test_protection_is_never_doubled_on_rewrite() -> None:
    """Reading refgraph's (or anyone's) braces and writing again gives the same text."""
    once = write_bibtex(_library())
    again = write_bibtex(list(bibtex.parse(once, "x.bib").references))
    assert again == once
    braced = "@article{k,\n  author = {Li, X.},\n  title = {The {{INO-VATE}} {ALL} trial},\n}\n"
    written = write_bibtex(list(bibtex.parse(braced, "y.bib").references))
    assert "title = {The {{INO-VATE ALL}} trial}" in written
