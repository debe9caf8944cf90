"""CSL variable values (pure): numbers, page ranges, ordinals, dates and their sort keys."""

from __future__ import annotations

import re
from typing import Any

from refgraph.export.csl.locale import Locale
from refgraph.text import roman

__all__ = [
    "date_parts",
    "date_sort_key",
    "format_number",
    "format_page_range",
    "is_numeric",
    "is_plural",
    "ordinal",
    "roman",
]

_NUMERIC_RE = re.compile(
    r"\s*[A-Za-z]{0,3}\d+[A-Za-z]{0,3}(?:\s*(?:[-–,&]|and)\s*[A-Za-z]{0,3}\d+[A-Za-z]{0,3})*\s*"
)
_RANGE_RE = re.compile(r"([A-Za-z]*)(\d+)\s*[-–—]+\s*([A-Za-z]*)(\d+)")
_PLAIN_NUMBER_RE = re.compile(r"\d+")


def is_numeric(value: Any) -> bool:
    """CSL's "is-numeric": numbers, with letter prefixes/suffixes, ranges and lists.

    >>> [is_numeric(v) for v in ("12", "2nd", "e387-e398", "2, 4 & 6", "Suppl", "")]
    [True, True, True, True, False, False]
    """
    if isinstance(value, int):
        return True
    return bool(value) and _NUMERIC_RE.fullmatch(str(value)) is not None


def is_plural(value: Any) -> bool:
    """A number variable holds several items (a range or a list): its label is plural."""
    text = str(value)
    return bool(re.search(r"\d\s*(?:[-–&,]|and)\s*\S", text))


def ordinal(number: int, locale: Locale, long: bool = False, gender: str = "") -> str:
    """``1`` -> ``1st`` (or ``first`` with ``long``), by the locale's ordinal terms."""
    if long and 1 <= number <= 10:
        term = locale.term(f"long-ordinal-{number:02d}")
        if term is not None:
            return term
    two = f"ordinal-{number % 100:02d}"
    one = f"ordinal-{number % 10:02d}"
    suffix = None
    if 10 <= number % 100 <= 99 and locale.options.get(f"match:{two}", "last-two-digits"):
        suffix = locale.term(two)
    if suffix is None:
        match = locale.options.get(f"match:{one}", "last-digit")
        if match != "whole-number" or number < 10:
            suffix = locale.term(one)
    if suffix is None:
        suffix = locale.term("ordinal") or ""
    return f"{number}{suffix}"


def format_number(value: Any, form: str, locale: Locale) -> str:
    """Render a number variable in ``form`` (numeric, ordinal, long-ordinal, roman);
    text that is not a plain number stays as it is."""
    text = str(value).strip()
    if form == "numeric" or not _PLAIN_NUMBER_RE.fullmatch(text):
        return re.sub(r"(?<=\d)\s*-\s*(?=\d)", "–", text) if form == "numeric" else text
    number = int(text)
    if form == "ordinal":
        return ordinal(number, locale)
    if form == "long-ordinal":
        return ordinal(number, locale, long=True)
    if form == "roman":
        return roman(number)
    return text


def _expand(start: str, end: str) -> str:
    if len(end) < len(start) and int(start[-len(end) :] or 0) <= int(end):
        return start[: len(start) - len(end)] + end
    return end


def _minimal(start: str, end: str, keep: int) -> str:
    if len(start) != len(end):
        return end
    i = 0
    while i < len(end) - keep and start[i] == end[i]:
        i += 1
    return end[i:]


def _chicago(start: str, end: str) -> str:
    first = int(start)
    if first < 100 or first % 100 == 0:
        return end
    if first % 100 < 10:
        return _minimal(start, end, 1)
    return _minimal(start, end, 2)


def format_page_range(value: str, page_format: str, delimiter: str) -> str:
    """Render a page value: each numeric range joined by ``delimiter`` and shortened or
    expanded by the style's ``page-range-format``.

    >>> format_page_range("403-411", "minimal", "–"), format_page_range("e387-e398", "", "–")
    ('403–11', 'e387–e398')
    >>> format_page_range("1603-10", "expanded", "-"), format_page_range("321-28", "chicago", "–")
    ('1603-1610', '321–28')
    """
    out = []
    for part in re.split(r"(\s*[,&]\s*)", value):
        m = _RANGE_RE.fullmatch(part.strip())
        if not m:
            out.append(part)
            continue
        prefix, start, end_prefix, end = m.groups()
        if end_prefix and end_prefix != prefix:
            out.append(part)
            continue
        full = _expand(start, end)
        if page_format == "minimal":
            end = _minimal(start, full, 1)
        elif page_format == "minimal-two":
            end = _minimal(start, full, 2)
        elif page_format.startswith("chicago"):
            end = _chicago(start, full)
        elif page_format == "expanded":
            end = full
        if page_format in ("minimal", "minimal-two") or page_format.startswith("chicago"):
            end_prefix = ""
        elif page_format == "expanded":
            end_prefix = prefix if end_prefix or prefix else ""
        out.append(f"{prefix}{start}{delimiter}{end_prefix}{end}")
    return "".join(out)


def date_parts(value: Any) -> tuple[list[int], str]:
    """Return a CSL date's first ``[year, month, day]`` (as many as known) and its literal.

    >>> date_parts({"date-parts": [[2016, 8]]}), date_parts({"literal": "in press"})
    (([2016, 8], ''), ([], 'in press'))
    """
    if not isinstance(value, dict):
        return [], str(value or "")
    parts = value.get("date-parts")
    if parts and isinstance(parts, list) and parts[0]:
        out: list[int] = []
        for part in parts[0][:3]:
            try:
                out.append(int(part))
            except (TypeError, ValueError):
                break
        if out:
            return out, ""
    literal = value.get("literal") or value.get("raw") or ""
    return [], str(literal)


def date_sort_key(value: Any) -> str:
    """``YYYYMMDD`` (zeros for unknown parts); "" when the date has no year."""
    parts, literal = date_parts(value)
    if not parts:
        return literal
    year, month, day = [*parts, 0, 0][:3]
    return f"{year + 10000:05d}{month:02d}{day:02d}"
