"""Which relation may join which kinds of works: the graph's edge rules (pure).

Every reference node gets a *work type* from its PubMed publication types (else its title):

=========  ==============================================================================
notice     Published Erratum, Retraction of Publication, Expression of Concern
comment    Letter, Comment, Editorial, News (not a notice)
review     Review, Systematic Review, Meta-Analysis, guidelines (not a notice or comment)
report     any other typed article: trial reports, cohort studies, case reports ...
unknown    no publication types and nothing in the title says
=========  ==============================================================================

:data:`ALLOWED` says, per relation, which work types its source and target may have
(``unknown`` fits anywhere: refgraph never forbids on missing data). A typed relation
between publications also needs the source not to be published before the target: more
than a year before it (a year's grace for an electronic publication ahead of print, which
PubMed's year does not show); an unknown year passes. Trial nodes take only ``reports``
edges, and only from publications. No edge joins a node to itself.

A forbidden edge is never drawn: the builder keeps the mention as ``cites`` when the
annotation named the work, and reports it (``forbidden_relation``); typed relations read
from PubMed metadata are simply not proposed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ALLOWED", "TIMED", "forbidden", "too_early", "work_type"]

NOTICE_TYPES = frozenset({"Published Erratum", "Retraction of Publication",
                          "Expression of Concern", "Retraction Notice"})
COMMENT_TYPES = frozenset({"Letter", "Comment", "Editorial", "News", "Newspaper Article"})
REVIEW_TYPES = frozenset({"Review", "Systematic Review", "Meta-Analysis", "Practice Guideline",
                          "Guideline", "Consensus Development Conference",
                          "Scoping Review", "Network Meta-Analysis"})
_ANY = frozenset({"notice", "comment", "review", "report", "unknown"})
_NOT_NOTICE = _ANY - {"notice"}
_CONTENT = frozenset({"report", "comment", "unknown"})

#: relation -> (work types its source may have, work types its target may have)
ALLOWED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "cites": (_ANY, _ANY),
    "comment_on": (_ANY, _ANY),  # an expression of concern comments too
    "erratum_for": (frozenset({"notice", "unknown"}), _NOT_NOTICE),
    "retraction_of": (frozenset({"notice", "unknown"}), _NOT_NOTICE),
    "follow_up_of": (_CONTENT, _CONTENT),
    "secondary_analysis_of": (_CONTENT, frozenset({"report", "unknown"})),
    "pooled_analysis_of": (frozenset({"report", "review", "unknown"}),
                           frozenset({"report", "unknown"})),
    "update_of": (_NOT_NOTICE, _NOT_NOTICE),
}
#: relations whose source must not be published before their target
TIMED = frozenset(ALLOWED) - {"cites"}

_NOTICE_TITLE = re.compile(r"^\s*(?:errat(?:um|a)|corrigend(?:um|a)|correction|retraction"
                           r"|notice of retraction|expression of concern)\b", re.IGNORECASE)
_TITLE_STARTS = frozenset(" \tEeCcRrNnIiLl")  # first letters of the titles below
_COMMENT_TITLE = re.compile(r"^\s*(?:re:|reply\b|in reply\b|response to\b|comment on\b"
                            r"|letter to the editor\b)", re.IGNORECASE)


def work_type(publication_types: Iterable[str], title: str = "") -> str:
    """Return the work type of a publication (see the table above).

    >>> work_type(("Letter", "Comment"))
    'comment'
    >>> work_type(("Journal Article", "Meta-Analysis"))
    'review'
    >>> work_type((), "Erratum: Inotuzumab ozogamicin for ALL")
    'notice'
    >>> work_type(())
    'unknown'
    """
    types = set(publication_types)
    if types & NOTICE_TYPES:
        return "notice"
    if types & COMMENT_TYPES:
        return "comment"
    if types & REVIEW_TYPES:
        return "review"
    if types:
        return "report"
    if not title or title[0] not in _TITLE_STARTS:  # the usual title: no regex needed
        return "unknown"
    if _NOTICE_TITLE.match(title):
        return "notice"
    if _COMMENT_TITLE.match(title):
        return "comment"
    return "unknown"


def too_early(source_year: int, target_year: int) -> bool:
    """Whether a work of ``source_year`` is too early to follow one of ``target_year``."""
    return bool(source_year) and source_year + 1 < target_year


def forbidden(relation: str, source_type: str, target_type: str,
              source_year: int = 0, target_year: int = 0) -> str:
    """Return why ``relation`` may not join these works (``""`` when it may).

    ``*_type`` are work types, or ``"trial"`` for a trial node.

    >>> forbidden("follow_up_of", "report", "report", 2019, 2012)
    ''
    >>> forbidden("follow_up_of", "report", "report", 2010, 2012)
    'follow_up_of from a work of 2010 to a later one (2012)'
    >>> forbidden("secondary_analysis_of", "report", "notice")
    'secondary_analysis_of cannot point to a notice'
    """
    if relation == "reports":
        if target_type != "trial" or source_type == "trial":
            return "reports joins a publication to a trial"
        return ""
    if source_type == "trial" or target_type == "trial":
        return f"{relation} joins publications, not trials"
    allowed = ALLOWED.get(relation)
    if allowed is None:
        return ""
    sources, targets = allowed
    if source_type not in sources:
        return f"a {source_type} cannot be a {relation}"
    if target_type not in targets:
        return f"{relation} cannot point to a {target_type}"
    if relation in TIMED and too_early(source_year, target_year):
        return f"{relation} from a work of {source_year} to a later one ({target_year})"
    return ""
