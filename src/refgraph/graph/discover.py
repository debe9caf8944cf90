"""Find PubMed publications of the bibliography's trials that the bibliography lacks, ranked.

For each trial node: ``esearch`` on ``NCTxxxxxxxx[si]`` (PubMed's secondary-source field holds
registry numbers), plus the publications that cite the trial's known reports
(``elink pubmed_pubmed_citedin``) whose records name the trial (registry number or acronym).
Each suggestion is typed with the rules the graph uses for the publications it has
(:mod:`refgraph.graph.metadata`: title, abstract and publication types, against the trial's
primary report) and ranked by what a reader most likely misses:

1. a later report of the same patients (``follow_up_of``; "final" results first, then the
   most recent), 2. the trial's primary report itself when the list lacks it,
3. ``update_of``, 4. ``secondary_analysis_of``, 5. ``pooled_analysis_of``, 6. other
publications naming the trial, 7. comments and notices.

:func:`suggestions_to_references` turns suggestions into references (the verified PubMed
record of each, marked as a suggestion) for ``refgraph discover --add``.

This module talks to E-utilities only through the :class:`RecordSource` it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import networkx as nx

from refgraph.graph.build import build_graph
from refgraph.graph.metadata import Member, decide, primary_report, readings
from refgraph.graph.rules import forbidden, work_type
from refgraph.graph.trials import acronyms_in
from refgraph.ids import trial_ids_in
from refgraph.model import PubmedRecord, Reference
from refgraph.pubmed.source import RecordSource, fetch_cited

__all__ = ["Suggestion", "discover", "discover_publications", "suggestions_to_references"]

_PRIORITY = {"follow_up_of": 0, "primary report": 1, "update_of": 2, "secondary_analysis_of": 3,
             "pooled_analysis_of": 4, "reports": 5, "comment_on": 6}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A publication of a trial in the graph that the bibliography does not cite."""

    trial: str
    trial_label: str
    pmid: str
    title: str
    year: str
    journal: str
    first_author: str
    relation: str
    related_to: str
    found_by: str
    evidence: str
    rank: int = 0
    record: PubmedRecord | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in (
            "trial", "trial_label", "pmid", "title", "year", "journal", "first_author",
            "relation", "related_to", "found_by", "evidence", "rank")}


def _names_trial(record: PubmedRecord, registry: str, acronyms: Sequence[str]) -> str:
    """Return where ``record`` names the trial (``""`` when it does not)."""
    if registry:
        if registry in record.trials or any(a == registry for _, a in record.databanks):
            return f"DataBankList: {registry}"
        for name, text in (("title", record.title), ("abstract", record.abstract)):
            if registry in trial_ids_in(text):
                return f"{name}: {registry}"
    for name, text in (("title", record.title), ("abstract", record.abstract)):
        found = set(acronyms_in(text)) & set(acronyms)
        if found:
            return f"{name}: {sorted(found)[0]}"
    return ""


def _member(key: str, data: Mapping[str, object]) -> Member:
    year = data.get("year")
    return Member(key=key, pmid=str(data.get("pmid") or ""),
                  date=(year if isinstance(year, int) else 0, 0),
                  title=str(data.get("title") or ""),
                  publication_types=tuple(data.get("publication_types") or ()))  # type: ignore[arg-type]


def _record_member(record: PubmedRecord) -> Member:
    year = record.year or record.epub_year
    return Member(key=f"PMID {record.pmid}", pmid=record.pmid,
                  date=(int(year) if year.isdigit() else 0, 0), title=record.title,
                  abstract=record.abstract, publication_types=record.publication_types)


def _typed(record: PubmedRecord, members: list[Member], primary: Member | None
           ) -> tuple[str, str, str]:
    """Return ``(relation, related_to, evidence of the type)`` for a found record."""
    candidate = _record_member(record)
    if primary_report([*members, candidate]) is candidate:
        return "primary report", "", "the trial's primary report (earliest trial report)"
    best, _ = decide(readings(record.title, record.abstract, record.publication_types))
    if best is None or primary is None:
        relation = best.relation if best is not None else "reports"
        return relation, primary.key if primary else "", best.evidence if best else ""
    kind = work_type(record.publication_types, record.title)
    target = work_type(primary.publication_types, primary.title)
    if forbidden(best.relation, kind, target, candidate.date[0], primary.date[0]):
        return "reports", primary.key, best.evidence
    return best.relation, primary.key, best.evidence


def _rank(s: Suggestion) -> tuple[bool, int, int, int, str]:
    year = int(s.year) if s.year.isdigit() else 0
    final = 0 if "final" in s.evidence.lower() else 1
    return (s.record is None, _PRIORITY.get(s.relation, 7), final, -year, s.pmid)


