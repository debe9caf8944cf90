"""Notes on a checked reference: the record's own status, duplicates and conflicts (pure).

References that share a PMID are *duplicates* when they are one work (the same test the
library merge applies: :func:`refgraph.library.same_work`) and a *PMID conflict* when they
are different works; each side of a conflict is told which one PubMed's record supports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from refgraph.ids import normalize_pmid
from refgraph.journals import normalise_journal
from refgraph.library import same_work
from refgraph.matching import compare
from refgraph.model import PubmedRecord, Reference
from refgraph.text import fold, plain

__all__ = [
    "NOTE_LINK_TYPES",
    "NOTE_PUBLICATION_TYPES",
    "NOTICE_TYPES",
    "describe",
    "duplicates",
    "record_notes",
    "treats_as_study",
]

# (a table: PubMed CommentsCorrections type -> note)
_LINK_NOTES = {
    "RetractionIn": "retraction notice",
    "ErratumIn": "erratum published",
    "ExpressionOfConcernIn": "expression of concern",
    "UpdateIn": "updated version",
    "CommentIn": "commented on in",
    "CorrectedandRepublishedIn": "corrected and republished in",
    "RetractedandRepublishedIn": "retracted and republished in",
}
_NOTICE_TYPES = {
    "Published Erratum": "an erratum",
    "Retraction of Publication": "a retraction notice",
    "Expression of Concern": "an expression of concern",
    "Comment": "a comment",
    "Editorial": "an editorial",
}
#: What gives a record notes of its own, the same whatever cites it (and makes it
#: ``retracted``): these publication types and CommentsCorrections RefTypes ...
NOTE_PUBLICATION_TYPES = ("Retracted Publication",)
NOTE_LINK_TYPES = tuple(_LINK_NOTES)
#: ... and the publication types whose note depends on the citation (:func:`treats_as_study`).
NOTICE_TYPES = tuple(_NOTICE_TYPES)
_NOTICE_FOR = ("ErratumFor", "RetractionOf", "CommentOn", "ExpressionOfConcernFor")
_NOTICE_WORDS = re.compile(
    r"\b(comment|commentary|letter|reply|response|correspondence|erratum|errata|correction|"
    r"corrigendum|retraction|retracted|editorial|re)\b"
)
_STUDY_WORDS = re.compile(
    r"\b(among|in|of)\s+\d[\d,]*\s+(\w+\s+){0,3}?(patients|subjects|participants|adults|children|"
    r"women|men|cases|persons|people|volunteers|recipients|individuals)\b"
    r"|\b(randomi[sz]ed|controlled trial|phase [1-4i]+|cohort study|case series)\b"
)


def _link_text(links: Sequence[Any]) -> str:
    items = [f"PMID {c.pmid}" if c.pmid else c.source for c in links]
    shown = ", ".join(i for i in items[:5] if i)
    return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")


def treats_as_study(ref: Reference) -> bool:
    """Return True when the citation reads as a study (not a notice, letter or comment)."""
    if ref.annotation and _STUDY_WORDS.search(fold(ref.annotation)):
        return True
    return bool(ref.title) and not _NOTICE_WORDS.search(plain(ref.title))


def record_notes(ref: Reference, record: PubmedRecord) -> tuple[str, ...]:
    """Notes about a record's own status: retraction, errata, comments, notice types."""
    notes: list[str] = []
    if NOTE_PUBLICATION_TYPES[0] in record.publication_types:
        notes.append("PubMed marks this record as a Retracted Publication")
    for ref_type, label in _LINK_NOTES.items():
        links = record.links(ref_type)
        if links:
            notes.append(f"{label}: {_link_text(links)}")
    kinds = [label for t, label in _NOTICE_TYPES.items() if t in record.publication_types]
    if kinds and "Letter" in record.publication_types:
        kinds.append("a letter")  # a letter alone is often a research letter: a study
    if kinds and treats_as_study(ref):
        about = record.links(*_NOTICE_FOR)
        target = f" (on {_link_text(about)})" if about else ""
        notes.append(
            f"PubMed lists this record as {' and '.join(kinds)}{target}, "
            "but the citation treats it as a study"
        )
    return tuple(notes)


def describe(record: PubmedRecord) -> str:
    journal = record.medline_ta or record.journal_abbrev or record.journal
    bits = [record.first_author, record.year, journal]
    head = ", ".join(b for b in bits if b)
    return f"{head}: {record.title}" if head else record.title


