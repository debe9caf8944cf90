"""Extension studies named by their own acronym: "ISCHEMIA-EXTEND", "X-EXT", "X-LTE" (pure).

An extension study follows the patients of trial X on, under a name made of X's acronym
and a suffix (``-EXTEND``, ``-EXT``, ``-EXTENSION``, ``-LTE`` long-term extension, ``-LTFU``
long-term follow-up, ``-OLE`` open-label extension). A publication that names trial X
(by acronym or registry number) and also its extension, in its title, abstract or
collective author ("ISCHEMIA-EXTEND Research Group"), reports the extension of X: its
mention of X takes the extension's evidence (:func:`prefer_extensions`), and
:mod:`refgraph.graph.metadata` reads that as a follow-up of X's primary report, though
its own sentences ("Extended follow-up for mortality is ongoing") do not speak of the
paper itself.

A publication naming only the extension is not joined to X here: the extension may have
a registry number of its own, and X's acronym would then no longer pair with X's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from refgraph.graph.trialnames import TrialMention

__all__ = ["extension_named", "extension_parent", "prefer_extensions"]

_SUFFIX = r"(?:EXTEND|EXT|EXTENSION|LTE|LTFU|OLE)"
#: a whole acronym: the trial's stem, a hyphen, the suffix
_EXTENSION = re.compile(rf"^([A-Z][A-Za-z0-9]*(?:-[A-Z0-9]+)*)-{_SUFFIX}$")
#: an extension acronym somewhere in a text ("author: ISCHEMIA-EXTEND Research Group")
_EXTENSION_IN = re.compile(rf"(?<![-\w])[A-Z][A-Za-z0-9]*(?:-[A-Z0-9]+)*-{_SUFFIX}(?![-\w])")


def extension_parent(name: str) -> str:
    """Return the trial an extension acronym extends (``""`` when it is none).

    >>> extension_parent("ISCHEMIA-EXTEND"), extension_parent("HELIOS-B-OLE")
    ('ISCHEMIA', 'HELIOS-B')
    >>> extension_parent("EXTEND"), extension_parent("ALFA-0701")
    ('', '')
    """
    m = _EXTENSION.match(name)
    return m.group(1) if m else ""


def extension_named(text: str) -> str:
    """Return the first extension acronym in ``text`` (``""`` when none).

    >>> extension_named("author: ISCHEMIA-EXTEND Research Group")
    'ISCHEMIA-EXTEND'
    >>> extension_named("abstract: the EXTEND trial")
    ''
    """
    if "-" not in text:
        return ""
    m = _EXTENSION_IN.search(text)
    return m.group() if m else ""


def prefer_extensions(mentions: Sequence[TrialMention]) -> tuple[TrialMention, ...]:
    """``mentions`` of one work, where a trial whose extension the work also names takes
    the extension's evidence and comes first (the family typing reads the first mention
    of a trial as how the work names it).

    >>> found = prefer_extensions([TrialMention("ISCHEMIA", False, "abstract: ISCHEMIA", "pubmed"),
    ...     TrialMention("ISCHEMIA-EXTEND", False, "author: ISCHEMIA-EXTEND Group", "pubmed")])
    >>> [(m.name, m.evidence) for m in found]  # doctest: +NORMALIZE_WHITESPACE
    [('ISCHEMIA', 'author: ISCHEMIA-EXTEND Group'),
     ('ISCHEMIA-EXTEND', 'author: ISCHEMIA-EXTEND Group')]
    """
    names = {m.name: i for i, m in enumerate(mentions)}
    first: list[TrialMention] = []
    moved: set[int] = set()
    for m in mentions:
        at = names.get(extension_parent(m.name)) if not m.is_registry and "-" in m.name else None
        if at is not None and at not in moved:
            moved.add(at)
            first.append(replace(mentions[at], evidence=m.evidence))
    if not first:
        return tuple(mentions)
    return (*first, *(m for i, m in enumerate(mentions) if i not in moved))
