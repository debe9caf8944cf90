"""refgraph's CSL engine: the CSL 1.0.2 rules it implements, each on a small style or item."""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.errors import ConfigError, TemplateError
from refgraph.export.csl import render_csl
from refgraph.export.csl.style import compiled_style
from refgraph.model import Author, Reference

from ._refs import seed_references

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" \
class="in-text" version="1.0" {attrs}><info><title>t</title><id>t</id></info>{body}</style>'


def _style(tmp_path: Path, body: str, attrs: str = "", name: str = "t.csl") -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(attrs=attrs, body=body), encoding="utf-8")
    return path


def _lines(refs: list[Reference], style: Path | str, **kwargs: bool) -> list[str]:
    return render_csl(refs, style, annotations=False, **kwargs).splitlines()


KANT = Reference(key="K", authors=(Author(last="Kantarjian", first="Hagop M"),
                                   Author(last="DeAngelo", first="Daniel J"),
                                   Author(last="Stelljes", first="M")),
                 title="Inotuzumab", journal="N Engl J Med", year="2016", volume="375",
                 pages="740-753")  # fmt: skip


def test_anonymous_work_shows_its_title_once_not_twice() -> None:
    med_lett = next(r for r in seed_references() if r.key == "MedLett2018")
    for style in ("apa", "chicago-author-date", "harvard-cite-them-right"):
        text = render_csl([med_lett], style, annotations=False)
        assert text.lower().count("antibody-drug conjugate") == 1, (style, text)


def test_incomplete_author_list_ends_in_et_al_never_in_an_invented_last_author() -> None:
    kantarjian = next(r for r in seed_references() if r.key == "Kantarjian2016")
    apa = render_csl([kantarjian], "apa", annotations=False)
    # APA names up to 20 authors and then "… last author": a cut-short list has no last
    # author to show, so the seven cited names end in "et al." and no "&" precedes the 7th
    assert "Stock, W., Gökbuget, N., et al. (2016)" in apa
    assert "& Gökbuget" not in apa and "…" not in apa and "others" not in apa
    ama = render_csl([kantarjian], "american-medical-association", annotations=False)
    assert "Kantarjian HM, DeAngelo DJ, Stelljes M, et al." in ama


def test_substitute_suppresses_what_it_used(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        """<bibliography><layout delimiter=". ">
      <names variable="author"><name/><substitute><text variable="title"/></substitute></names>
      <text variable="title"/><text variable="container-title"/></layout></bibliography>""",
    )
    assert _lines([Reference(key="a", title="T", journal="J")], style) == ["T. J"]


def test_group_with_only_empty_variables_is_suppressed(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        """<bibliography><layout><text variable="title"/>
      <group prefix=" (" suffix=")" delimiter=" "><text term="volume" form="short"/>
      <text variable="volume"/></group></layout></bibliography>""",
    )
    assert _lines([Reference(key="a", title="T")], style) == ["T"]
    assert _lines([Reference(key="a", title="T", volume="4")], style) == ["T (vol. 4)"]


def test_choose_branch_takes_the_enclosing_delimiter(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        """<bibliography><layout><group delimiter=", ">
      <text variable="title"/><choose><if type="article-journal"><text variable="volume"/>
      <text variable="page"/></if></choose></group></layout></bibliography>""",
    )
    assert _lines([Reference(key="a", title="T", volume="4", pages="1-9")], style) == ["T, 4, 1–9"]


def test_names_options_initials_and_delimiters(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        """<bibliography et-al-min="4" et-al-use-first="2"><layout>
      <names variable="author"><name and="symbol" initialize-with=". "
      name-as-sort-order="first" delimiter-precedes-last="always"/></names>
      </layout></bibliography>""",
    )
    assert _lines([KANT], style) == ["Kantarjian, H. M., D. J. DeAngelo, & M. Stelljes"]
    four = Reference(key="f", authors=(*KANT.authors, Author(last="Li", initials="X")))
    assert _lines([four], style) == ["Kantarjian, H. M., D. J. DeAngelo, et al."]


