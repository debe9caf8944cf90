"""The follow-up graph: which publications report, extend, analyse or correct which (no I/O).

:func:`build_graph` turns references (and, when available, their PubMed records and elink
citations) into a :class:`networkx.MultiDiGraph`:

- reference nodes keyed by citation key (``kind="reference"``, ``pmid``, ``title`` ...);
- trial nodes keyed by registry number or acronym (``kind="trial"``, ``label``);
- typed edges keyed by relation (:data:`refgraph.graph.cues.RELATIONS`), each with
  ``relation``, ``evidence`` (the sentence or PubMed field) and ``via``: where the
  evidence came from (``annotation``, ``pubmed``, ``elink``, ``inferred``; several joined by
  ``+``). The name keeps clear of node-link JSON's own ``source``/``target`` edge keys.

Queries over the result live in :mod:`refgraph.graph.groups`. This module never imports
:mod:`refgraph.eutils`; callers fetch records and pass them in.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import networkx as nx

from refgraph.graph.cues import CueText
from refgraph.graph.nodes import reference_attrs, reference_date
from refgraph.graph.trials import trial_aliases, trial_label, trial_mentions, trial_url
from refgraph.graph.xrefs import (
    Xref,
    XrefFields,
    XrefIndex,
    resolve_parts,
    resolve_usual,
    xref_fields,
)
from refgraph.model import Diagnostic, PubmedRecord, Reference

__all__ = [
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


class _Edges:
    """Collects edges; evidence from several sources merges deterministically.

    ``edges`` maps ``(u, v, relation)`` to ``[source, evidence, extra attributes, merged]``:
    most edges have one piece of evidence, kept as it came; a second one moves them all into
    ``merged`` (evidence texts by source) and clears ``source``.
    """

    __slots__ = ("edges",)

    def __init__(self) -> None:
        self.edges: dict[tuple[str, str, str], list[Any]] = {}

    def add(self, u: str, v: str, relation: str, evidence: str, source: str,
            extra: dict[str, Any] | None = None) -> None:
        """Add evidence for an edge; of several ``extra`` values per name the first is kept."""
        if u == v:
            return
        key = (u, v, relation)
        entry = self.edges.get(key)
        if entry is None:
            self.edges[key] = [source, evidence, extra if extra is not None else {}, None]
            return
        merged: dict[str, set[str]] | None = entry[3]
        if merged is None:
            merged = entry[3] = {entry[0]: {entry[1]}}
            entry[0] = None
        texts = merged.get(source)
        if texts is None:
            merged[source] = {evidence}
        else:
            texts.add(evidence)
        if extra:
            kept = entry[2]
            for name, value in extra.items():
                kept.setdefault(name, value)

    def finish(self, graph: nx.MultiDiGraph) -> None:
        """Add the edges to ``graph`` in sorted order, sources and evidence joined."""
        add_edge = graph.add_edge
        edges = self.edges
        for key in sorted(edges):
            source, evidence, extra, merged = edges[key]
            if merged is not None:
                if len(merged) == 1:
                    ((source, texts),) = merged.items()
                    evidence = (next(iter(texts)) if len(texts) == 1
                                else " | ".join(text for text in sorted(texts) if text))
                else:
                    sources = sorted(merged)
                    source = "+".join(sources)
                    evidence = " | ".join(
                        text for name in sources for text in sorted(merged[name]) if text)
            u, v, relation = key
            add_edge(u, v, relation, relation=relation, evidence=evidence, via=source,
                     **extra)


def _unique(references: Iterable[Reference]) -> tuple[list[Reference], list[Diagnostic]]:
    ordered = sorted(references, key=attrgetter("key"))
    if len({ref.key for ref in ordered}) < len(ordered):  # equal keys: order them fully
        ordered.sort(key=lambda r: (r.key, r.pmid, r.title, r.source, r.line))
    kept: list[Reference] = []
    problems = []
    for ref in ordered:
        if kept and kept[-1].key == ref.key:
            problems.append(Diagnostic(ref.source, ref.line, "duplicate_key",
                                       f"{ref.key} appears twice; the graph keeps the first"))
            continue
        kept.append(ref)
    return kept, problems


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
    refs, problems = _unique(references)
    graph = nx.MultiDiGraph()
    edges = _Edges()
    rec = {ref.key: records.get(ref.pmid) if ref.pmid else None for ref in refs}
    key_of_pmid: dict[str, str] = {}
    dates: dict[str, tuple[int, int]] = {}
    nodes = []
    for ref in refs:
        if ref.pmid:
            key_of_pmid.setdefault(ref.pmid, ref.key)
        record = rec[ref.key]
        dates[ref.key] = date = reference_date(ref, record)
        nodes.append((ref.key, reference_attrs(ref, record, date)))
    graph.add_nodes_from(nodes)  # one attribute dict per node, not a copy per keyword call

    trials_of = _add_trials(graph, edges, refs, rec)
    _add_comments_corrections(edges, refs, rec, key_of_pmid)
    problems += _add_xrefs(edges, refs, rec, trials_of, dates)
    _add_citations(edges, refs, rec, key_of_pmid, citations)
    _add_inferred_reports(edges, trials_of)
    edges.finish(graph)
    problems.sort(key=lambda d: (d.source, d.line, d.kind, d.text))
    return GraphResult(graph, tuple(problems))


def _add_trials(
    graph: nx.MultiDiGraph, edges: _Edges, refs: list[Reference],
    rec: Mapping[str, PubmedRecord | None],
) -> dict[str, frozenset[str]]:
    """Add trial nodes and ``reports`` edges; return the trials of each entry that names one."""
    mentions = {}
    for ref in refs:  # sorted by key
        found = trial_mentions(ref, rec[ref.key])
        if found:
            mentions[ref.key] = found
    aliases = trial_aliases(mentions)
    acronyms: dict[str, set[str]] = {}
    trials_of: dict[str, frozenset[str]] = {}
    for key in mentions:
        names = set()
        for mention in mentions[key]:
            trial = aliases.get(mention.name, mention.name)
            node = trial if trial not in rec else f"trial:{trial}"
            acronyms.setdefault(node, set())
            if not mention.is_registry:
                acronyms[node].add(mention.name)
            names.add(node)
            edges.add(key, node, "reports", mention.evidence, mention.source)
        trials_of[key] = frozenset(names)
    for node in sorted(acronyms):
        registry = node.removeprefix("trial:") if node.removeprefix("trial:") not in acronyms[
            node] else ""
        graph.add_node(
            node, kind="trial", registry=registry, acronyms=tuple(sorted(acronyms[node])),
            label=trial_label(registry, acronyms[node]), url=trial_url(registry),
        )
    return trials_of


def _add_comments_corrections(
    edges: _Edges, refs: list[Reference], rec: Mapping[str, PubmedRecord | None],
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
            evidence = f"PubMed {ref.pmid} CommentsCorrections {link.ref_type} {link.pmid}"
            edges.add(u, v, relation, evidence, "pubmed")


def _add_xrefs(
    edges: _Edges, refs: list[Reference], rec: Mapping[str, PubmedRecord | None],
    trials_of: Mapping[str, frozenset[str]], dates: Mapping[str, tuple[int, int]],
) -> list[Diagnostic]:
    found: list[tuple[Reference, str, list[XrefFields]]] = []
    labels: dict[str, frozenset[str]] = {}
    for ref in refs:  # sorted by key
        if ref.annotation:
            flat = " ".join(ref.annotation.split())
            xrefs = xref_fields(flat)
            if xrefs:
                found.append((ref, flat, xrefs))
                labels[ref.key] = frozenset(x[0] for x in xrefs)
    if not found:
        return []
    publication_types = {}  # entries without a record default to the reference's own
    for ref in refs:
        record = rec[ref.key]
        if record is not None:
            publication_types[ref.key] = ref.publication_types or record.publication_types
    index = XrefIndex(refs, trials=trials_of, publication_types=publication_types,
                      dates=dates, labels=labels)
    problems = []
    add = edges.add
    for ref, flat, xrefs in found:
        key = ref.key
        text: CueText | None = None
        for fields in xrefs:
            label, first, year, second, _, _, offset = fields
            resolved = None if second else resolve_usual(first, year, key, index)
            if resolved is None:
                resolved = resolve_parts(Xref(*fields), key, index)
            target, candidates, alternatives, reasons, status = resolved
            if target is None:
                kind = "ambiguous_xref" if status == "ambiguous" else "unresolved_xref"
                detail = (f"[{label}] in {key} matches {', '.join(candidates)}"
                          " and nothing decides between them" if candidates else
                          f"[{label}] in {key} matches no entry of the bibliography")
                problems.append(Diagnostic(ref.source, ref.line, kind, detail))
                continue
            if text is None:
                text = CueText.from_flat(flat)
            relation, cue, evidence, competing = text.explain(offset)
            add(key, target, relation, evidence, "annotation", {
                "xref": label, "cue": cue, "competing": competing,
                "alternatives": alternatives, "reasons": reasons,
            })
    return problems


def _add_citations(
    edges: _Edges, refs: list[Reference], rec: Mapping[str, PubmedRecord | None],
    key_of_pmid: Mapping[str, str], citations: Mapping[str, Sequence[str]],
) -> None:
    for ref in refs:
        record = rec[ref.key]
        if record is not None:
            for cited in record.references:
                if cited in key_of_pmid:
                    edges.add(ref.key, key_of_pmid[cited], "cites",
                              f"PubMed {ref.pmid} ReferenceList", "pubmed")
    for citing, cited_list in citations.items():
        if citing not in key_of_pmid:
            continue
        for cited in cited_list:
            if cited in key_of_pmid:
                edges.add(key_of_pmid[citing], key_of_pmid[cited], "cites",
                          f"elink: {citing} cites {cited}", "elink")


def _add_inferred_reports(edges: _Edges, trials_of: Mapping[str, frozenset[str]]) -> None:
    """Publications of the same patients (follow-up, secondary analysis) share their trials.

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
                if other in seen:
                    continue
                seen.add(other)
                queue.append(other)
                evidence = f"{neighbours[other][node]} {node}, which reports {trial}"
                edges.add(other, trial, "reports", evidence, "inferred")
