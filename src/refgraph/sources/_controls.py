"""Control characters out of the input before any reader sees it (pure; used by
:func:`refgraph.sources.parse_text`).

PDF text carries debris (``\\x01``, ``\\x08``, DEL), copied terminal output carries escape
sequences (``ESC[31m``). None of it belongs in a reference, and every output format chokes
on it in its own way (XML 1.0 forbids it, LaTeX stops, a terminal obeys it).

- :func:`clean_input` removes it from the text, line by line, before parsing (line
  numbers do not move: line breaks are left alone) and reports each line it cleaned as
  ``control_characters``; readers so see the text a careful user would have pasted.
- :func:`strip_controls` turns the control characters that are whitespace (vertical tab,
  form feed inside a value, the information separators) into spaces in whatever a reader
  produced, and cleans the text of every problem, so a problem printed on a terminal can
  neither move the cursor nor change colours.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from itertools import pairwise
from typing import Any

from refgraph.model import Author, Diagnostic, ParseResult, Reference
from refgraph.text import (
    UNICODE_SPACES,
    has_controls,
    stray_controls,
    without_controls,
    without_stray_controls,
)

__all__ = ["clean_input", "plain_lines", "single_spaced", "strip_controls"]

_SPACES = re.compile(r"  +")
_TEXT_FIELDS = tuple(f.name for f in fields(Reference) if f.name not in ("origins", "authors"))
#: Lines reported one by one; the rest in one summary problem.
LINES_SHOWN = 20


def _shown(found: list[str]) -> str:
    kinds = list(dict.fromkeys(f.encode("unicode_escape").decode("ascii") for f in found))
    return ", ".join(kinds[:4]) + (" ..." if len(kinds) > 4 else "")


#: Characters that are invisible and mean nothing in a reference: zero-width space, word
#: joiner, and a byte-order mark inside the text. Web pages and word processors leave them
#: inside PMIDs and DOIs (``PMID: \u200b28687420``), where they hide the number from every
#: reader. (Zero-width joiners are kept: some scripts spell with them.) And the spaces other
#: than the space (no-break, narrow, thin, ideographic, ...), which text copied from a web
#: page or a PDF has between initials or everywhere: one space for every reader.
#: A soft hyphen is invisible too (a hyphenation hint: ``PMID: 2\u00ad7292104`` read as
#: PMID 2). Form feeds, vertical tabs (Word's manual line break) and the Unicode line and
#: paragraph separators are spaces: lines are ``\n``-separated, as editors count them.
_PLAIN = str.maketrans(
    dict.fromkeys("\u00ad\u200b\u2060\ufeff", None)
    | dict.fromkeys(f"\u00a0{UNICODE_SPACES}\f\v", " ")
)
#: Any character :data:`_PLAIN` changes.
_NOT_PLAIN_RE = re.compile("[" + re.escape("".join(map(chr, _PLAIN))) + "]")
#: A page break (form feed) or vertical tab that starts a line: gone, not a space, so the
#: line starts where it did (``\fPMID- 1`` is no MEDLINE continuation line).
_LINE_START_BREAKS_RE = re.compile(r"^[\f\v]+", re.M)


def plain_lines(text: str) -> str:
    """Return ``text`` with every line break a ``\\n`` (Windows ``\\r\\n``, old Mac
    ``\\r``), every space a space (page breaks too), and without invisible characters
    (:data:`_PLAIN`).

    >>> plain_lines("1. A.\\r\\n2. B.\\r3. Li\\u00a0X. PMID: \\u200b123")
    '1. A.\\n2. B.\\n3. Li X. PMID: 123'
    >>> plain_lines("A.\\n\\f\\n\\fB\\vC. PMID: 2\\u00ad7")
    'A.\\n\\nB C. PMID: 27'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _NOT_PLAIN_RE.search(text):
        if "\f" in text or "\v" in text:
            text = _LINE_START_BREAKS_RE.sub("", text)
        text = text.translate(_PLAIN)
    return text


#: A line broken mid-sentence: it ends in a plain word, a comma or a hyphen.
_MID_SENTENCE_RE = re.compile(r"(?:(?<![\w./:])[^\W\d_][\w'’]*,?|[,-])\s*$")


