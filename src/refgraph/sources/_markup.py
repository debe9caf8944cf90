"""Markup out of a reference-list line: HTML, Markdown, list markers, links (pure).

A line of a README, a PMC page saved as Markdown or an HTML help page becomes plain citation
text before any field is read:

- HTML tags go (``<li>`` and ``<br>`` end a line first, see :func:`split_html_items`) and
  entities are decoded (``&amp;`` -> ``&``);
- Markdown: headings (``## References``), block quotes (``>``), emphasis (``**``, ``*``),
  backslash escapes (``1\\.``, ``\\[PubMed\\]``), footnote and reference definitions
  (``[^1]: ...``, ``[Ito 1997]: http://... "Ito T, ..."``), links ``[text](url)``;
- links that carry an identifier keep it as text refgraph reads (``[PubMed](https://pubmed.
  ncbi.nlm.nih.gov/21849212/)`` -> ``PMID: 21849212``; a PMC article link -> ``PMCID: PMCn``;
  a doi.org link -> ``doi: 10.x/y``, URL-decoded); Google Scholar look-up links (which repeat
  the citation's own fields) go.

:func:`clean_line` returns the text and what the line is: a heading, a rule, a bare link
label (``* [FastQC](https://...)``), or text with the list marker it started with.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import unquote

from refgraph.ids import pmcid_in_url, pmid_in_url
from refgraph.sources._joined import doi_goes_on
from refgraph.sources._webcopy import link_underscores, without_backlinks

__all__ = [
    "CONTINUATION_RE",
    "Line",
    "clean_line",
    "double_spaced",
    "result_numbers",
    "split_html_items",
    "table_rows",
]

# (regular expressions, one a line: a table, not logic)
_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]{0,30}(?:\s[^<>\n]{0,300})?/?>")
_ITEM_BREAK_RE = re.compile(r"(?i)<(?:li|/li|br|/p|p|/div|div|/h\d|h\d|tr|/tr)\b[^<>]{0,300}>")
_HEADING_TAG_RE = re.compile(r"(?i)<h\d\b[^<>]{0,200}>(.{0,200}?)</h\d>")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_SCHOLAR_RE = re.compile(r"\\?\[?\\?\[Google Scholar\\?\](?:\([^\s]*|\[\d+\])\\?\]?")
_LINK_RE = re.compile(
    r"\[([^\[\]\n]{0,600})\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)
_LINK_BRACKETS_RE = re.compile(
    r"\[\s*(?:(?:DOI|PubMed|PMC free article|CrossRef|PMC)\s+)?((?:doi|PMID|PMCID): [^\s\]]+)?\s*\]"
)
_AUTOLINK_RE = re.compile(r"<(https?://[^\s<>]+)>")
_DOI_URL_RE = re.compile(r"(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)", re.I)
_REFDEF_RE = re.compile(r"^\[([^\]\n]{1,120})\]:\s*(\S+)?\s*(?:\"(.*)\"|'(.*)'|\((.*)\))?\s*$")
_FOOTNOTE_RE = re.compile(r"^\[\^[^\]\s]{1,20}\]:\s*")
#: reStructuredText citations and footnotes: ``.. [Smith-2013]``, ``.. [1]``, ``.. [#]``.
_RST_CITATION_RE = re.compile(r"^\.\.\s+\[[^\]\s]{1,80}\](?:\s+|$)")
_HEADING_RE = re.compile(r"^#{1,6}(?:\s+|$)")
# a rule, or the buttons between results in a copy of PubMed's results page ("1" / "Cite" /
# "Share" / "Item in Clipboard"): each separates citations and is none
_RULE_RE = re.compile(
    r"^(?:[-=_*]\s*){3,}$|^:{3,}|^(?:Cite|Share|Cite Share|Items? in Clipboard|Select item \d+)$"
)
_QUOTE_RE = re.compile(r"^(?:>\s?)+")
_BULLET_RE = re.compile(r"^[-*+•·▪◦‣]\s+")
#: a lowercase particle that opens a surname, so a list number glued to it is still a number
#: ("3.an der Heiden M", "4.van den Berg J", "5.de la Cruz P")
_PARTICLE = r"(?:(?:an|van|von|der|den|de|del|della|da|das|dos|du|di|la|le|ten|ter|zu|vom) )+[A-Z]"
_NUMBER_RE = re.compile(
    r"^(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[a-z]?\s*[.)](?=\s|$|[A-Z\[(]|" + _PARTICLE + r")"
    r"|(\d{1,3})\s?-\s+(?=[A-ZÀ-Þ])"  # "1- Agence nationale ..." (French, Arabic)
    r"|(\d{1,3}):\s+(?=[A-ZÀ-Þ][a-zß-ÿ'’]))\s*(?:\.\s*)?"  # "1: Kantarjian HM" (PubMed before 2020)
)
_BARE_LABEL_RE = re.compile(r"^\[[^\[\]]{1,60}\]\([^\s)]*\)\s*:?$")
#: A list number written as a link to the work: "[[1]](https://...) Smith J, ..." (also
#: "[1](url)" and the unbalanced "[[14](url)"); the link's identifiers stay with the citation.
_LINK_NUMBER_RE = re.compile(
    r"^\[\[?(\d{1,4})\]?\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?\s*\)\s*"
)
#: A list number inside a link's text, as a PDF turned into Markdown links each printed line:
#: "[[1] Smith J, Roe A. A title](https://...)" is the number 1 and a link.
_NUMBER_IN_LINK_RE = re.compile(r"^\[\[(\d{1,4})\]\s+(?=[^\[\]\n]{1,600}\]\()")
#: A list number in bold or italics ("**1.** Smith J", "__[2]__", "*3)*"), as PDF-to-Markdown
#: converters and word processors write it: the number, not emphasis around the citation.
_EMPHASIS_NUMBER_RE = re.compile(r"^(\*\*|__|\*|_)(\d{1,4}[.)]?|\[\d{1,4}\]|\(\d{1,4}\))\1(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Line:
    """One cleaned line: ``kind`` is ``heading``, ``rule``, ``label``, ``blank`` or ``text``.

    ``marker`` is the list number (``"3"``), ``"*"`` for a bullet or a definition line, or
    ``""``; ``text`` is the line without markup (identifiers from links kept as text).
    """

    kind: str
    text: str
    marker: str = ""


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1), unquote(match.group(2))
    return f"{label} {_url_ids(url)}"


def _url_ids(url: str) -> str:
    """What a URL says that refgraph reads: ``PMID: n``, ``PMCID: PMCn``, ``doi: ...``."""
    pmid = pmid_in_url(url)
    if pmid:
        return f" PMID: {pmid} "
    pmcid = pmcid_in_url(url)
    if pmcid:
        return f" PMCID: {pmcid} "
    m = _DOI_URL_RE.search(url)
    if m:
        return f" doi: {unquote(m.group(1))} "  # a final "." stays: a line may break there
    return f" {url} "


def _strip_inline(text: str) -> str:
    if "Google Scholar" in text:
        text = _SCHOLAR_RE.sub(" ", text)
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    if "](" in text:
        text = _LINK_RE.sub(_link, text)
        text = _LINK_BRACKETS_RE.sub(r" \1 ", text)
    if "<" in text:
        text = _AUTOLINK_RE.sub(lambda m: _url_ids(m.group(1)), text)
        text = _TAG_RE.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "*" in text or "__" in text:
        text = text.replace("**", "").replace("__", "")
        text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    if "/pmc/" in text:
        text = _RELATIVE_PMC_RE.sub(r" PMCID: \1 ", text)
    if "http" in text:
        text = _rejoined_links(text)
        text = re.sub(r"https?://\S+", lambda m: _url_ids(m.group()), text)
    text = " ".join(text.split())
    if len(text) > 2 and text[0] == text[-1] == "_" and text[1] != "_":
        text = text[1:-1].strip()  # a whole line in _emphasis_ ("**_Citations_**")
    return text


#: A PMC article's address as the site's own pages write it, without the host (``Available
#: from: /pmc/articles/PMC8531108/``, copied from a PMC page): the article's PMCID.
_RELATIVE_PMC_RE = re.compile(r"(?<![\w/.:])/pmc/articles/(PMC\d{1,10})/?(?![\w/])", re.I)
#: A link and the word after it; a link that cannot end here (``https://``, ``https://doi.``).
_LINK_WORD_RE = re.compile(r"(https?://\S*) (\S+)")
_CUT_LINK_RE = re.compile(r"https?://(?:(?:dx\.)?doi\.)?$", re.I)


def _rejoined_links(text: str) -> str:
    """A DOI link a PDF's line end broke, joined by a space when the lines were put into one
    (``https://doi. org/10.1016/...``, ``https:// doi.org/...``, ``https://doi.org/10.
    1002/chem...``, ``https://doi.org/10.1039/ c3cs60141b``): one link again."""

    def glue(m: re.Match[str]) -> str:
        link, word = m.group(1), m.group(2)
        if _CUT_LINK_RE.match(link) or doi_goes_on(link, word):
            return link + word
        return m.group()

    for _ in range(3):  # a link broken twice is joined twice
        text, count = _LINK_WORD_RE.subn(glue, text)
        if not count:
            break
    return text


def clean_line(raw: str) -> Line:
    """Return what ``raw`` (one line) holds, without its markup."""
    text = raw.replace("\f", " ").strip()
    if not text:
        return Line("blank", "")
    if _RULE_RE.match(text):
        return Line("rule", "")
    if text.startswith("<") and not text.startswith("<http"):
        while (tag := _TAG_RE.match(text)) is not None:  # <a id="2">[2]</a> Miller CR ...
            text = text[tag.end() :].lstrip()
        if not text:
            return Line("blank", "")
    heading = _HEADING_RE.match(text)
    if heading:
        return Line("heading", _strip_inline(text[heading.end() :]))
    if text.startswith(">"):
        text = _QUOTE_RE.sub("", text).strip()
    marker = ""
    if text.startswith(".. ["):
        m = _RST_CITATION_RE.match(text)
        if m:
            text, marker = text[m.end() :], "*"
            if not text:
                return Line("blank", "", marker)
    if text.startswith("[^"):
        m = _FOOTNOTE_RE.match(text)
        if m:
            text, marker = text[m.end() :], "*"
    elif text.startswith("[") and "]:" in text:
        m = _REFDEF_RE.match(text)
        if m:
            cited = m.group(3) or m.group(4) or m.group(5) or ""
            ids = _url_ids(unquote(m.group(2) or ""))
            return Line("text", _strip_inline(f"{cited} {ids}"), "*")
    bullet = _BULLET_RE.match(text)
    if bullet:
        text, marker = text[bullet.end() :], "*"
        if text.startswith(">"):
            text = _QUOTE_RE.sub("", text).strip()
    if text[:1] in "*_" and (bold := _EMPHASIS_NUMBER_RE.match(text)) is not None:
        text = f"{bold.group(2)} {text[bold.end() :].lstrip()}"
    if text.startswith("[[") and (inner := _NUMBER_IN_LINK_RE.match(text)) is not None:
        text = f"[{inner.group(1)}] [{text[inner.end() :]}"
    if text.startswith("[") and (linked := _LINK_NUMBER_RE.match(text)) is not None:
        marker = linked.group(1)
        text = f"{text[linked.end() :]} {_url_ids(unquote(linked.group(2)))}"
    elif text.startswith("\\") or text[:1].isdigit() or text[:1] in "[(":
        unescaped = _ESCAPE_RE.sub(r"\1", text[:12]) + text[12:]
        number = _NUMBER_RE.match(unescaped)
        if number and not _looks_like_year_start(unescaped):
            marker = next(g for g in number.groups() if g)
            text = unescaped[number.end() :]
    # a link line that carries an identifier (PubMed, doi.org) belongs to the citation above
    if (_BARE_LABEL_RE.match(text) and marker in ("", "*")
            and not any(w in text.lower() for w in ("pubmed", "doi.org/"))):  # fmt: skip
        return Line("label", _strip_inline(text), marker)
    if _BARE_LABEL_RE.match(text) and marker == "*":
        return Line("label", _strip_inline(text), marker)
    cleaned = link_underscores(without_backlinks(_strip_inline(text)))
    if not cleaned:
        return Line("blank", "", marker)
    return Line("text", cleaned, marker)


def _looks_like_year_start(text: str) -> bool:
    """``2015. Title``, ``1998;352:854`` or ``(1994) Title`` (an author-year citation
    wrapped after its names) starts with a year, not a list number."""
    return _YEAR_START_RE.match(text) is not None


_YEAR_START_RE = re.compile(r"(?:1[6-9]|20)\d\d\s*[.;:,)]|[(\[](?:1[6-9]|20)\d\d[a-z]?[)\]]")


def split_html_items(text: str) -> str:
    """Put every ``<li>``, ``<br>``, paragraph and heading of HTML text on a line of its own,
    and undo markup that spans lines.

    Line numbers of the input are kept for the first line of each original line: new line
    breaks are only added inside lines that hold several items (``<ol><li>...</li><li>...``),
    and a construct that spans lines keeps its line breaks:

    - an HTML tag written over several lines (``<a`` / ``href="...">``) is put on one line
      (the line breaks it held follow it);
    - pandoc's bracketed spans (``[1. ]{.csl-left-margin}``) become their text;
    - a Markdown link whose text spans lines or is very long (a whole citation as the link
      text) becomes its text and the identifiers its address holds;
    - a Markdown reference definition whose quoted title (a whole citation) spans lines is
      put on one line.

    Headings (``<h4>IsoRankN</h4>``) become Markdown headings so they are not read as text.
    """
    spans = "]{" in text
    if spans:  # spans inside links inside spans: [..[[histoCAT]{.nocase}: ...](url)..]{.csl-..}
        text = _SPAN_RE.sub(r"\1", text)
    if "](" in text:  # inside a span every link goes now, or the span cannot be undone
        text = _LONG_LINK_RE.sub(_link_text if spans else _long_link, text)
    if spans:
        text = _SPAN_RE.sub(r"\1", _SPAN_RE.sub(r"\1", text))
    if "]:" in text and "\n" in text:  # a reference definition whose title spans lines
        text = _WRAPPED_REFDEF_RE.sub(_one_line_tag, text)
    if "<" not in text:
        return text
    if "<!--" in text:  # comments, their line breaks kept
        text = _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text)
    if "\n" in text:
        text = _SPLIT_TAG_RE.sub(_one_line_tag, text)
    text = _HEADING_TAG_RE.sub(lambda m: "\x00# " + m.group(1) + "\x00", text)
    text = _ITEM_BREAK_RE.sub("\x00", text)
    return text.replace("\x00", "\x01")


