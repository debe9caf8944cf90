"""Headless Chromium for the tests that open refgraph's HTML (Playwright over the system's
Chromium): :func:`launch` and :func:`open_page`, which records console messages and every
request the page makes. The ``browser`` fixture (``conftest.py``) skips without Chromium,
and fails under ``CI=true`` (:mod:`systemtools`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from systemtools import require_tools, tool_path

__all__ = ["ARGS", "Opened", "launch", "open_page"]

ARGS = [
    *("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"),
    *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
]


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium (skip, or fail under CI, when there is none)."""
    require_tools("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=tool_path("chromium"), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Opened:
    """A page and what it did while loading: console errors/warnings and requests."""

    page: Any
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def network(self) -> list[str]:
        """Requests that left the file: anything but the page itself and ``data:`` URLs."""
        return [u for u in self.requests if not u.startswith(("file://", "data:"))]


def open_page(browser: Any, html: str, path: Path, width: int = 1280, height: int = 900,
              wait_for: str = "") -> Opened:  # fmt: skip
    """Write ``html`` to ``path`` and open it; ``wait_for`` is a selector to wait for."""
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": height})
    opened = Opened(page)
    page.on("console", lambda m: m.type in ("error", "warning") and opened.problems.append(m.text))
    page.on("pageerror", lambda e: opened.problems.append(str(e)))
    page.on("request", lambda r: opened.requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    if wait_for:
        page.wait_for_selector(wait_for)
    return opened
