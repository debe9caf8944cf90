"""Text pieces of the CSL engine (pure): formatting, quotes, text-case, punctuation joins.

Rendered text is plain, or HTML where field values are escaped and formatting is tags. Every
case change works on the text between tags and entities only, so ``&amp;`` and ``<i>``
survive ``uppercase``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

__all__ = [
    "Formatter",
    "apply_case",
    "join",
    "strip_periods",
]

_MARKUP_RE = re.compile(r"(<[^>]*>|&#?\w+;)")
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
#: Words CSL's title case leaves in lower case (CSL 1.0.2, "Title case conversion").
# (CSL's own list, fixed by the specification; export/case.py's SMALL_WORDS differs)
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
    ]
)


def _segments(text: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the text between markup (tags, entities) of ``text``."""
    if "<" not in text and "&" not in text:
        return fn(text)
    return "".join(p if _MARKUP_RE.fullmatch(p) else fn(p) for p in _MARKUP_RE.split(text))


def _capitalize_first(text: str) -> str:
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


def _title_word(word: str, first: bool, last: bool) -> str:
    if (word.isupper() and len(word) > 1) or any(c.isupper() for c in word[1:]):
        return word  # all capitals or mixed case: kept
    if word.islower() and (first or last or word not in STOP_WORDS):
        return word[0].upper() + word[1:]
    return word


def _title(text: str) -> str:
    words = list(_WORD_RE.finditer(text))
    out: list[str] = []
    position = 0
    for i, m in enumerate(words):
        before = text[position : m.start()]
        after_colon = bool(re.search(r"[:?!.]\s*$", text[: m.start()]))
        out.append(before)
        out.append(_title_word(m.group(), i == 0 or after_colon, i == len(words) - 1))
        position = m.end()
    out.append(text[position:])
    return "".join(out)


def _sentence(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return _capitalize_first(text.lower())
    return _capitalize_first(text)


_CASES: dict[str, Callable[[str], str]] = {
    "lowercase": str.lower,
    "uppercase": str.upper,
    "capitalize-first": _capitalize_first,
    "capitalize-all": lambda t: _WORD_RE.sub(lambda m: _capitalize_first(m.group()), t),
    "title": _title,
    "sentence": _sentence,
}


def apply_case(text: str, case: str) -> str:
    """Return ``text`` in CSL ``text-case`` ``case`` (markup untouched).

    >>> apply_case("B-cell non-Hodgkin lymphoma: a study of ALL", "title")
    'B-Cell Non-Hodgkin Lymphoma: A Study of ALL'
    >>> apply_case("<i>a</i> &amp; b", "uppercase")
    '<i>A</i> &amp; B'
    """
    fn = _CASES.get(case)
    if fn is None:
        return text
    if case in ("capitalize-first", "sentence", "title"):
        # these look at the whole text (first word, colons): case the text outside markup
        # as one string and put the markup back where it was
        parts = _MARKUP_RE.split(text)
        plain = "".join(p for p in parts if not _MARKUP_RE.fullmatch(p))
        cased = fn(plain)
        if len(cased) != len(plain):
            return text
        out, at = [], 0
        for part in parts:
            if _MARKUP_RE.fullmatch(part):
                out.append(part)
            else:
                out.append(cased[at : at + len(part)])
                at += len(part)
        return "".join(out)
    return _segments(text, fn)


def strip_periods(text: str) -> str:
    return _segments(text, lambda t: t.replace(".", ""))


_CLOSERS = "”’\"'"


def _visible_end(text: str) -> str:
    """The last character of ``text`` outside markup and closing quotes ("" when none)."""
    end = len(text)
    while end:
        if text[end - 1] == ">":
            start = text.rfind("<", 0, end)
            if start < 0:
                break
            end = start
        elif text[end - 1] in _CLOSERS:
            end -= 1
        else:
            break
    return text[end - 1] if end else ""


#: A mark that starts the right side is dropped after these ends of the left side.
_ABSORBED_AFTER = {".": ".?!;:", ",": ",", ";": ";", ":": ":"}


def join(left: str, right: str) -> str:
    """Concatenate, dropping a mark that would double one ("Med Lett." + ". ", "x;" + ".").

    >>> join("approval.", ". Drugs"), join("ALL?", ". 2018"), join("a", ", b")
    ('approval. Drugs', 'ALL? 2018', 'a, b')
    >>> join("52. ", ". Title"), join("a ", " b")
    ('52. Title', 'a b')
    """
    mark = right[:1]
    if not left or not mark:
        return left + right
    if mark == " " and left[-1] == " ":
        return left + right[1:]
    if mark in _ABSORBED_AFTER:
        stripped = left.rstrip(" ")
        if stripped and _visible_end(stripped) in _ABSORBED_AFTER[mark]:
            rest = right[1:]
            return left + (rest.lstrip(" ") if stripped != left else rest)
    return left + right


class Formatter:
    """Plain text or HTML: escaping and the CSL formatting attributes."""

    def __init__(self, html_output: bool) -> None:
        self.html = html_output

    def escape(self, text: str) -> str:
        return html.escape(text, quote=False) if self.html else text

    def formatting(self, attrs: dict[str, str]) -> Callable[[str], str] | None:
        """Return a function that applies the formatting attributes, or ``None``."""
        if not self.html:
            return None
        tags: list[tuple[str, str]] = []
        style = attrs.get("font-style")
        if style in ("italic", "oblique"):
            tags.append(("<i>", "</i>"))
        elif style == "normal":
            tags.append(('<span style="font-style:normal;">', "</span>"))
        if attrs.get("font-weight") == "bold":
            tags.append(("<b>", "</b>"))
        if attrs.get("font-variant") == "small-caps":
            tags.append(('<span style="font-variant:small-caps;">', "</span>"))
        if attrs.get("text-decoration") == "underline":
            tags.append(('<span style="text-decoration:underline;">', "</span>"))
        align = attrs.get("vertical-align")
        if align == "sup":
            tags.append(("<sup>", "</sup>"))
        elif align == "sub":
            tags.append(("<sub>", "</sub>"))
        if not tags:
            return None
        opening = "".join(t[0] for t in tags)
        closing = "".join(t[1] for t in reversed(tags))
        return lambda text: opening + text + closing

    def display(self, kind: str) -> Callable[[str], str] | None:
        if not self.html or not kind:
            return None
        return lambda text: f'<div class="csl-{kind}">{text}</div>'
