"""The check report as a page people read (``check.html``, and a section of the HTML
bibliography): one row per reference, the cited and PubMed values side by side, notes with
their PubMed links, suggestions with both links, input problems with file and line, filters
by verdict; offline, inert, usable on a phone (headless Chromium)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from browser import open_page
from conftest import DATA, ROOT
from refgraph.check import CheckReport, Suggestion, check_library
from refgraph.check.report import note_spans, report_view
from refgraph.model import Diagnostic, PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.render import render, render_check
from refgraph.sources import load_many

HOSTILE = "</td></tr><script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>"


def _records() -> dict[str, PubmedRecord]:
    records: dict[str, PubmedRecord] = {}
    for path in sorted((ROOT / "refs" / "pubmed").glob("*.xml")):
        records.update((r.pmid, r) for r in parse_pubmed_xml(path.read_bytes(), str(path)))
    return records


def _report() -> tuple[CheckReport, tuple[Diagnostic, ...], list[Reference]]:
    """The seed with mistakes, checked against its records, plus a retracted work, one left
    unchecked and a hostile one (as ``check_references`` would give them)."""
    parsed = load_many([DATA / "check" / "seed-with-errors.txt"])
    records = _records()
    records["28859185"] = replace(records["28859185"], publication_types=(
        "Journal Article", "Retracted Publication"))  # fmt: skip
    records["1"] = PubmedRecord(pmid="1", title="Cardiac outcomes after valve surgery",
                                year="2020", journal=HOSTILE)  # fmt: skip
    refs = [*parsed.references,
            Reference(key="Offline2020", pmid="31000000", title="Not cached", year="2020"),
            Reference(key="Evil2020", pmid="1", title="Renal function in mice " + HOSTILE,
                      year="2019", annotation=HOSTILE),
            replace(parsed.references[4], key="Dang2018", year="2018")]  # cited twice: Dang2017
    results, groups = check_library(refs, records, missing={"31000000"})
    suggested = {"Kantarjian2016": "27292104", "Lamb2017": "28819740", "Goy2016": "27101934"}
    results = [replace(r, suggestion=Suggestion(suggested[r.key], True, "ecitmatch"),
                       notes=(*r.notes, f"suggested PMID {suggested[r.key]} (found by ecitmatch,"
                              " record verified)"))
               if r.key in suggested else r for r in results]  # fmt: skip
    problems = (*parsed.problems, Diagnostic("refs/evil.txt", 7, "fragment", HOSTILE))
    return CheckReport(tuple(results), tuple(groups)), problems, refs


@pytest.fixture(scope="module")
def page_html() -> str:
    report, problems, _ = _report()
    return render_check(report, problems, title="Seed " + HOSTILE)


def _find(element: Any, selector: str) -> list[Any]:
    """Elements under ``element`` matching ``tag.class`` (either part optional)."""
    tag, _, cls = selector.partition(".")
    test = f'[contains(concat(" ", @class, " "), " {cls} ")]' if cls else ""
    found: list[Any] = element.xpath(f".//{tag or '*'}{test}")
    return found


def _rows(html: str) -> list[Any]:
    """Every row of the report (its tables of 100 rows, in order)."""
    return [row for table in _find(lxml.html.fromstring(html), "table.rc-table")
            for row in table.xpath("./tbody/tr")]  # fmt: skip


def test_one_row_per_reference_in_input_order_with_its_verdict(page_html: str) -> None:
    report, _, _ = _report()
    rows = _rows(page_html)
    assert [r.get("data-verdict") for r in rows] == [r.verdict for r in report.results]
    assert [r.get("data-verdict") for r in rows] == [
        "mismatch", "ok", "not_found", "no_pmid", "ok", "retracted", "unchecked", "mismatch",
        "ok"]
    assert {_find(r, ".rc-badge")[0].text_content() for r in rows} >= {
        "mismatch", "not found", "no pmid", "retracted", "unchecked", "ok"}


def test_cited_and_pubmed_values_side_by_side_where_they_differ(page_html: str) -> None:
    first = _rows(page_html)[0]
    cells = {tr.xpath("./th")[0].text_content().split()[0]:
             (_find(tr, "td.rc-cited")[0].text_content(),
              _find(tr, "td.rc-pubmed")[0].text_content())
             for tr in _find(first, "table.rc-diff")[0].xpath("./tbody/tr")}  # fmt: skip
    assert cells["pages"] == ("740-753", "2101")
    assert cells["title"][1] == "Inotuzumab Ozogamicin for Acute Lymphoblastic Leukemia."
    ok_row = _rows(page_html)[1]
    assert not _find(ok_row, "table.rc-diff")  # nothing differs: no table


def test_suggestion_with_both_pubmed_links_and_not_repeated_as_a_note(page_html: str) -> None:
    first = _rows(page_html)[0]
    box = _find(first, ".rc-suggest")[0]
    hrefs = [a.get("href") for a in box.xpath(".//a")]
    assert hrefs == ["https://pubmed.ncbi.nlm.nih.gov/27292104/",
                     "https://pubmed.ncbi.nlm.nih.gov/27959739/"]  # fmt: skip
    assert "verified" in box.text_content()
    assert "suggested PMID" not in _find(first, ".rc-notes")[0].text_content()
    no_pmid = _rows(page_html)[3]
    assert [a.get("href") for a in _find(no_pmid, ".rc-suggest")[0].xpath(".//a")] == [
        "https://pubmed.ncbi.nlm.nih.gov/27101934/"]  # nothing was cited to link to


def test_notes_link_the_pmids_they_name(page_html: str) -> None:
    notes = _find(_rows(page_html)[1], ".rc-notes")[0].xpath("./li")
    letter = next(li for li in notes if "comment and a letter" in li.text_content())
    assert [a.get("href") for a in letter.xpath(".//a")] == [
        "https://pubmed.ncbi.nlm.nih.gov/27292104/"]
    assert note_spans("no PMID here")[0].pmid == ""


def test_retraction_unchecked_and_the_places_cited(page_html: str) -> None:
    rows = _rows(page_html)
    assert "Retracted Publication" in rows[5].text_content()
    assert "not available" in rows[6].text_content()
    places = [p.text_content() for p in _find(rows[2], ".rc-place")]
    assert places == [f"{DATA / 'check' / 'seed-with-errors.txt'}:3"]


def test_input_problems_with_file_and_line(page_html: str) -> None:
    doc = lxml.html.fromstring(page_html)
    items = [li.text_content() for ul in _find(doc, "ul.rc-problems") for li in ul.xpath("./li")]
    assert any(i.startswith(f"{DATA / 'check' / 'seed-with-errors.txt'}:4 no pmid")
               for i in items)  # fmt: skip
    assert any(i.startswith("refs/evil.txt:7 fragment") for i in items)
    dupes = doc.xpath("//h3")
    assert [h.text_content() for h in dupes] == ["Input problems (3)", "Cited more than once (1)"]


def test_filters_only_for_verdicts_present_with_their_counts(page_html: str) -> None:
    doc = lxml.html.fromstring(page_html)
    chips = {i.get("data-verdict-filter"): i.getparent().text_content().split()[-1]
             for i in doc.xpath("//input[@data-verdict-filter]")}  # fmt: skip
    assert chips == {"ok": "3", "mismatch": "2", "not_found": "1", "retracted": "1",
                     "no_pmid": "1", "unchecked": "1"}  # fmt: skip


def test_hostile_text_is_inert_and_the_page_needs_nothing_from_outside(page_html: str) -> None:
    doc = lxml.html.fromstring(page_html)
    assert len(doc.xpath("//script")) == 1  # the filter script, nothing from the data
    assert not doc.xpath("//img")
    assert HOSTILE in doc.xpath("//title")[0].text_content()
    assert HOSTILE in _rows(page_html)[7].text_content()  # shown as text
    assert not doc.xpath("//link | //*[@src]")  # no stylesheet, script or image to fetch
    assert "Content-Security-Policy" in page_html


def test_the_html_bibliography_carries_the_same_report_as_a_section() -> None:
    report, problems, refs = _report()
    html = render(refs, "bibliography.html", check=report, problems=problems)
    doc = lxml.html.fromstring(html)
    section = doc.xpath('//section[@id="check"]')[0]
    rows = [row for table in _find(section, "table.rc-table") for row in table.xpath("./tbody/tr")]
    assert [r.get("data-verdict") for r in rows] == [r.verdict for r in report.results]
    assert _find(doc, "p.checked")[0].xpath(".//a")[0].text_content() == report.summary_line()
    assert "rc-table" not in render(refs, "bibliography.html")  # no report given, no section


def test_view_model_counts_every_verdict() -> None:
    report, problems, _ = _report()
    view = report_view(report, problems)
    assert [v.verdict for v in view.verdicts] == [
        "ok", "mismatch", "not_found", "retracted", "no_pmid", "unchecked"]
    assert sum(v.count for v in view.verdicts) == len(view.rows) == 9


def test_a_user_template_replaces_the_report(tmp_path: Path) -> None:
    (tmp_path / "check.html.j2").write_text(
        "{% if title is defined %}{{ view.summary }}|{{ view.rows|length }}{% endif %}")
    report, problems, _ = _report()
    assert render_check(report, problems, template_dirs=[tmp_path]) == (
        report.summary_line() + "|9")


# -- in Chromium -----------------------------------------------------------------------------


@pytest.mark.browser
def test_opens_offline_without_errors_and_filters_by_verdict(
    browser: Any, page_html: str, tmp_path: Path
) -> None:
    opened = open_page(browser, page_html, tmp_path / "check.html")
    page = opened.page
    try:
        assert opened.problems == [] and opened.network == []
        assert page.evaluate("window.__pwned") is None
        rows = page.locator(".rc-table > tbody > tr")
        assert rows.count() == 9
        page.locator('input[data-verdict-filter="ok"]').uncheck()
        visible = [rows.nth(i).get_attribute("data-verdict") for i in range(9)
                   if rows.nth(i).is_visible()]  # fmt: skip
        assert "ok" not in visible and len(visible) == 6
        page.locator(".rc-search").fill("lamb")
        assert [rows.nth(i).is_visible() for i in range(9)].count(True) == 1
        page.locator('input[data-verdict-filter="not_found"]').uncheck()
        assert page.locator(".rc-none").is_visible()  # says so when nothing is left
        page.locator(".rc-search").fill("")
        page.locator('input[data-verdict-filter="ok"]').check()
        page.locator('input[data-verdict-filter="not_found"]').check()
        assert [rows.nth(i).is_visible() for i in range(9)].count(True) == 9
    finally:
        page.close()


@pytest.mark.browser
def test_reads_on_a_phone(browser: Any, page_html: str, tmp_path: Path) -> None:
    opened = open_page(browser, page_html, tmp_path / "check.html", width=390, height=844)
    page = opened.page
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        assert page.locator(".rc-table > thead").is_hidden()  # rows become cards
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                             "'.rc-cite')).fontSize)")  # fmt: skip
        assert size >= 13
        assert opened.problems == []
    finally:
        page.close()
