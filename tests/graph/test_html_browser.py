"""The HTML view in real headless Chromium (Playwright): offline, complete, filterable, inert."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from browser import open_page
from refgraph.graph import build_graph
from refgraph.graph.html import graph_html_fragment, render_graph_html
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "Inert </script><script>window.__pwned = 1</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def seed_graph() -> nx.MultiDiGraph:
    from refgraph.cli._common import load_inputs

    refs = list(load_inputs([str(ROOT / "refs" / "inotuzumab-ozogamicin.txt")], None).references)
    records: dict[str, PubmedRecord] = {}
    for path in sorted((ROOT / "refs" / "pubmed").glob("*.xml")):
        records.update((r.pmid, r) for r in parse_pubmed_xml(path.read_bytes(), str(path)))
    return build_graph(refs, records).graph


def _open(browser, html: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = open_page(browser, html, tmp_path / "graph.html", width=1400, height=800,
                       wait_for="[data-node]")  # fmt: skip
    return opened.page, opened.problems, opened.requests


def test_seed_page_loads_offline_with_every_node_and_edge(browser, seed_graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page, problems, requests = _open(browser, render_graph_html(seed_graph, title="Seed"),
                                     tmp_path)
    assert problems == []
    assert requests and all(u.startswith(("file://", "data:")) for u in requests)
    assert page.locator("[data-node]").count() == seed_graph.number_of_nodes()
    assert page.locator("[data-edge]").count() == seed_graph.number_of_edges()
    assert page.locator("[data-node][data-kind=trial]").count() == 3
    assert page.locator(".rg-band-label").all_text_contents()[0] == "INO-VATE (NCT01564784)"
    page.close()


def test_relation_filter_hides_edges(browser, seed_graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page, _, _ = _open(browser, render_graph_html(seed_graph), tmp_path)
    follow = page.locator('[data-edge][data-relation="follow_up_of"]')
    others = page.locator('[data-edge]:not([data-relation="follow_up_of"])')
    assert follow.count() == 1 and follow.first.is_visible()
    page.locator('input[data-filter="follow_up_of"]').uncheck()
    assert not follow.first.is_visible()
    assert all(others.nth(i).is_visible() for i in range(others.count()))
    page.locator('input[data-filter="follow_up_of"]').check()
    assert follow.first.is_visible()
    page.close()


def test_hover_shows_citation_and_click_opens_pubmed(browser, seed_graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page, _, _ = _open(browser, render_graph_html(seed_graph), tmp_path)
    key = next(n for n, d in seed_graph.nodes(data=True) if d.get("pmid") == "27959739")
    node = page.locator(f'[data-node="{key}"]')
    node.hover()
    tip = page.locator(".rg-tip")
    assert tip.is_visible()
    assert "Further follow up" in tip.inner_text() and "27959739" in tip.inner_text()
    page.evaluate("window.open = function (url) { window.__opened = url; }")
    node.click()
    assert page.evaluate("window.__opened") == "https://pubmed.ncbi.nlm.nih.gov/27959739/"
    page.close()


def test_wheel_zoom_shows_labels(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    refs = [Reference(key=f"R{i}", pmid=str(i + 1), authors=(Author(last=f"Au{i}"),),
                      year=str(1980 + i % 40)) for i in range(1200)]  # wide and tall
    page, problems, _ = _open(browser, render_graph_html(build_graph(refs).graph), tmp_path)
    label = page.locator(".rg-label").first
    assert not label.is_visible()  # the whole of it fits: too small to read, so not drawn
    box = page.locator(".rg-canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(12):
        page.mouse.wheel(0, -200)
    page.locator(".rg-graph.rg-zoomed").wait_for()
    assert label.is_visible()
    assert problems == []
    page.close()


def test_script_in_title_is_inert(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    refs = [Reference(key="Evil", pmid="1", year="2020", title=HOSTILE, annotation=HOSTILE),
            Reference(key="Ok", pmid="2", year="2021", title="Fine")]
    html = render_graph_html(build_graph(refs).graph, title=HOSTILE)
    assert "</script><script>window.__pwned" not in html
    page, problems, requests = _open(browser, html, tmp_path)
    assert page.evaluate("window.__pwned") is None
    assert all(u.startswith(("file://", "data:")) for u in requests)
    page.locator('[data-node="Evil"]').hover()
    assert HOSTILE in page.locator(".rg-tip").inner_text()
    assert page.title() == HOSTILE
    assert problems == []
    page.close()


def test_two_fragments_share_a_page(browser, seed_graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    html = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
            + graph_html_fragment(seed_graph) + graph_html_fragment(seed_graph) + "</body></html>")
    page, problems, _ = _open(browser, html, tmp_path)
    assert problems == []
    assert page.locator("[data-node]").count() == 2 * seed_graph.number_of_nodes()
    page.close()


def test_pubmed_citations_are_thin_and_off_until_asked_for(browser, seed_graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    refs = list(load_seed_references())
    records = seed_records_from_snapshot()
    graph = build_graph(refs, records, citations={"28819740": ["27292104"]}).graph
    page, problems, _ = _open(browser, render_graph_html(graph), tmp_path)
    cite = page.locator('[data-edge][data-citation="1"]')
    assert cite.count() == 1 and not cite.first.is_visible()
    assert "rg-citation" in (cite.first.get_attribute("class") or "")
    toggle = page.locator('input[data-filter="citations"]')
    assert toggle.is_visible() and not toggle.is_checked()
    toggle.check()
    assert cite.first.is_visible()
    # a curved edge's box centre is not on its stroke: send the hover to the edge's own hit
    # area (the wide transparent stroke drawn right after it, which takes the pointer)
    page.locator('[data-edge][data-relation="follow_up_of"] + .rg-hit').first.dispatch_event(
        "mouseenter")
    tip = page.locator(".rg-tip").inner_text()
    assert "annotation: Further follow up" in tip  # the evidence, field by field
    assert problems == []
    page.close()


def load_seed_references() -> list[Reference]:
    from refgraph.cli._common import load_inputs

    return list(load_inputs([str(ROOT / "refs" / "inotuzumab-ozogamicin.txt")], None).references)


def seed_records_from_snapshot() -> dict[str, PubmedRecord]:
    records: dict[str, PubmedRecord] = {}
    for path in sorted((ROOT / "refs" / "pubmed").glob("*.xml")):
        records.update((r.pmid, r) for r in parse_pubmed_xml(path.read_bytes(), str(path)))
    return records
