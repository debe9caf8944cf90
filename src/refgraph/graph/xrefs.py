"""Annotation cross-references (``[Kantarjian 2016]``, "Smith et al. 2019") and their resolution.

Finding is pure text work (:func:`find_xrefs`); resolution (:func:`resolve`) picks the cited
entry among the references. The rules, in order:

1. Candidates are entries whose first author's surname (accent- and case-insensitive) and
   year match; for the two-author form the second surname must match too. The citing
   entry itself is never a candidate.
2. One candidate: it is the target.
3. Several: **document scope first**. A label in a monograph's annotation names a work of
   that monograph's own reference list, so candidates read from one of the citing entry's
   documents (its origins) are kept and the others dropped; one left is the target. Only
   when none of the candidates shares a document (or the citing entry has no origin) is the
   whole library searched. A folder of thousands of monographs merged into one run thus
   still resolves "[Kantarjian 2016]" although the library holds several such works.
4. Still several: each gets an evidence score (see :data:`EVIDENCE`): a trial report rather
   than a letter/comment (publication types, else title and page count), shares a trial
   with the citing entry, published before the citing entry, does not itself cite the same
   label. A unique best score decides; the others are kept as ``alternatives`` on the edge.
5. No unique best score: an ``ambiguous_xref`` diagnostic, no edge (never a guess). More
   than :data:`MOST_WEIGHED` candidates are not weighed: ambiguous (a document of 3,000
   "Smith 2016" each citing "[Smith 2016]" took 35 s, every label weighing every one).
6. No candidate: an ``unresolved_xref`` diagnostic.

Cost: each candidate's own facts (its publication types, the title regex, its page count)
are computed once per :class:`XrefIndex` however many labels name it; per pair only the
shared trials, the two dates and the label check are computed. The namesakes of the citing
entry's document are looked up, not scanned (:mod:`refgraph.graph.namesakes`), and a label
naming one entry of that document among several of the library resolves the same way for
every entry of the document, so it is worked out once. Resolution is therefore linear in
the number of cross-references, whatever the number of namesakes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from refgraph.graph.labels import Xref, XrefFields, find_xrefs, xref_fields
from refgraph.graph.namesakes import (
    ONLY,
    ONLY_IN_DOCUMENT,
    Namesakes,
    Parts,
    by_document,
    name_year,
    name_year_groups,
    only_local,
    surname_key,
)
from refgraph.model import Reference

__all__ = [
    "EVIDENCE",
    "MOST_WEIGHED",
    "Resolution",
    "Xref",
    "XrefFields",
    "XrefIndex",
    "find_xrefs",
    "resolve",
    "resolve_here",
    "resolve_one_author",
    "resolve_parts",
    "resolve_usual",
    "xref_fields",
]

#: evidence weights for choosing among several candidates
EVIDENCE: dict[str, int] = {
    "trial report (publication type)": 3,
    "letter/comment (publication type)": -3,
    "trial-like title": 1,
    "single-page item": -1,
    "shares a trial with the citing entry": 2,
    "published before the citing entry": 1,
    "published after the citing entry": -2,
    "itself cites the same label": -1,
}
#: The most candidates one label's evidence is weighed for (step 5 of the module doc).
MOST_WEIGHED = 64
_ONLY = ONLY
_SAME_DOCUMENT = "in the same document as the citing entry"
_ONLY_IN_DOCUMENT = ONLY_IN_DOCUMENT
_UNRESOLVED: tuple[None, tuple[str, ...], tuple[str, ...], tuple[str, ...], str] = (
    None, (), (), (), "unresolved")
_NO_TABLE: Mapping[tuple[str, str], Parts | None] = {}
_TRIAL_TYPES = ("Randomized Controlled Trial", "Clinical Trial", "Multicenter Study")
_NOTICE_TYPES = ("Letter", "Comment", "Editorial", "News", "Published Erratum")
_TRIAL_TITLE = re.compile(
    r"\b(?:trial|randomi[sz]ed|phase\s+(?:[1-4]|I{1,3}V?)\b|versus|vs\.?)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one cross-reference."""

    xref: Xref
    target: str | None
    candidates: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    status: str = "resolved"  # resolved | ambiguous | unresolved


