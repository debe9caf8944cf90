"""Versions of one paper: a title that begins another's, by the same first author (pure).

A report and its later version often keep the title and add to it: the corrected
republication "Primary Prevention of Cardiovascular Disease with a Mediterranean Diet
Supplemented with Extra-Virgin Olive Oil or Nuts" of "Primary prevention of cardiovascular
disease with a Mediterranean diet" (both by Estruch R), or a final "X" after "X:
Preliminary Report". When one of two PubMed records names no trial, the other names some,
both have the same first author (a person's surname and initials, or the same collective
author), and the shorter title (six words or more) is the whole start of the longer one,
the record that names none reports the other's trials (:func:`version_mentions`): the
first version of a trial report often names its trial only in a registry sentence an
excerpt leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from refgraph.graph.trialnames import TrialMention
from refgraph.model import PubmedRecord

__all__ = ["version_mentions"]

_MIN_WORDS = 6
_WORD = re.compile(r"[a-z0-9]+")


def _first_author(record: PubmedRecord) -> str:
    if not record.authors:
        return ""
    first = record.authors[0]
    if first.collective:
        return first.collective.lower()
    return f"{first.last} {first.initials}".lower() if first.last and first.initials else ""


def _begins(shorter: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    return _MIN_WORDS <= len(shorter) < len(longer) and longer[:len(shorter)] == shorter


def version_mentions(
    mentions: Mapping[str, tuple[TrialMention, ...]],
    records: Mapping[str, PubmedRecord | None],
) -> dict[str, tuple[TrialMention, ...]]:
    """Return, per entry key naming no trial, the trials of another version of its paper.

    >>> from refgraph.model import Author
    >>> by = (Author(last="Estruch", initials="R"),)
    >>> old = PubmedRecord(pmid="1", title="Primary prevention of disease with a diet.",
    ...                    authors=by)
    >>> new = PubmedRecord(pmid="2", title="Primary Prevention of Disease with a Diet and Nuts",
    ...                    authors=by)
    >>> found = version_mentions({"b": (TrialMention("X", False, "author: X", "pubmed"),)},
    ...                          {"a": old, "b": new})
    >>> [(m.name, m.evidence) for m in found["a"]]  # doctest: +NORMALIZE_WHITESPACE
    [('X', 'title: Primary prevention of disease with a diet (begins the title of
      PMID 2, by the same first author)')]
    """
    unnamed = [(key, record, _first_author(record)) for key, record in sorted(
        (k, r) for k, r in records.items() if r is not None and not mentions.get(k))]
    authors = {author for _, _, author in unnamed if author}
    if not authors:
        return {}
    named: dict[str, list[tuple[str, tuple[str, ...], PubmedRecord]]] = {}
    for key in sorted(mentions):
        record = records.get(key)
        author = _first_author(record) if record is not None and mentions[key] else ""
        if record is not None and author in authors:
            words = tuple(_WORD.findall(record.title.lower()))
            named.setdefault(author, []).append((key, words, record))
    out: dict[str, tuple[TrialMention, ...]] = {}
    for key, record, author in unnamed:
        words = tuple(_WORD.findall(record.title.lower()))
        for other, other_words, other_record in named.get(author, ()) if author else ():
            if _begins(words, other_words) or _begins(other_words, words):
                how = "begins the title of" if len(words) < len(other_words) else (
                    "begins with the title of")
                phrase = (f"title: {record.title.rstrip('.')} ({how} PMID {other_record.pmid},"
                          " by the same first author)")
                out[key] = tuple(TrialMention(m.name, m.is_registry, phrase, "pubmed",
                                              m.pairs_with, m.same_as)
                                 for m in mentions[other])
                break
    return out
