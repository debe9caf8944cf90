"""Does every PMID resolve, and does it point to the paper cited? (pure core + orchestrator)

:func:`compare` sets one citation against one PubMed record, field by field; every
disagreement is graded ``minor`` (the PMID is right, the citation has a small slip) or
``major`` (evidence of a different work) and weighed:

=========  ==============================================  ============================
field      minor (weight 0, a note)                        major
=========  ==============================================  ============================
title      similarity 0.75-0.9 (weight 1)                  similarity < 0.75: weight 3
author     cited surname is a later author, or a typo      other surname: weight 2
journal    --                                              names do not match: weight 2
year       e-pub year, or within one year of either        further apart: weight 1
volume     --                                              differs: weight 1
pages      same first page, other range; 1-letter typo     other first page: weight 2
=========  ==============================================  ============================

A citation is a ``mismatch`` when the weights of its disagreements add up to **3 or more**
(:data:`MISMATCH_WEIGHT`): a different title alone, or any two major slips (volume and
pages, journal and year, ...). One slip alone is ``ok`` with the difference shown.
Fields missing on either side are not compared. Title similarity is
:class:`difflib.SequenceMatcher` over folded, punctuation-free text; a cited title that is
a prefix of PubMed's (or the reverse, 30+ characters) counts as equal.

:func:`check_library` gives each reference one verdict (``ok``, ``mismatch``,
``not_found``, ``retracted``, ``no_pmid``) plus notes (errata, comments, duplicates ...);
:func:`run_check` fetches records through an :class:`~refgraph.eutils.client.EutilsClient`
and looks for the right PMID (ECitMatch, then esearch on the title), suggesting only
candidates whose fetched record passes :func:`compare`.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from refgraph.ids import normalize_pmid
from refgraph.journals import matches_any, normalise_journal
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.text import fold

__all__ = [
    "MISMATCH_WEIGHT",
    "VERDICTS",
    "CheckReport",
    "CheckResult",
    "Comparison",
    "Difference",
    "Suggestion",
    "check_library",
    "compare",
    "record_notes",
    "run_check",
    "suggest",
    "title_similarity",
]

VERDICTS = ("ok", "mismatch", "not_found", "retracted", "no_pmid", "unchecked")
# "unchecked" is only given by ``refgraph build`` when a record is not available (offline
# and not cached): it is not a finding about the citation, but --strict still fails on it.
#: Disagreement weight at which a citation is a different work.
MISMATCH_WEIGHT = 3
_MAJOR_WEIGHTS = {"title": 3, "author": 2, "journal": 2, "pages": 2, "year": 1, "volume": 1}


@dataclass(frozen=True, slots=True)
class Difference:
    """One field on which citation and PubMed record disagree."""

    field: str
    cited: str
    pubmed: str
    severity: str = "major"  # "minor" | "major"

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "cited": self.cited,
            "pubmed": self.pubmed,
            "severity": self.severity,
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of :func:`compare`: differences, notes, the weight and the verdict."""

    differences: tuple[Difference, ...] = ()
    notes: tuple[str, ...] = ()
    weight: int = 0
    compared: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        return "mismatch" if self.weight >= MISMATCH_WEIGHT else "ok"

    @property
    def matches(self) -> bool:
        return self.verdict == "ok"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A PMID that, fetched and compared, matches the citation."""

    pmid: str
    verified: bool = True
    via: str = ""  # "ecitmatch" | "esearch"

    def as_dict(self) -> dict[str, object]:
        return {"pmid": self.pmid, "verified": self.verified, "via": self.via}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One reference's verdict."""

    key: str
    pmid: str
    verdict: str
    notes: tuple[str, ...] = ()
    differences: tuple[Difference, ...] = ()
    suggestion: Suggestion | None = None
    reference: Reference | None = field(default=None, compare=False, repr=False)

    @property
    def is_problem(self) -> bool:
        return self.verdict in ("mismatch", "not_found", "retracted")

    def as_dict(self) -> dict[str, object]:
        ref = self.reference
        return {
            "key": self.key,
            "pmid": self.pmid or None,
            "verdict": self.verdict,
            "notes": list(self.notes),
            "differences": [d.as_dict() for d in self.differences],
            "suggestion": self.suggestion.as_dict() if self.suggestion else None,
            "source": ref.source if ref else "",
            "line": ref.line if ref else 0,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything ``refgraph check`` reports: results in input order and a summary."""

    results: tuple[CheckResult, ...]
    duplicates: tuple[tuple[str, ...], ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(r.verdict for r in self.results)
        return {v: tally[v] for v in VERDICTS if tally[v]}

    @property
    def ok(self) -> bool:
        return not any(r.is_problem for r in self.results)

    @property
    def clean(self) -> bool:
        """No problem at all, not even a missing PMID or a duplicate (``--strict``)."""
        return all(r.verdict == "ok" for r in self.results) and not self.duplicates

    def summary_line(self) -> str:
        """Return e.g. ``"10 references: 10 ok"`` or ``"3 references: 1 ok, 2 mismatch"``."""
        n = len(self.results)
        parts = [f"{count} {verdict}" for verdict, count in self.counts.items()]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate group(s)")
        noun = "reference" if n == 1 else "references"
        return f"{n} {noun}: " + (", ".join(parts) if parts else "nothing to check")

    def as_dict(self) -> dict[str, object]:
        return {
            "results": [r.as_dict() for r in self.results],
            "summary": {
                "total": len(self.results),
                **{v: self.counts.get(v, 0) for v in VERDICTS},
                "duplicates": [list(group) for group in self.duplicates],
                "suggestions": sum(1 for r in self.results if r.suggestion),
                "text": self.summary_line(),
            },
        }


# --------------------------------------------------------------------------- fields


_NON_WORD = re.compile(r"[\W_]+")


def _plain(text: str) -> str:
    folded = fold(text)
    return " ".join(_NON_WORD.sub(" ", folded).split())


def title_similarity(a: str, b: str) -> float:
    """Return how alike two titles are, 0..1, over folded punctuation-free text.

    >>> title_similarity("Inotuzumab ozogamicin: first global approval.",
    ...                  "Inotuzumab Ozogamicin: First Global Approval")
    1.0
    """
    pa, pb = _plain(a), _plain(b)
    if not pa or not pb:
        return 0.0
    if pa == pb:
        return 1.0
    short, long_ = sorted((pa, pb), key=len)
    if len(short) >= 30 and long_.startswith(short):
        return 1.0
    return difflib.SequenceMatcher(None, pa, pb, autojunk=False).ratio()


def _is_typo(a: str, b: str) -> bool:
    """One substituted, inserted, dropped or swapped character."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _surname(author: Author) -> str:
    return _plain(author.collective or author.last).replace(" ", "")


def _years(record: PubmedRecord) -> list[int]:
    found = [record.year, record.epub_year, *re.findall(r"\b\d{4}\b", record.medline_date)]
    return [int(y) for y in found if y.isdigit()]


def _compare_year(cited: str, record: PubmedRecord) -> tuple[Difference | None, str]:
    issue_year = record.year or next(iter(re.findall(r"\d{4}", record.medline_date)), "")
    shown = issue_year + (f" (e-pub {record.epub_year})" if record.epub_year else "")
    years = _years(record)
    if not cited.isdigit() or not years:
        return None, ""
    year = int(cited)
    if cited == issue_year:
        return None, ""
    if record.epub_year and cited == record.epub_year:
        return (
            Difference("year", cited, shown, "minor"),
            f"year: cited {cited} is the e-pub year; the issue year is {issue_year}",
        )
    if any(abs(year - y) <= 1 for y in years):
        return (
            Difference("year", cited, shown, "minor"),
            f"year: cited {cited}, PubMed {shown}; within one year, accepted",
        )
    return Difference("year", cited, shown), ""


def _compare_pages(ref: Reference, record: PubmedRecord) -> tuple[Difference | None, str]:
    cited_first = fold(ref.first_page).strip()
    targets = [fold(p).strip() for p in (record.first_page, record.elocation) if p]
    if not cited_first or not targets:
        return None, ""
    shown = record.pages or record.elocation
    if cited_first in targets:
        if (
            record.pages
            and ref.pages
            and fold(ref.pages) != fold(record.pages)
            and "-" in ref.pages
        ):
            return (
                Difference("pages", ref.pages, shown, "minor"),
                f"pages: same first page, page range {ref.pages} vs PubMed {shown}",
            )
        return None, ""
    if any(_is_typo(cited_first, t) for t in targets):
        return (
            Difference("pages", ref.pages, shown, "minor"),
            f"pages: first page {ref.first_page} looks like a typo for {targets[0]}",
        )
    return Difference("pages", ref.pages, shown), ""


def _compare_author(ref: Reference, record: PubmedRecord) -> tuple[Difference | None, str]:
    if not ref.authors or not record.authors:
        return None, ""
    cited = _surname(ref.authors[0])
    theirs = [_surname(a) for a in record.authors]
    shown = record.authors[0].short()
    if not cited or cited == theirs[0]:
        return None, ""
    if cited in theirs[1:4]:
        return (
            Difference("author", ref.authors[0].short(), shown, "minor"),
            f"first author: cited {ref.first_author} is author {theirs.index(cited) + 1} in PubMed",
        )
    if difflib.SequenceMatcher(None, cited, theirs[0]).ratio() >= 0.8:
        return (
            Difference("author", ref.authors[0].short(), shown, "minor"),
            f"first author: {ref.first_author} looks like a misspelling of {record.first_author}",
        )
    return Difference("author", ref.authors[0].short(), shown), ""


def compare(ref: Reference, record: PubmedRecord) -> Comparison:
    """Compare a citation with a PubMed record; see the module docstring for the rule.

    >>> from refgraph.model import Author
    >>> rec = PubmedRecord(pmid="1", title="A trial", journal_abbrev="Blood", year="2020",
    ...                    volume="1", pages="10-20", authors=(Author(last="Smith"),))
    >>> compare(Reference(key="k", title="A trial", journal="Blood", year="2020"), rec).verdict
    'ok'
    """
    differences: list[Difference] = []
    notes: list[str] = []
    compared: list[str] = []

    def add(diff: Difference | None, note: str, name: str) -> None:
        compared.append(name)
        if diff is not None:
            differences.append(diff)
        if note:
            notes.append(note)

    if ref.title and record.title:
        score = title_similarity(ref.title, record.title)
        severity = "" if score >= 0.9 else ("minor" if score >= 0.75 else "major")
        diff = Difference("title", ref.title, record.title, severity) if severity else None
        add(diff, f"title: {score:.0%} similar" if severity == "minor" else "", "title")
    if ref.authors and record.authors:
        add(*_compare_author(ref, record), "author")
    cited_journal = ref.journal or ref.journal_full
    names = (record.journal, record.journal_abbrev, record.medline_ta)
    if cited_journal and any(names):
        cited_names = (ref.journal, ref.journal_full)
        same = any(matches_any(name, names) for name in cited_names if name)
        shown = record.medline_ta or record.journal_abbrev or record.journal
        add(None if same else Difference("journal", cited_journal, shown), "", "journal")
    if ref.year and _years(record):
        add(*_compare_year(ref.year, record), "year")
    if ref.volume and record.volume:
        same = fold(ref.volume).strip() == fold(record.volume).strip()
        add(None if same else Difference("volume", ref.volume, record.volume), "", "volume")
    if ref.pages and (record.pages or record.elocation):
        add(*_compare_pages(ref, record), "pages")
    weight = sum(
        _MAJOR_WEIGHTS[d.field] if d.severity == "major" else (1 if d.field == "title" else 0)
        for d in differences
    )
    if not compared:
        notes.append("the citation has nothing to compare with PubMed but its PMID")
    return Comparison(tuple(differences), tuple(notes), weight, tuple(compared))


# --------------------------------------------------------------------------- notes

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
    return bool(ref.title) and not _NOTICE_WORDS.search(_plain(ref.title))


def record_notes(ref: Reference, record: PubmedRecord) -> tuple[str, ...]:
    """Notes about a record's own status: retraction, errata, comments, notice types."""
    notes: list[str] = []
    if "Retracted Publication" in record.publication_types:
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


# --------------------------------------------------------------------------- library


def _records_of(fetch: Any) -> tuple[Mapping[str, PubmedRecord], frozenset[str]]:
    records = getattr(fetch, "records", fetch)
    not_found = frozenset(getattr(fetch, "not_found", ()))
    return records, not_found


def _check_one(ref: Reference, records: Mapping[str, PubmedRecord]) -> CheckResult:
    pmid = normalize_pmid(ref.pmid) if ref.pmid else None
    if not ref.pmid:
        return CheckResult(ref.key, "", "no_pmid", ("the citation has no PMID",), reference=ref)
    if pmid is None:
        note = f"malformed PMID {ref.pmid!r}"
        return CheckResult(ref.key, ref.pmid, "not_found", (note,), reference=ref)
    record = records.get(pmid)
    if record is None:
        note = f"PMID {pmid} does not resolve in PubMed (unknown or deleted)"
        return CheckResult(ref.key, pmid, "not_found", (note,), reference=ref)
    comparison = compare(ref, record)
    notes = list(comparison.notes) + list(record_notes(ref, record))
    verdict = comparison.verdict
    if verdict == "mismatch":
        notes.insert(0, f"PMID {pmid} is a different work: {_describe(record)}")
    elif record.is_retracted:
        verdict = "retracted"
    return CheckResult(ref.key, pmid, verdict, tuple(notes), comparison.differences, reference=ref)


def _describe(record: PubmedRecord) -> str:
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
                f"cite:{_plain(author)}|{year}|{normalise_journal(journal)}|"
                f"{volume.strip().casefold()}|{page.strip().casefold()}"
            )
    return sigs


