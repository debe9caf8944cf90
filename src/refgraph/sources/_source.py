"""Find a citation's source numbers - year, volume, issue, pages - in any style (pure).

A citation names its source as a journal followed by a group of numbers. The group's shape
is the style's, but it is always a short run of numbers and a few words (``vol``, ``no``,
``pp``, month names) right after the journal:

==========================  =================================================
style                       source group
==========================  =================================================
NLM / PubMed / AMA          ``2016 Aug 25;375(8):740-53``, ``2019;321(6):602``
PubMed ahead of print       ``2022 Nov 9:gkac1003``, ``2021 Feb 4;btab056``
year-colon                  ``1992: 268(2); 240-8``, ``2004: 2; 33``
APA / Vancouver / PLoS      ``489, 57-74``, ``75(2), 330-337``, ``11(5): e0155183``
Nature / Springer           ``593, 564-569 (2021)``, ``12, 51 (2020)``
Chicago                     ``13, no. 1 (2021): 43``
MLA                         ``vol. 122, no. 3171, 1955, pp. 625-631``
PubMed Central's MLA        ``vol. 12,3 (2020): 45-67``, ``vol. 8 534592. 30 Oct. 2020``
Google Scholar's MLA        ``353.6294 (2016): 78-82``
Cochrane Library            ``2013, Issue 8. Art. No.: CD006764``
Elsevier                    ``15 (1) (2017), p. 41``
Oxford (OUP)                ``Volume 34, Issue 13, July 2018, Pages i457-i466``
APS / physiology            ``88: 83-91, 2010``, ``143, 235-249, 2016``
PMC copies of MDPI          ``2022 28:1773-1784`` (the ``;`` lost)
ACM without pages           ``10 (2012).`` at the end
ABNT (Brazil)               ``v. 40, n. 3, p. 45-52, 2015``
==========================  =================================================

:func:`find_source` tries every shape and keeps the match that ends last in the text
(the source comes after the title, and a title may hold numbers); of matches that end at
the same place, the shape that says more (a year with the volume) wins. Every pattern is bounded
and anchored on digits, so a long line is scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.text import expand_pages

__all__ = ["YEAR", "Source", "find_source", "last_year", "normalise"]

#: A publication year (not a part of a longer number).
YEAR = r"(?<![\d./-])(?:1[6-9]|20)\d\d(?![\d/])"
_MON = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
    r"|Spring|Summer|Autumn|Fall|Winter"
)
_Y = rf"(?P<year>{YEAR})[a-z]?"
_DATE = rf"{_Y}(?:\s+(?P<month>{_MON})(?:\s*-\s*(?:{_MON}))?(?:\s+\d{{1,2}})?)?"
_VOL = r"(?P<volume>(?:Suppl\.?\s*)?[A-Z]?\d{1,5}[A-Z]?)"
_ISS = r"\(\s*(?P<issue>[^()]{1,30}?)\s*\)"
# a page, an article number or an e-locator: 57, e0146021, M111.010595, gkac1003, 612-620.e5
_PAGE = r"(?:[A-Za-z]{1,5})?\d[\w.]{0,30}"
_PAGES = rf"(?P<pages>{_PAGE}(?:\s*-\s*{_PAGE})?)"

_SHAPES: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
    (name, rank, re.compile(pattern))
    for name, rank, pattern in (
        # NLM: 2016 Aug 25;375(8):740-53 / 2003; 44 161-79 / 2021 Feb 4;btab056
        (
            "nlm",
            9,
            rf"{_DATE}\s*;\s*(?:{_VOL}(?:\s*{_ISS})?(?:(?:\s*:\s*|\s+(?=\d+\s*-)){_PAGES})?"
            rf"|(?P<eloc>[A-Za-z]{{1,5}}\d{{2,}}\w*))",
        ),
        ("nlm-pp", 9, rf"{_DATE}\s*;\s*pp?\.\s*{_PAGES}"),
        # BMC: Genome Medicine 2014, 6:88 / Nat Methods 2015, 12.
        (
            "bmc",
            8,
            rf"(?<=[A-Za-z.] ){_Y}\s*,\s*{_VOL}(?:\s*{_ISS})?(?:\s*:\s*{_PAGES})?\s*\.?\s*$",
        ),
        # ahead of print: 2022 Nov 9:gkac1003 (an identifier such as S0360-3016(20)34451-5 is
        # not a page: it is read, then dropped)
        ("nlm-eloc", 8, rf"{_DATE}\s*:\s*(?P<pages>[^\s;]{{1,40}}?)(?=\.?(?:\s|$))"),
        ("year-colon", 8, rf"{_Y}\s*:\s*{_VOL}\s*(?:{_ISS}|\))?\s*;\s*{_PAGES}"),
        (
            "oup",
            9,
            rf"Volume\s+{_VOL},\s*Issue\s+(?P<issue>[\w-]{{1,10}}),\s*(?:\d{{1,2}}\s+)?"
            rf"(?:(?P<month>{_MON})\s+)?{_Y},\s*Pages?\s+{_PAGES}",
        ),
        ("mla", 9, rf"vol\.\s*{_VOL},\s*no\.\s*(?P<issue>\w{{1,10}}),\s*{_Y},\s*pp?\.\s*{_PAGES}"),
        # the Cochrane Library's own: Cochrane Database of Systematic Reviews 2013, Issue 8. Art.
        # No.: CD006764 (the review number is its article number)
        (
            "cochrane",
            10,
            rf"{_Y}\s*,\s*Issue\s+(?P<issue>\d{{1,2}})\s*[.,]\s*Art\.?\s*No\.?\s*:?\s*"
            rf"(?P<pages>CD\d{{6}})",
        ),
        # PubMed Central's "Cite" in MLA: vol. 12,3 (2020): 45-67 / vol. 8 534592. 30 Oct. 2020
        # (copies of it keep the date elsewhere: vol. 8 534592.)
        (
            "pmc-mla",
            10,
            rf"vol\.\s*{_VOL}(?:,\s*(?P<issue>[\w/-]{{1,10}}))?\s*\(\s*{_Y}\s*\)\s*:\s*{_PAGES}",
        ),
        (
            "pmc-mla-date",
            10,
            rf"vol\.\s*{_VOL}(?:,\s*(?P<issue>[\w/-]{{1,10}}))?\s+{_PAGES}(?:\.\s*(?:\d{{1,2}}\s+)?"
            rf"(?:(?P<month>{_MON})\s+)?{_Y})?",
        ),
        (
            "chicago",
            9,
            rf"{_VOL},\s*no\.\s*(?P<issue>[\w/-]{{1,10}})\s*\(\s*(?:(?P<month>{_MON})\s*)?"
            rf"{_Y}\s*\)\s*:\s*{_PAGES}",
        ),
        # Chicago without an issue: History 17 (1998): 124-55 / Poetry 37 (February 1931): 269
        (
            "chicago-vol",
            9,
            rf"{_VOL}\s*\(\s*(?:(?P<month>{_MON})\s*)?{_Y}\s*\)\s*:\s*{_PAGES}",
        ),
        # MLA as Google Scholar's "Cite" writes it: Science 353.6294 (2016): 78-82 (the issue
        # after a dot; "vol." and "no." left out)
        (
            "scholar-mla",
            10,
            rf"(?<![\d.]){_VOL}\.(?P<issue>\d{{1,5}})\s*\(\s*(?:(?P<month>{_MON})\s*)?{_Y}\s*\)"
            rf"\s*:\s*{_PAGES}",
        ),
        # Elsevier / AMS: 15 (1) (2017), p. 41 / 347, (1995), 2235-2243 / 72 (1993), 2-23
        (
            "elsevier",
            9,
            rf"{_VOL}\s*(?:{_ISS})?\s*,?\s*\(\s*{_Y}\s*\)\s*,\s*(?:pp?\.\s*)?{_PAGES}",
        ),
        # ACM: Operations Research 36, 3 (1988), 454-469 / ... 26, 2-4 (2008) / 6, CSCW1 (2022)
        (
            "acm",
            9,
            rf"{_VOL},\s*(?P<issue>\d{{1,4}}(?:[-–]\d{{1,4}})?|[A-Z]{{2,6}}\d{{0,3}})\s*\(\s*(?:(?P<month>{_MON})\s*)?{_Y}\s*\)\s*,\s*"
            rf"{_PAGES}",
        ),
        # Nature / Springer: 593, 564-569 (2021) / Logic Programming 1 pp. 35-50 (1984)
        (
            "nature",
            9,
            rf"{_VOL}\s*(?:{_ISS})?\s*(?:,|\s+pp?\.)\s*{_PAGES}\s*\(\s*{_Y}\s*\)",
        ),
        # ACS: Nano Lett. 2010, 10, 1012
        ("acs", 9, rf"(?<=[A-Za-z.] ){_Y}\s*,\s*{_VOL}\s*(?:{_ISS})?\s*,\s*{_PAGES}"),
        # IEEE: vol. 7, no. 3, pp. 305-317, Jul. 1977 / Vol. 74, No. 5, Oct 1995, pp. 54-67
        (
            "ieee",
            9,
            rf"[Vv]ol\.\s*{_VOL},\s*[Nn]o\.\s*(?P<issue>[\w/-]{{1,10}}),\s*pp?\.\s*{_PAGES},\s*"
            rf"(?:[A-Za-z./ ]{{0,24}}\s)?{_Y}",
        ),
        (
            "ieee-date",
            9,
            rf"[Vv]ol\.\s*{_VOL},\s*[Nn]o\.\s*(?P<issue>[\w/-]{{1,10}}),\s*"
            rf"(?:[A-Za-z./ ]{{0,24}}\s)?{_Y},\s*pp?\.\s*{_PAGES}",
        ),
        # the same without a date: Vol. 19, No. 1, pp. 5-28 / 84, No. 1, 119-127
        (
            "vol-no",
            8,
            rf"(?:[Vv]ol\.\s*)?{_VOL},\s*[Nn]o\.\s*(?P<issue>[\w/-]{{1,10}}),\s*"
            rf"(?:pp?\.\s*|[Pp]ages?\s+)?{_PAGES}",
        ),
        # IEEE without an issue: Vol. 8, pp. 129-139, March 1986
        (
            "ieee-vol",
            8,
            rf"[Vv]ol\.\s*{_VOL},\s*pp?\.\s*{_PAGES}(?:,\s*(?:(?P<month>{_MON})\s+)?{_Y})?",
        ),
        # ABNT (Brazilian journals): v. 40, n. 3, p. 45-52, 2015 / v. 12, p. 1-9, jan./mar. 2006
        (
            "abnt",
            9,
            rf"v\.\s*{_VOL},\s*(?:(?:n\.|supl\.)\s*(?P<issue>[\w/-]{{1,10}}),\s*)?p\.\s*{_PAGES},\s*"
            rf"(?:[a-z]{{3,4}}\.?(?:/[a-z]{{3,4}}\.?)?\s+)?{_Y}",
        ),
        # Frontiers: Ear Hear. (2012) 33(5):e1 / Pediatr Diabetes (2022) 23(8):1151-6
        ("frontiers", 9, rf"\(\s*{_Y}\s*\)\.?\s*{_VOL}\s*(?:{_ISS})?\s*:\s*{_PAGES}"),
        # APS / CS: 88: 83-91, 2010 / 17 259-273, 1991 / 10(12) 1952-1962, December 1992
        (
            "aps",
            8,
            rf"{_VOL}\s*(?:{_ISS})?\s*(?:[:,]|\s(?=\S+\s*-))\s*{_PAGES}\s*,\s*"
            rf"(?:(?P<month>{_MON})\s+)?{_Y}(?!\s*[;:(\d])",
        ),
        # a volume and issue with only a date: 13(4), May 1995
        (
            "vi-date",
            7,
            rf"{_VOL}\s*\(\s*(?P<issue>[^()]{{1,12}}?)\s*\)\s*,\s*(?:(?P<month>{_MON})\s+)?{_Y}"
            rf"\.?\s*$",
        ),
        (
            "vip",
            5,
            rf"(?<![\w.])(?:vol\.?\s*)?{_VOL}\s*(?:{_ISS})?\s*"
            rf"(?::|,\s*(?:pp?\.|[Pp]ages?)?)\s*{_PAGES}",
        ),
        # PMC copies of MDPI sources that lost their ";": Nat. Med. 2022 28:1773-1784
        (
            "year-vip",
            9,
            rf"(?<=[A-Za-z.] ){_Y}\s+{_VOL}\s*(?:{_ISS})?\s*:\s*{_PAGES}",
        ),
        # ACM without pages: Cochrane Database of Systematic Reviews 10 (2012).
        (
            "vol-year",
            3,
            rf"(?<=[A-Za-z.] ){_VOL}\s*(?:{_ISS})?\s*\(\s*{_Y}\s*\)\s*\.?\s*$",
        ),
        # only a year after the journal: Nature 2014 / Nature Genetics (2014)
        ("year-end", 1, rf"(?<=[A-Za-z.] )\(?{_Y}\)?\s*\.?\s*$"),
        (
            "vol-only",
            2,
            rf"(?:(?<=,)|(?<=, )){_VOL}\s*(?:\(\s*(?P<issue>[^()]{{1,12}}?)\s*\))?\s*\.?\s*$",
        ),
    )
)
_MONTH_BEFORE_RE = re.compile(rf"(?:{_MON})\s*$")
_ACCESSED_RE = re.compile(r"\b(?:Accessed|Retrieved|cited|Viewed|Downloaded)\b", re.I)
#: Characters or words a shape cannot match without (any one of them).
_NEEDS: dict[str, tuple[str, ...]] = {
    "nlm": (";",), "nlm-pp": (";",), "nlm-eloc": (":",), "year-colon": (";",),
    "oup": ("Volume",), "mla": ("vol.",), "pmc-mla": ("vol.",), "pmc-mla-date": ("vol.",),
    "cochrane": ("Issue",), "chicago": ("no.",), "elsevier": ("(",),
    "acm": ("(",), "nature": ("(",), "acs": (",",), "ieee": ("ol.",), "ieee-date": ("ol.",),
    "vol-no": ("o.",), "chicago-vol": ("(",), "scholar-mla": ("(",), "ieee-vol": ("ol.",),
    "frontiers": ("(",),
    "aps": (",",), "vi-date": ("(",), "abnt": ("v.",), "year-vip": (":",), "vol-year": ("(",),
    "vip": (":", ","), "bmc": (",",), "vol-only": (",",),
}  # fmt: skip
#: Where any shape can start: a digit, or the words some shapes start with.
_ANCHOR_RE = re.compile(r"\d|Volume|vol\.|Suppl|\bv\.")


# the parts of a source group (a field list of the same shape as others, not logic)
@dataclass(frozen=True, slots=True)
class Source:
    """A source group: where it is in the text and what it says (empty strings if not)."""

    start: int
    end: int
    shape: str
    year: str = ""
    month: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""


def _group(m: re.Match[str], name: str) -> str:
    try:
        value = m.group(name)
    except IndexError:
        return ""
    return value.strip() if value else ""


def _plausible(m: re.Match[str], shape: str, text: str) -> bool:
    volume, pages = _group(m, "volume"), _group(m, "pages")
    if shape in ("vip", "vol-only", "vol-year", "aps", "nature", "elsevier", "chicago"):
        # a volume is a number of a few digits, not a year ("in 2019, 5 ...", "July 9, 2026")
        digits = volume.removeprefix("Suppl").strip(". ")
        if not digits or (shape in ("vip", "vol-only", "vol-year")
                          and re.fullmatch(YEAR, digits)):
            return False
        issue = _group(m, "issue")
        if issue and re.fullmatch(YEAR, issue):  # "12, 51 (2020)": a year, not an issue
            return False
    if shape == "vip":
        before = text[max(0, m.start() - 2) : m.start()]
        if before.endswith(("(", "-")):  # "(2) 159-68" is an issue, "1999-2012" a span
            return False
        if pages and not re.search(r"\d", pages):
            return False
        if len(volume) == 1 and len(pages) == 1:  # a ratio (2:1), no source
            return False
        if _MONTH_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            return False  # "Accessed July 9, 2026" is a date
    if shape == "year-end" and (
        _MONTH_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
        or _ACCESSED_RE.search(text, max(0, m.start() - 40), m.start())
    ):
        return False  # "Accessed 13 Dec. 2020": when the page was read
    if shape in ("vi-date", "pmc-mla-date") and re.fullmatch(
        YEAR, volume if shape == "vi-date" else pages.rstrip(".")
    ):
        return False
    return bool(volume or pages or shape.startswith("nlm") or shape in ("vol-only", "year-end"))


#: Characters at the end of a citation looked at first (a source group is far shorter).
_WINDOW = 240


def _best_match(text: str, pos: int) -> tuple[int, int, re.Match[str], str] | None:
    """The shape match that ends last from ``pos`` on (and, at one end, says the most).

    Every shape starts at a number, a capital before a number, ``(`` or ``Vol``/``vol``:
    the shapes are tried at those places only (:data:`_CANDIDATE_RE`), each shape at the
    places it can start (:data:`_STARTS`).
    """
    shapes = [(shape, rank, pattern, _STARTS[shape]) for shape, rank, pattern in _SHAPES
              if (needs := _NEEDS.get(shape)) is None or any(n in text for n in needs)]  # fmt: skip
    best: tuple[int, int, re.Match[str], str] | None = None
    for cand in _CANDIDATE_RE.finditer(text, pos):
        start = cand.start()
        kind = _kind(text[start])
        for shape, rank, pattern, starts in shapes:
            if kind not in starts:
                continue
            m = pattern.match(text, start)
            if m is None or not _plausible(m, shape, text):
                continue
            end = start + len(m.group().rstrip(" .,;"))
            if best is None or (end, rank) > best[:2]:
                best = (end, rank, m, shape)
    return best


def _kind(char: str) -> str:
    if char.isdigit():
        return "d"
    if char in "Vv":
        return "v"
    return "(" if char == "(" else "u"


#: Where each shape can start: d a digit, u a capital (S1, Suppl), v Vol/vol, ( a bracket.
_STARTS: dict[str, str] = {
    "nlm": "d", "nlm-pp": "d", "nlm-eloc": "d", "year-colon": "d", "bmc": "d", "acs": "d",
    "year-end": "d(", "oup": "v", "mla": "v", "pmc-mla": "v", "pmc-mla-date": "v",
    "cochrane": "d", "ieee": "v", "ieee-date": "v", "vol-no": "duv",
    "chicago": "du", "chicago-vol": "du", "scholar-mla": "du", "ieee-vol": "v", "elsevier": "du",
    "acm": "du",
    "nature": "du", "aps": "du",
    "vi-date": "du", "vip": "duv", "frontiers": "(", "vol-only": "du", "abnt": "v",
    "year-vip": "d", "vol-year": "du",
}  # fmt: skip
_CANDIDATE_RE = re.compile(r"(?<!\d)\d|[A-Z](?=\d)|Suppl|[Vv]ol|\bv\.(?=\s?\d)|\(")


def find_source(text: str) -> Source | None:
    """Return the source group of a citation (identifiers already taken out, the text
    normalised by :func:`normalise`), or ``None``.

    >>> s = find_source("Smith J. A title. N Engl J Med. 2016 Aug 25;375(8):740-53.")
    >>> s.shape, s.year, s.volume, s.issue, s.pages
    ('nlm', '2016', '375', '8', '740-753')
    >>> s = find_source("Bernstein, B. E. (2012). Title. Nature, 489, 57-74.")
    >>> s.shape, s.year, s.volume, s.pages
    ('vip', '', '489', '57-74')
    """
    if _ANCHOR_RE.search(text) is None:
        return None
    best = None
    if len(text) > _WINDOW:  # the source is near the end: look there first
        best = _best_match(text, len(text) - _WINDOW)
        if best is not None and best[0] < len(text) - _WINDOW // 2:
            best = None  # it may have begun before the window: look at the whole text
    if best is None:
        best = _best_match(text, 0)
    if best is None:
        return None
    _, _, m, shape = best
    pages = _group(m, "pages") or _group(m, "eloc")
    pages = re.sub(r"\s*-\s*", "-", pages).rstrip(".")
    if "(" in pages or ")" in pages:
        pages = ""
    volume = _group(m, "volume")
    return Source(
        m.start(), m.end(), shape, _group(m, "year"), _group(m, "month"), volume,
        _group(m, "issue"), expand_pages(pages) if pages else "",
    )  # fmt: skip


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


_SPACE_BEFORE_RE = re.compile(r"\s+([.,;](?:\s|$))")


def normalise(text: str) -> str:
    """One space between words, every dash a ``-`` (``--`` too): the text :func:`find_source`
    and the readers work on."""
    text = " ".join(text.translate(_DASHES).split())
    if " ." in text or " ," in text:  # "title . Journal": what an identifier taken out left
        text = _SPACE_BEFORE_RE.sub(r"\1", text)
    return text.replace("--", "-") if "--" in text else text


_LAST_YEAR_RE = re.compile(YEAR)


def last_year(text: str) -> str:
    """The last plausible publication year in ``text`` (``""`` if none)."""
    found = _LAST_YEAR_RE.findall(text)
    return found[-1] if found else ""
