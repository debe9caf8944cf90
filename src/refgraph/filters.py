"""Jinja filters: small pure functions that format one piece of a citation.

Every formatting rule of the shipped templates lives here (not in Python string
building), each with a doctest. :data:`FILTERS` is what :mod:`refgraph.render` installs.

>>> from refgraph.model import Author, Reference
>>> ref = Reference(key="k", authors=(Author(last="Lamb", initials="YN"),), pages="1603-1610")
>>> authors_nlm(ref), pages_nlm(ref.pages), pages_livertox(ref.pages)
('Lamb YN', '1603-10', '1603–10')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from refgraph.latex import ACCENT_MARKS
from refgraph.model import Reference
from refgraph.text import abbreviate_pages

__all__ = [
    "FILTERS",
    "authors_ama",
    "authors_livertox",
    "authors_nlm",
    "doi_url",
    "journal_nlm",
    "latex_escape",
    "latex_label",
    "markdown_escape",
    "oneline",
    "pages_livertox",
    "pages_nlm",
    "paragraphs",
    "pmc_url",
    "pubmed_url",
    "sentence",
    "source",
]


def _author_list(ref: Reference, limit: int, shown: int) -> tuple[list[str], bool]:
    names = [a.short() for a in ref.authors]
    if len(names) > limit:
        return names[:shown], True
    return names, ref.et_al


def authors_nlm(ref: Reference, max: int = 6) -> str:
    """Return the authors the ICMJE/NLM way: up to ``max``, then ``et al.``.

    More than ``max`` authors: the first ``max`` then ``et al.``; a citation that was
    already cut short (``et_al``) keeps its authors as cited.

    >>> from refgraph.model import Author, Reference
    >>> many = tuple(Author(last=f"A{i}", initials="B") for i in range(8))
    >>> authors_nlm(Reference(key="k", authors=many))
    'A0 B, A1 B, A2 B, A3 B, A4 B, A5 B, et al.'
    >>> authors_nlm(Reference(key="k", authors=many[:2], et_al=True))
    'A0 B, A1 B, et al.'
    >>> authors_nlm(Reference(key="k"))
    ''
    """
    names, et_al = _author_list(ref, max, max)
    return ", ".join([*names, "et al."] if et_al and names else names)


def authors_livertox(ref: Reference, max: int = 7) -> str:
    """Return the authors as LiverTox prints them: the first 7, then ``et al.``.

    >>> from refgraph.model import Author, Reference
    >>> many = tuple(Author(last=f"A{i}", initials="B") for i in range(9))
    >>> authors_livertox(Reference(key="k", authors=many)).endswith("A6 B, et al.")
    True
    >>> authors_livertox(Reference(key="k", authors=many[:3], et_al=True))
    'A0 B, A1 B, A2 B, et al.'
    """
    return authors_nlm(ref, max)


def authors_ama(ref: Reference) -> str:
    """Return the authors the AMA way: all up to 6; more than 6 -> the first 3, ``et al``.

    >>> from refgraph.model import Author, Reference
    >>> many = tuple(Author(last=f"A{i}", initials="B") for i in range(7))
    >>> authors_ama(Reference(key="k", authors=many))
    'A0 B, A1 B, A2 B, et al'
    >>> authors_ama(Reference(key="k", authors=many[:2]))
    'A0 B, A1 B'
    """
    names, et_al = _author_list(ref, 6, 3)
    return ", ".join([*names, "et al"] if et_al and names else names)


def pages_nlm(pages: str, dash: str = "-") -> str:
    """Abbreviate a page range the NLM way: ``740-753`` -> ``740-53``
    (:func:`refgraph.text.abbreviate_pages`).

    >>> [pages_nlm(p) for p in ("740-753", "1603-1610", "583-586", "98-102", "2101")]
    ['740-53', '1603-10', '583-6', '98-102', '2101']
    >>> pages_nlm("e387-e398"), pages_nlm("12-12")
    ('e387-e398', '12')
    """
    return abbreviate_pages(pages, dash)


def pages_livertox(pages: str) -> str:
    """Abbreviate like :func:`pages_nlm`, with an en dash as LiverTox prints it.

    >>> pages_livertox("740-753"), pages_livertox("e387-e398")
    ('740–53', 'e387–e398')
    """
    return pages_nlm(pages, "–")


def journal_nlm(ref: Reference) -> str:
    """Return the NLM (MEDLINE) journal abbreviation: no periods, falling back to the full name.

    >>> from refgraph.model import Reference
    >>> journal_nlm(Reference(key="k", journal="N. Engl. J. Med."))
    'N Engl J Med'
    >>> journal_nlm(Reference(key="k", journal_full="Drugs"))
    'Drugs'
    """
    name = ref.journal or ref.journal_full
    return " ".join(name.replace(".", " ").split())


def source(ref: Reference, pages: str = "", journal: bool = True, issue: bool = True) -> str:
    """Return the source part of a citation: ``Journal. Year;Vol(Issue):Pages.``

    ``pages`` is the already formatted page range (``ref.pages|pages_nlm`` ...); parts
    that are missing are left out with their punctuation. With ``journal=False`` the
    journal is left to the template (to italicise it, for instance).

    >>> from refgraph.model import Reference
    >>> ref = Reference(key="k", journal="N Engl J Med", year="2016", volume="375", issue="8",
    ...                 pages="740-753")
    >>> source(ref, pages_nlm(ref.pages))
    'N Engl J Med. 2016;375(8):740-53.'
    >>> source(ref, "740-753", journal=False, issue=False)
    '2016;375:740-753.'
    >>> source(Reference(key="k", journal="Drugs")), source(Reference(key="k", year="2001"))
    ('Drugs.', '2001.')
    """
    parts = [ref.year]
    if ref.volume:
        parts.append(f";{ref.volume}" if ref.year else ref.volume)
    if issue and ref.issue:
        parts.append(f"({ref.issue})")
    if pages:
        parts.append(f":{pages}" if len(parts) > 1 or ref.year else pages)
    detail = "".join(parts)
    name = journal_nlm(ref) if journal else ""
    if name and detail:
        return f"{name}. {detail}."
    return f"{name or detail}." if name or detail else ""


def pubmed_url(pmid: str) -> str:
    """Return the PubMed page of a PMID.

    >>> pubmed_url("27292104")
    'https://pubmed.ncbi.nlm.nih.gov/27292104/'
    """
    return f"https://pubmed.ncbi.nlm.nih.gov/{quote(str(pmid), safe='')}/"


def pmc_url(pmcid: str) -> str:
    """Return the PubMed Central page of a PMCID.

    >>> pmc_url("PMC5029685")
    'https://pmc.ncbi.nlm.nih.gov/articles/PMC5029685/'
    """
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{quote(str(pmcid), safe='')}/"


def doi_url(doi: str) -> str:
    """Return the resolver URL of a DOI (characters unsafe in a URL percent-encoded).

    >>> doi_url("10.1056/NEJMoa1509277")
    'https://doi.org/10.1056/NEJMoa1509277'
    >>> doi_url("10.1000/a<b>")
    'https://doi.org/10.1000/a%3Cb%3E'
    """
    return "https://doi.org/" + quote(str(doi), safe="/:;._-")


def oneline(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) into single spaces.

    >>> oneline(" a\\n  b ")
    'a b'
    """
    return " ".join(str(text).split())


