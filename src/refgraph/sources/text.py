"""Any reference list people paste in -> references (the general reader).

README and documentation reference sections, PMC pages saved as Markdown or text, HTML
lists, numbered (``1.`` ``1)`` ``[1]`` ``(1)`` ``1\\.``, any spacing), bulleted, blank-line
separated, wrapped or one-per-line citations, in any of the styles of
:mod:`refgraph.sources._fields`. Nothing here refuses a text: what cannot be read is a
problem with its line.

**Lines.** Markup is taken off each line first (:mod:`refgraph.sources._markup`); headings,
rules and bare link labels (``* [FastQC](https://...)``) separate citations and are never
citations or problems; neither is a lead-in sentence (``please cite the following paper:``).

**Where a citation starts.** At a list marker, a definition line (``[^1]:``, ``[Ito 1997]:``),
after a blank line, or after a line that ends a citation (its identifier tail: ``PMID: N``,
``PubMed PMID: N; PMCID: PMCn``, ``[PubMed]``, ``Free PMC article.``) - so a citation
without an identifier followed by one with an identifier stays two citations. In text
without markers, a line that starts like a citation (``Surname AB,`` / ``Surname, A.``)
after a complete citation (a year and a closing full stop, bracket or DOI) starts the next.
Citations run together on one line are split after an identifier tail, and the citations of
a LiverTox case header (``[Modified from: A. PubMed Citation; B. PubMed Citation]``) each
become a reference.

**Problems.** ``no_pmid`` for a citation without a PMID (still a reference); ``fragment``
for text that reads as no citation.
"""

from __future__ import annotations

import re

from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, Origin, ParseResult, Reading, Reference
from refgraph.sources._accents import joined_accents
from refgraph.sources._breaks import furniture, goes_on, numbers_on_own_lines, unfinished
from refgraph.sources._fields import Fields, read_fields
from refgraph.sources._general import without_access_dates
from refgraph.sources._identifiers import extra_pmids
from refgraph.sources._joined import (
    CITATION_START_RE,
    ID_HINT_RE,
    SAME_AUTHORS_RE,
    YEAR_RE,
    Joined,
)
from refgraph.sources._latex import plain_latex
from refgraph.sources._markup import (
    CONTINUATION_RE,
    clean_line,
    double_spaced,
    result_numbers,
    split_html_items,
    table_rows,
)
from refgraph.sources._nameorder import one_name_order
from refgraph.sources._orders import identifier_only, starts_a_pubmed_source, summary_order
from refgraph.sources._trailing import Trailing, trailing
from refgraph.sources._webcopy import repaired_dashes

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "text"
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".rst")

_ID_TAIL_RE = re.compile(
    r"(?:PMID\s*:?\s*\d{1,9}|PMC\d{1,10}|\bPubMed Citation|\[PubMed\]|Free PMC article"
    r"|No abstract available|Review|\[\s*PUBMED\s*:\s*\d+\s*\]|\bPubMed)[\s.;\]]*$",
    re.I,
)
#: (a citation may end in its web address: "URL: http://jmlr.org/papers/v25/23-0446.html")
_COMPLETE_END_RE = re.compile(r"(?:[.)\]]|[.?!][”\"’]|\d|10\.\d{4,9}/\S+|https?://\S+)$")
_RUN_SPLIT_RE = re.compile(
    r"(?:PMID\s*:?\s*\d{1,9}(?:\s*;\s*(?:PubMed Central )?PMCID\s*:?\s*PMC\d+)?|PubMed Citation)"
    r"\s*[.;]?\s+(?=[A-Z][\w'’\-]+(?: [A-Za-z][\w'’\-]+){0,2} [A-Z]{1,4}(?: Jr)?[,.])"
)
_MODIFIED_FROM_RE = re.compile(r"\[(?:Modified from|Adapted from|From)\s*:\s*(.+?)\]", re.I)
_ENDS = (".", "?", "!", ")", "]")
_URL_RE = re.compile(r"https?://[^\s)\]]+")
_WORD_RE = re.compile(r"[^\W\d_]{2}")  # a title has words ("Eduardo Poma: 33.33%" has none)
#: a new-style arXiv identifier (since April 2007): YYMM.NNNN(N), the year and month it came
_ARXIV_RE = re.compile(r"\barXiv:\s?((0[7-9]|[1-9]\d)(?:0[1-9]|1[0-2])\.\d{4,5})(?:v\d+)?\b", re.I)
_ACCESSED_RE = re.compile(
    r"\b(?:accessed|retrieved|viewed|cited)(?: on| from)?:?\s+(?:\d{1,4}\b"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.I,
)
_LEADIN_RE = re.compile(r"\b(?:please cite|if you use|cite (?:as|this)|reference this)\b", re.I)