class XrefIndex:
    """Entries by (first-author surname, year), built once for many resolutions.

    Per-candidate facts (:meth:`own_evidence`) and each entry's documents are computed on
    first use and kept, so a work that hundreds of labels name is examined once.
    """

    def __init__(
        self,
        references: Sequence[Reference],
        *,
        trials: Mapping[str, frozenset[str]] | None = None,
        publication_types: Mapping[str, tuple[str, ...]] | None = None,
        dates: Mapping[str, tuple[int, int]] | None = None,
        labels: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self.references = {ref.key: ref for ref in references}
        self.trials = trials or {}
        self.publication_types = publication_types or {}
        self.dates = dates or {}
        self.labels = labels or {}
        self._own: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._documents: dict[str, frozenset[str]] = {}
        self._by_name_year: dict[tuple[str, str], Namesakes]
        self._by_name_year, self._owners = name_year_groups(references)
        self._order = references
        self._tables: dict[str, dict[tuple[str, str], Parts | None]] | None = None

    def candidates(self, xref: Xref, citing: str) -> list[str]:
        """Entries the label can name: surname and year (and second author) match."""
        found = self._by_name_year.get((surname_key(xref.first), xref.year))
        if found is None:
            return []
        keys = found.keys
        if len(keys) == 1:  # the usual case
            out = [] if keys[0] == citing else [keys[0]]
        else:
            out = [k for k in keys if k != citing]
        if xref.second and out:
            second = surname_key(xref.second)
            out = [
                k
                for k in out
                if len(self.references[k].authors) < 2
                or surname_key(
                    self.references[k].authors[1].collective or self.references[k].authors[1].last
                )
                == second
            ]
        return out

    def documents(self, key: str) -> frozenset[str]:
        """The documents (origin paths) entry ``key`` was read from."""
        found = self._documents.get(key)
        if found is None:
            ref = self.references.get(key)
            found = frozenset(o.path for o in ref.origins) if ref is not None else frozenset()
            self._documents[key] = found
        return found

    def in_documents_of(self, candidates: Sequence[str], citing: str) -> list[str]:
        """The ``candidates`` read from one of ``citing``'s documents (document scope)."""
        refs = self.references
        origins = refs[citing].origins if citing in refs else ()
        if len(origins) == 1:  # the usual case: one document each, compared as strings
            here = origins[0].path
            out = []
            for key in candidates:
                theirs = refs[key].origins
                if (theirs[0].path == here if len(theirs) == 1
                        else any(o.path == here for o in theirs)):
                    out.append(key)
            return out
        mine = self.documents(citing)
        if not mine:
            return []
        return [k for k in candidates if not self.documents(k).isdisjoint(mine)]

    def local_namesakes(self, namesakes: Namesakes, citing: str) -> list[str]:
        """:meth:`in_documents_of` of the ``namesakes`` other than ``citing``, looked up by
        document (:meth:`Namesakes.by_document`) instead of scanned. The list returned is
        the index's own: do not change it."""
        refs = self.references
        origins = refs[citing].origins if citing in refs else ()
        if len(origins) != 1:  # several documents (or none): the scan, as rare as they are
            return self.in_documents_of([k for k in namesakes.keys if k != citing], citing)
        local = namesakes.by_document(refs).get(origins[0].path)
        if local is None:
            return []
        return [k for k in local.keys if k != citing] if citing in local.keys else local.keys

    def labels_here(self, ref: Reference) -> Mapping[tuple[str, str], Parts | None]:
        """The labels that name one entry of ``ref``'s document, by surname and year, and
        their resolution (see :func:`refgraph.graph.namesakes.by_document`; the tables
        are filled on first use, in the order the references were given); empty when
        ``ref`` was read from no or several documents."""
        if len(ref.origins) != 1:
            return _NO_TABLE
        tables = self._tables
        if tables is None:
            tables = self._tables = by_document(self._order, self._by_name_year, self._owners)
        return tables.get(ref.origins[0].path, _NO_TABLE)

    def in_document(self, namesakes: Namesakes, citing: str) -> Parts | None:
        """The resolution of a label naming several ``namesakes``, none of them ``citing``,
        when exactly one was read from ``citing``'s one document; ``None`` otherwise.
        Worked out once per surname, year and document."""
        ref = self.references.get(citing)
        if ref is None or len(ref.origins) != 1:
            return None
        local = namesakes.by_document(self.references).get(ref.origins[0].path)
        if local is None or len(local.keys) != 1 or citing in local.keys:
            return None  # citing is one of the namesakes only if it is a local one
        if local.resolution is None:
            local.resolution = only_local(local.keys[0], namesakes.candidates)
        return local.resolution

    def _date(self, key: str) -> tuple[int, int]:
        if key in self.dates:
            return self.dates[key]
        year = self.references[key].year[:4]
        return (int(year), 0) if year.isdigit() else (0, 0)

    def own_evidence(self, key: str) -> tuple[int, tuple[str, ...]]:
        """The :data:`EVIDENCE` items about candidate ``key`` alone, and their score (cached)."""
        known = self._own.get(key)
        if known is not None:
            return known
        ref = self.references[key]
        items: list[str] = []
        ptypes = self.publication_types.get(key, ref.publication_types)
        is_notice = any(t in _NOTICE_TYPES for t in ptypes)
        if any(t.startswith(_TRIAL_TYPES) for t in ptypes) and not is_notice:
            items.append("trial report (publication type)")
        if is_notice:
            items.append("letter/comment (publication type)")
        if not ptypes and _TRIAL_TITLE.search(ref.title):
            items.append("trial-like title")
        if not ptypes and ref.pages and "-" not in ref.pages:
            items.append("single-page item")
        known = self._own[key] = (sum(EVIDENCE[i] for i in items), tuple(items))
        return known

    def pair_evidence(self, key: str, citing: str, xref: Xref) -> list[str]:
        """The :data:`EVIDENCE` items about candidate ``key`` as cited by ``citing``."""
        items: list[str] = []
        if self.trials:
            mine = self.trials.get(citing)
            if mine and not mine.isdisjoint(self.trials.get(key, ())):
                items.append("shares a trial with the citing entry")
        if citing in self.references:
            (my_year, my_month), (year, month) = self._date(citing), self._date(key)
            months_known = bool(my_month and month)
            if year and my_year:
                if year < my_year or (year == my_year and months_known and month < my_month):
                    items.append("published before the citing entry")
                elif year > my_year or (year == my_year and months_known and month > my_month):
                    items.append("published after the citing entry")
        if xref.label in self.labels.get(key, ()):
            items.append("itself cites the same label")
        return items

    def evidence(self, key: str, citing: str, xref: Xref) -> list[str]:
        """Return the :data:`EVIDENCE` items that hold for candidate ``key``."""
        return [*self.own_evidence(key)[1], *self.pair_evidence(key, citing, xref)]


def resolve(xref: Xref, citing: str, index: XrefIndex) -> Resolution:
    """Resolve ``xref`` (found in entry ``citing``'s annotation) to one entry, or explain why not.

    >>> from refgraph.model import Author
    >>> a = Reference(key="k16", authors=(Author(last="Kantarjian"),), year="2016")
    >>> b = Reference(key="k17", authors=(Author(last="Kantarjian"),), year="2017")
    >>> resolve(find_xrefs("[Kantarjian 2016]")[0], "k17", XrefIndex([a, b])).target
    'k16'
    """
    target, candidates, alternatives, reasons, status = resolve_parts(xref, citing, index)
    return Resolution(xref, target, candidates, alternatives, reasons, status)


def resolve_parts(
    xref: Xref, citing: str, index: XrefIndex
) -> tuple[str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """:func:`resolve` as a plain tuple ``(target, candidates, alternatives, reasons, status)``.

    The graph builder resolves hundreds of thousands of cross-references; this spares it one
    :class:`Resolution` object each.
    """
    if not xref.second:
        usual = resolve_usual(xref.first, xref.year, citing, index)
        if usual is not None:
            return usual
    candidates = index.candidates(xref, citing)
    if not candidates:
        return _UNRESOLVED
    if len(candidates) == 1:
        return candidates[0], (candidates[0],), (), _ONLY, "resolved"
    local = index.in_documents_of(candidates, citing)
    if len(local) == 1:
        others = tuple(k for k in candidates if k != local[0])
        return local[0], tuple(candidates), others, (_ONLY_IN_DOCUMENT,), "resolved"
    return _score(xref, citing, index, candidates, local)


def _score(
    xref: Xref, citing: str, index: XrefIndex, candidates: list[str], local: list[str]
) -> tuple[str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """Choose among several candidates (those of the citing entry's documents, ``local``,
    when there are any) by :data:`EVIDENCE`; a tie is ambiguous."""
    pool, scope = (local, (_SAME_DOCUMENT,)) if local else (candidates, ())
    if len(pool) > MOST_WEIGHED:
        return None, tuple(pool), (), (), "ambiguous"
    scored = []
    for key in pool:
        own, own_items = index.own_evidence(key)
        pair = index.pair_evidence(key, citing, xref)
        scored.append((own + sum(EVIDENCE[i] for i in pair), key, (*own_items, *pair)))
    scored.sort(key=lambda s: (-s[0], s[1]))
    best, runner_up = scored[0], scored[1]
    if best[0] == runner_up[0]:
        return None, tuple(pool), (), (), "ambiguous"
    alternatives = tuple(key for _, key, _ in scored[1:])
    if len(pool) < len(candidates):
        alternatives += tuple(k for k in candidates if k not in pool)
    return best[1], tuple(candidates), alternatives, (*scope, *best[2]), "resolved"


def _usual(namesakes: Namesakes | None, citing: str) -> Parts | None:
    """No namesake (unresolved) or exactly one (resolved unless it is ``citing``); ``None``
    when there are several."""
    if namesakes is None:
        return _UNRESOLVED
    keys = namesakes.keys
    if len(keys) == 1:
        key = keys[0]
        return _UNRESOLVED if key == citing else (key, (key,), (), _ONLY, "resolved")
    return None


def resolve_usual(
    first: str, year: str, citing: str, index: XrefIndex
) -> tuple[str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], str] | None:
    """:func:`resolve_parts` of a one-author cross-reference when at most one entry (other
    than ``citing``) has that surname and year, the usual case; ``None`` otherwise."""
    return _usual(index._by_name_year.get(name_year(first, year)), citing)


def resolve_here(
    xref: XrefFields, citing: str, here: Mapping[tuple[str, str], Parts | None],
    index: XrefIndex,
) -> Parts:
    """:func:`resolve_one_author`, ``here`` being :meth:`XrefIndex.labels_here` of the
    citing entry. A label naming one entry of the citing entry's document, not the citing
    entry itself, is the usual case however many namesakes the library holds: one look-up
    in that document's table, and the resolution kept there. Any other label takes
    :func:`resolve_one_author`."""
    parts = here.get(name_year(xref[1], xref[2]))
    if parts is not None and parts[0] != citing:
        return parts
    return resolve_one_author(xref, citing, index)


def resolve_one_author(
    xref: XrefFields, citing: str, index: XrefIndex
) -> tuple[str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """:func:`resolve_parts` of a one-author cross-reference given as :data:`XrefFields`:
    the usual case without an object, several namesakes by document scope, then evidence."""
    namesakes = index._by_name_year.get(name_year(xref[1], xref[2]))
    if namesakes is None:
        return _UNRESOLVED
    usual = _usual(namesakes, citing)
    if usual is not None:
        return usual
    scoped = index.in_document(namesakes, citing)
    if scoped is not None:  # the usual case in a folder of monographs
        return scoped
    candidates = [k for k in namesakes.keys if k != citing]
    if len(candidates) == 1:
        return candidates[0], (candidates[0],), (), _ONLY, "resolved"
    local = index.local_namesakes(namesakes, citing)  # in_documents_of(candidates, citing)
    if len(local) == 1:
        others = tuple(k for k in candidates if k != local[0])
        return local[0], tuple(candidates), others, (_ONLY_IN_DOCUMENT,), "resolved"
    return _score(Xref(*xref), citing, index, candidates, local)
