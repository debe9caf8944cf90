"""The follow-up graph: which publications report, extend, analyse or correct which (no I/O).

:func:`build_graph` turns references (and, when available, their PubMed records and elink
citations) into a :class:`networkx.MultiDiGraph`:

- reference nodes keyed by citation key (``kind="reference"``, ``pmid``, ``title``,
  ``work_type`` ...);
- trial nodes keyed by registry number or acronym (``kind="trial"``, ``label``);
- typed edges keyed by relation (:data:`refgraph.graph.cues.RELATIONS`), each with
  ``relation``, ``evidence`` (``field: phrase`` items: the annotation sentence, the title
  words, the publication type, the DataBankList entry ...) and ``via``: where the evidence
  came from (``annotation``, ``pubmed``, ``elink``, ``inferred``; several joined by ``+``;
  the name keeps clear of node-link JSON's own ``source``/``target`` edge keys); see
  :mod:`refgraph.graph.edges` for agreement, conflicts and the edge rules.

Edges come from: trials named in records and texts (:mod:`~refgraph.graph.trials`),
PubMed CommentsCorrections, annotation cross-references typed by their cues and the cues'
subjects (:mod:`~refgraph.graph.xrefs`, :mod:`~refgraph.graph.cues`,
:mod:`~refgraph.graph.subjects`), PubMed metadata of the publications of one trial
(:mod:`~refgraph.graph.metadata`), ReferenceList/elink citations, and inference (a
follow-up of a trial report reports its trial). Queries over the result live in
:mod:`refgraph.graph.groups`. This module never imports :mod:`refgraph.eutils`.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter

import networkx as nx

from refgraph.graph.annotations import Annotation, add_annotations, scan_annotations
from refgraph.graph.edges import EdgeSet, NodeRow, add_node_rows
from refgraph.graph.knownacronyms import known_acronym_mentions
from refgraph.graph.metadata import Member, family_edges
from refgraph.graph.nodes import first_published, reference_attrs, reference_date, unique_keys
from refgraph.graph.trials import (
    TrialMention,
    trial_aliases,
    trial_label,
    trial_mentions,
    trial_url,
)
from refgraph.graph.versions import version_mentions
from refgraph.model import Diagnostic, PubmedRecord, Reference

__all__ = [
    "COMMENTS_CORRECTIONS",
    "FOLLOW_UP_RELATIONS",
    "SAME_TRIAL_RELATIONS",
    "GraphResult",
    "build_graph",
]

#: relations that make the source a follow-up (in the wide sense) of the target
FOLLOW_UP_RELATIONS = ("follow_up_of", "secondary_analysis_of", "update_of", "pooled_analysis_of")
#: relations between publications of the same patients: they share their trials
SAME_TRIAL_RELATIONS = ("follow_up_of", "secondary_analysis_of", "update_of")

#: PubMed CommentsCorrections -> (relation, direction): +1 this -> other, -1 other -> this
# (a table: one row per PubMed link type)
COMMENTS_CORRECTIONS: dict[str, tuple[str, int]] = {
    "CommentOn": ("comment_on", 1),
    "CommentIn": ("comment_on", -1),
    "ErratumFor": ("erratum_for", 1),
    "ErratumIn": ("erratum_for", -1),
    "RetractionOf": ("retraction_of", 1),
    "RetractionIn": ("retraction_of", -1),
    "UpdateOf": ("update_of", 1),
    "UpdateIn": ("update_of", -1),
    "RepublishedFrom": ("update_of", 1),
    "RepublishedIn": ("update_of", -1),
    "ExpressionOfConcernFor": ("comment_on", 1),
    "ExpressionOfConcernIn": ("comment_on", -1),
}


@dataclass(frozen=True, slots=True)
class GraphResult:
    """The graph and the problems met while building it (ambiguous/unresolved xrefs ...)."""

    graph: nx.MultiDiGraph
    problems: tuple[Diagnostic, ...] = ()


def build_graph(
    references: Sequence[Reference],
    records: Mapping[str, PubmedRecord] | None = None,
    *,
    citations: Mapping[str, Sequence[str]] | None = None,
) -> GraphResult:
    """Build the follow-up graph of ``references``.

    Args:
        references: the bibliography (citation keys must be set; duplicates are reported).
        records: PubMed records by PMID (cached or fetched); without them only annotation
            cross-references and trials named in the text give edges.
        citations: PMID -> PMIDs it cites (elink ``pubmed_pubmed_refs``/``citedin``); pairs
            inside the bibliography become ``cites`` edges with source ``elink``.

    Returns:
        A :class:`GraphResult`; the result does not depend on the order of ``references``.

    Example:
        >>> from refgraph.model import Author
        >>> a = Reference(key="Li2016", pmid="1", authors=(Author(last="Li"),), year="2016")
        >>> b = Reference(key="Li2017", pmid="2", authors=(Author(last="Li"),), year="2017",
        ...               annotation="Long-term results of a trial [Li 2016].")
        >>> g = build_graph([a, b]).graph
        >>> sorted((u, v, k) for u, v, k in g.edges(keys=True))
        [('Li2017', 'Li2016', 'follow_up_of')]
    """
    paused = gc.isenabled()
    gc.disable()  # the build allocates millions of small objects and frees none
    try:
        return _build(references, records or {}, citations or {})
    finally:
        if paused:
            gc.enable()


def _build(
    references: Sequence[Reference],
    records: Mapping[str, PubmedRecord],
    citations: Mapping[str, Sequence[str]],
) -> GraphResult:
    given: Sequence[Reference] = references
    refs: list[Reference] | None = None  # in key order, made when a pass needs them
    problems: list[Diagnostic] = []
    if len(set(map(attrgetter("key"), references))) != len(references):
        refs, problems = unique_keys(references)
        given = refs
    # the passes over each entry alone go in the order given, the order the entries sit in
    # memory (in key order each entry is a cache miss in a large library); whatever they
    # find is used in key order
    graph = nx.MultiDiGraph()
    edges = EdgeSet()
    found_records: list[tuple[str, PubmedRecord]] = []
    dates: dict[str, tuple[int, int]] = {}
    rows: list[NodeRow] = []  # the reference nodes, their adjacency dicts made with them
    kinds: dict[str, str] = {}  # work types other than unknown, for vetting the edges
    for ref in given:
        record = records.get(ref.pmid) if ref.pmid else None
        if record is not None:
            found_records.append((ref.key, record))
        dates[ref.key] = date = reference_date(ref, record)
        data = reference_attrs(ref, record, date)
        rows.append((ref.key, data, {}, {}))
        if data["work_type"] != "unknown":
            kinds[ref.key] = data["work_type"]
    # every entry's record or None, in the order given (a copy of the keys of dates, made
    # at its full size at once, not grown entry by entry as a second table)
    rec: dict[str, PubmedRecord | None] = dict.fromkeys(dates)
    rec.update(found_records)
    if refs is None:
        rows.sort(key=itemgetter(0))  # the nodes in key order (the keys told apart)
    add_node_rows(graph, rows)
    del rows

    annotations = scan_annotations(given)
    mentions = _mentions(given, rec, annotations)
    found = add_annotations(edges, given, annotations, rec, _trials_of(mentions, rec), dates)
    problems += found.problems
    for key, more in found.mentions.items():
        mentions[key] = (*mentions.get(key, ()), *more)
    trials_of = _add_trials(graph, edges, mentions, rec)
    linked = bool(records or citations)  # PMIDs to link: else the two passes find nothing
    key_of_pmid: dict[str, str] = {}
    if linked:
        if refs is None:
            refs = sorted(given, key=attrgetter("key"))
        for ref in refs:
            if ref.pmid:
                key_of_pmid.setdefault(ref.pmid, ref.key)
        _add_comments_corrections(edges, refs, rec, key_of_pmid)
    problems += _add_metadata_relations(edges, given, rec, dates, trials_of, mentions)
    if linked:
        assert refs is not None  # sorted above
        _add_citations(edges, refs, rec, key_of_pmid, citations)
    _add_inferred_reports(edges, trials_of)
    if kinds:
        kinds.update((node, "trial") for node, data in graph.nodes(data=True)
                     if data.get("kind") == "trial")
    # the years of the entries, when there are typed edges to vet
    years = ({key: date[0] for key, date in dates.items()} if kinds or edges.unvetted
             else {})
    vetted = edges.vet(kinds, years)
    if vetted:
        by_key = {ref.key: ref for ref in given}
        for node, why in vetted:
            ref = by_key[node]
            problems.append(Diagnostic(ref.source, ref.line, "forbidden_relation", why))
    edges.finish(graph, edgeless=True)  # (its sources are sorted only if it falls back)
    problems.sort(key=lambda d: (d.source, d.line, d.kind, d.text))
    return GraphResult(graph, tuple(problems))


def _mentions(
    refs: Sequence[Reference], rec: Mapping[str, PubmedRecord | None],
    annotations: Mapping[str, Annotation],
) -> dict[str, tuple[TrialMention, ...]]:
    """Every entry's own trial mentions (acronyms that label its cross-references left
    out), in key order whatever the order of ``refs``."""
    mentions = {}
    for ref in refs:
        note = annotations.get(ref.key)
        found = (trial_mentions(ref, rec[ref.key]) if note is None else trial_mentions(
            ref, rec[ref.key], labelled=note.labelled_only, annotation_acronyms=note.acronyms))
        if found:
            mentions[ref.key] = found
    for key, more in known_acronym_mentions(mentions, rec).items():
        mentions[key] = (*mentions.get(key, ()), *more)
    mentions.update(version_mentions(mentions, rec))
    return {key: mentions[key] for key in sorted(mentions)}


def _node_names(
    mentions: Mapping[str, Sequence[TrialMention]], rec: Mapping[str, PubmedRecord | None],
) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Return ``mention name -> trial node`` and each entry's trial nodes."""
    aliases = trial_aliases(mentions)
    node_of: dict[str, str] = {}
    trials_of = {}
    for key, found in mentions.items():
        names = set()
        for mention in found:
            node = node_of.get(mention.name)
            if node is None:
                trial = aliases.get(mention.name, mention.name)
                node = node_of[mention.name] = trial if trial not in rec else f"trial:{trial}"
            names.add(node)
        trials_of[key] = frozenset(names)
    return node_of, trials_of


