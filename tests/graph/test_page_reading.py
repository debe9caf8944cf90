"""The graph page reads at a glance, measured in headless Chromium on what is drawn: unique
labels of a legible size that never overlap, no arrowhead on a label, x spaced by time, no
empty canvas, a phone layout (390 px) with the legend in order, touch, and legible labels
when the graph is embedded in the HTML bibliography."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from browser import open_page
from conftest import ROOT, SEED
from refgraph.graph import build_graph
from refgraph.graph.html import render_graph_html
from refgraph.graph.styles import RELATION_STYLES
from refgraph.model import PubmedRecord
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.render import render
from refgraph.sources import load_many

pytestmark = pytest.mark.browser

#: What the page draws, measured on screen: label boxes and font sizes, arrowheads (tip and
#: 9 px back along the edge), year labels, the drawing's and the canvas's boxes.
MEASURE = """() => {
  const root = document.querySelector('.rg-graph');
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const labels = Array.from(root.querySelectorAll('.rg-label'))
    .filter((t) => getComputedStyle(t).display !== 'none')
    .map((t) => ({ text: t.textContent, box: box(t),
                   px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }));
  const heads = Array.from(root.querySelectorAll('path.rg-edge'))
    .filter((p) => p.style.display !== 'none')
    .map((p) => {
      const m = p.getScreenCTM(), n = p.getTotalLength();
      return [n, Math.max(0, n - 9)].map((at) => {
        const q = p.getPointAtLength(at);
        return [m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f];
      });
    });
  const years = {};
  root.querySelectorAll('.rg-year').forEach((t) => {
    years[t.textContent] = parseFloat(t.getAttribute('x'));
  });
  return { labels, heads, years, drawing: box(root.querySelector('.rg-viewport')),
           canvas: box(root.querySelector('.rg-canvas')),
           page: document.documentElement.scrollWidth };
}"""


def _seed_graph() -> nx.MultiDiGraph:
    records: dict[str, PubmedRecord] = {}
    for path in sorted((ROOT / "refs" / "pubmed").glob("*.xml")):
        records.update((r.pmid, r) for r in parse_pubmed_xml(path.read_bytes(), path.name))
    return build_graph(load_many([SEED]).references, records).graph


@pytest.fixture(scope="module")
def seed_page() -> str:
    return render_graph_html(_seed_graph(), title="Inotuzumab ozogamicin")


def _inside(point: list[float], box: list[float]) -> bool:
    return box[0] + 0.5 < point[0] < box[2] - 0.5 and box[1] + 0.5 < point[1] < box[3] - 0.5


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def _check_reading(drawn: dict[str, Any], min_px: float = 11.0) -> None:
    labels = drawn["labels"]
    assert labels, "no label is shown"
    texts = [label["text"] for label in labels]
    assert len(texts) == len(set(texts)), "two nodes share a label"
    assert min(label["px"] for label in labels) >= min_px - 0.05
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a["box"], b["box"]), (a["text"], b["text"])
    for head in drawn["heads"]:
        for point in head:
            covered = [label["text"] for label in labels if _inside(point, label["box"])]
            assert not covered, f"an arrowhead lies on {covered}"


def test_seed_page_reads_at_a_glance(browser: Any, seed_page: str, tmp_path: Path) -> None:
    opened = open_page(browser, seed_page, tmp_path / "graph.html", width=1400, height=900,
                       wait_for="[data-node]")  # fmt: skip
    try:
        drawn = opened.page.evaluate(MEASURE)
        _check_reading(drawn)
        assert {"Kantarjian 2016", "Kantarjian 2016a"} <= {x["text"] for x in drawn["labels"]}
        years = drawn["years"]  # centred in their year's slot: spaced by time
        assert years["2016"] - years["2012"] == pytest.approx(4 * (years["2017"] - years["2016"]),
                                                              abs=1)  # fmt: skip
        drawing, canvas = drawn["drawing"], drawn["canvas"]  # no empty canvas
        assert drawing[2] - drawing[0] >= 0.97 * (canvas[2] - canvas[0])
        assert canvas[3] - canvas[1] <= 1.1 * (drawing[3] - drawing[1])  # the year axis on top
        assert opened.problems == [] and opened.network == []
    finally:
        opened.page.close()


def test_phone_layout_is_legible_with_the_legend_in_order(
    browser: Any, seed_page: str, tmp_path: Path
) -> None:
    opened = open_page(browser, seed_page, tmp_path / "graph.html", width=390, height=844,
                       wait_for="[data-node]")  # fmt: skip
    page = opened.page
    try:
        drawn = page.evaluate(MEASURE)
        assert drawn["page"] <= 390  # nothing sticks out sideways
        _check_reading(drawn)
        canvas = drawn["canvas"]  # it opens where the works are: the INO-VATE reports in view
        shown = {x["text"] for x in drawn["labels"]
                 if x["box"][0] >= canvas[0] and x["box"][2] <= canvas[2]}  # fmt: skip
        assert {"Kantarjian 2016", "Kantarjian 2016a", "Kantarjian 2017"} <= shown
        items = page.locator(".rg-legend li")
        names = [items.nth(i).inner_text().strip() for i in range(items.count())]
        order = [r.replace("_", " ") for r in RELATION_STYLES]
        assert names == sorted(names, key=order.index)
        boxes = [items.nth(i).bounding_box() for i in range(items.count())]
        for a, b in itertools.pairwise(boxes):  # read left to right, top to bottom
            assert b["y"] > a["y"] + 1 or (abs(b["y"] - a["y"]) <= 1 and b["x"] > a["x"])
        assert all(b["x"] + b["width"] <= 390 for b in boxes)
        before = drawn["drawing"][0]  # a drag pans
        page.mouse.move(200, (canvas[1] + canvas[3]) / 2)
        page.mouse.down()
        page.mouse.move(320, (canvas[1] + canvas[3]) / 2, steps=4)
        page.mouse.up()
        assert page.evaluate(MEASURE)["drawing"][0] > before
        assert opened.problems == []
    finally:
        page.close()


def test_a_tap_shows_the_citation_with_its_link(browser: Any, seed_page: str,
                                                tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / "graph.html").write_text(seed_page, encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)  # fmt: skip
    page = context.new_page()
    try:
        page.goto((tmp_path / "graph.html").as_uri())
        page.evaluate("window.open = function (url) { window.__opened = url; }")
        page.locator('[data-node="Kantarjian2016a"]').tap()
        tip = page.locator(".rg-tip")
        assert tip.is_visible() and "Further follow up" in tip.inner_text()
        link = tip.locator("a")
        assert link.get_attribute("href") == "https://pubmed.ncbi.nlm.nih.gov/27959739/"
        assert page.evaluate("window.__opened") is None  # a tap shows; the link opens
    finally:
        context.close()


def test_zoom_buttons_and_fit(browser: Any, seed_page: str, tmp_path: Path) -> None:
    opened = open_page(browser, seed_page, tmp_path / "graph.html", width=1400, height=900,
                       wait_for="[data-node]")  # fmt: skip
    page = opened.page
    try:
        size = page.evaluate(MEASURE)["labels"][0]["px"]
        page.locator(".rg-in").click()
        assert page.evaluate(MEASURE)["labels"][0]["px"] == pytest.approx(size * 1.4, rel=0.01)
        page.locator(".rg-out").click()
        page.locator(".rg-out").click()
        page.locator(".rg-reset").click()
        assert page.evaluate(MEASURE)["labels"][0]["px"] == pytest.approx(size, rel=0.01)
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 800])
def test_embedded_in_the_bibliography_the_labels_stay_legible(
    browser: Any, tmp_path: Path, width: int
) -> None:
    refs = list(load_many([SEED]).references)
    html = render(refs, "bibliography.html", graph=_seed_graph(), group_by="trial")
    opened = open_page(browser, html, tmp_path / "refs.html", width=width, height=900,
                       wait_for="[data-node]")  # fmt: skip
    try:
        drawn = opened.page.evaluate(MEASURE)
        _check_reading(drawn)
        assert drawn["page"] <= width
        assert opened.problems == [] and opened.network == []
    finally:
        opened.page.close()