def _duplicates(
    refs: Sequence[Reference], records: Mapping[str, PubmedRecord]
) -> tuple[dict[int, list[str]], list[tuple[str, ...]]]:
    notes: dict[int, list[str]] = {}
    groups: list[tuple[str, ...]] = []
    by_pmid: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        if pmid:
            by_pmid.setdefault(pmid, []).append(i)
    for pmid, idx in by_pmid.items():
        if len(idx) > 1:
            groups.append(tuple(refs[i].key for i in idx))
            for i in idx:
                others = ", ".join(refs[j].key for j in idx if j != i)
                notes.setdefault(i, []).append(f"duplicate: PMID {pmid} is also cited as {others}")
    owner: dict[str, int] = {}
    linked: dict[int, set[int]] = {}
    for i, ref in enumerate(refs):
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        for sig in _signatures(ref, records.get(pmid) if pmid else None):
            j = owner.setdefault(sig, i)
            if j != i and (normalize_pmid(refs[j].pmid) if refs[j].pmid else None) != pmid:
                linked.setdefault(j, set()).add(i)
    for j, others in linked.items():
        members = [j, *sorted(others)]
        groups.append(tuple(refs[m].key for m in members))
        for m in members:
            rest = ", ".join(
                f"{refs[o].key} (PMID {refs[o].pmid or 'none'})" for o in members if o != m
            )
            notes.setdefault(m, []).append(f"duplicate: the same work as {rest}")
    return notes, groups


