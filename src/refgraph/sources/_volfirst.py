"""A source that names its volume before its journal (pure).

Some reference managers' Vancouver output writes a journal article whose record lacks an
issue, or that was filed as another type, the way a book's chapter is written: ``Title
[Internet]. Vol. 37, Hand Clinics. W.B. Saunders; 2021 [cited 2023 Aug 30]. p. 167-87.``
(``Vol. 6, Sci. Robot. 2021.``: no publisher, no pages). :func:`volume_first` writes that
source the NLM way (``Hand Clinics. 2021;37:167-87.``), which every reader after it knows.
"""

from __future__ import annotations

import re

__all__ = ["volume_first"]

# (regular expressions, one a line: a table, not logic)
_VOLUME_FIRST_RE = re.compile(
    r"\bVol\.\s*(?P<volume>\d[\w-]{0,9}),\s+(?P<journal>(?!Pp?\.\s*\d)[A-Z][^;\[\]]{1,150}?)\.\s+"
    r"(?:[A-Z][^.;\[\]]{0,80}(?:\.[^.;\[\]]{1,30}){0,4}\.?;\s*)?"  # the publisher
    r"(?P<year>(?:1[6-9]|20)\d\d)(?:\s*\[[^\[\]]{0,80}\])?\."
    r"(?:\s+pp?\.\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)\.?)?"
)


def volume_first(text: str) -> str:
    """``text`` with a ``Vol. N, Journal. Publisher; Year. p. X-Y.`` source written as
    ``Journal. Year;N:X-Y.``; other text as it was.

    >>> volume_first("Roe A. A title. Vol. 37, Hand Clin. Saunders; 2021. p. 167-87.")
    'Roe A. A title. Hand Clin. 2021;37:167-87.'
    """
    m = _VOLUME_FIRST_RE.search(text)
    if m is None:
        return text
    volume, journal, year, pages = m.group("volume", "journal", "year", "pages")
    source = f"{journal}. {year};{volume}" + (f":{pages}." if pages else ".")
    return text[: m.start()] + source + text[m.end() :]
