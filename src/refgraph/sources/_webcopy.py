"""What copying a rendered web page as text leaves in a reference list (pure).

A reference list copied from a rendered page (a browser's copy, a text dump such as
html2text or lynx make of a Wikipedia article) carries marks of the page, not of the
citations:

- Wikipedia's back-link marks open every citation: ``^`` for one place it is cited, ``^ a b
  c`` for several (``↑`` on some language editions); copied as text the last letter is often
  glued to the author (``^ a bStigler, Stephen (1973)``, ``^ a b cHettmansperger, T. P.``);
- a text dump writes the words of a link's text joined by underscores
  (``Stigler,_Stephen``, ``J._Amer._Statist._Assoc.``, ``Annals_of_Statistics``);
- UTF-8 read as Latin-1 or Windows-1252 (mojibake) turns the en dash of a page range into
  ``â€“`` or ``â`` followed by two control characters, which some tools drop (``210â223``).
"""

from __future__ import annotations

import re

__all__ = ["link_underscores", "repaired_dashes", "without_backlinks"]

# (regular expressions, one a line: a table, not logic)
#: "^" or "↑", then the back-link letters when there are several ("a b", "a b c", ... "aa ab"
#: past z); the last letter may be glued to the author's capital or the title's quote
_BACKLINKS_RE = re.compile(r"^[\^↑]\s*(?:a b(?: [a-z]{1,2})*(?: +|(?=[A-ZÀ-Þ\"“'‘(\[])))?")
#: an underscore a link's text has for the space after a comma or a full stop
_LINK_SPACE_RE = re.compile(r"(?<=[A-Za-zÀ-ÿ][,.])_(?=[A-Za-zÀ-ÿ])")
#: a mis-decoded en or em dash between two numbers (a page range, a year range)
_MOJIBAKE_DASH_RE = re.compile(r"(?<=\d)â(?:€[“”\"]|[\x80-\x9f]{2})?(?=\d)")
_CP1252_DASHES = {"â€“": "–", "â€”": "—"}


def without_backlinks(text: str) -> str:
    """``text`` (one cleaned line) without the back-link marks it opens with.

    >>> without_backlinks("^ a bStigler, Stephen (December 1973).")
    'Stigler, Stephen (December 1973).'
    >>> without_backlinks("^Basu, S.; Dasgupta, A. (1997).")
    'Basu, S.; Dasgupta, A. (1997).'
    >>> without_backlinks("^ a b c Keynes, J.M. (1921)")
    'Keynes, J.M. (1921)'
    """
    marks = _BACKLINKS_RE.match(text) if text[:1] in ("^", "↑") else None
    return text if marks is None else text[marks.end() :]


def link_underscores(text: str) -> str:
    """``Stigler,_Stephen`` -> ``Stigler, Stephen``; ``J._Amer._Stat.`` -> ``J. Amer. Stat.``
    (an underscore after a comma or a full stop; addresses and identifiers keep theirs)."""
    if "_" not in text:
        return text
    return " ".join(
        word if "/" in word or "10." in word else _LINK_SPACE_RE.sub(" ", word)
        for word in text.split(" ")
    )


def repaired_dashes(text: str) -> str:
    """A mis-decoded dash between numbers (``210â223``, ``210â€“223``) is the dash."""
    if "â" not in text:
        return text
    for wrong, right in _CP1252_DASHES.items():
        text = text.replace(wrong, right)
    return _MOJIBAKE_DASH_RE.sub("–", text)