def check_library(
    refs: Sequence[Reference], fetch: Any
) -> tuple[list[CheckResult], list[tuple[str, ...]]]:
    """Give each reference its verdict against fetched records; also find duplicates.

    ``fetch`` is a :class:`~refgraph.eutils.client.FetchResult` or a plain mapping
    ``pmid -> PubmedRecord`` (a PMID absent from it does not resolve). Returns the results
    in input order and the duplicate groups (tuples of keys).
    """
    records, _ = _records_of(fetch)
    return _finish(refs, [_check_one(ref, records) for ref in refs], records)


def _finish(
    refs: Sequence[Reference], results: list[CheckResult], records: Mapping[str, PubmedRecord]
) -> tuple[list[CheckResult], list[tuple[str, ...]]]:
    dup_notes, groups = _duplicates(refs, records)
    for i, extra in dup_notes.items():
        results[i] = replace(results[i], notes=results[i].notes + tuple(extra))
    return results, groups


# --------------------------------------------------------------------------- orchestrator

Progress = Callable[[str, int, int], None]


def _query_for(ref: Reference) -> Any:
    from refgraph.pubmed.source import CitationQuery

    author = ""
    if ref.authors:
        first = ref.authors[0]
        author = first.collective or f"{first.last} {first.name_initials}".strip()
    return CitationQuery(
        key=ref.key,
        journal=ref.journal or ref.journal_full,
        year=ref.year,
        volume=ref.volume,
        first_page=ref.first_page,
        author=author,
    )