def single_spaced(text: str) -> tuple[str, list[int]] | None:
    """Double-spaced text (a blank line after every line, paragraphs apart by more, as some
    PDF viewers and word processors copy it; many of its lines broken mid-sentence, unlike a
    list of whole citations a blank line apart) as it was typed, with each new line's number in
    the original; ``None`` for text that is not double-spaced.

    >>> single_spaced("a\\n\\nb\\n\\n\\n\\nc\\n\\nd\\n\\ne\\n\\n\\n\\nf\\n\\ng\\n\\nh\\n")
    ('a\\nb\\n\\nc\\nd\\ne\\n\\nf\\ng\\nh', [1, 3, 6, 7, 9, 11, 14, 15, 17, 19])
    >>> single_spaced("1. A.\\n\\n2. C.\\n\\n3. E.\\n\\n\\n4. F.\\n\\n5. G.\\n\\n6. H.") is None
    True
    """
    lines = text.split("\n")
    kept = [i for i, line in enumerate(lines) if line.strip()]
    if len(kept) < 6:
        return None
    gaps = [b - a - 1 for a, b in pairwise(kept)]
    if gaps.count(0) > len(gaps) // 50 or gaps.count(1) * 2 < len(gaps):
        return None  # lines next to each other: typed single-spaced
    if not any(g >= 2 for g in gaps):
        return None  # every line apart alike: no paragraphs to tell from lines
    singles = [lines[i] for i, g in zip(kept, gaps, strict=False) if g == 1]
    if sum(1 for line in singles if _MID_SENTENCE_RE.search(line)) * 10 < len(singles) * 3:
        return None  # whole lines (one citation each) a blank line apart: a list, as typed
    out: list[str] = []
    where: list[int] = []
    for k, i in enumerate(kept):
        if k and gaps[k - 1] >= 2:
            out.append("")
            where.append(i)  # the blank line before the paragraph
        out.append(lines[i])
        where.append(i + 1)
    return "\n".join(out), where


def clean_input(text: str, source: str) -> tuple[str, tuple[Diagnostic, ...]]:
    """Return ``text`` without control characters that are not whitespace, and a
    ``control_characters`` problem for each line that had some (the first 20, then a count)."""
    if not stray_controls(text):
        return text, ()
    lines = text.split("\n")
    problems: list[Diagnostic] = []
    dirty = 0
    for number, line in enumerate(lines, 1):
        found = stray_controls(line)
        if not found:
            continue
        lines[number - 1] = without_stray_controls(line)
        dirty += 1
        if dirty <= LINES_SHOWN:
            problems.append(Diagnostic(
                source, number, "control_characters",
                f"removed {len(found)} control character(s) or terminal escape(s) "
                f"({_shown(found)}): PDF debris or copied terminal output",
            ))  # fmt: skip
        elif dirty == LINES_SHOWN + 1:
            first_unshown = number
    if dirty > LINES_SHOWN:
        problems.append(Diagnostic(
            source, first_unshown, "control_characters",
            f"and {dirty - LINES_SHOWN} more line(s) with control characters, removed",
        ))  # fmt: skip
    return "\n".join(lines), tuple(problems)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", without_controls(text)).strip()


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value) if has_controls(value) else value
    if isinstance(value, Author):
        changes = {
            f.name: _clean(getattr(value, f.name))
            for f in fields(Author)
            if has_controls(getattr(value, f.name))
        }
        return replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        cleaned = tuple(_clean_value(v) for v in value)
        return cleaned if cleaned != value else value
    return value


def _clean_reference(ref: Reference) -> Reference:
    changes: dict[str, Any] = {}
    for name in (*_TEXT_FIELDS, "authors"):
        value = getattr(ref, name)
        cleaned = _clean_value(value)
        if cleaned is not value:
            changes[name] = cleaned
    return replace(ref, **changes) if changes else ref


def strip_controls(result: ParseResult, text: str) -> ParseResult:
    """Return ``result`` with whitespace controls in values turned into spaces (module doc).

    ``text`` is the input the result was read from: without a control character in it
    (tabs, line and page breaks aside) there is nothing to do and ``result`` is returned.
    """
    if not has_controls(text.replace("\f", "")):
        return result
    problems = tuple(
        replace(p, text=_clean(p.text)) if has_controls(p.text) else p for p in result.problems
    )
    references = tuple(_clean_reference(ref) for ref in result.references)
    return ParseResult(references, problems, result.format)