def sniff(text: str) -> bool:
    """The general reader takes whatever no other format claims: it never sniffs first."""
    return False


class _Entry:
    """One citation's lines as they arrive (lines are only ever appended)."""

    __slots__ = ("_joined", "line", "marker", "parts")

    def __init__(self, line: int, marker: str, text: str) -> None:
        self.line, self.marker, self.parts = line, marker, [text] if text else []
        self._joined: Joined | None = None

    def joined(self) -> Joined:
        """The lines joined so far, kept: each new line costs its own length, not the
        entry's (a hostile file of one endless entry is read in linear time)."""
        parts, joined = self.parts, self._joined
        if joined is None or joined.count < 2:  # the first line's end depends on the second
            joined = self._joined = Joined(parts)
        else:
            for part in parts[joined.count :]:
                joined.add(part)
        return joined

    def text(self) -> str:
        return self.joined().citation()


def _complete(entry: _Entry) -> bool:
    """Does the entry read as a whole citation so far (long enough, a year or an identifier,
    ending as citations end)?"""
    joined = entry.joined()
    if joined.size <= 40 or (joined.size <= 120 and len(entry.text()) <= 40):
        return False  # (the repair of "anti- CD22" takes at most one character in three)
    if _COMPLETE_END_RE.search(joined.tail) is None:
        return False
    return joined.dated()


_HEADING_WORDS_RE = re.compile(
    r"^(?:(?:key |selected |further |cited )?references?(?: cited| and notes)?|bibliography"
    r"|literature(?: cited)?|works cited|citations?|cite|how to cite|referências|referencias"
    r"|referanser|literatur|sources?|notes|further reading|annotated bibliography|similar articles"
    r"|cited by|see all .{0,30}|show all \d+ references|comment in|publication types|mesh terms"
    r"|related information|associated data)\s*:?$",
    re.I,
)


#: The heading a reference list starts under: what comes before it is the work's own text.
_REFS_HEADING_RE = re.compile(
    r"(?:references?(?: cited)?|bibliography|literature cited|works cited)\s*:?$", re.I
)


def _is_heading_text(text: str) -> bool:
    """A line that names a section (``References``, ``Similar articles``, ``CASE REPORT``)."""
    if len(text) > 60:
        return False
    return _HEADING_WORDS_RE.match(text) is not None or (
        text.isupper() and len(text.split()) <= 5 and not re.search(r"\d", text)
    )


def _is_label(text: str) -> bool:
    """A short Title Case line on its own, with no number and no sentence in it
    (``Literature Search``, ``PubMed Central``): a heading or a link's label, not a citation."""
    words = text.split()
    return (len(words) <= 6 and len(text) <= 60 and not any(c.isdigit() for c in text)
            and not text.endswith((".", ":")) and "," not in text
            and all(w[:1].isupper() or w in _SMALL_WORDS for w in words))  # fmt: skip


_SMALL_WORDS = frozenset(("of", "and", "for", "the", "in", "on", "to", "a", "an", "with", "&"))


def _is_leadin(text: str) -> bool:
    """``please cite the following paper:``; not a citation's first line that ends in the
    colon of its title (``Hansen NF, Mei L. Shimmer:`` / ``detection of ...``)."""
    if CITATION_START_RE.match(text) is not None:
        return False
    return (text.endswith(":") and len(text) < 250) or (
        _LEADIN_RE.search(text) is not None and YEAR_RE.search(text) is None
    )


