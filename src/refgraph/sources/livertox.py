"""LiverTox monograph text (as extracted from the PDF) -> references with annotations.

A LiverTox bibliography is a run of citations, each ending in ``PubMed PMID: N.`` and
followed by a parenthesised annotation::

    Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. PubMed PMID:
    28819740.

    (Review of the history of development, mechanism of action, ...).

**Where the references start.** Prose sections come first and are never citations:

1. If a references heading appears on a line of its own (``REFERENCES``, ``References``,
   ``ANNOTATED BIBLIOGRAPHY``, ``Bibliography``, ``References updated: <date>``), the
   references start after the first one.
2. Otherwise the last prose heading before the first PMID decides (``Introduction``,
   ``Background``, ``Hepatotoxicity``, ``Likelihood score:``, ``Mechanism of Liver Injury``,
   ``Outcome and Management``, ``Abbreviations:``, ``Drug Class:``, ``CASE REPORT`` ...).
   An inline heading (``Abbreviations: ...``) is one paragraph that ends with the first line
   ending in a full stop. A heading on its own line starts prose that runs on until a line
   that ends a sentence is followed by a line that cannot continue it: one starting in
   lower case (``factors for this ...``), with ``(`` or like a citation (``Surname AB,``),
   or the first PMID.
3. With no heading at all (a bare list), the references start on line 1.

**Inside the references**, blank lines, running headers and footers (a line with
``Page N of M``, a bare date, an NCBI Bookshelf print header or URL) and repeated
headings are skipped wherever they fall, even inside a citation or between a citation
and its annotation. ``PubMed PMID:`` may be split from its number across lines.
A ``(`` that opens a parenthesis not closed before the end of its line (or closed at the
very end) starts an annotation; it belongs to the citation just read, if that citation
has none yet. Anything that cannot be attached becomes a :class:`~refgraph.model.Diagnostic`
(never merged into a neighbour, never dropped):

- ``orphan_annotation``: an annotation with no citation waiting for one;
- ``fragment``: stray text that does not read as a citation;
- ``no_pmid``: a citation without a PMID (it is still a reference);
- ``unparsed``: text that looks like a citation but cannot be read (kept as a reference
  with just its PMID when it has one).

Each line is looked at a bounded number of times and every pattern is linear, so a 5 MB
single line is read in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, Origin, ParseResult, Reference
from refgraph.sources._citation import (
    looks_like_citation,
    parse_citation,
    split_identifiers,
    starts_like_citation,
)

__all__ = [
    "EXTENSIONS",
    "NAME",
    "is_page_artifact",
    "parse",
    "parse_annotated",
    "reference_start",
    "sniff",
]

NAME = "livertox"
EXTENSIONS = (".txt",)

#: Where a citation ends: the PMID (PDF form or Bookshelf form with trailing links).
END_RE = re.compile(
    r"(?:PubMed\s+)?PMID\s*:?\s*\d{1,10}\s*\.?"
    r"|\[\s*PubMed\s*:\s*\d{1,10}\s*\](?:\s*\[[^\]\n]{0,40}\])*\.?",
)
_PENDING_RE = re.compile(r"(?:PMID\s*:?|\[\s*PubMed\s*:?)\s*$")
_PENDING_NUMBER_RE = re.compile(r"\d{1,10}\s*\]?(?:\s*\[[^\]\n]{0,40}\])*\.?")
_NONSPACE_RE = re.compile(r"\S")
_PARENS_RE = re.compile(r"[()]")

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_PAGE_OF_RE = re.compile(r"Page\s+\d{1,4}\s+of\s+\d{1,4}\b", re.I)
_SHORT_ARTIFACT_RE = re.compile(
    r"(?:\d{1,2}\s+)?" + _MONTHS + r"\s+(?:\d{1,2},?\s+)?\d{4}$"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?\b"
    r"|\d{4}-\d{2}-\d{2}$"
    r"|https?://\S*ncbi\.nlm\.nih\.gov\S*(?:\s+\d+/\d+)?$"
    r"|LiverTox$",
    re.I,
)
_BARE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_REF_HEADING_RE = re.compile(
    r"^(?:REFERENCES|References|ANNOTATED BIBLIOGRAPHY|Annotated Bibliography|Bibliography"
    r"|BIBLIOGRAPHY|Key References|KEY REFERENCES)$|^References updated\s*:"
)
_PROSE_NAMES = (
    "OVERVIEW|Introduction|Background|Hepatotoxicity|Likelihood score|Likehood score"
    "|Mechanism of Liver Injury|Mechanism of Injury|Outcome and Management|Abbreviations"
    "|Drug Class|DRUG CLASS|Other Drugs in the Subclass|CASE REPORT|CASE REPORTS"
    "|PRODUCT INFORMATION|CHEMICAL FORMULA AND STRUCTURE|Clinical Use"
)
_PROSE_HEADING_RE = re.compile(rf"^(?:{_PROSE_NAMES})(?:\s*$|\s*:|\s+Case\b)")
_INLINE_HEADING_RE = re.compile(rf"^(?:{_PROSE_NAMES})\s*:\s*\S")
_END_MARKER_RE = re.compile(r"^(?:Copyright|Bookshelf ID:|Cite this Page|Disclaimer)\b")


def sniff(text: str) -> bool:
    """LiverTox PDF text: ``PubMed PMID:`` citations, not a numbered list."""
    if "PubMed PMID" not in text:
        return False
    first = text.lstrip()[:8]
    return re.match(r"(?:\[?\d{1,4}[.)\]])\s", first) is None


def parse(text: str, source: str) -> ParseResult:
    """Parse LiverTox monograph text; see the module docstring for the rules."""
    return parse_annotated(text, source, NAME)


def _clean(raw: str) -> str:
    return raw.replace("\f", " ").replace("\r", "").strip()


def is_page_artifact(line: str) -> bool:
    """Is ``line`` a running header/footer (``Page N of M``, a bare date, a print header)?"""
    n = len(line)
    if n > 200:
        return False
    if n <= 3 and line.isdigit():
        return True
    if ("age" in line or "AGE" in line) and _PAGE_OF_RE.search(line) is not None:
        return True
    if "NCBI Bookshelf" in line:
        return True
    return n <= 120 and _SHORT_ARTIFACT_RE.match(line) is not None


def _ends_sentence(line: str) -> bool:
    return line.endswith((".", ".)", '."', ".”", "?", "!"))


def reference_start(lines: list[str]) -> int:
    """Return the 0-based index of the first line of the references (module docstring)."""
    first_pmid = len(lines)
    for i, raw in enumerate(lines):
        if ("PMID" in raw or "PubMed" in raw) and (END_RE.search(raw) or _PENDING_RE.search(raw)):
            first_pmid = i
            break
    last_heading = -1
    for i in range(first_pmid):
        line = _clean(lines[i])
        if _REF_HEADING_RE.match(line):
            return i + 1
        if _PROSE_HEADING_RE.match(line):
            last_heading = i
    if last_heading < 0:
        return 0
    heading = _clean(lines[last_heading])
    if _INLINE_HEADING_RE.match(heading):
        for i in range(last_heading, first_pmid):
            if _ends_sentence(_clean(lines[i])):
                return i + 1
        return first_pmid
    prev_ended, last_end = True, last_heading
    for i in range(last_heading + 1, first_pmid):
        line = _clean(lines[i])
        if not line or is_page_artifact(line):
            continue
        if prev_ended and (line[0].islower() or line[0] == "(" or starts_like_citation(line)):
            return i
        prev_ended = _ends_sentence(line)
        if prev_ended:
            last_end = i
    return last_end + 1 if first_pmid < len(lines) else first_pmid


def _join(parts: list[str]) -> str:
    """Join wrapped lines with single spaces; ``anti-`` + ``CD22`` stays ``anti-CD22``."""
    out: list[str] = []
    for part in parts:
        if out and len(out[-1]) > 1 and out[-1][-1] == "-" and out[-1][-2].isalpha():
            out[-1] = out[-1] + part
        else:
            out.append(part)
    return " ".join(out)


def _annotation_text(raw: str) -> str:
    text = raw.strip()
    if text.endswith("."):
        text = text[:-1].rstrip()
    if text.startswith("("):
        text = text[1:-1] if text.endswith(")") else text[1:]
    return " ".join(text.split())


@dataclass
class _Reader:
    """The state of one pass over the reference lines."""

    source: str
    refs: list[dict[str, object]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    citation: list[str] = field(default_factory=list)
    citation_line: int = 0
    pmid_pending: bool = False
    annotation: list[str] | None = None
    annotation_line: int = 0
    depth: int = 0
    waiting: int | None = None  # index in refs of the citation awaiting its annotation

    def finish_citation(self) -> None:
        if not self.citation:
            return
        text = _join(self.citation)
        line = self.citation_line
        self.citation, self.pmid_pending = [], False
        self.waiting = None
        found = parse_citation(text)
        origin = (Origin(self.source, line),)
        if found is None:
            _, ids = split_identifiers(text)
            if ids["pmid"] or looks_like_citation(text):
                self.problems.append(Diagnostic(self.source, line, "unparsed", text))
                if ids["pmid"]:
                    self.refs.append(
                        {"pmid": ids["pmid"], "doi": ids["doi"], "pmcid": ids["pmcid"],
                         "origins": origin}
                    )  # fmt: skip
                    self.waiting = len(self.refs) - 1
            else:
                self.problems.append(Diagnostic(self.source, line, "fragment", text))
            return
        extra = (("epub", found.epub),) if found.epub else ()
        self.refs.append(
            {"pmid": found.pmid, "authors": found.authors, "et_al": found.et_al,
             "title": found.title, "journal": found.journal, "year": found.year,
             "month": found.month, "volume": found.volume, "issue": found.issue,
             "pages": found.pages, "doi": found.doi, "pmcid": found.pmcid, "extra": extra,
             "origins": origin}
        )  # fmt: skip
        if not found.pmid:
            self.problems.append(Diagnostic(self.source, line, "no_pmid", text))
        self.waiting = len(self.refs) - 1

    def finish_annotation(self) -> None:
        assert self.annotation is not None
        raw = _join(self.annotation)
        self.annotation, self.depth = None, 0
        if self.waiting is not None:
            self.refs[self.waiting]["annotation"] = _annotation_text(raw)
            self.waiting = None
        else:
            self.problems.append(
                Diagnostic(self.source, self.annotation_line, "orphan_annotation", raw)
            )

    def close_paren(self, line: str, pos: int) -> int:
        """Scan for the annotation's closing parenthesis; return the index after it or -1."""
        for m in _PARENS_RE.finditer(line, pos):
            self.depth += 1 if m.group() == "(" else -1
            if self.depth <= 0:
                end = m.end()
                if line.startswith(".", end):
                    end += 1
                return end
        return -1

    def feed(self, line: str, lineno: int) -> None:
        """Read one cleaned, non-blank line."""
        pos, n = 0, len(line)
        has_pmid = "PMID" in line or "PubMed" in line
        while pos < n:
            m = _NONSPACE_RE.search(line, pos)
            if m is None:
                return
            pos = m.start()
            if self.annotation is not None:
                if (
                    self.annotation
                    and _ends_sentence(self.annotation[-1])
                    and starts_like_citation(line[pos : pos + 200])
                ):
                    self.finish_annotation()  # an unclosed annotation: don't swallow citations
                    continue
                end = self.close_paren(line, pos)
                if end < 0:
                    self.annotation.append(line[pos:])
                    return
                self.annotation.append(line[pos:end])
                self.finish_annotation()
                pos = end
                continue
            if self.pmid_pending:
                num = _PENDING_NUMBER_RE.match(line, pos)
                if num:
                    self.citation.append(num.group())
                    self.finish_citation()
                    pos = num.end()
                    continue
                self.pmid_pending = False
            if line[pos] == "(" and self._opens_annotation(line, pos):
                self.finish_citation()
                self.annotation, self.annotation_line, self.depth = [], lineno, 0
                continue
            if (
                self.citation
                and not self.citation[-1].endswith(",")
                and starts_like_citation(line[pos : pos + 200])
            ):
                self.finish_citation()
            if not self.citation:
                self.citation_line = lineno
            end = END_RE.search(line, pos) if has_pmid else None
            if end is not None:
                self.citation.append(line[pos : end.end()])
                self.finish_citation()
                pos = end.end()
                continue
            self.citation.append(line[pos:])
            if has_pmid and _PENDING_RE.search(line, max(pos, n - 20)):
                self.pmid_pending = True
            return

    def _opens_annotation(self, line: str, pos: int) -> bool:
        depth = 0
        for m in _PARENS_RE.finditer(line, pos):
            depth += 1 if m.group() == "(" else -1
            if depth == 0:
                rest = line[m.end() : m.end() + 3].strip()
                return rest in ("", ".") or rest.startswith((". ", ".("))
        return True

    def close(self) -> None:
        if self.annotation is not None:
            self.finish_annotation()
        self.finish_citation()


