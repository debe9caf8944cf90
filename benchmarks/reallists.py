"""Score refgraph on the real-world development set (``tests/data/reallists/``).

Each list there is a reference section as found in a public source; ``expected/NAME.txt``
holds what a reader sees in it, one citation a line::

    first_author | year | journal | volume | first_page | pmid | pmcid | doi

written by reading the text, never by running refgraph. :func:`score` reads every list
with :func:`refgraph.sources.load` (format detected, as a user would run it), lines the
references up with the expected citations in document order, and counts:

- **citation recall**: expected citations that got a reference of their own (a reference
  two citations were merged into counts once, so merging loses recall);
- **PMID recall / precision**, **PMCID** and **DOI on the right reference**: an identifier
  counts as right only on the reference lined up with its citation; any identifier on a
  reference that has none (or another) in the text is a wrong one;
- **field accuracy** (first author, year, journal, volume, first page): over the lined-up
  citations whose expected value is not empty; compared case- and accent-insensitively,
  punctuation and spacing ignored;
- **refusals**: lists refgraph refused to read (exit 2 in the CLI);
- **heading/lead-in problems**: problems whose text is a heading or a lead-in sentence
  ("References", "please cite ...:") rather than a citation.

Used by ``benchmarks/bench_reallists.py`` (``python -m benchmarks --only reallists``) and
by ``tests/test_reallists.py`` (the thresholds of issue 12).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "reallists"
FIELDS = ("first_author", "year", "journal", "volume", "first_page")
IDS = ("pmid", "pmcid", "doi")


@dataclass(frozen=True)
class Expected:
    """One citation as a reader sees it (empty strings where the text does not say)."""

    first_author: str
    year: str
    journal: str
    volume: str
    first_page: str
    pmid: str
    pmcid: str
    doi: str


@dataclass
class Tally:
    """Counts over one or more lists; :meth:`metrics` turns them into rates."""

    lists: int = 0
    citations: int = 0
    found: int = 0
    refusals: int = 0
    heading_problems: int = 0
    ids_expected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(IDS, 0))
    ids_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(IDS, 0))
    ids_given: dict[str, int] = field(default_factory=lambda: dict.fromkeys(IDS, 0))
    fields_expected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fields_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("lists", "citations", "found", "refusals", "heading_problems"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.ids_expected, other.ids_expected),
                             (self.ids_right, other.ids_right),
                             (self.ids_given, other.ids_given),
                             (self.fields_expected, other.fields_expected),
                             (self.fields_right, other.fields_right)):  # fmt: skip
            for key, value in theirs.items():
                mine[key] += value
        self.misses.extend(other.misses)

    def metrics(self) -> dict[str, float | int]:
        """Rates in percent (100 where there was nothing to count) and plain counts."""

        def pct(num: int, den: int) -> float:
            return round(100.0 * num / den, 1) if den else 100.0

        out: dict[str, float | int] = {
            "lists": self.lists,
            "citations": self.citations,
            "citation_recall": pct(self.found, self.citations),
            "pmid_recall": pct(self.ids_right["pmid"], self.ids_expected["pmid"]),
            "pmid_precision": pct(self.ids_right["pmid"], self.ids_given["pmid"]),
            "pmcid_right": pct(
                self.ids_right["pmcid"], max(self.ids_expected["pmcid"], self.ids_given["pmcid"])
            ),
            "doi_right": pct(
                self.ids_right["doi"], max(self.ids_expected["doi"], self.ids_given["doi"])
            ),
        }
        for name in FIELDS:
            out[name] = pct(self.fields_right[name], self.fields_expected[name])
        out["refusals"] = self.refusals
        out["heading_problems"] = self.heading_problems
        return out


def read_expected(path: Path) -> list[Expected]:
    """Read ``expected/NAME.txt`` (``#`` lines are comments)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != 8:
            raise ValueError(f"{path}: expected 8 cells, got {len(cells)}: {line!r}")
        rows.append(Expected(*cells))
    return rows


def held_out(tag: str = "held-out") -> set[str]:
    """Names of the lists ``SPLIT`` tags ``tag:`` (the held-out quarter by default; ``fresh``,
    ``fresh2``: lists added for an outside check, measured before any rule was fitted to them)."""
    names = set()
    for line in (DATA / "SPLIT").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{tag}:"):
            names.add(line.split(":", 1)[1].strip())
    return names


def lists(split: str = "all") -> list[Path]:
    """The list files of a split: ``tuning``, ``held-out``, ``all``, or another tag of
    ``SPLIT`` such as ``fresh`` or ``fresh2`` (batches measured before any rule was fitted to
    them; parts of ``tuning``)."""
    out = sorted(
        p
        for p in DATA.iterdir()
        if p.is_file() and (DATA / "expected" / (p.stem + ".txt")).is_file()
    )
    hidden = held_out()
    if split == "tuning":
        return [p for p in out if p.name not in hidden]
    if split == "all":
        return out
    # any other tag of SPLIT: "fresh", "fresh2", ... (parts of the tuning split)
    names = hidden if split == "held-out" else held_out(split)
    return [p for p in out if p.name in names]


def _norm(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", "", plain)


def _norm_doi(doi: str) -> str:
    from urllib.parse import unquote

    return unquote(doi).strip().rstrip(".").casefold()


def _got(ref: object) -> dict[str, str]:
    pages = getattr(ref, "pages", "")
    return {
        "first_author": getattr(ref, "first_author", ""),
        "year": getattr(ref, "year", ""),
        "journal": getattr(ref, "journal", ""),
        "volume": getattr(ref, "volume", ""),
        "first_page": pages.split("-", 1)[0] if pages else "",
        "pages": pages,
        "pmid": getattr(ref, "pmid", ""),
        "pmcid": getattr(ref, "pmcid", ""),
        "doi": getattr(ref, "doi", ""),
    }


def _similar(exp: Expected, got: dict[str, str]) -> int:
    """How well a reference matches a citation (0: not the same citation)."""
    if exp.pmid and got["pmid"] == exp.pmid:
        return 10
    if exp.doi and got["doi"] and _norm_doi(got["doi"]) == _norm_doi(exp.doi):
        return 9
    score = 0
    if exp.first_author and _norm(exp.first_author) == _norm(got["first_author"]):
        score += 2
    if exp.year and exp.year == got["year"]:
        score += 1
    if exp.first_page and _norm(exp.first_page) == _norm(got["first_page"]):
        score += 2
    if exp.volume and exp.volume == got["volume"]:
        score += 1
    if exp.journal and _norm(exp.journal) == _norm(got["journal"]):
        score += 1
    # a citation that gives only a year (an undated web page has none) needs that year
    needed = 2 if any((exp.first_author, exp.first_page, exp.volume)) else 1 if exp.year else 0
    return score if score >= needed else 0


def _align(expected: list[Expected], got: list[dict[str, str]]) -> list[tuple[int, int]]:
    """Order-keeping alignment maximising similarity (LCS-style dynamic programme)."""
    n, m = len(expected), len(got)
    sim = [[_similar(e, g) for g in got] for e in expected]
    # a citation with nothing to compare (a bare link) pairs with a reference in its place
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = sim[i][j] + 1 if sim[i][j] or _blank(expected[i]) else -1
            best[i][j] = max(
                best[i + 1][j], best[i][j + 1], pair + best[i + 1][j + 1] if pair > 0 else -1
            )
    pairs = []
    i = j = 0
    while i < n and j < m:
        pair = sim[i][j] + 1 if sim[i][j] or _blank(expected[i]) else -1
        if pair > 0 and best[i][j] == pair + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _blank(exp: Expected) -> bool:
    return not any(
        (
            exp.first_author,
            exp.year,
            exp.first_page,
            exp.volume,
            exp.journal,
            exp.pmid,
            exp.pmcid,
            exp.doi,
        )
    )


_HEADING_RE = re.compile(
    r"^\W*(?:references?|bibliography|literature(?: cited)?|works cited|citations?|"
    r"referências|referencias|referanser|literatur|sources?|notes?|further reading|"
    r"key references|annotated bibliography|similar articles|cited by|see all)\b",
    re.I,
)


def is_heading_or_leadin(text: str) -> bool:
    """Is a problem's text a heading or a lead-in sentence rather than a citation?"""
    plain = re.sub(r"<[^>]+>|[#*_>`\[\]]", " ", text)
    plain = " ".join(plain.split())
    if not plain:
        return True
    if len(plain) <= 80 and _HEADING_RE.match(plain):
        return True
    if len(plain) <= 200 and plain.endswith(":") and not re.search(r"\d{4}", plain):
        return True  # "If you use this pipeline, please cite the original paper:"
    return bool(
        re.search(r"\bplease (?:cite|refer)\b|\bif you use\b", plain, re.I)
        and len(plain) <= 200
        and not re.search(r"(?:19|20)\d\d", plain)
    )


def score_list(path: Path, expected_path: Path | None = None) -> Tally:
    """Read one list with refgraph and score it against its expected citations (by default
    ``expected/`` beside the set; another file for a list laid out anew, :func:`layouts`)."""
    from refgraph.errors import RefgraphError
    from refgraph.sources import load

    expected = read_expected(expected_path or DATA / "expected" / (path.stem + ".txt"))
    tally = Tally(lists=1, citations=len(expected))
    try:
        result = load(path)
    except RefgraphError as exc:
        tally.refusals = 1
        tally.misses.append(f"{path.name}: refused: {exc}")
        for exp in expected:
            _count_expected(tally, exp)
        return tally
    got = [_got(ref) for ref in result.references]
    tally.heading_problems = sum(1 for p in result.problems if is_heading_or_leadin(p.text))
    pairs = dict(_align(expected, got))
    tally.found = len(pairs)
    for i, exp in enumerate(expected):
        _count_expected(tally, exp)
        j = pairs.get(i)
        if j is None:
            tally.misses.append(
                f"{path.name}: citation {i + 1} ({exp.first_author} "
                f"{exp.year}) has no reference of its own"
            )
            continue
        g = got[j]
        for name in IDS:
            want = exp.pmid if name == "pmid" else exp.pmcid if name == "pmcid" else exp.doi
            have = g[name]
            same = (
                (_norm_doi(want) == _norm_doi(have))
                if name == "doi"
                else (want.upper() == have.upper())
            )
            if want and have and same:
                tally.ids_right[name] += 1
            elif want or have:
                tally.misses.append(
                    f"{path.name}: citation {i + 1}: {name} {have!r}, expected {want!r}"
                )
        for name in FIELDS:
            want = getattr(exp, name)
            if not want:
                continue
            have = g[name]
            ok = _norm(want) == _norm(have)
            if name == "first_page" and not ok:
                ok = _norm(want) == _norm(g["pages"])  # an article number such as e02392-16
            if ok:
                tally.fields_right[name] += 1
            else:
                tally.misses.append(
                    f"{path.name}: citation {i + 1}: {name} {have!r}, expected {want!r}"
                )
    for j, g in enumerate(got):
        for name in IDS:
            if g[name]:
                tally.ids_given[name] += 1
        if j not in pairs.values() and any(g[name] for name in IDS):
            tally.misses.append(
                f"{path.name}: reference {j + 1} carries an identifier but matches no citation"
            )
    for p in result.problems:
        if is_heading_or_leadin(p.text):
            tally.misses.append(f"{path.name}:{p.line}: heading/lead-in reported: {p.kind}")
    return tally


def _count_expected(tally: Tally, exp: Expected) -> None:
    for name in IDS:
        if getattr(exp, name):
            tally.ids_expected[name] += 1
    for name in FIELDS:
        if getattr(exp, name):
            tally.fields_expected[name] += 1


def score(paths: Iterable[Path]) -> Tally:
    """Score many lists into one tally."""
    total = Tally()
    for path in paths:
        total.add(score_list(path))
    return total


#: The thresholds of issue 12 (percent; counts for refusals and heading problems).
THRESHOLDS: dict[str, float] = {
    "citation_recall": 98.0,
    "pmid_recall": 100.0,
    "pmid_precision": 100.0,
    "pmcid_right": 100.0,
    "doi_right": 100.0,
    "first_author": 95.0,
    "year": 95.0,
    "journal": 95.0,
    "volume": 95.0,
    "first_page": 95.0,
}


def shortfalls(metrics: dict[str, float | int]) -> list[str]:
    """The metrics below their threshold (and any refusal or heading problem)."""
    out = [f"{k} {metrics[k]} < {v}" for k, v in THRESHOLDS.items() if metrics[k] < v]
    out += [f"{k} {metrics[k]} > 0" for k in ("refusals", "heading_problems") if metrics[k]]
    return out


#: Other layouts of the same citations, as copies out of PDFs, e-mail and word processors
#: give them: every line hard-wrapped at 72 characters; the blank lines between citations
#: gone; a blank line after every line (double-spaced copies).
LAYOUTS = ("wrapped", "no-blank-lines", "blank-after-every-line")


def relayout(text: str, layout: str) -> str:
    """``text`` in one of :data:`LAYOUTS`."""
    import textwrap

    lines = text.split("\n")
    if layout == "wrapped":
        return "\n".join(
            wrapped
            for line in lines
            for wrapped in (
                textwrap.wrap(line, 72, break_long_words=False, break_on_hyphens=False) or [""]
            )
        )
    if layout == "no-blank-lines":
        return "\n".join(line for line in lines if line.strip())
    return "\n\n".join(lines)


def layouts(split: str = "tuning") -> dict[str, Tally]:
    """Score the plain-text lists (``.txt``, ``.md``) of ``split`` as given and in every
    layout of :data:`LAYOUTS`: segmentation should not depend on how a list was copied."""
    import tempfile

    paths = [p for p in lists(split) if p.suffix in (".txt", ".md")]
    out = {"as given": score(paths)}
    with tempfile.TemporaryDirectory() as tmp:
        for layout in LAYOUTS:
            total = Tally()
            for path in paths:
                copy = Path(tmp) / path.name
                copy.write_text(relayout(path.read_text(encoding="utf-8"), layout), "utf-8")
                total.add(score_list(copy, DATA / "expected" / (path.stem + ".txt")))
            out[layout] = total
    return out


def main() -> int:
    """Print the metrics of both splits and every miss of the tuning split; with
    ``--fresh`` or ``--fresh2`` (a ``fresh...`` tag of ``SPLIT``), of those lists alone; with
    ``--layouts``, the tuning split's plain-text lists in every layout of :data:`LAYOUTS`."""
    import sys

    show = "-v" in sys.argv
    if "--layouts" in sys.argv:
        for name, tally in layouts("tuning").items():
            print(f"{name}: {tally.metrics()}")
            if show and name != "as given":
                print("\n".join(tally.misses))
        return 0
    tags = [a[2:] for a in sys.argv[1:] if a.startswith("--fresh")]
    splits = tuple(tags) or ("tuning", "held-out")
    for split in splits:
        tally = score(lists(split))
        print(f"{split}: {tally.metrics()}")
        if show and split != "held-out":
            print("\n".join(tally.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
