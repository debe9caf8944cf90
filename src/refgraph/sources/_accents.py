"""Accents a PDF's text layer wrote as letters of their own (pure).

TeX and some typesetters draw an accented letter as the letter and an accent glyph placed
over or under it; a PDF's text layer then gives the accent as a spacing character of its own,
before the letter or after it, depending on where the glyph sits: ``Tomaˇsev`` (Tomašev),
``Neubo¨ck`` (Neuböck), ``Mu¨ller`` (Müller), ``Franc¸ois`` (François). The unambiguous
forms are put back together; a name then reads, and matches, as the name it is.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["joined_accents"]

# (regular expressions, one a line: a table, not logic)
#: a caron before the letter it is on (PDF order: the caron glyph starts left of the letter)
_CARON_BEFORE_RE = re.compile(r"ˇ([A-Za-z])")
#: a diaeresis after a vowel, a cedilla after c or s (the glyph starts inside the letter)
_DIAERESIS_AFTER_RE = re.compile(r"([AEIOUYaeiouy])¨")
_CEDILLA_AFTER_RE = re.compile(r"([CcSs])¸")


def joined_accents(text: str) -> str:
    """``Tomaˇsev`` -> ``Tomašev``; ``Mu¨ller`` -> ``Müller``; ``Franc¸ois`` -> ``François``."""
    if not any(accent in text for accent in "ˇ¨¸"):
        return text
    text = _CARON_BEFORE_RE.sub(lambda m: _compose(m.group(1), "\u030c"), text)
    text = _DIAERESIS_AFTER_RE.sub(lambda m: _compose(m.group(1), "\u0308"), text)
    return _CEDILLA_AFTER_RE.sub(lambda m: _compose(m.group(1), "\u0327"), text)


def _compose(letter: str, combining: str) -> str:
    return unicodedata.normalize("NFC", letter + combining)