def sentence(text: str) -> str:
    """Return ``text`` on one line ending with exactly one full stop (``?``/``!`` kept).

    >>> sentence("Inotuzumab ozogamicin"), sentence("et al."), sentence("Why? "), sentence("")
    ('Inotuzumab ozogamicin.', 'et al.', 'Why?', '')
    """
    text = oneline(text)
    if not text:
        return ""
    if text.endswith("..."):
        return text
    text = text.rstrip(".")
    return text if text.endswith(("?", "!")) else text + "."


_MARKDOWN_SPECIALS = "\\`*_[]<>#|~&$"  # the backslash first
_MARKDOWN_LEADING = re.compile(r"^(\d+)([.)])|^([-+=])")


def markdown_escape(text: str) -> str:
    """Backslash-escape Markdown metacharacters so text stays text (on one line).

    Emphasis, links, images, HTML, headings and tables are escaped everywhere; list and
    heading markers only at the start, where they would start a block.

    >>> print(markdown_escape("*bold* [link](x) <b> a_b"))
    \\*bold\\* \\[link\\](x) \\<b\\> a\\_b
    >>> print(markdown_escape("1. first"), markdown_escape("- item"))
    1\\. first \\- item
    """
    escaped = oneline(text)
    for char in _MARKDOWN_SPECIALS:
        if char in escaped:
            escaped = escaped.replace(char, "\\" + char)
    if escaped[:1] in ("-", "+", "=") or escaped[:1].isdigit():
        return _MARKDOWN_LEADING.sub(
            lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped, count=1
        )
    return escaped


