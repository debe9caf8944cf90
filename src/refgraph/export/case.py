"""Case protection of BibTeX titles (pure): what must keep its case goes in ``{{...}}``.

BibTeX styles (``plain``, ``unsrt`` ...), biblatex's ``\\MakeSentenceCase`` and pandoc's
citeproc all re-case titles: they lowercase every letter they are not told to keep. A
title must therefore mark the words whose case is part of their spelling. The rules are
Better BibTeX's (its FAQ, "BBT is changing the capitalization of my titles -- why?"),
applied to the sentence-case titles PubMed and most citations give:

- a word with a capital after its first letter keeps its case anywhere: acronyms and
  trial names (``ALL``, ``INO-VATE``, ``CD22``), gene and drug names with internal
  capitals (``mini-hyper-CVD``, ``non-Hodgkin``, ``mRNA``), roman numerals (``II``);
- a capitalised word that does not start the title is a proper noun and keeps its case
  (``Philadelphia``, ``(Besponsa)``, ``B-cell``, ``hepatitis B``); so does the word after
  a colon (or a sentence end) when it is capitalised, so that it stays as written;
- runs of such words separated by single spaces become one group
  (``{{B-cell non-Hodgkin}}``); punctuation around a word stays outside its group;
- the group is doubled, as Better BibTeX writes it: a single ``{`` followed by a
  backslash (``{\\"O}zdemir``) is a BibTeX "special character" whose case *is* changed,
  and biblatex ignores one pair of braces around a whole field.

Two kinds of title carry no information in their capitals, so only the first rule
applies to them: titles in Title Case (most content words capitalised: every one of
them would otherwise be braced) and titles in capitals only (``INOTUZUMAB IN ALL``).

The title is plain Unicode (the model's form), so braces in it are text, escaped by
:func:`refgraph.latex.encode_latex` and never taken for protection: protecting is
idempotent through a read-back (:func:`refgraph.latex.decode_latex` drops the groups).
"""

from __future__ import annotations

import re

from refgraph.latex import encode_latex

__all__ = ["SMALL_WORDS", "protect_case", "protected_words"]

#: Words a Title Case title leaves in lower case (they do not count as evidence either way).
# (a table of its own: BibTeX case protection's small words; export/csl/text.py's STOP_WORDS
# is CSL 1.0.2's list, which differs)
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "en",
        "for",
        "from",
        "if",
        "in",
        "into",
        "nor",
        "of",
        "off",
        "on",
        "onto",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "upon",
        "via",
        "vs",
        "versus",
        "with",
        "within",
        "without",
    ]
)
# a word: letters/digits, with inner hyphens and apostrophes ("non-Hodgkin", "Hodgkin's")
_WORD_RE = re.compile(r"[^\W_](?:[^\W_]|['’-](?=[^\W_]))*")
_SENTENCE_END_RE = re.compile(r"[:.?!][\"'”’)\]]*\s+[\"'“‘(\[]*$")


def _inner_capital(word: str) -> bool:
    rest = word[1:]
    # most words have no letter lower() changes: no capital, decided without a loop
    return rest.lower() != rest and any(c.isupper() for c in rest)


def _words(title: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, word, starts_sentence)`` for each word of ``title``."""
    out: list[tuple[int, int, str, bool]] = []
    previous_end = 0
    search = _SENTENCE_END_RE.search
    for m in _WORD_RE.finditer(title):
        start = m.start()
        # a one-space gap (most of them) ends no sentence
        starts = not out or (
            (start - previous_end != 1 or title[previous_end] != " ")
            and search(title, previous_end, start) is not None
        )
        out.append((start, m.end(), m.group(), starts))
        previous_end = m.end()
    return out


def _mode(title: str, words: list[tuple[int, int, str, bool]]) -> str:
    """``"sentence"``, ``"title"`` (Title Case) or ``"caps"`` (no lower-case letter)."""
    if not any(c.islower() for c in title):
        return "caps"
    capitalised = lowered = 0
    for _, _, word, starts in words:
        if starts or not word[0].isalpha() or word.lower() in SMALL_WORDS or len(word) < 2:
            continue
        if word[0].isupper():
            capitalised += not _inner_capital(word)
        else:
            lowered += 1
    return "title" if capitalised >= 3 and lowered * 4 <= capitalised else "sentence"


def protected_words(title: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of ``title`` that must keep their case.

    Adjacent protected words separated by one space are merged into one span.

    >>> t = "Relapsed B-cell non-Hodgkin lymphoma in Philadelphia: Results of INO-VATE"
    >>> [t[s:e] for s, e in protected_words(t)]
    ['B-cell non-Hodgkin', 'Philadelphia', 'Results', 'INO-VATE']
    >>> protected_words("Inotuzumab Ozogamicin Versus Standard Therapy for Acute Leukemia")
    []
    """
    words = _words(title)
    mode = _mode(title, words)
    spans: list[tuple[int, int]] = []
    if mode == "caps":
        return spans
    for index, (start, end, word, _) in enumerate(words):
        first = word[0]
        if _inner_capital(word):
            keep = True
        elif not first.isupper():  # lower case, or a digit or other non-letter
            keep = False
        elif index == 0:
            keep = False  # the title's first word: every style keeps its capital
        elif len(word) == 1 and first != "A":
            keep = True  # "hepatitis B", "phase I": a lone capital is never re-cased
        else:
            keep = mode == "sentence"
        if keep:
            if spans and title[spans[-1][1] : start] == " ":
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def protect_case(title: str, *, ascii: bool = False) -> str:
    """Return ``title`` escaped for a BibTeX value, with case-bearing words in ``{{...}}``.

    >>> protect_case("Inotuzumab ozogamicin (Besponsa)--an antibody-drug conjugate for ALL")
    'Inotuzumab ozogamicin ({{Besponsa}})--an antibody-drug conjugate for {{ALL}}'
    >>> print(protect_case("Outcomes in Ørsted & Gökbuget's ALL cohort", ascii=True))
    Outcomes in {{{\\O}rsted}} \\& {{G{\\"o}kbuget's ALL}} cohort
    """
    spans = protected_words(title)
    if not spans:
        return encode_latex(title, ascii=ascii)
    out: list[str] = []
    position = 0
    for start, end in spans:
        out.append(encode_latex(title[position:start], ascii=ascii))
        out.append("{{" + encode_latex(title[start:end], ascii=ascii) + "}}")
        position = end
    out.append(encode_latex(title[position:], ascii=ascii))
    return "".join(out)
