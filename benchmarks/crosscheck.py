"""The general reader's rules on citations they were never tuned to: AnyStyle's labels.

The rules of :mod:`refgraph.sources.text` are fitted to the real lists of
``tests/data/reallists`` (their tuning split). A rule that only fits those lists can cost
other citations without any real-list score moving. This scorer reads each of AnyStyle's
3,183 labelled references (``training/anystyle``, BSD; many styles and fields: sciences,
humanities, books, chapters, proceedings) as a citation of its own through the whole general
path, and compares what it read with the labels:

- ``found``: a reference was read at all;
- ``year``: the year, where the labelled date has one;
- ``volume``: the first number of the labelled volume;
- ``page``: the first page of the labelled pages;
- ``journal``: the labelled journal, letters and digits only (a ``container``, a book's title,
  is not scored);
- ``author``: the first author's surname is one of the first three words of the labelled
  authors (crude on purpose: it asks whether the list starts where it should).

The figures are low for a biomedical reader (half of AnyStyle is humanities and computer
science) and are not a target: they are a floor that rules must not push down
(``tests/test_crosscheck.py``). The tagger was trained on part of this data, so only the
rules are checked here, not the tagger.

Usage: ``python -m benchmarks.crosscheck``
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANYSTYLE = ROOT / "training" / "anystyle"
_YEAR_RE = re.compile(r"(?:1[6-9]|20)\d\d")
_FIRST_PAGE_RE = re.compile(r"[A-Za-z]?\d+")


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", value)


def scores() -> dict[str, tuple[int, int]]:
    """``field -> (right, scored)`` over every AnyStyle reference (see the module docstring)."""
    from refgraph.sources import text
    from refgraph.tagger.corpus import read_anystyle

    tally = {k: [0, 0] for k in ("found", "year", "volume", "page", "journal", "author")}

    def score(field: str, right: bool) -> None:
        tally[field][0] += right
        tally[field][1] += 1

    for path in sorted(ANYSTYLE.glob("*.xml")):
        for cit in read_anystyle(path):
            gold: dict[str, str] = {}
            for start, end, label in cit.spans:
                gold.setdefault(label, cit.text[start:end])
            refs = text.parse(cit.text, path.name).references
            score("found", bool(refs))
            if not refs:
                continue
            ref = refs[0]
            if year := _YEAR_RE.search(gold.get("date", "")):
                score("year", ref.year == year.group(0))
            if volume := re.search(r"\d+", gold.get("volume", "")):
                score("volume", _norm(ref.volume) == volume.group(0))
            if page := _FIRST_PAGE_RE.search(gold.get("pages", "")):
                score("page", _norm(ref.pages.split("-")[0]) == _norm(page.group(0)))
            if "journal" in gold:
                score("journal", _norm(ref.journal) == _norm(gold["journal"].strip(" .,;")))
            if "author" in gold:
                words = [_norm(w) for w in re.split(r"[,\s]+", gold["author"].strip())[:3]]
                last = _norm(ref.authors[0].last) if ref.authors else ""
                score("author", bool(last) and last in words)
    return {k: (right, n) for k, (right, n) in tally.items()}


def main() -> int:
    for field, (right, n) in scores().items():
        print(f"{field:8} {100 * right / max(n, 1):5.1f}%  ({right} of {n})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
