"""GB/T 7714, China's national standard for reference lists (pure).

::

    [1] 楼晓明，朱心强，秦建芬等.GNB3基因多态性与肥胖相关性[J].上海交通大学学报, 2006, 26(8):895-8
    [2] JJ Roh，MJ Kim etc.Positive association ...[J].J Clin Endocrinol Metab, 2006, 91(12):5095-9

Authors (``等``, ``etc``, ``et al`` for the rest), a full stop, the title, the type of the
work in brackets (``[J]`` a journal article, ``[M]`` a book, ``[C]`` proceedings, ``[D]`` a
thesis, ``[R]`` a report, ``[N]`` a newspaper, ``[P]`` a patent, ``[S]`` a standard,
``[EB/OL]`` a web page, ``[J/OL]`` an online article...), a full stop, then the source: for
an article ``刊名, 年, 卷(期): 页码``. Chinese punctuation is written full width (``，``
``．`` ``：`` ``（）``). A Chinese name is one word (family and given name unseparated): it
is the author's name as written.
"""

from __future__ import annotations

import re

from refgraph.model import Author
from refgraph.sources._names import read_names

__all__ = ["full_width_punctuation", "is_gbt", "read_gbt"]

_FULL_WIDTH = str.maketrans({"，": ", ", "．": ". ", "：": ": ", "（": "(", "）": ")", "；": "; ",
                             "。": ". ", "［": "[", "］": "]"})  # fmt: skip
_TYPE_RE = re.compile(r"\[(?:[JMCDRNPSZAG]|EB|DB|CP|[JMCDRNEC]B?/(?:OL|CD|MT|DK))\]")
_HEAD_RE = re.compile(
    r"^(?P<authors>[^.\[\]]{1,400}?)(?P<rest>,?\s*(?:et\s*a[l1]|etc|等))?\s*\.\s*"
    r"(?P<title>[^\[\]]{2,600}?)\s*(?P<type>\[[A-Z/]{1,5}\])\s*\.?\s*(?P<source>.*)$"
)
_YEAR = r"(?:1[6-9]|20)\d\d"
_ARTICLE_RE = re.compile(
    rf"^(?P<journal>[^,]{{2,200}}?)\s*,\s*(?P<year>{_YEAR})[a-z]?\s*"
    r"(?:,\s*(?P<volume>[\w-]{1,12}))?\s*(?:\(\s*(?P<issue>[^()]{1,20}?)\s*\))?\s*"
    r"(?::\s*(?P<pages>[\w]+(?:\s*[-–]\s*\w+)?))?\s*\.?\s*$"
)
_NO_YEAR_RE = re.compile(r"^(?P<journal>[^,\d]{2,200}?)\s*,")
#: A year of its own in the source (not the one inside "bmjopen-2016-011713").
_SOURCE_YEAR_RE = re.compile(rf"(?:^|[,\s])({_YEAR})[a-z]?(?=\s*(?:[,.:;(]|$))")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def full_width_punctuation(text: str) -> str:
    """``text`` with Chinese (full-width) punctuation written as ASCII punctuation."""
    return " ".join(text.translate(_FULL_WIDTH).split()) if _WIDE_RE.search(text) else text


_WIDE_RE = re.compile("[，．：（）；。［］]")


def is_gbt(text: str) -> bool:
    """Does ``text`` carry a GB/T 7714 type mark (``[J]``, ``[M]``, ``[EB/OL]``)?"""
    return "[" in text and _TYPE_RE.search(text) is not None


def _authors(text: str) -> tuple[Author, ...]:
    out: list[Author] = []
    for item in (i.strip() for i in text.split(",")):
        if not item:
            continue
        if _CJK_RE.search(item):
            out.append(Author(last=item.replace(" ", "")))
            continue
        names, _, ok = read_names(item)
        out.extend(names if ok else (Author(last=item),))
    return tuple(out)


def read_gbt(
    text: str,
) -> tuple[tuple[Author, ...], bool, str, str, str, str, str, str] | None:
    """``(authors, et_al, title, journal, year, volume, issue, pages)`` of a GB/T 7714
    citation (its identifiers already taken out), or ``None`` when it is not one."""
    head = _HEAD_RE.match(full_width_punctuation(text))
    if head is None or _TYPE_RE.fullmatch(head.group("type")) is None:
        return None
    authors = _authors(head.group("authors"))
    if not authors:
        return None
    title, source = head.group("title").strip(), head.group("source").strip()
    journal = year = volume = issue = pages = ""
    kind = head.group("type")
    article = _ARTICLE_RE.match(source) if kind.startswith("[J") else None
    if article is not None:
        journal, year = article.group("journal"), article.group("year")
        volume, issue = article.group("volume") or "", article.group("issue") or ""
        pages = re.sub(r"\s*[-–]\s*", "-", article.group("pages") or "")
    else:
        found = _SOURCE_YEAR_RE.search(source)
        year = found.group(1) if found else ""
        bare = _NO_YEAR_RE.match(source) if kind.startswith("[J") and not year else None
        journal = bare.group("journal") if bare else ""  # "BMJ Open,bmjopen-2016-011713"
    return authors, bool(head.group("rest")), title, journal, year, volume, issue, pages