def test_page_ranges_follow_the_style(tmp_path: Path) -> None:
    for page_format, expected in (("expanded", "1603–1610"), ("minimal", "1603–10"),
                                  ("chicago", "1603–10"), ("", "1603–1610")):  # fmt: skip
        attrs = f'page-range-format="{page_format}"' if page_format else ""
        style = _style(tmp_path, '<bibliography><layout><text variable="page"/></layout>'
                       "</bibliography>", attrs, name=f"p{page_format}.csl")  # fmt: skip
        assert _lines([Reference(key="a", pages="1603-1610")], style) == [expected]


def test_sorting_citation_numbers_and_year_suffixes(tmp_path: Path) -> None:
    style = _style(tmp_path, """<citation disambiguate-add-year-suffix="true"><layout>
      <names variable="author"><name form="short"/></names><date variable="issued">
      <date-part name="year"/></date></layout></citation>
      <bibliography><sort><key variable="author"/><key variable="issued"/></sort><layout>
      <text variable="citation-number" suffix=". "/><names variable="author"><name form="short"/>
      </names><date variable="issued" prefix=" "><date-part name="year"/></date></layout>
      </bibliography>""")  # fmt: skip
    refs = [Reference(key="z", authors=(Author(last="Zhang"),), year="2001"),
            Reference(key="k2", authors=(Author(last="Kim"),), year="2016", title="b"),
            Reference(key="k1", authors=(Author(last="Kim"),), year="2016", title="a"),
            Reference(key="a", authors=(Author(last="Abe"),), year="1999")]  # fmt: skip
    assert _lines(refs, style) == ["1. Abe 1999", "2. Kim 2016a", "3. Kim 2016b", "4. Zhang 2001"]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("complete-all", "—. T2"), ("complete-each", "—, —. T2"), ("partial-each", "—, —. T2"),
     ("partial-first", "—, Li. T2")],
)  # fmt: skip
def test_subsequent_author_substitute_rules(tmp_path: Path, rule: str, expected: str) -> None:
    style = _style(tmp_path, f"""<bibliography subsequent-author-substitute="—"
      subsequent-author-substitute-rule="{rule}"><layout delimiter=". "><names variable="author">
      <name form="short" delimiter=", "/></names><text variable="title"/></layout>
      </bibliography>""", name=f"{rule}.csl")  # fmt: skip
    authors = (Author(last="Kim"), Author(last="Li"))
    refs = [Reference(key="a", authors=authors, title="T1"),
            Reference(key="b", authors=authors, title="T2")]  # fmt: skip
    assert _lines(refs, style) == ["Kim, Li. T1", expected]


def test_html_output_escapes_data_and_formats(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        """<bibliography><layout><text variable="title" font-style="italic"/>
      <text variable="container-title" prefix=" &amp; "/></layout></bibliography>""",
    )
    hostile = Reference(key="h", title="<script>alert(1)</script> & co", journal="J <b>")
    html = render_csl([hostile], style, html_output=True, annotations=False)
    assert "<i>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</i> &amp; J &lt;b&gt;" in html
    assert "<script>" not in html


def test_text_case_and_punctuation_in_quotes(tmp_path: Path) -> None:
    style = _style(
        tmp_path,
        """<bibliography><layout delimiter=". ">
      <text variable="title" text-case="title" quotes="true"/><text variable="container-title"/>
      </layout></bibliography>""",
    )
    ref = Reference(key="a", title="B-cell non-Hodgkin lymphoma in ALL: a study", journal="J")
    assert _lines([ref], style) == ["“B-Cell Non-Hodgkin Lymphoma in ALL: A Study.” J"]


def test_compiled_once_per_file_version(tmp_path: Path) -> None:
    style = _style(tmp_path, '<bibliography><layout><text variable="title"/></layout>'
                   "</bibliography>")  # fmt: skip
    assert compiled_style(style) is compiled_style(style)


def test_bad_styles_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        render_csl([KANT], "no-such-style")
    no_bibliography = _style(tmp_path, "", name="nobib.csl")
    with pytest.raises(TemplateError, match="no bibliography"):
        render_csl([KANT], no_bibliography)
    entity = tmp_path / "entity.csl"
    entity.write_text('<!DOCTYPE s [<!ENTITY x "y">]><style/>', encoding="utf-8")
    with pytest.raises(TemplateError, match="entities"):
        render_csl([KANT], entity)