def discover(
    graph: nx.MultiDiGraph,
    references: Sequence[Reference],
    client: RecordSource,
    *,
    max_candidates: int = 300,
    retmax: int = 200,
) -> list[Suggestion]:
    """Return the trials' PubMed publications missing from ``references``, likeliest first.

    Args:
        graph: a graph from :func:`refgraph.graph.build_graph` (its trial nodes are used).
        references: the bibliography (PMIDs already cited are never suggested).
        client: a record source (the E-utilities client, the cache, a local index).
        max_candidates: at most this many citing publications are fetched per trial.
        retmax: at most this many esearch hits per registry number.

    Returns:
        Suggestions grouped by trial (by label), each group ranked (see the module docs);
        ``rank`` numbers them within their trial from 1.
    """
    known = {ref.pmid for ref in references if ref.pmid}
    known |= {str(d.get("pmid")) for _, d in graph.nodes(data=True) if d.get("pmid")}
    out: list[Suggestion] = []
    trials = sorted((n for n, d in graph.nodes(data=True) if d.get("kind") == "trial"),
                    key=lambda n: (str(graph.nodes[n].get("label", n)), n))
    for trial in trials:
        data = graph.nodes[trial]
        registry, acronyms = str(data.get("registry", "")), tuple(data.get("acronyms", ()))
        keys = sorted(u for u, _, k in graph.in_edges(trial, keys=True) if k == "reports")
        members = [_member(key, graph.nodes[key]) for key in keys]
        primary = primary_report(members)
        member_pmids = [m.pmid for m in members if m.pmid]
        searched: dict[str, str] = {}
        if registry.startswith("NCT"):
            for pmid in client.esearch(f"{registry}[si]", retmax=retmax):
                if pmid not in known:
                    searched[pmid] = f"esearch {registry}[si]"
        citing: dict[str, str] = {}
        if member_pmids:
            links = client.elink(member_pmids, "pubmed_pubmed_citedin")
            for cited in sorted(links):
                for pmid in links[cited]:
                    if pmid not in known and pmid not in searched:
                        citing.setdefault(pmid, cited)
        chosen = sorted(citing, key=lambda p: (-int(p) if p.isdigit() else 0, p))[:max_candidates]
        wanted = sorted(set(searched) | set(chosen))
        records: Mapping[str, PubmedRecord] = (
            client.fetch_records(wanted, partial=True).records if wanted else {}
        )
        found = []
        for pmid in wanted:
            record = records.get(pmid)
            if record is None:  # PubMed's search found it, its record could not be had
                if pmid in searched:
                    found.append(Suggestion(
                        trial=trial, trial_label=str(data.get("label", trial)), pmid=pmid,
                        title="", year="", journal="", first_author="", relation="reports",
                        related_to=primary.key if primary else "", found_by=searched[pmid],
                        evidence=f"[si]: {registry} (record not fetched)"))
                continue
            if pmid in searched:
                found_by, named = searched[pmid], f"[si]: {registry}"
            else:
                named = _names_trial(record, registry, acronyms)
                if not named:
                    continue
                found_by = f"cites PMID {citing[pmid]}"
            relation, related_to, why = _typed(record, members, primary)
            found.append(Suggestion(
                trial=trial, trial_label=str(data.get("label", trial)), pmid=pmid,
                title=record.title, year=record.year or record.epub_year,
                journal=record.medline_ta or record.journal_abbrev,
                first_author=record.first_author, relation=relation, related_to=related_to,
                found_by=found_by, evidence=" | ".join(e for e in (why, named) if e),
                record=record,
            ))
        found.sort(key=_rank)
        out.extend(replace(s, rank=i) for i, s in enumerate(found, 1))
    return out


def suggestions_to_references(suggestions: Sequence[Suggestion]) -> list[Reference]:
    """Return the suggestions' PubMed records as references (no keys yet), each marked with
    a ``refgraph-suggestion`` field saying what it is and how it was found."""
    from refgraph.pubmed.reference import record_to_reference

    out = []
    seen: set[str] = set()
    for s in suggestions:
        if s.record is None or s.pmid in seen:
            continue
        seen.add(s.pmid)
        what = f"{s.relation} {s.related_to}".strip()
        note = f"{what} ({s.trial_label}); {s.evidence}; found by {s.found_by}"
        ref = record_to_reference(s.record)
        out.append(ref.with_extra("refgraph-suggestion", note))
    return out


def discover_publications(
    references: Sequence[Reference], source: RecordSource, **options: int
) -> list[Suggestion]:
    """:func:`discover` for a bibliography: its records are fetched once
    (:func:`~refgraph.pubmed.source.fetch_cited`) and its graph built from them first."""
    records = fetch_cited(source, references).records
    return discover(build_graph(references, records).graph, references, source, **options)
