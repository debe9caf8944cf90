"""Lookup keys of a local PubMed index (pure): the same function builds the index side
(from a :class:`~refgraph.model.PubmedRecord`) and the query side (from a citation).

Kinds of key row, each ``(kind, key, detail)`` for one PMID:

- ``cit``: the citation-match key ``journal|year|volume|first page``, one row per variant:
  journal = each of the record's three names (full title, ISO abbreviation, MedlineTA)
  through :func:`~refgraph.journals.normalise_journal`; year = the issue year and the e-pub
  year; first page = the first page of ``pages`` and the article number (``elocation``).
  Volume and page are folded and stripped. A citation is looked up with the one key of its
  own fields (:func:`citation_key`): the same normalisation as ECitMatch's matcher, keyed
  on journal, volume and first page plus the year.
- ``title``: the folded title key (:func:`title_key`): the first :data:`TITLE_WORDS` words of
  the title folded (accents, case), punctuation and brackets dropped; titles of fewer than
  :data:`MIN_TITLE_WORDS` words get no key (too unspecific to look up).
- ``trial``: each registry number of :attr:`PubmedRecord.trials`, upper-cased.
- ``link``: each CommentsCorrections link that names a PMID: key = the *target* PMID,
  detail = the RefType, so ``RetractionOf`` notices of a PMID are found from that PMID.

Every candidate a key finds is verified by :func:`refgraph.check.compare` before it is
suggested: keys only narrow the search.
"""

from __future__ import annotations

import functools
import re

from refgraph.journals import normalise_journal
from refgraph.model import PubmedRecord
from refgraph.text import fold

__all__ = [
    "KINDS",
    "MIN_TITLE_WORDS",
    "TITLE_WORDS",
    "citation_key",
    "record_keys",
    "title_key",
]

KINDS = ("cit", "link", "title", "trial")
TITLE_WORDS = 10
MIN_TITLE_WORDS = 3
_NON_WORD = re.compile(r"[\W_]+")
#: ASCII byte -> itself for a letter or digit, else a space: ``_NON_WORD.sub(" ", ...)`` of
#: ASCII text as one table lookup per byte (the regex tests each character's class).
_ASCII_WORD_BYTES = bytes(c if chr(c).isalnum() else 0x20 for c in range(128)) + b" " * 128
_YEAR = re.compile(r"\b\d{4}\b")


def _token(text: str) -> str:
    return (text.casefold() if text.isascii() else fold(text)).strip()


def title_key(title: str) -> str:
    """Return the folded title key, or ``""`` for a title of too few words.

    >>> title_key("[Inotuzumab ozogamicin: First global approval].")
    'inotuzumab ozogamicin first global approval'
    >>> title_key("Hepatitis.")
    ''
    """
    token = _token(title)
    if token.isascii():
        words = token.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    else:
        words = _NON_WORD.sub(" ", token).split()
    if len(words) < MIN_TITLE_WORDS:
        return ""
    return " ".join(words[:TITLE_WORDS])


def citation_key(journal: str, year: str, volume: str, first_page: str) -> str:
    """Return the citation-match key of a citation, or ``""`` when a part is missing.

    >>> citation_key("N. Engl. J. Med.", "2016", "375", "740")
    'n engl j med|2016|375|740'
    """
    name = normalise_journal(journal) if journal else ""
    parts = (name, year.strip(), _token(volume), _token(first_page))
    return "|".join(parts) if all(parts) else ""


#: :func:`normalise_journal` of the few thousand journal names, each worked out once.
_journal_key = functools.lru_cache(maxsize=8192)(normalise_journal)


def _years(record: PubmedRecord) -> list[str]:
    years = [record.year, record.epub_year]
    if not record.year and record.medline_date:
        years.extend(_YEAR.findall(record.medline_date)[:1])
    return [y for y in dict.fromkeys(years) if y]


def record_keys(record: PubmedRecord) -> list[tuple[str, str, str]]:
    """Return the ``(kind, key, detail)`` rows of one record, without repeats, in order.

    >>> rec = PubmedRecord(pmid="1", title="A trial of X in Y", journal="Blood",
    ...                    journal_abbrev="Blood", year="2020", volume="1", pages="10-20",
    ...                    trials=("nct01564784",))
    >>> record_keys(rec)  # doctest: +NORMALIZE_WHITESPACE
    [('cit', 'blood|2020|1|10', ''), ('title', 'a trial of x in y', ''),
     ('trial', 'NCT01564784', '')]
    """
    rows: dict[tuple[str, str, str], None] = {}
    if record.volume:
        names = {_journal_key(n) for n in (record.journal, record.journal_abbrev,
                                           record.medline_ta) if n}  # fmt: skip
        names.discard("")
        if names:
            volume = _token(record.volume)
            years = _years(record)
            pages = [p for p in dict.fromkeys(_token(p) for p in (record.first_page,
                                                                   record.elocation) if p) if p]
            for name in sorted(names):
                for year in years:
                    for page in pages:
                        rows[("cit", f"{name}|{year}|{volume}|{page}", "")] = None
    key = title_key(record.title)
    if key:
        rows[("title", key, "")] = None
    for trial in record.trials:
        rows[("trial", trial.upper(), "")] = None
    for link in record.comments_corrections:
        if link.pmid.isdecimal():
            rows[("link", link.pmid, link.ref_type)] = None
    return list(rows)
