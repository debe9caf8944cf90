"""The shapes of a citation's source group, one for each style (a table, not logic).

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
Science (AAAS)              ``01 May 2020: Vol. 368, Issue 6490, pp. 489-493``
APS / physiology            ``88: 83-91, 2010``, ``143, 235-249, 2016``
PMC copies of MDPI          ``2022 28:1773-1784`` (the ``;`` lost)
ACM without pages           ``10 (2012).`` at the end
ResearchGate                ``Journal. 15. 244-7.`` at the end (the year after the names)
Wikipedia (CS1), no pages   ``Journal. 24 (2).`` at the end
ABNT (Brazil)               ``v. 40, n. 3, p. 45-52, 2015``
==========================  =================================================

Every pattern is bounded and anchored on digits (or on the word it starts with, see
:data:`STARTS`), so a long line is scanned in linear time; :mod:`refgraph.sources._source`
finds the one that fits a citation.
"""

from __future__ import annotations

import re

__all__ = ["MON", "NEEDS", "SHAPES", "STARTS", "YEAR"]

#: A publication year (not a part of a longer number).
YEAR = r"(?<![\d./-])(?:1[6-9]|20)\d\d(?![\d/])"
MON = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
    r"|Spring|Summer|Autumn|Fall|Winter"
)
_Y = rf"(?P<year>{YEAR})[a-z]?"
_DATE = rf"{_Y}(?:\s+(?P<month>{MON})(?:\s*-\s*(?:{MON}))?(?:\s+\d{{1,2}})?)?"
_VOL = r"(?P<volume>(?:Suppl\.?\s*)?[A-Z]?\d{1,5}[A-Z]?)"
#: after "vol.": IEEE's older volumes carry their Transactions' letters ("vol. BME-32")
_IEEE_VOL = r"(?P<volume>(?:[A-Z]{2,5}-)?\d{1,5}[A-Z]?)"
_ISS = r"\(\s*(?P<issue>[^()]{1,30}?)\s*\)"
# a page, an article number or an e-locator: 57, e0146021, M111.010595, gkac1003, 612-620.e5
_PAGE = r"(?:[A-Za-z]{1,5})?\d[\w.]{0,30}"
_PAGES = rf"(?P<pages>{_PAGE}(?:\s*-\s*{_PAGE})?)"