def _signatures(ref: Reference, record: PubmedRecord | None) -> list[str]:
    sigs = []
    for doi in {ref.doi.lower(), (record.doi.lower() if record else "")}:
        if doi:
            sigs.append(f"doi:{doi}")
    sources: list[tuple[str, str, str, str, str]] = [
        (ref.first_author, ref.year, ref.journal or ref.journal_full, ref.volume, ref.first_page)
    ]
    if record is not None:
        journal = record.medline_ta or record.journal_abbrev or record.journal
        sources.append(
            (record.first_author, record.year, journal, record.volume, record.first_page)
        )
    for author, year, journal, volume, page in sources:
        if all((author, year, journal, volume, page)):
            sigs.append(
                f"cite:{plain(author)}|{year}|{normalise_journal(journal)}|"
                f"{volume.strip().casefold()}|{page.strip().casefold()}"
            )
    return sigs


#: Works one citation sharing a PMID is weighed against, and rivals one note names (a PMID
#: on 500 works was 125,000 comparisons, 16 s, and each note named all 499 others).
_MOST_WEIGHED, _MOST_NAMED = 16, 3


def _works(refs: Sequence[Reference], idx: list[int]) -> list[list[int]]:
    """Split citations sharing a PMID into works (each citation joins the first it fits of
    the first :data:`_MOST_WEIGHED`)."""
    works: list[list[int]] = []
    for i in idx:
        weighed = works[:_MOST_WEIGHED]
        home = next((w for w in weighed if same_work(refs[w[0]], refs[i]) is not None), None)
        if home is None:
            works.append([i])
        else:
            home.append(i)
    return works


def _conflict_note(
    pmid: str, me: int, rivals: list[int], refs: Sequence[Reference], record: PubmedRecord | None,
    backing: set[int],
) -> str:
    """The note of citation ``me`` on its PMID's ``rivals``; ``backing``: the citations of
    that PMID that PubMed's ``record`` matches (worked out once for them all)."""
    def named(i: int) -> str:
        return f"{refs[i].key} ({refs[i].origin})" if refs[i].origin else refs[i].key

    more = f" and {len(rivals) - _MOST_NAMED} more" if len(rivals) > _MOST_NAMED else ""
    shown = ", ".join(map(named, rivals[:_MOST_NAMED])) + more
    head = f"pmid_conflict: PMID {pmid} is also given to {shown}"
    if record is None:
        return f"{head}, a different work; PubMed has no record to tell which is right"
    backed = [i for i in rivals if i in backing]
    if me in backing:
        return f"{head}, a different work; PubMed's record is this one"
    if backed:
        return f"{head}; PubMed's record is {', '.join(refs[i].key for i in backed)}, not this"
    return f"{head}, a different work; PubMed's record matches none of them"


def duplicates(
    refs: Sequence[Reference], records: Mapping[str, PubmedRecord]
) -> tuple[dict[int, list[str]], list[tuple[str, ...]], dict[int, tuple[str, ...]]]:
    """Notes, duplicate groups (keys) and, per conflicting reference, the keys it conflicts with."""
    notes: dict[int, list[str]] = {}
    groups: list[tuple[str, ...]] = []
    conflicts: dict[int, tuple[str, ...]] = {}
    by_pmid: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        if pmid:
            by_pmid.setdefault(pmid, []).append(i)
    for pmid, idx in by_pmid.items():
        if len(idx) < 2:
            continue
        works = _works(refs, idx)
        for work in works:
            if len(work) > 1:
                groups.append(tuple(refs[i].key for i in work))
                for i in work:
                    others = ", ".join(refs[j].key for j in work if j != i)
                    notes.setdefault(i, []).append(
                        f"duplicate: PMID {pmid} is also cited as {others}"
                    )
        record = records.get(pmid)
        backing = {i for i in idx if compare(refs[i], record).matches} if record else set()
        for work in works if len(works) > 1 else ():
            rivals = [i for w in works if w is not work for i in w]
            for i in work:
                conflicts[i] = tuple(refs[j].key for j in rivals)
                note = _conflict_note(pmid, i, rivals, refs, record, backing)
                notes.setdefault(i, []).insert(0, note)
    owner: dict[str, int] = {}
    linked: dict[int, set[int]] = {}
    for i, ref in enumerate(refs):
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        for sig in _signatures(ref, records.get(pmid) if pmid else None):
            j = owner.setdefault(sig, i)
            if j != i and (normalize_pmid(refs[j].pmid) if refs[j].pmid else None) != pmid:
                linked.setdefault(j, set()).add(i)
    for j, same in linked.items():
        members = [j, *sorted(same)]
        groups.append(tuple(refs[m].key for m in members))
        for m in members:
            rest = ", ".join(
                f"{refs[o].key} (PMID {refs[o].pmid or 'none'})" for o in members if o != m
            )
            notes.setdefault(m, []).append(f"duplicate: the same work as {rest}")
    return notes, groups, conflicts
