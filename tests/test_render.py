"""Rendering through Jinja templates: lookup, overrides, strictness, sandbox, escaping, order."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.errors import ConfigError, TemplateError, TemplateNotFoundError
from refgraph.export.bibtex import write_bibtex
from refgraph.graph import build_graph
from refgraph.jinja import (
    copy_template,
    default_template_dir,
    list_templates,
    resolve_template_name,
)
from refgraph.model import Author, Reference
from refgraph.render import build_groups, render
from refgraph.sources import bibtex, livertox
from systemtools import require_tools

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
SHIPPED = [
    *("livertox", "vancouver", "ama"),
    *("bibliography.md", "bibliography.html", "thebibliography"),
]

HOSTILE = r"<script>alert(1)</script> \input{/etc/passwd} 100% & a_b *bold* [link](x) #"


def seed_references() -> list[Reference]:
    return list(livertox.parse(SEED.read_text(encoding="utf-8"), str(SEED)).references)


def _flat(text: str) -> str:
    return " ".join(text.split())


def hostile_reference(**changes: str) -> Reference:
    fields = {
        "key": "Evil2020",
        "pmid": "12345",
        "authors": (Author(last="O'Brien_", initials="S"), Author(last="Gökbuget", initials="N")),
        "title": HOSTILE,
        "journal": "J *Bad* & <i>Co</i>",
        "year": "2020",
        "volume": "1",
        "pages": "1-10",
        "doi": "10.1000/x_y<z>",
        "annotation": HOSTILE + " ≥ 5 µg α",
    }
    fields.update(changes)
    return Reference(**fields)  # type: ignore[arg-type]


# -- the LiverTox template reproduces the seed ------------------------------------------------


def test_livertox_rendering_of_the_seed_bib_reproduces_its_citations() -> None:
    refs = seed_references()
    from_bib = bibtex.parse(write_bibtex(refs), "seed.bib").references
    out = render(from_bib, "livertox")
    seed_text = _flat(SEED.read_text(encoding="utf-8"))
    paragraphs = [p for p in out.split("\n\n") if p.strip()]
    assert len(paragraphs) == 2 * len(refs)  # each citation and its annotation
    for paragraph in paragraphs:
        assert _flat(paragraph) in seed_text, paragraph
    assert "PubMed PMID: 27292104." in out
    assert "2017;4:e387–e398." in out and "2016;375:740–53." in out


def test_livertox_keeps_et_al_as_cited_with_fewer_than_seven_authors() -> None:
    ref = Reference(key="k", authors=(Author(last="A", initials="B"),), et_al=True, title="T")
    assert render([ref], "livertox").startswith("A B, et al. T.")


# -- lookup, overrides, copies --------------------------------------------------------------


def test_default_template_dir_is_the_checkout_templates_in_an_editable_install() -> None:
    assert default_template_dir() == ROOT / "templates"


def test_list_templates_names_every_shipped_template_with_its_format() -> None:
    found = {t.name: t for t in list_templates()}
    for name in ("livertox.txt.j2", "vancouver.txt.j2", "ama.txt.j2", "bibliography.md.j2",
                 "bibliography.html.j2", "thebibliography.tex.j2"):  # fmt: skip
        assert found[name].origin == "default"
        assert found[name].description
    assert found["bibliography.html.j2"].format == "html"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("livertox", "livertox.txt.j2"), ("bibliography.md", "bibliography.md.j2"),
     ("vancouver.txt.j2", "vancouver.txt.j2"), ("thebibliography", "thebibliography.tex.j2")],
)  # fmt: skip
def test_short_template_names_resolve(given: str, expected: str) -> None:
    assert resolve_template_name(given)[0] == expected


def test_ambiguous_and_unknown_names_are_clear_errors() -> None:
    with pytest.raises(TemplateNotFoundError, match="ambiguous"):
        resolve_template_name("bibliography")
    with pytest.raises(TemplateNotFoundError, match=r"not found in: .*package defaults"):
        render([], "nosuch")


def test_user_directory_is_searched_before_the_shipped_templates(tmp_path: Path) -> None:
    (tmp_path / "entry.vancouver.txt.j2").write_text("MINE {{ entry.ref.key }}\n")
    out = render([Reference(key="K1")], "vancouver", template_dirs=[tmp_path])
    assert out == "MINE K1\n"


def test_override_extends_a_shipped_template_and_replaces_one_block(tmp_path: Path) -> None:
    (tmp_path / "bibliography.md.j2").write_text(
        '{% extends "default:bibliography.md.j2" %}{% block header %}# My list\n\n{% endblock %}'
    )
    refs = seed_references()
    out = render(refs, "bibliography.md", template_dirs=[tmp_path])
    assert out.startswith("# My list\n\n1. Kantarjian H, Thomas D")
    assert "[PubMed 29913470](https://pubmed.ncbi.nlm.nih.gov/29913470/)" in out


def test_template_given_as_a_path_uses_its_folder_first(tmp_path: Path) -> None:
    path = tmp_path / "short.txt.j2"
    path.write_text("{% for e in entries %}{{ e.number }}:{{ e.ref.pmid }}\n{% endfor %}")
    out = render(seed_references()[:2], str(path))
    assert out == "1:22357140\n2:27292104\n"


def test_most_specific_entry_template_wins(tmp_path: Path) -> None:
    (tmp_path / "entry-book.vancouver.txt.j2").write_text("BOOK {{ entry.ref.title }}\n")
    refs = [Reference(key="a", title="Article"), Reference(key="b", entry_type="book", title="B")]
    out = render(refs, "vancouver", template_dirs=[tmp_path])
    assert "BOOK B" in out and "1. Article." in out


def test_copy_template_then_edit_it(tmp_path: Path) -> None:
    copied = copy_template("livertox", tmp_path)
    assert copied == tmp_path / "livertox.txt.j2"
    copied.write_text(copied.read_text().replace("{% block body %}", "{% block body %}EDITED\n"))
    assert render([], "livertox", template_dirs=[tmp_path]).startswith("EDITED")
    with pytest.raises(TemplateError, match="already exists"):
        copy_template("livertox", tmp_path)
    with pytest.raises(TemplateNotFoundError):
        copy_template("nosuch", tmp_path)


def test_missing_template_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        render([], "livertox", template_dirs=[tmp_path / "missing"])


# -- strictness and the sandbox ---------------------------------------------------------------


def test_missing_field_fails_loudly_naming_template_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt.j2"
    path.write_text("first line\n{% for e in entries %}{{ e.ref.volumee }}{% endfor %}\n")
    with pytest.raises(TemplateError, match=r"bad\.txt\.j2:2: undefined field: .*volumee"):
        render([Reference(key="k")], str(path))


def test_guarded_missing_field_renders(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt.j2"
    path.write_text("{% for e in entries %}{{ e.ref.volumee if e.ref.volumee is defined "
                    "else 'none' }}{% endfor %}")  # fmt: skip
    assert render([Reference(key="k")], str(path)) == "none"


def test_syntax_error_names_the_template(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt.j2"
    path.write_text("{% for e in entries %}")
    with pytest.raises(TemplateError, match=r"broken\.txt\.j2:1"):
        render([], str(path))


def test_a_template_that_is_not_utf8_names_itself_not_a_traceback(tmp_path: Path) -> None:
    """A template saved as UTF-16 or Latin-1 was a UnicodeDecodeError traceback."""
    (tmp_path / "latin.txt.j2").write_bytes("{{ 'Gökbuget' }}".encode("utf-16"))
    with pytest.raises(TemplateError, match=r"latin\.txt\.j2: not UTF-8 text"):
        render([], "latin.txt", template_dirs=[tmp_path])


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt.j2"
    path.write_text("{{ entries.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match=r"evil\.txt\.j2:1: blocked by the template sandbox"):
        render([], str(path))


# -- escaping per format ----------------------------------------------------------------------


def test_html_escapes_markup_and_script_in_titles_and_annotations() -> None:
    out = render([hostile_reference()], "bibliography.html")
    assert "<script>" not in out and "<i>Co</i>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;i&gt;Co&lt;/i&gt;" in out
    assert 'href="https://doi.org/10.1000/x_y%3Cz%3E"' in out
    assert "Gökbuget N" in out


def test_markdown_escapes_metacharacters() -> None:
    out = render([hostile_reference()], "bibliography.md")
    assert r"\*bold\*" in out and r"\[link\](x)" in out and r"\<script\>" in out
    assert "*bold*" not in out.replace(r"\*bold\*", "")
    assert r"*J \*Bad\* \& \<i\>Co\</i\>*" in out


def test_latex_escapes_specials_so_input_is_inert() -> None:
    out = render([hostile_reference()], "thebibliography")
    assert r"\input{" not in out
    assert r"\textbackslash{}input\{/etc/passwd\}" in out
    assert r"100\% \& a\_b" in out
    assert r"G{\"{o}}kbuget" in out and r"\ensuremath{\alpha}" in out


def test_latex_output_compiles_with_pdflatex(tmp_path: Path) -> None:
    require_tools("pdflatex")
    refs = [*seed_references(), hostile_reference()]
    tex = tmp_path / "refs.tex"
    tex.write_text(render(refs, "thebibliography", group_by="year"), encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "refs.pdf").stat().st_size > 1000
    assert "(/etc/passwd" not in (tmp_path / "refs.log").read_text(errors="replace")


def test_plain_text_styles_keep_text_as_is() -> None:
    out = render([hostile_reference()], "vancouver")
    assert HOSTILE in out  # plain text: nothing to interpret, nothing to escape


# -- sorting, grouping, annotations ---------------------------------------------------------


def _keys(out: str) -> list[str]:
    return re.findall(r"PMID: (\d+)", out)


def test_sort_by_year_and_by_author() -> None:
    refs = seed_references()
    by_year = [e.ref.year for g in build_groups(refs, sort="year") for e in g.entries]
    assert by_year == sorted(by_year)
    by_author = [e.ref.first_author for g in build_groups(refs, sort="author") for e in g.entries]
    named = [a for a in by_author if a]
    assert named == sorted(named, key=str.lower) and by_author[-1] == ""  # anonymous last
    assert _keys(render(refs, "vancouver")) == [r.pmid for r in refs]  # document order


def test_group_by_year_and_type() -> None:
    refs = seed_references()
    groups = build_groups(refs, group_by="year")
    assert [g.label for g in groups] == ["2012", "2016", "2017", "2018"]
    assert [e.number for g in groups for e in g.entries] == list(range(1, 11))
    typed = [Reference(key="a", publication_types=("Review",)), Reference(key="b")]
    assert [g.label for g in build_groups(typed, group_by="type")] == ["Review", "Journal Article"]
    with pytest.raises(ConfigError):
        build_groups(refs, group_by="colour")
    with pytest.raises(ConfigError):
        build_groups(refs, sort="size")


def test_group_by_trial_puts_the_primary_report_first_and_follow_ups_under_it() -> None:
    refs = seed_references()
    graph = build_graph(refs).graph
    out = render(refs, "vancouver", group_by="trial", graph=graph)
    head = out.split("Other references")[0]
    assert head.startswith("INO-VATE\n========\n\n1. Kantarjian HM, DeAngelo DJ")
    assert "\n    2. Kantarjian HM, Vandendries E, Advani AS." in head
    assert "\n    3. Kantarjian HM, DeAngelo DJ, Advani AS" in head
    md = render(refs, "bibliography.md", group_by="trial", graph=graph)
    assert "    2. *(follow up of)* Kantarjian HM, Vandendries E" in md
    with pytest.raises(ConfigError, match="needs the follow-up graph"):
        render(refs, "vancouver", group_by="trial")  # render never builds the graph itself


def test_annotations_can_be_left_out() -> None:
    refs = seed_references()
    with_notes = render(refs, "vancouver")
    without = render(refs, "vancouver", annotations=False)
    assert "Among 326 patients" in with_notes and "Among 326 patients" not in without
    assert _keys(with_notes) == _keys(without)


def test_title_reaches_the_templates() -> None:
    out = render([], "bibliography.html", title="Inotuzumab <ozogamicin>")
    assert "<title>Inotuzumab &lt;ozogamicin&gt;</title>" in out


@pytest.mark.parametrize("template", SHIPPED)
def test_every_shipped_template_renders_edge_cases(template: str) -> None:
    refs = [
        Reference(key="bare"),
        Reference(key="group", authors=(Author(collective="INO-VATE Investigators"),)),
        Reference(key="book", entry_type="book", title="A book", year="2001"),
        Reference(key="doi", doi="10.1/x", pmcid="PMC1", volume="3", pages="e5"),
        Reference(key="nosource", title="Only a title", pmid="7"),
        hostile_reference(annotation="one\n\ntwo"),
    ]
    out = render(refs, template, group_by="year")
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert not re.search(r"\S  +\S", out)  # no gaps where a missing part was left out
    assert "INO-VATE Investigators" in out


_WORDS = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=8)
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join).map(str.capitalize)


@settings(max_examples=examples(40))
@given(st.lists(st.lists(_PARAGRAPH, min_size=1, max_size=3), min_size=1, max_size=3))
def test_livertox_annotations_of_several_paragraphs_read_back_whole(
    notes: list[list[str]],
) -> None:
    # merged annotations are paragraphs; each was its own "(...)", and every one after the
    # first read back as an orphan_annotation, lost from its reference
    refs = [
        Reference(key=f"K{i}", pmid=str(1000 + i), authors=(Author(last="Lamb", initials="YN"),),
                  title="A title", journal="Drugs", year="2017", annotation="\n\n".join(paras))
        for i, paras in enumerate(notes)
    ]  # fmt: skip
    back = livertox.parse(render(refs, "livertox"), "back.txt")
    assert back.problems == ()
    assert [r.annotation for r in back.references] == [" ".join(p) for p in notes]
