"""Edges from annotations: cross-references resolved, typed by the cues whose subject they are.

:func:`scan_annotations` reads each annotation once (its cross-references, where they sit,
the trial acronyms that label them); :func:`add_annotations` resolves the labels
(:mod:`refgraph.graph.xrefs`) and adds:

- the citing entry's edge to each cited entry, typed by the citing work's own cues
  (``cites`` when there is none, or when the cue labels another cited work);
- edges *between cited entries* that a labelling cue states ("[Castaigne 2012] and its
  final update [Lambert 2019]": Lambert 2019 ``follow_up_of`` Castaigne 2012), with
  ``annotation of <citing key>: <sentence>`` as evidence;
- trial mentions for cited entries that an acronym labels ("the ALFA-0701 trial
  [Castaigne 2012]"), returned for the trial pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from refgraph.graph.cues import CueText
from refgraph.graph.edges import EdgeSet
from refgraph.graph.rules import forbidden
from refgraph.graph.subjects import CITING, slots_of
from refgraph.graph.trials import TrialMention, acronym_hits, labelled_acronyms
from refgraph.graph.xrefs import (
    Xref,
    XrefFields,
    XrefIndex,
    resolve_here,
    resolve_parts,
    xref_fields,
)
from refgraph.model import Diagnostic, PubmedRecord, Reference

__all__ = ["Annotation", "Found", "add_annotations", "scan_annotations"]

_NONE: dict[str, list[tuple[int, int]]] = {}  # shared by annotations without acronyms
_NO_ENDS: list[int] = []
_NOTHING: frozenset[str] = frozenset()


@dataclass(slots=True)
class Annotation:
    """One annotation with cross-references, read once.

    ``labelled``: trial acronyms that label a cross-reference (slot index, offset), with
    ``slot_ends`` to cut their phrases; ``labelled_only``: those never named on their own.
    """

    ref: Reference
    flat: str
    xrefs: list[XrefFields]
    acronyms: tuple[str, ...]
    labelled: dict[str, list[tuple[int, int]]]
    slot_ends: list[int]
    labelled_only: frozenset[str]


@dataclass(slots=True)
class Found:
    """What :func:`add_annotations` found besides edges."""

    problems: list[Diagnostic] = field(default_factory=list)
    mentions: dict[str, list[TrialMention]] = field(default_factory=dict)


def scan_annotations(refs: Sequence[Reference]) -> dict[str, Annotation]:
    """Return the annotations of ``refs`` that hold cross-references, by key (in ``refs``
    order)."""
    out = {}
    for ref in refs:
        if not ref.annotation:
            continue
        flat = " ".join(ref.annotation.split())
        xrefs = xref_fields(flat)
        if not xrefs:
            continue
        hits = acronym_hits(flat)
        if not hits:  # the usual case
            out[ref.key] = Annotation(ref, flat, xrefs, (), _NONE, _NO_ENDS, _NOTHING)
            continue
        starts, ends, _ = slots_of(flat, [x[6] for x in xrefs])
        labelled, free = labelled_acronyms(flat, starts, hits)
        acronyms = tuple(dict.fromkeys(name for _, _, name in hits))
        out[ref.key] = Annotation(ref, flat, xrefs, acronyms, labelled, ends,
                                  frozenset(labelled) - free)
    return out


def add_annotations(
    edges: EdgeSet, refs: Sequence[Reference], annotations: Mapping[str, Annotation],
    rec: Mapping[str, PubmedRecord | None], trials_of: Mapping[str, frozenset[str]],
    dates: Mapping[str, tuple[int, int]],
) -> Found:
    """Resolve every annotation's cross-references (among ``refs``, the whole bibliography)
    and add the edges they state.

    The annotations are read in the order of ``annotations`` (best the order the entries
    sit in memory, as given: an annotation's entry, its document's namesakes and its
    targets then lie together) and their edges added as if in key order: an annotation's
    own edges go out from its entry alone and are added as read, unless another
    annotation's cue names an edge from that entry too ("[A 2012] and its final update
    [B 2019]": B -> A); those, with the annotations whose cues name such edges, are added
    after the others, in key order, where evidence meeting on one edge merges in that order.
    """
    found = Found()
    if not annotations:
        return found
    publication_types = {}  # entries without a record default to the reference's own
    for ref in refs if any(rec.values()) else ():  # (records are never false)
        record = rec.get(ref.key)
        if record is not None:
            publication_types[ref.key] = ref.publication_types or record.publication_types
    labels = _Labels(annotations)
    index = XrefIndex(refs, trials=trials_of,
                      publication_types=publication_types, dates=dates, labels=labels)
    whys: dict[tuple[str, int, int], str] = {}  # why a relation may not join two years
    plain: list[Any] = []  # the other annotations' edges, flat: key, target, attributes, why
    held: list[_Edge] = []  # the edges added in key order (see above)
    named: set[str] = set()  # entries that another annotation's cue gives an edge
    later: dict[str, tuple[CueText, list[_Pair], dict[int, list[str]]]] = {}
    for key, note in annotations.items():
        mark = len(plain)
        text, targets = _read(key, note, index, dates, whys, found.problems, plain)
        if text is None or targets is None:
            continue
        own = iter(plain[mark:])
        held.extend(zip(own, own, own, own, strict=True))
        del plain[mark:]
        by_slot = _by_slot(text, targets)
        pairs = text.pairs()
        if pairs:
            named.update(target for keys in by_slot.values() for target in keys)
        later[key] = (text, pairs, by_slot)
    add = edges.add_attributes
    edges_of = iter(plain)
    for edge in zip(edges_of, edges_of, edges_of, edges_of, strict=True):
        if named and edge[0] in named:
            held.append(edge)
        elif edge[3] is None:  # the usual edge
            add(edge[0], edge[1], edge[2], dated=True)
        else:
            _add_edge(edges, edge, annotations, found.problems)
    held.sort(key=itemgetter(0))  # stable: each annotation's edges in their order
    for key, edges_here in groupby(held, itemgetter(0)):
        for edge in edges_here:
            _add_edge(edges, edge, annotations, found.problems)
        if key in later:
            text, pairs, by_slot = later[key]
            _add_pairs(edges, key, pairs, by_slot)
            _label_trials(found, key, annotations[key], by_slot)
    return found


#: an annotation's edge to a cited entry: ``(key, target, attributes, why)``; ``why`` is
#: The candidates an ambiguous label's problem names (3,000 names each were 400 MB)
_SHOWN = 10
#: ``None``, or why a typed relation to a later work is kept as ``cites``
_Edge = tuple[str, str, dict[str, Any], str | None]
_Pair = tuple[int, int | None, str, str, str]


def _read(
    key: str, note: Annotation, index: XrefIndex, dates: Mapping[str, tuple[int, int]],
    whys: dict[tuple[str, int, int], str], problems: list[Diagnostic], out: list[Any],
) -> tuple[CueText | None, dict[int, list[str]] | None]:
    """Resolve one annotation's cross-references: its edges to the cited entries go to
    ``out`` (four items each, as in :data:`_Edge`), the labels that name no single entry
    to ``problems``; return its cue text and, when it labels cited works (a cue or a trial
    acronym), their keys by offset."""
    ref = note.ref
    text: CueText | None = None
    year = dates[key][0]
    targets: dict[int, list[str]] | None = None  # xref offset -> keys, when needed
    here = index.labels_here(ref)  # the namesakes of the annotation's own document
    for fields in note.xrefs:
        label, _, _, second, _, _, offset = fields
        resolved = (resolve_parts(Xref(*fields), key, index) if second
                    else resolve_here(fields, key, here, index))
        target, candidates, alternatives, reasons, status = resolved
        if target is None:
            kind = "ambiguous_xref" if status == "ambiguous" else "unresolved_xref"
            shown = ", ".join(candidates[:_SHOWN]) + (
                f" and {len(candidates) - _SHOWN} more" if len(candidates) > _SHOWN else "")
            detail = (f"[{label}] in {key} matches {shown} and nothing decides between them"
                      if candidates else
                      f"[{label}] in {key} matches no entry of the bibliography")
            problems.append(Diagnostic(ref.source, ref.line, kind, detail))
            continue
        if text is None:
            text = CueText.from_flat(note.flat, [x[6] for x in note.xrefs])
        relation, cue, sentence, competing = text.explain(offset)
        if targets is None and (note.labelled or text.labels_a_reference):
            targets = {}  # pairs of cited works to come: remember every target
        if targets is not None:
            targets.setdefault(offset, []).append(target)
        data = {"relation": relation, "evidence": "annotation: " + sentence,
                "via": "annotation", "xref": label, "cue": cue, "competing": competing,
                "alternatives": alternatives, "reasons": reasons}  # the edge's own dict
        later = dates[target][0]
        if relation == "cites" or not year or year + 1 >= later:
            out += (key, target, data, None)
            continue
        why = whys.get((relation, year, later))  # a typed relation to a later work
        if why is None:
            why = whys[relation, year, later] = forbidden(
                relation, "unknown", "unknown", year, later)
        out += (key, target, data, why)
    return text, targets


def _add_edge(edges: EdgeSet, edge: _Edge, annotations: Mapping[str, Annotation],
              problems: list[Diagnostic]) -> None:
    """Add an annotation's edge to an entry it cites (see :func:`_read`)."""
    key, target, data, why = edge
    if why is None:
        edges.add_attributes(key, target, data, dated=True)
        return
    extra = {name: value for name, value in data.items()
             if name not in ("relation", "evidence", "via")}
    problem = edges.add_downgraded(key, target, data["relation"], data["evidence"],
                                   "annotation", extra, why)  # kept as cites
    ref = annotations[key].ref
    problems.append(Diagnostic(ref.source, ref.line, "forbidden_relation", problem))


