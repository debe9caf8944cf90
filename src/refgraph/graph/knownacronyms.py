"""Acronyms a bibliography has shown to be trials, named bare in other titles (pure).

A trial's acronym is read where the wording says it is a trial's ("the UKPDS trial",
"Study (UKPDS)", "ASPIRE Investigators": :mod:`~refgraph.graph.trials`). Once some entry
of the list has named it so, another entry's PubMed title naming it bare names that trial
too: "Tight blood pressure control ... in type 2 diabetes: UKPDS 38", "Lessons from
ASPIRE". Only word acronyms of four or more capitals (digits allowed after the first) and
hyphenated acronyms count, and only as a whole word (not "ISCHEMIA" inside
"ISCHEMIA-EXTEND"), and only in titles: an abstract names other trials too ("unlike
SPRINT, ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from refgraph.graph.spacedacronyms import LIST_ITEM
from refgraph.graph.trialnames import TrialMention
from refgraph.model import PubmedRecord

__all__ = ["known_acronym_mentions"]

#: a name worth looking for bare: 4+ capitals/digits, or a hyphenated acronym (the names a
#: list of trials holds)
_WORTH = re.compile(LIST_ITEM)


#: a whole acronym-shaped word of a title (not part of a longer hyphenated name)
_TOKEN = re.compile(r"(?<![-\w])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?![-\w])")


def known_acronym_mentions(
    mentions: Mapping[str, tuple[TrialMention, ...]],
    records: Mapping[str, PubmedRecord | None],
) -> dict[str, tuple[TrialMention, ...]]:
    """Return, per entry key, the mentions of trials whose acronym some *other* entry
    named as a trial's and whose PubMed title names it bare (none it names already).

    >>> a = {"a": (TrialMention("UKPDS", False, "title: UKPDS", "pubmed"),)}
    >>> b = PubmedRecord(pmid="2", title="Tight control in diabetes: UKPDS 38.")
    >>> known_acronym_mentions(a, {"a": None, "b": b})["b"][0].evidence
    'title: UKPDS'
    """
    known: dict[str, set[str]] = {}
    for key, found in mentions.items():
        for m in found:
            if not m.is_registry and _WORTH.fullmatch(m.name):
                known.setdefault(m.name, set()).add(key)
    if not known:
        return {}
    out: dict[str, tuple[TrialMention, ...]] = {}
    for key in sorted(records):
        record = records[key]
        if record is None or not record.title:
            continue
        own = {m.name for m in mentions.get(key, ())}
        added = _bare((m.group() for m in _TOKEN.finditer(record.title)), own, known, key)
        if added:
            out[key] = tuple(TrialMention(name, False, f"title: {name}", "pubmed")
                             for name in added)
    return out


def _bare(names: Iterable[str], own: set[str], known: Mapping[str, set[str]],
          key: str) -> list[str]:
    return list(dict.fromkeys(n for n in names if n not in own and known.get(n, {key}) - {key}))