def _trials_of(mentions: Mapping[str, Sequence[TrialMention]],
               rec: Mapping[str, PubmedRecord | None]) -> dict[str, frozenset[str]]:
    return _node_names(mentions, rec)[1]


def _add_trials(
    graph: nx.MultiDiGraph, edges: EdgeSet, mentions: Mapping[str, Sequence[TrialMention]],
    rec: Mapping[str, PubmedRecord | None],
) -> dict[str, frozenset[str]]:
    """Add trial nodes and ``reports`` edges; return the trials of each entry that names one."""
    node_of, trials_of = _node_names(mentions, rec)
    acronyms: dict[str, set[str]] = {}
    for key in sorted(mentions):
        for mention in mentions[key]:
            node = node_of[mention.name]
            names = acronyms.setdefault(node, set())
            if not mention.is_registry:
                names.add(mention.name)
            edges.add(key, node, "reports", mention.evidence, mention.source)
    for node in sorted(acronyms):
        bare = node.removeprefix("trial:")
        registry = bare if bare not in acronyms[node] else ""
        graph.add_node(
            node, kind="trial", registry=registry, acronyms=tuple(sorted(acronyms[node])),
            label=trial_label(registry, acronyms[node]), url=trial_url(registry),
        )
    return trials_of


def _add_comments_corrections(
    edges: EdgeSet, refs: list[Reference], rec: Mapping[str, PubmedRecord | None],
    key_of_pmid: Mapping[str, str],
) -> None:
    for ref in refs:
        record = rec[ref.key]
        if record is None:
            continue
        for link in record.comments_corrections:
            mapped = COMMENTS_CORRECTIONS.get(link.ref_type)
            other = key_of_pmid.get(link.pmid)
            if mapped is None or other is None:
                continue
            relation, direction = mapped
            u, v = (ref.key, other) if direction > 0 else (other, ref.key)
            evidence = f"CommentsCorrections: PMID {ref.pmid} {link.ref_type} {link.pmid}"
            edges.add(u, v, relation, evidence, "pubmed")