def _title_term(title: str) -> str:
    words = _plain(title).split()
    return " ".join(words[:25])


def _candidates(refs: Sequence[Reference], client: Any) -> dict[str, list[tuple[str, str]]]:
    """Return ``key -> [(pmid, via), ...]`` from ECitMatch, then esearch on the title."""
    found: dict[str, list[tuple[str, str]]] = {r.key: [] for r in refs}
    queryable = [r for r in refs if (r.journal or r.journal_full) and r.volume and r.first_page]
    if queryable:
        matches = client.ecitmatch([_query_for(r) for r in queryable])
        for ref in queryable:
            match = matches.get(ref.key)
            if match is None:
                continue
            if match.status == "found" and match.pmid:
                found[ref.key].append((match.pmid, "ecitmatch"))
            else:
                found[ref.key].extend((p, "ecitmatch") for p in match.candidates[:5])
    for ref in refs:
        cited = normalize_pmid(ref.pmid) if ref.pmid else None
        if not any(p != cited for p, _ in found[ref.key]) and ref.title:
            term = _title_term(ref.title)
            if term:
                found[ref.key].extend((p, "esearch") for p in client.esearch(term, retmax=5))
    return found


def suggest(
    results: list[CheckResult], client: Any, progress: Progress | None = None
) -> list[CheckResult]:
    """Look for the right PMID of each mismatch / not_found / no_pmid result.

    Candidates come from ECitMatch, then esearch on the title; each is fetched and verified
    with :func:`compare` before it is suggested. Other results are returned unchanged.
    """
    from refgraph.errors import OfflineError

    wanted = {
        i
        for i, r in enumerate(results)
        if r.verdict in ("mismatch", "not_found", "no_pmid") and r.reference is not None
    }
    refs = [ref for i in sorted(wanted) if (ref := results[i].reference) is not None]
    if not refs:
        return results
    if progress:
        progress("searching", 0, len(refs))
    try:
        candidates = _candidates(refs, client)
        pmids = sorted({p for cands in candidates.values() for p, _ in cands})
        fetched = client.fetch_records(pmids, partial=True).records if pmids else {}
    except OfflineError:
        note = "offline: did not search PubMed for the right PMID"
        return [
            replace(r, notes=(*r.notes, note)) if i in wanted else r for i, r in enumerate(results)
        ]
    out = []
    for i, result in enumerate(results):
        ref = result.reference
        if i not in wanted or ref is None:
            out.append(result)
            continue
        suggestion, rejected = None, []
        for pmid, via in candidates.get(ref.key, []):
            record = fetched.get(pmid)
            if pmid == result.pmid or record is None:
                continue
            if compare(ref, record).matches:
                suggestion = Suggestion(pmid, True, via)
                break
            rejected.append(pmid)
        notes = list(result.notes)
        if suggestion:
            notes.append(f"suggested PMID {suggestion.pmid} (found by {via}, record verified)")
        elif rejected:
            notes.append(
                f"candidate PMID(s) {', '.join(dict.fromkeys(rejected))} did not match the citation"
            )
        else:
            notes.append("no matching PubMed record found")
        out.append(replace(result, suggestion=suggestion, notes=tuple(notes)))
    if progress:
        progress("searching", len(refs), len(refs))
    return out