SHAPES: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
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
            rf"(?:(?P<month>{MON})\s+)?{_Y},\s*Pages?\s+{_PAGES}",
        ),
        # Science (AAAS) pages: Science 01 May 2020: Vol. 368, Issue 6490, pp. 489-493
        (
            "aaas",
            9,
            rf"(?:\d{{1,2}}\s+(?P<month>{MON})\s+{_Y}\s*:\s*)?[Vv]ol\.\s*{_VOL},\s*Issue\s+"
            rf"(?P<issue>[\w-]{{1,10}}),\s*pp?\.\s*{_PAGES}",
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
            rf"(?:(?P<month>{MON})\s+)?{_Y})?",
        ),
        (
            "chicago",
            9,
            rf"{_VOL},\s*no\.\s*(?P<issue>[\w/-]{{1,10}})\s*\(\s*(?:(?P<month>{MON})\s*)?"
            rf"{_Y}\s*\)\s*:\s*{_PAGES}",
        ),
        # Chicago without an issue: History 17 (1998): 124-55 / Poetry 37 (February 1931): 269
        (
            "chicago-vol",
            9,
            rf"{_VOL}\s*\(\s*(?:(?P<month>{MON})\s*)?{_Y}\s*\)\s*:\s*{_PAGES}",
        ),
        # MLA as Google Scholar's "Cite" writes it: Science 353.6294 (2016): 78-82 (the issue
        # after a dot; "vol." and "no." left out)
        (
            "scholar-mla",
            10,
            rf"(?<![\d.]){_VOL}\.(?P<issue>\d{{1,5}})\s*\(\s*(?:(?P<month>{MON})\s*)?{_Y}\s*\)"
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
            rf"{_VOL},\s*(?P<issue>\d{{1,4}}(?:[-–]\d{{1,4}})?|[A-Z]{{2,6}}\d{{0,3}})\s*\(\s*(?:(?P<month>{MON})\s*)?{_Y}\s*\)\s*,\s*"
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
            rf"[Vv]ol\.\s*{_IEEE_VOL},\s*[Nn]o\.\s*(?P<issue>[\w/-]{{1,10}}),\s*pp?\.\s*{_PAGES},\s*"
            rf"(?:[A-Za-z./ ]{{0,24}}\s)?{_Y}",
        ),
        (
            "ieee-date",
            9,
            rf"[Vv]ol\.\s*{_IEEE_VOL},\s*[Nn]o\.\s*(?P<issue>[\w/-]{{1,10}}),\s*"
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
            rf"[Vv]ol\.\s*{_IEEE_VOL},\s*pp?\.\s*{_PAGES}(?:,\s*(?:(?P<month>{MON})\s+)?{_Y})?",
        ),
        # ABNT (Brazilian journals): v. 40, n. 3, p. 45-52, 2015 / v. 12, p. 1-9, jan./mar. 2006
        # / v. 43, n. 7, e47, 2015 / v. 21, n. 3, 2021 (no pages) / v. 10, 2023
        (
            "abnt",
            9,
            rf"v\.\s*{_VOL},\s*(?:(?:n\.|supl\.)\s*(?P<issue>[\w/-]{{1,10}}),\s*)?"
            rf"(?:(?:p\.\s*)?{_PAGES},\s*)?"
            rf"(?:[a-z]{{3,4}}\.?(?:/[a-z]{{3,4}}\.?)?\s+)?{_Y}",
        ),
        # Frontiers: Ear Hear. (2012) 33(5):e1 / Pediatr Diabetes (2022) 23(8):1151-6
        ("frontiers", 9, rf"\(\s*{_Y}\s*\)\.?\s*{_VOL}\s*(?:{_ISS})?\s*:\s*{_PAGES}"),
        # APS / CS: 88: 83-91, 2010 / 17 259-273, 1991 / 10(12) 1952-1962, December 1992
        (
            "aps",
            8,
            rf"{_VOL}\s*(?:{_ISS})?\s*(?:[:,]|\s(?=\S+\s*-))\s*{_PAGES}\s*,\s*"
            rf"(?:(?P<month>{MON})\s+)?{_Y}(?!\s*[;:(\d])",
        ),
        # a volume and issue with only a date: 13(4), May 1995
        (
            "vi-date",
            7,
            rf"{_VOL}\s*\(\s*(?P<issue>[^()]{{1,12}}?)\s*\)\s*,\s*(?:(?P<month>{MON})\s+)?{_Y}"
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
        # ResearchGate's "Cite": (2012). Title. Journal of breast cancer. 15. 244-7.
        # (not after a page or volume mark: "v. 24, p. 265. 1989." is a page and a year)
        ("researchgate", 6, rf"(?<=[a-z]\. )(?<!\bp\. )(?<!\bpp\. )(?<!\bv\. )"
                            rf"{_VOL}\.\s+{_PAGES}\s*\.?\s*$"),
        # Wikipedia's CS1 without pages: "Title". The Annals of Statistics. 24 (2).
        ("cs1-vol", 4, rf"(?<=[a-z]\. ){_VOL}\s*{_ISS}\s*\.?\s*$"),
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
#: Characters or words a shape cannot match without (any one of them).
NEEDS: dict[str, tuple[str, ...]] = {
    "nlm": (";",), "nlm-pp": (";",), "nlm-eloc": (":",), "year-colon": (";",),
    "oup": ("Volume",), "aaas": ("Issue",), "mla": ("vol.",), "pmc-mla": ("vol.",),
    "pmc-mla-date": ("vol.",),
    "cochrane": ("Issue",), "chicago": ("no.",), "elsevier": ("(",),
    "acm": ("(",), "nature": ("(",), "acs": (",",), "ieee": ("ol.",), "ieee-date": ("ol.",),
    "vol-no": ("o.",), "chicago-vol": ("(",), "scholar-mla": ("(",), "ieee-vol": ("ol.",),
    "frontiers": ("(",),
    "aps": (",",), "vi-date": ("(",), "abnt": ("v.",), "year-vip": (":",), "vol-year": ("(",),
    "vip": (":", ","), "bmc": (",",), "vol-only": (",",), "researchgate": (". ",),
    "cs1-vol": ("(",),
}  # fmt: skip
#: Where each shape can start: d a digit, u a capital (S1, Suppl), v Vol/vol, ( a bracket.
STARTS: dict[str, str] = {
    "nlm": "d", "nlm-pp": "d", "nlm-eloc": "d", "year-colon": "d", "bmc": "d", "acs": "d",
    "year-end": "d(", "oup": "v", "aaas": "dv", "mla": "v", "pmc-mla": "v", "pmc-mla-date": "v",
    "cochrane": "d", "ieee": "v", "ieee-date": "v", "vol-no": "duv",
    "chicago": "du", "chicago-vol": "du", "scholar-mla": "du", "ieee-vol": "v", "elsevier": "du",
    "acm": "du",
    "nature": "du", "aps": "du",
    "vi-date": "du", "vip": "duv", "frontiers": "(", "vol-only": "du", "abnt": "v",
    "year-vip": "d", "vol-year": "du", "researchgate": "du", "cs1-vol": "du",
}  # fmt: skip
