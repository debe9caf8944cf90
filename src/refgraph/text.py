"""Small text normalisations shared by every reader and writer (pure; imports nothing of refgraph).

One home for each decision, so that the same citation gives the same fields from every
input format:

- :func:`fold`: accent-free, case-folded text, the key of every accent-insensitive compare.
- :func:`squash`: whitespace runs to one space, ends trimmed.
- :func:`plain`: folded words without punctuation, the form titles and names are compared in.
- :data:`MONTHS`, :func:`normalize_month`, :func:`month_number`: the one month table;
  :func:`year_month` reads a free-text date (CSL ``raw``, Zotero ``date``) with it.
- :func:`expand_pages`: the canonical page form; :func:`abbreviate_pages` its NLM inverse.
- :func:`has_controls`, :func:`without_controls`, :func:`xml_text`: control characters
  (PDF debris, terminal escapes) out of text before it reaches any output.

**Control characters** have no place in a bibliography and break outputs (XML 1.0 forbids
them in GraphML, GEXF and HTML; LaTeX refuses them; a terminal obeys escape sequences).
:func:`without_controls` removes terminal escape sequences (``ESC [ ... m``, ``ESC ] ...``)
whole, turns the control characters that Python counts as whitespace (vertical tab, form
feed, the information separators, NEL) into a space, and drops every other C0/C1 control
and DEL; tab, line feed and carriage return stay.

**Pages** are stored hyphenated and fully expanded (the form the model documents):

- any dash (``-``, ``--``, en/em dash, minus, with or without spaces) becomes one ``-``;
- an abbreviated end is completed from the start: ``403–11`` -> ``403-411``,
  ``e387-98`` -> ``e387-e398``, ``D48-53`` -> ``D48-D53`` (the start's letter prefix is
  repeated); an end that would then fall before the start (``99-1``) is kept as written;
- forms that are not a numeric range stay as written, whitespace squashed
  (``865-878.e8``, ``iii-iv``, ``S1-S10``, ``Suppl 2``); a trailing period is dropped;
- several ranges, separated by commas or semicolons in the input, are expanded one by one
  and joined by ``", "`` (BibTeX's and NLM's separator): ``571-81; 600-2`` ->
  ``571-581, 600-602``.

:func:`expand_pages` is idempotent: its output reads back as itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "ET_AL_SPELLINGS",
    "INCOMPLETE_AUTHORS_NOTE",
    "MONTHS",
    "UNICODE_SPACES",
    "abbreviate_pages",
    "expand_pages",
    "fold",
    "has_controls",
    "month_number",
    "normalize_month",
    "plain",
    "roman",
    "squash",
    "stray_controls",
    "terminal_safe",
    "without_controls",
    "without_stray_controls",
    "xml_text",
    "year_month",
]

#: The note MEDLINE (``GN``) and RIS (``N1``) exports carry for a cut-short author list:
#: neither format has an "et al"; their readers read the note back as ``et_al``.
INCOMPLETE_AUTHORS_NOTE = "Author list incomplete (et al.)"

#: The spaces other than the space, tab and no-break space (Ogham, the en to hair spaces, narrow
#: no-break, medium mathematical, ideographic) and the line and paragraph separators: every
#: reader reads them as a space, and LaTeX stops at them.
UNICODE_SPACES = ("\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                  "\u202f\u205f\u3000\u2028\u2029")

#: A name that stands for the authors a citation leaves out (lower case): CSL-JSON's
#: ``{"literal": "others"}`` and its variants.
ET_AL_SPELLINGS = frozenset({"others", "et al", "et al.", "et al..", "and others"})

_ESCAPE_SEQUENCE = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
_CONTROLS_RE = re.compile(rf"{_ESCAPE_SEQUENCE}|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACE_CONTROLS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")
#: The controls that are not whitespace to Python (nor line breaks): pure debris.
_STRAY_RE = re.compile(rf"{_ESCAPE_SEQUENCE}|[\x00-\x08\x0e-\x1a\x7f-\x84\x86-\x9f]")
#: One character class each, for the quick "is there any?" (every escape sequence starts
#: with ESC, which both classes hold): a scan of 50 MB in a fraction of the alternation's time.
_ANY_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANY_STRAY_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
#: What XML 1.0 forbids once :func:`without_controls` ran: noncharacters and lone surrogates.
_NOT_XML_RE = re.compile("[\ufffe\uffff\ud800-\udfff]")


def has_controls(text: str) -> bool:
    """Return whether :func:`without_controls` would change ``text``.

    >>> has_controls("Title\\x01"), has_controls("a\\tb\\nc")
    (True, False)
    """
    return _ANY_CONTROL_RE.search(text) is not None


def _replace_control(match: re.Match[str]) -> str:
    return " " if match.group(0) in _SPACE_CONTROLS else ""


def without_controls(text: str) -> str:
    """Return ``text`` without control characters and terminal escape sequences.

    >>> without_controls("A \\x1b[31mred\\x1b[0m title\\x01 of a\\x0bstudy")
    'A red title of a study'
    """
    if text.isprintable() or _CONTROLS_RE.search(text) is None:
        return text
    return _CONTROLS_RE.sub(_replace_control, text)


def stray_controls(text: str) -> list[str]:
    """Return the control characters and escape sequences in ``text`` that are not whitespace.

    >>> stray_controls("a\\x01b\\x1b[31mc\\td\\x0ce")
    ['\\x01', '\\x1b[31m']
    """
    return _STRAY_RE.findall(text) if _ANY_STRAY_RE.search(text) else []


def without_stray_controls(text: str) -> str:
    """Return ``text`` without :func:`stray_controls` (whitespace and line breaks untouched).

    >>> without_stray_controls("a\\x01b\\x1b[31mc\\td\\x0ce")
    'abc\\td\\x0ce'
    """
    return _STRAY_RE.sub("", text)


#: What a message must not carry to a terminal: control characters (a line break too: a
#: message is one line) and the bidirectional overrides and isolates that reorder it.
_TERMINAL_UNSAFE_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(message: str) -> str:
    """``message`` with every control character and bidirectional override spelt as an
    escape, for stderr: a file named ``a<ESC>[2J<LF>b.txt`` neither clears the screen nor
    breaks its problems' one line each.

    >>> print(terminal_safe("a\\x1b[2J\\nb.txt: x \\u202eevil"))
    a\\x1b[2J\\nb.txt: x \\u202eevil
    """
    if message.isprintable() or _TERMINAL_UNSAFE_RE.search(message) is None:
        return message
    return _TERMINAL_UNSAFE_RE.sub(lambda m: m.group().encode("unicode_escape").decode(), message)


def xml_text(text: str) -> str:
    """Return ``text`` with nothing XML 1.0 forbids: :func:`without_controls`, and no
    noncharacter (U+FFFE, U+FFFF) or lone surrogate.

    >>> xml_text("a\\x00b\\ufffe")
    'ab'
    """
    text = without_controls(text)
    return text if text.isprintable() else _NOT_XML_RE.sub("", text)


def fold(text: str) -> str:
    """Return ``text`` without accents, lower-cased: the key for accent-insensitive compares.

    >>> fold("Gökbuget"), fold("ABC")
    ('gokbuget', 'abc')
    """
    if text.isascii():  # the common case, and 20x cheaper than decomposing
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def squash(text: str) -> str:
    """Return ``" ".join(text.split())``, skipping the split when it cannot change ``text``.

    A printable string holds no whitespace but ``" "`` (``isprintable`` is false for tabs,
    newlines, NBSP and every other separator), so without doubled, leading or trailing
    spaces it is already normal; long abstracts then cost one scan, not a word list. A
    printable string without a space (one word: most names and MeSH terms, and ``""``) is
    normal without the other tests.

    >>> squash("  a\\n b  "), squash("")
    ('a b', '')
    """
    if " " not in text:
        if text.isprintable():
            return text
    elif text.isprintable() and "  " not in text and text[0] != " " != text[-1]:
        return text
    return " ".join(text.split())


_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Return ``text`` folded, with every run of punctuation or whitespace one space.

    >>> plain("Inotuzumab ozogamicin: first-line, in vivo?")
    'inotuzumab ozogamicin first line in vivo'
    """
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


# --------------------------------------------------------------------------- months

#: The month names refgraph stores (``Reference.month``, ``PubmedRecord.month``).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip
_MONTH_BY_KEY = {m.lower(): m for m in MONTHS}
_MONTH_BY_KEY |= {str(i): m for i, m in enumerate(MONTHS, 1)}
_MONTH_BY_KEY |= {f"{i:02d}": m for i, m in enumerate(MONTHS, 1)}
_MONTH_BY_KEY |= dict(zip(_FULL_MONTHS, MONTHS, strict=True))
_FULL_OF = dict(zip(MONTHS, _FULL_MONTHS, strict=True))
_LEADING_WORD = re.compile(r"([a-z]{3,})\.?(?![a-z])")


def normalize_month(value: str) -> str:
    """Return the 3-letter English month of ``value``, or ``""`` when it names none.

    Accepted: ``1``-``12`` and ``01``-``12``, the month's name or any abbreviation of it
    of three letters or more (``Sept.``), in any case, also when more follows (``Jul-Aug``
    is July: the issue's first month).

    >>> [normalize_month(v) for v in ("01", "september", "Sept.", "Jul-Aug", "Spring", "13")]
    ['Jan', 'Sep', 'Sep', 'Jul', '', '']
    """
    key = value.strip().lower()
    hit = _MONTH_BY_KEY.get(key)
    if hit is not None:
        return hit
    word = _LEADING_WORD.match(key)
    if word is None:
        return ""
    name = word.group(1)
    month = _MONTH_BY_KEY.get(name[:3], "")
    return month if month and _FULL_OF[month].startswith(name) else ""


def month_number(value: str) -> int:
    """Return 1-12 for a month :func:`normalize_month` knows, else 0.

    >>> month_number("Aug"), month_number("12"), month_number("")
    (8, 12, 0)
    """
    month = normalize_month(value)
    return MONTHS.index(month) + 1 if month else 0


# --------------------------------------------------------------------------- pages

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-"))
_SIMPLE_RANGE_RE = re.compile(r"([0-9]{1,9})[-\u2013]([0-9]{1,9})")
_RANGE_RE = re.compile(r"([A-Za-z]{0,3})(\d{1,9})-([A-Za-z]{0,3})(\d{1,9})")
_DASH_RUN_RE = re.compile(r"\s*-+(?:\s+-+)*\s*")  # "1 - - 2" is one dash, as "1--2" is
_RANGE_SEPARATOR_RE = re.compile(r"\s*[,;]\s*")
_NUMERIC_RANGE_RE = re.compile(r"(\d+)-(\d+)")


def _complete(start: str, end: str) -> str:
    """The end page written in full (``403``, ``11`` -> ``411``); as written when the full
    form would fall before the start."""
    if len(end) >= len(start):
        return end
    full = start[: len(start) - len(end)] + end
    # ASCII digits of the same length compare as strings as they do as numbers
    return full if full >= start else end


def _expand_range(part: str) -> str:
    part = _DASH_RUN_RE.sub("-", part) if "-" in part else part
    m = _RANGE_RE.fullmatch(part)
    if m is None:
        return part
    prefix, start, end_prefix, end = m.groups()
    if end_prefix and end_prefix != prefix:
        return part
    return f"{prefix}{start}-{prefix}{_complete(start, end)}"


def expand_pages(pages: str) -> str:
    """Return ``pages`` in the canonical form: hyphenated and fully expanded (see above).

    >>> [expand_pages(p) for p in ("740-53", "403–11", "e387–e398", "2101", "e387-98")]
    ['740-753', '403-411', 'e387-e398', '2101', 'e387-e398']
    >>> expand_pages("D48-53"), expand_pages("865-878.e8"), expand_pages("571-81; 600-2")
    ('D48-D53', '865-878.e8', '571-581, 600-602')
    """
    if pages.isascii():  # short cuts, read as below: "2101", "740-53" (without a regex)
        if pages.isdigit():
            return pages
        start, dash, end = pages.partition("-")
        if dash and 0 < len(start) <= 9 and 0 < len(end) <= 9 and start.isdigit() and end.isdigit():
            return f"{start}-{_complete(start, end)}"
    simple = _SIMPLE_RANGE_RE.fullmatch(pages)  # "740-53", "740–53"
    if simple is not None:
        start, end = simple.groups()
        return f"{start}-{_complete(start, end)}"
    return _expand_pages_general(pages)


def _expand_pages_general(pages: str) -> str:
    """:func:`expand_pages` for any form, without its short cuts."""
    text = " ".join(pages.translate(_DASH_TABLE).split()).strip(" .")
    if "," in text or ";" in text:
        parts = (_expand_range(p.strip(" .")) for p in _RANGE_SEPARATOR_RE.split(text))
        return ", ".join(p for p in parts if p)
    return _expand_range(text)


def abbreviate_pages(pages: str, dash: str = "-") -> str:
    """Abbreviate each numeric range the NLM way (``740-753`` -> ``740-53``), joined by ``dash``.

    Alphanumeric ranges (``e387-e398``) and single pages stay as they are.

    >>> [abbreviate_pages(p) for p in ("740-753", "1603-1610", "583-586", "98-102", "2101")]
    ['740-53', '1603-10', '583-6', '98-102', '2101']
    >>> abbreviate_pages("e387-e398"), abbreviate_pages("12-12"), abbreviate_pages("1-5, 9-12")
    ('e387-e398', '12', '1-5, 9-12')
    """
    if not pages:
        return ""
    match = _NUMERIC_RANGE_RE.fullmatch(pages)
    if not match:
        if ", " in pages:
            return ", ".join(abbreviate_pages(p, dash) for p in pages.split(", "))
        return pages.replace("-", dash)
    first, last = match.groups()
    if first == last:
        return first
    if len(first) == len(last):
        i = 0
        while i < len(last) - 1 and first[i] == last[i]:
            i += 1
        last = last[i:]
    return f"{first}{dash}{last}"


# --------------------------------------------------------------------------- dates and numerals
# (not used by the PubMed XML parser: outside the sections its cache version covers)

_DATE_YEAR_RE = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)(?!\d)")
_ISO_MONTH_RE = re.compile(r"[-/.](\d{1,2})(?!\d)")
_MONTH_WORD_RE = re.compile(r"[A-Za-z]{3,}")


def year_month(date: str) -> tuple[str, str]:
    """Return ``(year, month)`` of a free-text date, ``""`` for what it does not give.

    The year is the first four-digit year in the text. The month is a number right after
    the year (``2017-08-15``, ``2017/8``: year first, as ISO 8601 and CSL write it), else
    the first word that names a month (``2017 Aug 4``, ``August 15, 2017``). Numbers before
    the year (``15/08/2017``, ``08/15/2017``) are ambiguous and not read as a month.

    >>> [year_month(d) for d in ("2017-08-15", "2017/8", "Aug. 4, 2017", "2017 Sept")]
    [('2017', 'Aug'), ('2017', 'Aug'), ('2017', 'Aug'), ('2017', 'Sep')]
    >>> year_month("15/08/2017"), year_month("Spring 2016"), year_month("in press")
    (('2017', ''), ('2016', ''), ('', ''))
    """
    found = _DATE_YEAR_RE.search(date)
    if found is None:
        return "", ""
    number = _ISO_MONTH_RE.match(date, found.end())
    if number is not None:
        return found.group(1), normalize_month(number.group(1))
    for word in _MONTH_WORD_RE.findall(date):
        month = normalize_month(word)
        if month:
            return found.group(1), month
    return found.group(1), ""


def roman(number: int) -> str:
    """Lower-case roman numeral (1-3999; others as digits): CSL's ``roman`` form, Word's
    ``lowerRoman`` list numbers.

    >>> [roman(n) for n in (1, 4, 9, 14, 40, 1994, 0)]
    ['i', 'iv', 'ix', 'xiv', 'xl', 'mcmxciv', '0']
    """
    if not 0 < number < 4000:
        return str(number)
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):  # fmt: skip
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
