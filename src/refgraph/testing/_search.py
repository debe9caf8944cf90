"""What the fake server finds in its records: esearch terms and ecitmatch citations.

Pure functions over a :class:`~refgraph.testing._records.RecordStore`; the endpoints in
:mod:`refgraph.testing._endpoints` wrap them in replies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from refgraph.testing._records import RecordInfo, RecordStore, normalise_journal

__all__ = ["cite", "search"]

_CLAUSE = re.compile(r"^\s*(?P<value>.+?)\s*(?:\[(?P<tag>[^\]]+)\])?\s*$")
_AND = re.compile(r"\s+AND\s+")


def _journals(info: RecordInfo) -> set[str]:
    """The record's journal names (ISO, MEDLINE, full title), normalised."""
    names = (info.iso_abbreviation, info.medline_ta, info.journal_title)
    return {normalise_journal(n) for n in names if n}


def _has_author(info: RecordInfo, last_name: str) -> bool:
    wanted = last_name.casefold()
    return any(name.casefold().startswith(wanted) for name, _ in info.authors)


def search(store: RecordStore, searches: Mapping[str, Sequence[str]], term: str) -> list[str]:
    """PMIDs matching ``term`` (canned searches first), newest (highest PMID) first.

    ``term`` is clauses joined by ``AND``, each ``value[tag]`` with the tags the client uses
    (``si``, ``pmid``, ``ta``, ``au``, title words).
    """
    if term in searches:
        return list(searches[term])
    result: set[str] | None = None
    for clause in _AND.split(term.strip()):
        hits = {i.pmid for i in store.all_info() if _matches(i, clause)}
        result = hits if result is None else result & hits
    return sorted(result or set(), key=int, reverse=True)


def _matches(info: RecordInfo, clause: str) -> bool:
    match = _CLAUSE.match(clause)
    if not match:
        return False
    value = match.group("value").strip().strip('"')
    tag = (match.group("tag") or "").strip().lower()
    if tag in ("si", "secondary source id"):
        return value.upper() in {t.upper() for t in info.trial_numbers}
    if tag in ("pmid", "uid"):
        return value == info.pmid
    if tag in ("ta", "journal", "jour"):
        return normalise_journal(value) in _journals(info)
    if tag in ("au", "author"):
        return _has_author(info, value)
    if tag in ("", "ti", "title", "tiab", "all fields"):
        words = set(re.findall(r"\w+", info.title.casefold()))
        return all(w in words for w in re.findall(r"\w+", value.casefold()))
    return False


def cite(store: RecordStore, fields: list[str]) -> str:
    """The 7th ecitmatch field for one citation: PMID, NOT_FOUND[;INVALID_JOURNAL] or AMBIGUOUS (n).

    ``fields`` is ``journal|year|volume|first page|author|key`` split on ``|``.
    """
    journal, year, volume, page, author = (fields + [""] * 5)[:5]
    wanted = normalise_journal(journal)
    candidates = [i for i in store.all_info() if wanted and wanted in _journals(i)]
    if not candidates:
        return "NOT_FOUND;INVALID_JOURNAL"
    for given, attr in ((year, "year"), (volume, "volume"), (page, "first_page")):
        if given.strip():
            wanted_value = given.strip().casefold()
            candidates = [c for c in candidates if getattr(c, attr).casefold() == wanted_value]
    located = bool(volume.strip() or page.strip())
    if len(candidates) > 1 and author.strip() and located:
        last = author.strip().split()[0]
        candidates = [c for c in candidates if _has_author(c, last)] or candidates
    if len(candidates) > 1:
        return f"AMBIGUOUS ({len(candidates)} citations)"
    if len(candidates) == 1 and located:
        return candidates[0].pmid
    return "NOT_FOUND"