def parse_annotated(
    text: str,
    source: str,
    fmt: str,
    *,
    start: Callable[[list[str]], int] = reference_start,
) -> ParseResult:
    """Read annotated citations (LiverTox PDF and Bookshelf text share this reader)."""
    lines = text.split("\n")
    reader = _Reader(source)
    for index in range(start(lines), len(lines)):
        line = lines[index].strip()
        if not line:
            continue
        if "\f" in line:
            line = _clean(line)
            if not line:
                continue
        if len(line) < 120:
            if is_page_artifact(line) and not (reader.pmid_pending and line.isdigit()):
                continue
            if _REF_HEADING_RE.match(line):
                continue
            if _END_MARKER_RE.match(line):
                break
        # Fast paths for the common continuation lines (same outcome as feed()).
        if "(" not in line and ")" not in line and "PMID" not in line and "PubMed" not in line:
            if reader.annotation:
                if not _ends_sentence(reader.annotation[-1]) or line[0].islower():
                    reader.annotation.append(line)
                    continue
            elif (
                reader.citation
                and not reader.pmid_pending
                and (reader.citation[-1][-1] == "," or not starts_like_citation(line))
            ):
                reader.citation.append(line)
                continue
        reader.feed(line, index + 1)
    reader.close()
    refs = [Reference(key="", **fields) for fields in reader.refs]  # type: ignore[arg-type]
    return ParseResult(tuple(assign_keys(refs)), tuple(reader.problems), fmt)