def _add_metadata_relations(
    edges: EdgeSet, refs: Sequence[Reference], rec: Mapping[str, PubmedRecord | None],
    dates: Mapping[str, tuple[int, int]], trials_of: Mapping[str, frozenset[str]],
    mentions: Mapping[str, Sequence[TrialMention]],
) -> list[Diagnostic]:
    """Type the publications of each trial from their PubMed metadata (see metadata.py);
    merge with the annotation's relation where both speak of one pair."""
    by_trial: dict[str, list[str]] = {}
    for key in sorted(trials_of):
        for trial in trials_of[key]:
            by_trial.setdefault(trial, []).append(key)
    families = {trial: keys for trial, keys in by_trial.items() if len(keys) > 1}
    if not families:
        return []
    by_key = {ref.key: ref for ref in refs}
    in_list = frozenset(ref.pmid for ref in refs if ref.pmid)
    node_of = _node_names(mentions, rec)[0]
    problems = []
    for trial in sorted(families):
        members = []
        for key in families[trial]:
            ref, record = by_key[key], rec[key]
            evidence = next((m.evidence for m in mentions.get(key, ())
                             if node_of.get(m.name) == trial), "")
            members.append(Member(
                key=key, pmid=ref.pmid, date=first_published(dates[key], record),
                title=(record.title if record else "") or ref.title,
                abstract=record.abstract if record else "",
                publication_types=ref.publication_types or (
                    record.publication_types if record else ()),
                comments_on=tuple(c.pmid for c in record.comments_corrections
                                  if c.ref_type == "CommentOn") if record else (),
                trial_evidence=evidence,
            ))
        for proposal in family_edges(members, in_list)[1]:
            u, v = proposal.source, proposal.target
            evidence = " | ".join(proposal.evidence)
            extra = {"pubmed_cue": proposal.evidence[0], "competing": proposal.competing}
            annotated = edges.annotated_relations(u, v)
            if annotated and proposal.relation not in annotated:
                said = annotated[0]
                conflict = (f"annotation: {said}; PubMed metadata: {proposal.relation}"
                            f" ({proposal.evidence[0]})")
                edges.add(u, v, said, f"PubMed metadata says {proposal.relation}: {evidence}",
                          "pubmed", {"conflict": conflict})
                ref = by_key[u]
                problems.append(Diagnostic(ref.source, ref.line, "relation_conflict",
                                           f"{u} -> {v}: {conflict}"))
                continue
            if "annotation" in edges.sources(u, v, "cites"):
                edges.move(u, v, "cites", proposal.relation)  # the mention, now typed
            edges.add(u, v, proposal.relation, evidence, "pubmed", extra)
    return problems