def _entries(text: str) -> tuple[list[_Entry], int]:
    """The entries, and the line of the first references heading (0: none)."""
    entries: list[_Entry] = []
    heading = 0
    current: _Entry | None = None
    expected = 0  # the next list number

    def close() -> None:
        nonlocal current
        if current is not None and current.parts:
            entries.append(current)
        current = None

    broken: _Entry | None = None  # a numbered item a blank line cut mid-sentence
    lines, rules = table_rows(numbers_on_own_lines(split_html_items(text).split("\n")))
    spaced, numbers = double_spaced(lines), result_numbers(lines)
    pages = furniture(lines)  # a PDF page's footer, head and margin: a blank line here
    for index, raw in enumerate(lines):
        if index in numbers or index in rules:  # (a table's rule is no line of the list)
            if index in numbers:
                close()
            continue
        for piece in raw.split("\x01"):
            line = clean_line(piece) if index not in pages else clean_line("")
            if not heading and line.text[:1] in "RrBbLlWw" and _REFS_HEADING_RE.match(line.text):
                heading = index + 1
            if line.kind == "blank":
                if (line.marker.isdigit() and int(line.marker) > 1 and not expected
                        and current is not None and current.parts and not current.marker
                        and not _complete(current)):  # fmt: skip
                    # "... Epub 2015 Jun" / "26.": a wrapped date, not item 26 of a list
                    # (no numbered list is going, and lists start at 1)
                    current.parts.append(f"{line.marker}.")
                    continue
                if spaced:
                    continue  # every line has one after it: blank lines separate nothing
                if current is not None and current.parts:
                    if _cut_mid_sentence(current):
                        broken = current
                    close()
                continue
            if line.kind != "text":
                close()
                broken = None
                continue
            if broken is not None:
                if (current is None and not line.marker and entries and entries[-1] is broken
                        and goes_on(broken.parts, line.text)):  # fmt: skip
                    current = entries.pop()  # the item goes on after the blank line
                    current.parts.append(line.text)
                    broken = None
                    continue
                broken = None
            if line.marker:
                if (line.marker == "*" and current is not None and current.marker == "*"
                        and current.parts and not current.parts[-1].endswith(_ENDS)
                        and (line.text[:1].islower() or line.text[:1] == "(")
                        and not _complete(current)
                        and not line.text.startswith("http")):  # fmt: skip
                    current.parts.append(line.text)  # a citation broken over two bullets
                    continue
                if (line.marker.isdigit() and expected and int(line.marker) != expected
                        and current is not None and current.parts
                        and not CITATION_START_RE.match(line.text)):  # fmt: skip
                    current.parts.append(f"{line.marker}. {line.text}")  # a wrapped "3. ..."
                    continue
                close()
                if line.marker.isdigit():
                    expected = int(line.marker) + 1
                current = _Entry(index + 1, line.marker, line.text)
                continue
            if current is None or not current.parts:
                if _is_heading_text(line.text) or _is_leadin(line.text):
                    close()
                    continue
                if current is None:
                    current = _Entry(index + 1, "", line.text)
                else:
                    current.parts.append(line.text)
                continue
            ended = _ID_TAIL_RE.search(current.parts[-1]) is not None and not (
                len(current.parts) == 1 and identifier_only(current.parts[0])
                and starts_a_pubmed_source(line.text))  # a PubMed link line, then its record
            starts = CITATION_START_RE.match(line.text) is not None
            if current.marker.isdigit():  # a numbered item runs to the next number
                ended = ended and starts
            whole_line = not current.marker.isdigit() and _whole_line(current, line.text)
            if ((ended and not CONTINUATION_RE.match(line.text))
                    or (_complete(current) and starts) or whole_line):  # fmt: skip
                close()
                if _is_heading_text(line.text) or _is_leadin(line.text):
                    continue
                current = _Entry(index + 1, "", line.text)
            else:
                current.parts.append(line.text)
    close()
    return entries, heading


#: A line at least this long was not wrapped by hand or by a PDF's column width.
_LONG_LINE = 130
_LINE_END_RE = re.compile(r"(?:[.)\]]|\d|https?://\S+|10\.\d{4,9}/\S+)$")


def _whole_line(entry: _Entry, nxt: str) -> bool:
    """One citation a line, with no blank line between them (``Title. Authors. Jama 1992:
    268(2); 240-8.`` / ``Fletcher, R. (2020). ... https://...``): a long line that names a
    year or an identifier and ends as citations end was not wrapped, so a line that opens
    with a capital after it starts the next citation (not its identifier or link lines)."""
    last = entry.parts[-1]
    if len(last) < _LONG_LINE or not nxt[:1].isupper() or CONTINUATION_RE.match(nxt):
        return False  # "[DOI] [PubMed]", "PMID: ...", "Available from: ..." go on with it
    if _LINE_END_RE.search(last) is None:
        return False
    return YEAR_RE.search(last) is not None or ID_HINT_RE.search(last) is not None


def _cut_mid_sentence(entry: _Entry) -> bool:
    """May a blank line have cut this numbered item (``... R Foundation for Statistical`` /
    blank line / ``Computing. Vienna, Austria; 2022.``)? Word and PDF copies break long list
    items with blank lines. The item is not whole yet (no year or identifier, not ending as
    citations end, or only its authors and year); whether the next line goes on with it is
    :func:`refgraph.sources._breaks.goes_on`."""
    return entry.marker.isdigit() and (not _complete(entry) or unfinished(entry.text()))