def paragraphs(text: str) -> list[str]:
    """Split text at blank lines (merged annotations are joined by one), each on one line.

    >>> paragraphs("one\\n two\\n\\nthree"), paragraphs("")
    (['one two', 'three'], [])
    """
    return [oneline(p) for p in str(text).split("\n\n") if p.strip()]


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\u00a0": "~",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\ldots{}",
    "•": r"\textbullet{}",
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "đ": r"{\dj}",
    "Đ": r"{\DJ}",
    "°": r"\ensuremath{^\circ}",
    "±": r"\ensuremath{\pm}",
    "×": r"\ensuremath{\times}",
    "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}",
    "≈": r"\ensuremath{\approx}",
    "→": r"\ensuremath{\rightarrow}",
    "µ": r"\ensuremath{\mu}",
    "©": r"\textcopyright{}",
    "®": r"\textregistered{}",
    "™": r"\texttrademark{}",
    "§": r"\S{}",
    "¶": r"\P{}",
}
_GREEK = [
    *("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"),
    *("lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau", "upsilon"),
    *("phi", "chi", "psi", "omega"),
]
for _i, _name in enumerate(_GREEK):
    if _name not in ("omicron", "sigmaf"):
        _LATEX_SPECIAL[chr(0x3B1 + _i)] = rf"\ensuremath{{\{_name}}}"
        if _name not in ("alpha", "beta", "epsilon", "zeta", "eta", "iota", "kappa", "mu", "nu",
                         "rho", "tau", "chi"):  # fmt: skip
            _LATEX_SPECIAL[chr(0x391 + _i)] = rf"\ensuremath{{\{_name.capitalize()}}}"
_LATEX_SPECIAL["ο"] = "o"


@functools.lru_cache(maxsize=4096)
def _latex_char(ch: str) -> str:
    special = _LATEX_SPECIAL.get(ch)
    if special is not None:
        return special
    if ch.isascii():
        return ch if ch.isprintable() or ch in "\n\t" else " "
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and marks and all(m in ACCENT_MARKS for m in marks):
        out = {"i": r"\i", "j": r"\j"}.get(base, base) if marks[0] != "\u0327" else base
        for mark in marks:
            out = f"\\{ACCENT_MARKS[mark]}{{{out}}}"
        return "{" + out + "}"
    compat = unicodedata.normalize("NFKC", ch)
    if compat != ch and compat.isascii():
        return "".join(_latex_char(c) for c in compat)
    return f"[U+{ord(ch):04X}]"


_LATEX_NEEDS = re.compile(r"[\\{}$&#^_%~<>|\x00-\x08\x0b-\x1f\x7f]|[^\x00-\x7f]")


def _latex_match(match: re.Match[str]) -> str:
    return _latex_char(match.group(0))


def latex_escape(text: str) -> str:
    """Escape text for LaTeX so it compiles with plain pdflatex (no packages needed).

    Special characters become commands, accented letters become accent macros, Greek
    letters and common symbols become math; any other character is spelled ``[U+XXXX]``
    so it is visible rather than lost or fatal.

    >>> latex_escape(r"50% & \\input{x} a_b")
    '50\\\\% \\\\& \\\\textbackslash{}input\\\\{x\\\\} a\\\\_b'
    >>> latex_escape("Gökbuget – α")
    'G{\\\\"{o}}kbuget -- \\\\ensuremath{\\\\alpha}'
    """
    return _LATEX_NEEDS.sub(_latex_match, str(text))


def latex_label(key: str) -> str:
    """Return a citation key safe inside ``\\bibitem{...}``, one label per key: a character
    outside ``A-Za-z0-9:._/-`` (``+`` too) becomes ``+hex+`` (was ``-``, so ``a b`` and
    ``a,b`` shared the label ``a-b`` and LaTeX kept only one of them for ``\\cite``).

    >>> latex_label("Kantarjian2016a"), latex_label("a b%c}"), latex_label("a-b")
    ('Kantarjian2016a', 'a+20+b+25+c+7d+', 'a-b')
    """
    return re.sub(r"[^A-Za-z0-9:._/-]", lambda m: f"+{ord(m.group()):x}+", str(key))


#: Filter name -> function, installed in every refgraph Jinja environment.
FILTERS: dict[str, Callable[..., Any]] = {
    "authors_ama": authors_ama,
    "authors_livertox": authors_livertox,
    "authors_nlm": authors_nlm,
    "doi_url": doi_url,
    "journal_nlm": journal_nlm,
    "latex_escape": latex_escape,
    "latex_label": latex_label,
    "markdown_escape": markdown_escape,
    "oneline": oneline,
    "pages_livertox": pages_livertox,
    "pages_nlm": pages_nlm,
    "paragraphs": paragraphs,
    "pmc_url": pmc_url,
    "pubmed_url": pubmed_url,
    "sentence": sentence,
    "source": source,
}