def run_check(
    refs: Sequence[Reference],
    client: Any,
    *,
    search: bool = True,
    progress: Progress | None = None,
) -> CheckReport:
    """Fetch the cited records, give each reference a verdict, look for better PMIDs.

    Raises :class:`~refgraph.errors.OfflineError` / ``FetchIncompleteError`` (via the
    client) when cited records cannot be had at all: a verdict is never guessed.
    """
    by_pmid: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        if pmid:
            by_pmid.setdefault(pmid, []).append(i)
    pmids = list(by_pmid)
    done: dict[int, CheckResult] = {}
    records: dict[str, PubmedRecord] = {}
    size = int(getattr(client, "batch_size", 200) or 200)
    # Fetch batch by batch and check each batch while the rate limiter makes us wait for
    # the next request anyway: the checking costs (almost) no wall time online.
    for start in range(0, len(pmids), size):
        if progress:
            progress("checking", start, len(pmids))
        chunk = pmids[start : start + size]
        records.update(client.fetch_records(chunk).records.items())
        for pmid in chunk:
            for i in by_pmid[pmid]:
                done[i] = _check_one(refs[i], records)
    if progress:
        progress("checking", len(pmids), len(pmids))
    ordered = [done[i] if i in done else _check_one(ref, records) for i, ref in enumerate(refs)]
    results, groups = _finish(refs, ordered, records)
    if search:
        results = suggest(results, client, progress)
    return CheckReport(tuple(results), tuple(groups))


def fixes(report: CheckReport) -> list[tuple[CheckResult, str]]:
    """Return ``(result, new_pmid)`` for every result with a verified suggestion."""
    return [
        (r, r.suggestion.pmid)
        for r in report.results
        if r.suggestion is not None and r.suggestion.verified and r.suggestion.pmid != r.pmid
    ]


def iter_problems(report: CheckReport) -> Iterable[CheckResult]:
    """Results that are not ``ok``."""
    return (r for r in report.results if r.verdict != "ok")