def _citations(entry: _Entry) -> list[str]:
    """The citation strings of one entry (usually one; several when run together)."""
    text = summary_order(entry.parts, entry.text())
    found = _MODIFIED_FROM_RE.search(text)
    if found:
        text = found.group(1)
        return [p.strip() for p in re.split(r"PubMed Citation\s*;?", text) if p.strip()] or [text]
    cuts = [m.end() for m in _RUN_SPLIT_RE.finditer(text)]
    if not cuts:
        return [text]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _names_a_work(fields: Fields, listed: bool, cited: str) -> bool:
    """A year or an identifier; in a list item, authors or a web address will do."""
    if fields.year or fields.doi or fields.pmid or fields.pmcid:
        return True
    return listed and bool((fields.authors and _WORD_RE.search(fields.title)) or "http" in cited)


def parse(text: str, source: str) -> ParseResult:
    """Read every citation in ``text``; see the module docstring."""
    refs: list[Reference] = []
    cites: list[str] = []
    problems: list[Diagnostic] = []
    entries, heading = _entries(repaired_dashes(joined_accents(plain_latex(text))))
    for entry in entries:
        for cited in _citations(entry):
            fields = read_fields(cited)
            if (fields is not None and entry.line < heading and fields.rule == "ids"
                    and not (fields.title or fields.authors)):  # fmt: skip
                continue  # a link before the references ("Supplementary data ... doi.org/...")
            # a list item, or a web page cited with the date it was read ("[Accessed ...]")
            web = "http" in cited and _ACCESSED_RE.search(cited) is not None
            listed = bool(entry.marker) or web
            if fields is None and listed and "http" in cited:  # a list item that is a web page
                title = _URL_RE.sub("", without_access_dates(cited)).strip(" .,;:()[]")
                fields = Fields(title=title, rule="ids",
                                confidence=0.0)  # fmt: skip
            arxiv = _ARXIV_RE.search(cited) if fields is not None else None
            if fields is not None and arxiv is not None and not fields.year:
                fields.year = "20" + arxiv.group(2)  # an arXiv identifier names its year
            if fields is None or not _names_a_work(fields, listed, cited):
                if _is_leadin(cited) or _is_heading_text(cited) or _is_label(cited):
                    continue
                problems.append(
                    Diagnostic(source, entry.line, "unparsed" if listed else "fragment", cited)
                )
                continue
            if not fields.authors and refs and SAME_AUTHORS_RE.match(cited):
                fields.authors, fields.et_al = refs[-1].authors, refs[-1].et_al
            extra = (("epub", fields.epub),) if fields.epub else ()
            url = _URL_RE.search(cited) if not fields.journal else None
            if url:
                extra = (*extra, ("url", url.group().rstrip(".,;")))
            if arxiv is not None and not fields.pmid:
                extra = (*extra, ("eprint", arxiv.group(1)), ("archiveprefix", "arXiv"))
            after = trailing(cited) if fields.pmid or fields.pmcid or fields.doi else Trailing()
            if after.run_on:  # another citation run on after the identifiers
                problems.append(Diagnostic(source, entry.line, "fragment", after.run_on))
            if others := extra_pmids(cited, fields.pmid):  # reported, never dropped
                problems.append(Diagnostic(source, entry.line, "extra_pmid", others))
            refs.append(
                Reference(
                    key="", pmid=fields.pmid, entry_type="article" if fields.journal else "misc",
                    authors=fields.authors, et_al=fields.et_al, title=fields.title,
                    journal=fields.journal, year=fields.year, month=fields.month,
                    volume=fields.volume, issue=fields.issue, pages=fields.pages,
                    doi=fields.doi, pmcid=fields.pmcid, extra=extra,
                    annotation=after.annotation, publication_types=after.publication_types,
                    origins=(Origin(source, entry.line),),
                    reading=Reading(fields.rule, fields.confidence, fields.doubt),
                )
            )  # fmt: skip
            cites.append(cited)
            if fields.rule == "ids" or not (fields.authors or fields.journal or fields.title):
                problems.append(Diagnostic(source, entry.line, "unparsed", cited))
            elif not fields.pmid:
                problems.append(Diagnostic(source, entry.line, "no_pmid", cited))
    problems.sort(key=lambda d: d.line)
    refs = one_name_order(refs, cites)
    return ParseResult(tuple(assign_keys(refs)), tuple(problems), NAME)