_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_SPAN_RE = re.compile(r"\[([^\[\]{}]{0,3000}?)\]\{[.#][^{}\n]{0,200}\}")
_LONG_LINK_RE = re.compile(r"\[([^\[\]]{0,3000}?)\]\(\s*<?([^\s()<>]{1,1000})>?\s*\)")
# (CommonMark lets the address and the title each start on the next line, and the title
# run over lines; put on one line, clean_line reads it)
_WRAPPED_REFDEF_RE = re.compile(
    r"^[ \t]{0,3}\[[^\]\n]{1,120}\]:[ \t]*\n?[ \t]*\S+(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"(?:\"[^\"]{0,3000}\"|'[^']{0,3000}')[ \t]*$",
    re.M,
)
_SPLIT_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]{0,30}[^<>\n]{0,600}\n[^<>]{0,600}>")


def _one_line_tag(match: re.Match[str]) -> str:
    tag = match.group()
    return tag.replace("\n", " ") + "\n" * tag.count("\n")


def _long_link(match: re.Match[str]) -> str:
    label = match.group(1)
    if "\n" not in label and len(label) <= 300:
        return match.group()  # read with its line (clean_line)
    return _link_text(match)


def _link_text(match: re.Match[str]) -> str:
    return f"{match.group(1)} {_url_ids(unquote(match.group(2))).strip()}"