class _Labels(Mapping[str, list[str]]):
    """The labels each annotation cites, worked out only for the entries asked about."""

    def __init__(self, annotations: Mapping[str, Annotation]) -> None:
        self._annotations = annotations

    def __getitem__(self, key: str) -> list[str]:
        return [x[0] for x in self._annotations[key].xrefs]

    def __iter__(self) -> Iterator[str]:
        return iter(self._annotations)

    def __len__(self) -> int:
        return len(self._annotations)


def _by_slot(text: CueText, targets: Mapping[int, list[str]]) -> dict[int, list[str]]:
    """Resolved keys by slot (a bracket of several labels is one slot)."""
    slot_of = dict(zip(text.offsets, text.slots()[2], strict=True))
    out: dict[int, list[str]] = {}
    for offset, keys in targets.items():
        out.setdefault(slot_of[offset], []).extend(keys)
    return out


def _add_pairs(edges: EdgeSet, key: str, pairs: list[tuple[int, int | None, str, str, str]],
               targets: Mapping[int, list[str]]) -> None:
    """Edges between cited works that a cue labelling one of them states."""
    for slot, before, relation, cue, sentence in pairs:
        if before is None or slot not in targets:
            continue
        antecedents = [key] if before == CITING else targets.get(before, [])
        for labelled in targets[slot]:
            for other in antecedents:
                edges.add(labelled, other, relation, f"annotation of {key}: {sentence}",
                          "annotation", {"cue": cue})


def _label_trials(found: Found, key: str, note: Annotation,
                  targets: Mapping[int, list[str]]) -> None:
    """Trial acronyms that label a cited entry ("the ALFA-0701 trial [X]") are X's."""
    for acronym, places in note.labelled.items():
        for slot, at in places:
            phrase = note.flat[at:note.slot_ends[slot]]
            for target in targets.get(slot, ()):
                found.mentions.setdefault(target, []).append(TrialMention(
                    acronym, False, f"annotation of {key}: {phrase}", "annotation"))
