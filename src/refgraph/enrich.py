"""Fill references from PubMed (pure :func:`merge_record` + thin :func:`enrich` orchestrator).

For each field in :data:`ENRICHED_FIELDS` the PubMed value (as
:func:`refgraph.pubmed.parse.record_to_reference` gives it) is compared with the user's:

- the user has no value: PubMed's is taken and the field is listed in ``x-pubmed-fields``;
- the values agree (folded, punctuation-insensitive; journal names through
  :func:`refgraph.journals.journals_match`): the user's spelling is kept;
- the field is listed in ``x-pubmed-fields`` already (it came from PubMed on an earlier run):
  it is refreshed, silently;
- the user's author list is PubMed's truncated or with initials only (same surnames, in
  order): PubMed's full list replaces it (a refinement, not a disagreement);
- otherwise it is a :class:`FieldConflict`: the user's value is kept (replaced only with
  ``overwrite=True``) and the conflict is reported.

A record that is a different work (the citation's PMID is wrong: ``check`` calls it a
``mismatch``, :func:`refgraph.matching.compare`) fills nothing, even with ``overwrite``:
one ``pmid`` conflict says so.

``x-pubmed-fields`` is a comma list of BibTeX field names in a fixed order, so a second run
over its own output changes nothing. No fetch date is written (the cache keeps that), which
keeps reruns byte-for-byte identical.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from refgraph.fastmodel import replaced_reference
from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid
from refgraph.journals import journals_match
from refgraph.matching import compare
from refgraph.model import Author, PubmedRecord, Reference, extra_with
from refgraph.pubmed.reference import record_to_reference
from refgraph.pubmed.source import RecordSource, fetch_cited
from refgraph.text import normalize_month, plain

__all__ = [
    "ENRICHED_FIELDS",
    "PUBMED_FIELDS_KEY",
    "EnrichReport",
    "FieldConflict",
    "enrich",
    "merge_record",
    "merge_records",
]

#: The extra field that lists what came from PubMed.
PUBMED_FIELDS_KEY = "x-pubmed-fields"

#: model attribute -> BibTeX field name, in the order ``x-pubmed-fields`` lists them.
ENRICHED_FIELDS: dict[str, str] = {
    "authors": "author",
    "title": "title",
    "journal": "journal",
    "journal_full": "journal-full",
    "year": "year",
    "month": "month",
    "volume": "volume",
    "issue": "number",
    "pages": "pages",
    "doi": "doi",
    "pmcid": "pmcid",
    "publication_types": "pubtype",
    "keywords": "keywords",
    "trials": "trials",
}
_LIST_FIELDS = ("publication_types", "keywords", "trials")


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """PubMed disagrees with a value the user wrote."""

    key: str
    field: str
    user: str
    pubmed: str
    overwritten: bool = False

    def format(self) -> str:
        action = "replaced by PubMed's" if self.overwritten else "kept"
        return f"{self.key}: {self.field}: yours {self.user!r} ({action}), PubMed {self.pubmed!r}"


@dataclass(frozen=True, slots=True)
class EnrichReport:
    """What :func:`enrich` did: the new references, what it filled, what disagreed."""

    references: tuple[Reference, ...]
    filled: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (key, bibtex field names)
    conflicts: tuple[FieldConflict, ...] = ()
    not_found: tuple[str, ...] = ()  # keys whose PMID does not resolve
    no_pmid: tuple[str, ...] = ()
    unavailable: tuple[str, ...] = ()  # keys whose record could not be had (offline ...)

    @property
    def changed(self) -> int:
        return len(self.filled)

    def summary_line(self) -> str:
        n = len(self.references)
        fields = sum(len(f) for _, f in self.filled)
        parts = [f"{n} references: {self.changed} enriched ({fields} fields)"]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict(s) with PubMed")
        if self.not_found:
            parts.append(f"{len(self.not_found)} PMID(s) not found")
        if self.no_pmid:
            parts.append(f"{len(self.no_pmid)} without PMID")
        if self.unavailable:
            parts.append(f"{len(self.unavailable)} record(s) not available (offline, not cached)")
        return ", ".join(parts)


def _month(value: str) -> str:
    return normalize_month(value) or plain(value)


def _surnames(authors: Sequence[Author]) -> list[str]:
    return [plain(a.collective or a.last) for a in authors]


def _only_initials(author: Author) -> bool:
    return not author.collective and len(author.first.replace(".", "").replace(" ", "")) <= 2


def _same(attr: str, mine: Any, theirs: Any) -> bool:
    if mine == theirs:
        return True
    if attr == "authors":
        return (
            len(mine) == len(theirs)
            and _surnames(mine) == _surnames(theirs)
            and [a.first for a in mine] == [a.first for a in theirs]
        )
    if attr in _LIST_FIELDS:
        return {plain(v) for v in mine} >= {plain(v) for v in theirs}
    if attr in ("journal", "journal_full"):
        return bool(journals_match(mine, theirs))
    if attr == "doi":
        return normalize_doi(mine).lower() == normalize_doi(theirs).lower()
    if attr == "pmcid":
        return normalize_pmcid(mine) == normalize_pmcid(theirs)
    if attr == "month":
        return _month(mine) == _month(theirs)
    return plain(mine) == plain(theirs)


def _refines_authors(mine: Sequence[Author], theirs: Sequence[Author], et_al: bool) -> bool:
    """The user's list is PubMed's, shortened or with initials only."""
    ours = _surnames(mine)
    if not ours or _surnames(theirs[: len(ours)]) != ours:
        return False
    return len(ours) < len(theirs) or et_al or any(_only_initials(a) for a in mine)


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        if value and isinstance(value[0], Author):
            return "; ".join(a.short() for a in value)
        return "; ".join(value)
    return str(value)


def merge_record(
    ref: Reference, record: PubmedRecord, *, overwrite: bool = False
) -> tuple[Reference, list[FieldConflict]]:
    """Return ``ref`` filled from ``record`` and the conflicts found (see the module doc).

    >>> rec = PubmedRecord(pmid="1", doi="10.1/x", title="A title", year="2020")
    >>> new, conflicts = merge_record(Reference(key="k", pmid="1", year="2021"), rec)
    >>> new.doi, new.year, new.get_extra("x-pubmed-fields"), conflicts[0].field
    ('10.1/x', '2021', 'title,doi', 'year')
    """
    if not compare(ref, record).matches:
        journal = record.medline_ta or record.journal_abbrev or record.journal
        head = " ".join(b for b in (record.first_author, record.year, journal) if b)
        work = f"a different work ({head}: {record.title}); nothing filled from it"
        return ref, [FieldConflict(ref.key, "pmid", ref.pmid, work)]
    pubmed = record_to_reference(record, key=ref.key)
    was_marked = _marked(ref)
    marked = set(was_marked)
    changes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for attr, name in ENRICHED_FIELDS.items():
        mine, theirs = getattr(ref, attr), getattr(pubmed, attr)
        if not theirs:
            continue
        take = False
        if not mine or name in marked:
            take = mine != theirs
        elif _same(attr, mine, theirs):
            continue
        elif attr == "authors" and _refines_authors(mine, theirs, ref.et_al):
            take = True
        else:
            conflicts.append(FieldConflict(ref.key, name, _shown(mine), _shown(theirs), overwrite))
            take = overwrite
        if take:
            changes[attr] = theirs
            if attr == "authors":
                changes["et_al"] = pubmed.et_al
            marked.add(name)
    if not changes and marked == was_marked:
        return ref, conflicts
    listed = ",".join(n for n in ENRICHED_FIELDS.values() if n in marked)
    if listed:
        changes["extra"] = extra_with(ref.extra, PUBMED_FIELDS_KEY, listed)
    return replaced_reference(ref, changes), conflicts


def _marked(ref: Reference) -> set[str]:
    return {f.strip() for f in ref.get_extra(PUBMED_FIELDS_KEY).split(",") if f.strip()}


def merge_records(
    refs: Sequence[Reference],
    records: Mapping[str, PubmedRecord],
    *,
    missing: Collection[str] = (),
    overwrite: bool = False,
) -> EnrichReport:
    """Merge each reference's record into it (pure; input order kept).

    A PMID absent from ``records`` does not resolve, unless it is in ``missing`` (its record
    could not be had); either way the reference is left as it was.
    """
    out: list[Reference] = []
    filled: list[tuple[str, tuple[str, ...]]] = []
    conflicts: list[FieldConflict] = []
    not_found: list[str] = []
    unavailable: list[str] = []
    no_pmid: list[str] = []
    order = list(ENRICHED_FIELDS.values()).index
    for ref in refs:
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        record = records.get(pmid) if pmid else None
        if record is None:
            if not ref.pmid:
                no_pmid.append(ref.key)
            elif pmid in missing:
                unavailable.append(ref.key)
            else:
                not_found.append(ref.key)
            out.append(ref)
            continue
        new, found = merge_record(ref, record, overwrite=overwrite)
        conflicts.extend(found)
        if new is ref:
            out.append(ref)
            continue
        was = _marked(ref)
        added = sorted(_marked(new) - was, key=order)
        refreshed = [
            name
            for attr, name in ENRICHED_FIELDS.items()
            if name in was and getattr(new, attr) != getattr(ref, attr)
        ] if was else []
        if added or refreshed:
            filled.append((ref.key, tuple(dict.fromkeys([*added, *refreshed]))))
        out.append(new)
    return EnrichReport(tuple(out), tuple(filled), tuple(conflicts), tuple(not_found),
                        tuple(no_pmid), tuple(unavailable))  # fmt: skip


def enrich(
    refs: Sequence[Reference],
    source: RecordSource,
    *,
    overwrite: bool = False,
) -> EnrichReport:
    """Fetch the records of ``refs`` once (:func:`~refgraph.pubmed.source.fetch_cited`) and
    merge them in (input order kept). A record that cannot be had (offline and not cached,
    NCBI failing) leaves its reference as it was and is listed in
    :attr:`EnrichReport.unavailable`; nothing is raised for it.
    """
    cited = fetch_cited(source, refs)
    return merge_records(refs, cited.records, missing=cited.missing, overwrite=overwrite)