#: A line that goes on with the citation above (its identifiers, links, notes).
CONTINUATION_RE = re.compile(
    r"^[;,.]?\s*(?:PubMed Central|PMCID|PMID|PubMed|doi\b|DOI\b|Epub|\[|PMC\d|Available|https?://"
    r"|Free PMC|No abstract|Review|Erratum|Comment)"
)
_MID_SENTENCE_RE = re.compile(r"[a-z,;\-]$")


def double_spaced(lines: list[str]) -> bool:
    """Is the text double-spaced (a blank line after every line, as some PDF and word
    processor copies give it), so that blank lines say nothing about where citations end?
    No two text lines touch, and many lines stop mid-sentence (wrapped, not whole)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 8 or any(b - a == 1 for a, b in pairwise(filled)):
        return False
    cut = sum(1 for i in filled[:-1] if _MID_SENTENCE_RE.search(lines[i].rstrip()))
    if cut >= 0.3 * (len(filled) - 1):
        return True
    # or many lines could never open a citation: a list marker with nothing after it, a
    # link or identifier line, the rest of a sentence (``298 (3), H1014-21.``, ``and ...``)
    openers = pieces = 0
    for i in filled:
        line = clean_line(lines[i])
        if line.kind != "text":
            continue
        openers += 1
        text = line.text
        if not text or (not line.marker and (
            CONTINUATION_RE.match(text) is not None or text[:1].islower() or text[:1].isdigit()
        )):  # fmt: skip
            pieces += 1
    return openers > 0 and pieces >= 0.2 * openers


def result_numbers(lines: list[str]) -> set[int]:
    """The indices of the result numbers in a copy of PubMed's results page: a line that is
    a bare number with its ``Cite`` / ``Share`` buttons on the next line."""
    return {
        i for i, (line, nxt) in enumerate(pairwise(lines))
        if line.strip().isdigit() and len(line.strip()) <= 6
        and nxt.strip() in ("Cite", "Share", "Cite Share")
    }  # fmt: skip


#: A Markdown table's rule under its head row: ``|---|:--:|``.
_TABLE_RULE_RE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?(?:-{3,}:?\s*)?$")


def table_rows(lines: list[str]) -> tuple[list[str], set[int]]:
    """A page turned into a Markdown table (``|**19.**|Lin J, ... films from|`` /
    ``||commercial polymers. ...|``), as PDF-to-Markdown converters write a page of a list:
    the cells of a row are a printed line's parts, so a row is read as its cells' text
    (``**19.** Lin J, ... films from``). Returns the lines (as many) and the indices of the
    tables' rules, which are no line of the list."""
    out, rules = list(lines), set()
    for i, raw in enumerate(lines):
        row = raw.strip()
        if len(row) < 3 or row[0] != "|" or row[-1] != "|":
            continue
        if _TABLE_RULE_RE.match(row):
            rules.add(i)
            continue
        out[i] = " ".join(cell.strip() for cell in row[1:-1].split("|") if cell.strip())
    return out, rules
