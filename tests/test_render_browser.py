"""The HTML bibliography in headless Chromium: no console errors, no network, inert input.

(The README's screenshots come from ``python -m benchmarks.screenshots``, not from tests.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser import open_page
from refgraph.graph import build_graph
from refgraph.model import Author, Reference
from refgraph.render import render
from refgraph.sources import livertox

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
HOSTILE = "</li></ol><script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>"


def _open(browser: Any, html: str, path: Path) -> tuple[Any, list[str], list[str]]:
    opened = open_page(browser, html, path, width=1100)
    return opened.page, opened.problems, opened.requests


def test_seed_page_opens_cleanly_offline(browser: Any, tmp_path: Path) -> None:
    refs = list(livertox.parse(SEED.read_text(encoding="utf-8"), str(SEED)).references)
    html = render(refs, "bibliography.html", graph=build_graph(refs).graph, group_by="trial",
                  title="Inotuzumab ozogamicin: LiverTox references")  # fmt: skip
    page, problems, requests = _open(browser, html, tmp_path / "refs.html")
    try:
        assert problems == []
        assert [u for u in requests if not u.startswith("file://")] == []
        assert page.locator("li.entry").count() == len(refs)
        assert page.locator("li.entry.depth-1").count() == 2  # INO-VATE follow-ups
        assert page.locator("a[href='https://pubmed.ncbi.nlm.nih.gov/27292104/']").count() == 1
        first = page.locator("h2").first.inner_text()
        assert first == "INO-VATE"
        page.emulate_media(media="print")
        assert page.locator(".graph").first.is_hidden()  # print CSS drops the interactive view
    finally:
        page.close()


def test_hostile_titles_and_annotations_stay_inert(browser: Any, tmp_path: Path) -> None:
    ref = Reference(key="evil", pmid="1", title=HOSTILE, annotation=HOSTILE,
                    authors=(Author(last=HOSTILE, initials="X"),), journal=HOSTILE)  # fmt: skip
    html = render([ref], "bibliography.html")
    page, problems, requests = _open(browser, html, tmp_path / "e.html")
    try:
        assert page.evaluate("window.__pwned") is None
        assert page.locator("li.entry script, li.entry img").count() == 0
        assert "<script>" in page.locator("li.entry .title").inner_text()  # shown as text
        assert problems == [] and [u for u in requests if not u.startswith("file://")] == []
    finally:
        page.close()
