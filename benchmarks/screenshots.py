"""Regenerate the README's screenshots (``docs/*.png``) in the headless Chromium the tests use.

Usage: ``python -m benchmarks.screenshots [--out DIR]`` (or ``make screenshots``).

- ``graph-seed.png``, ``graph-phone.png``, ``bibliography-seed.png``: the seed monograph as
  ``refgraph build refs/inotuzumab-ozogamicin.txt --offline`` writes it (the shipped
  snapshot's records), the graph at 1280 and 390 px wide;
- ``check-seed.png``: ``tests/data/check/seed-with-errors.txt`` (six seed citations with
  mistakes made on purpose) checked against the local fake E-utilities server serving the
  shipped records, so the suggestions are real, verified ones;
- ``check-2000.png``, ``graph-2000.png``: the 2,000-reference library of
  :mod:`benchmarks.bench_pages`.

Nothing leaves the machine: the fake server listens on 127.0.0.1 and the pages load nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Relative to ROOT (the working folder while shooting), so the pages show the paths a user
#: sees, not this machine's.
SEED = Path("refs", "inotuzumab-ozogamicin.txt")
WITH_ERRORS = Path("tests", "data", "check", "seed-with-errors.txt")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The system's Chromium (Debian: ``apt-get install chromium``)."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("no Chromium found; install it with: sudo apt-get install chromium")


def _seed_pages(tmp: Path) -> dict[str, str]:
    import refgraph

    settings = refgraph.resolve_settings({"offline": True, "cache_path": tmp / "seed.sqlite",
                                          "snapshot_dirs": refgraph.snapshot_dirs([str(SEED)])})
    out = tmp / "seed"
    refgraph.run_build([SEED], out, settings)
    refs = list(refgraph.load([SEED]).references)
    with refgraph.open_record_source(settings) as source:
        run = refgraph.check_references(refs, source)
        graph = refgraph.link_library(refs, source, cited=run.cited).graph.graph
    bibliography = refgraph.render_bibliography(
        refs, "bibliography.html", graph=graph, group_by="trial", check=run.report,
        title="Inotuzumab ozogamicin: LiverTox references")
    return {"graph": (out / "graph.html").read_text(encoding="utf-8"),
            "bibliography": bibliography}


def _checked_with_errors(tmp: Path) -> str:
    import refgraph
    from refgraph.testing import FakeEutils

    parsed = refgraph.load([WITH_ERRORS])
    cache = refgraph.RecordCache(tmp / "c.sqlite")
    with FakeEutils(records_dir=ROOT / "refs" / "pubmed", rate_limit=None) as fake, \
            refgraph.EutilsClient(fake.url, cache=cache) as client:  # fmt: skip
        report = refgraph.check_references(parsed.references, client).report
    return refgraph.render_check(report, parsed.problems, title="Check against PubMed")


def _shoot(browser: Any, html: str, path: Path, width: int, height: int, tmp: Path,
           selector: str = "", full: bool = False) -> None:  # fmt: skip
    page_file = tmp / f"{path.stem}.html"
    page_file.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        if selector:
            page.locator(selector).first.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full)
    finally:
        page.close()
    print(f"wrote {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screenshots")
    parser.add_argument("--out", default=str(ROOT / "docs"), help="folder for the PNG files")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from playwright.sync_api import sync_playwright

    from benchmarks.bench_pages import pages, pages_library

    with tempfile.TemporaryDirectory() as name, sync_playwright() as playwright:
        tmp = Path(name)
        seed = _seed_pages(tmp)
        big = pages(pages_library(2_000))
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            _shoot(browser, seed["graph"], out / "graph-seed.png", 1280, 900, tmp, ".rg-graph")
            _shoot(browser, seed["graph"], out / "graph-phone.png", 390, 844, tmp)
            _shoot(browser, seed["bibliography"], out / "bibliography-seed.png", 1280, 1500,
                   tmp)  # fmt: skip
            _shoot(browser, _checked_with_errors(tmp), out / "check-seed.png", 1280, 900, tmp,
                   full=True)  # fmt: skip
            _shoot(browser, big["graph.html"], out / "graph-2000.png", 1280, 900, tmp)
            _shoot(browser, big["check.html"], out / "check-2000.png", 1280, 900, tmp)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