def _add_citations(
    edges: EdgeSet, refs: list[Reference], rec: Mapping[str, PubmedRecord | None],
    key_of_pmid: Mapping[str, str], citations: Mapping[str, Sequence[str]],
) -> None:
    for ref in refs:
        record = rec[ref.key]
        if record is not None:
            for cited in record.references:
                if cited in key_of_pmid:
                    edges.add(ref.key, key_of_pmid[cited], "cites",
                              f"ReferenceList: PMID {ref.pmid} cites {cited}", "pubmed")
    for citing, cited_list in citations.items():
        if citing not in key_of_pmid:
            continue
        for cited in cited_list:
            if cited in key_of_pmid:
                edges.add(key_of_pmid[citing], key_of_pmid[cited], "cites",
                          f"elink: PMID {citing} cites {cited}", "elink")


def _add_inferred_reports(edges: EdgeSet, trials_of: Mapping[str, frozenset[str]]) -> None:
    """Publications of the same patients (follow-up, secondary analysis) share their trials;
    but an earlier report that names a trial of its own does not take its follow-ups' other
    trials (an extension study's registry number or acronym: "ACCORDION", NCT00523341).

    Per trial, a breadth-first search from its direct reporters (sorted) over
    :data:`SAME_TRIAL_RELATIONS` edges: linear in the size of each linked cluster.
    """
    if not any(trials_of.values()):
        return
    neighbours: dict[str, dict[str, str]] = {}
    for (u, v, relation) in sorted(e for e in edges.edges if e[2] in SAME_TRIAL_RELATIONS):
        neighbours.setdefault(u, {}).setdefault(v, relation)
        neighbours.setdefault(v, {}).setdefault(u, f"has {relation}")
    by_trial: dict[str, list[str]] = {}
    for key in sorted(neighbours):
        for trial in trials_of.get(key, ()):
            by_trial.setdefault(trial, []).append(key)
    for trial in sorted(by_trial):
        seen = set(by_trial[trial])
        queue = deque(by_trial[trial])
        while queue:
            node = queue.popleft()
            for other in sorted(neighbours[node]):
                if other in seen or (
                        trials_of.get(other) and neighbours[other][node].startswith("has ")):
                    continue  # an earlier report naming a trial of its own keeps to it
                seen.add(other)
                queue.append(other)
                evidence = f"inferred: {neighbours[other][node]} {node}, which reports {trial}"
                edges.add(other, trial, "reports", evidence, "inferred")
