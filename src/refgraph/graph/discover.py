"""Find PubMed publications of the bibliography's trials that the bibliography lacks.

For each trial node: ``esearch`` on ``NCTxxxxxxxx[si]`` (PubMed's secondary-source field holds
registry numbers), plus the publications that cite the trial's known reports
(``elink pubmed_pubmed_citedin``) whose records name the trial (registry number or acronym).
Each suggestion carries its likely relation, from the record's title and publication types.

This is the one graph module that talks to E-utilities, and only through the client it is
given (``esearch``, ``elink``, ``fetch_records``); it never builds one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import networkx as nx

from refgraph.graph.build import build_graph
from refgraph.graph.metadata import classify_record
from refgraph.graph.trials import acronyms_in
from refgraph.ids import trial_ids_in
from refgraph.model import PubmedRecord, Reference
from refgraph.pubmed.source import RecordSource, fetch_cited

__all__ = ["Suggestion", "discover", "discover_publications"]


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

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _names_trial(record: PubmedRecord, registry: str, acronyms: Sequence[str]) -> str:
    """Return where ``record`` names the trial (``""`` when it does not)."""
    if registry:
        if registry in record.trials or any(a == registry for _, a in record.databanks):
            return f"DataBankList {registry}"
        for field, text in (("title", record.title), ("abstract", record.abstract)):
            if registry in trial_ids_in(text):
                return f"{field} names {registry}"
    for field, text in (("title", record.title), ("abstract", record.abstract)):
        found = set(acronyms_in(text)) & set(acronyms)
        if found:
            return f"{field} names {sorted(found)[0]}"
    return ""


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
    """
    known = {ref.pmid for ref in references if ref.pmid}
    known |= {str(d.get("pmid")) for _, d in graph.nodes(data=True) if d.get("pmid")}
    out: list[Suggestion] = []
    trials = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "trial")
    for trial in trials:
        data = graph.nodes[trial]
        registry, acronyms = str(data.get("registry", "")), tuple(data.get("acronyms", ()))
        members = sorted(u for u, _, k in graph.in_edges(trial, keys=True) if k == "reports")
        member_pmids = [str(graph.nodes[m].get("pmid")) for m in members
                        if graph.nodes[m].get("pmid")]
        primary = min(members, key=lambda m: (graph.nodes[m].get("year") or 9999, m), default="")
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
        for pmid in wanted:
            record = records.get(pmid)
            if pmid in searched:
                found_by, named = searched[pmid], "registry number in PubMed's [si] field"
            else:
                named = _names_trial(record, registry, acronyms) if record else ""
                if not named:
                    continue
                found_by = f"cites PMID {citing[pmid]}"
            cue = classify_record(record.title, record.publication_types) if record else None
            out.append(Suggestion(
                trial=trial, trial_label=str(data.get("label", trial)), pmid=pmid,
                title=record.title if record else "", year=record.year if record else "",
                journal=record.medline_ta or record.journal_abbrev if record else "",
                first_author=record.first_author if record else "",
                relation=cue.relation if cue else "reports", related_to=primary,
                found_by=found_by,
                evidence=f"{named}; {cue.cue or cue.evidence}" if cue else named,
            ))
    out.sort(key=lambda s: (s.trial_label, s.year or "9999", s.pmid))
    return out


def discover_publications(
    references: Sequence[Reference], source: RecordSource, **options: int
) -> list[Suggestion]:
    """:func:`discover` for a bibliography: its records are fetched once
    (:func:`~refgraph.pubmed.source.fetch_cited`) and its graph built from them first."""
    records = fetch_cited(source, references).records
    return discover(build_graph(references, records).graph, references, source, **options)
