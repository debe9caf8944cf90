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


def scan_annotations(refs: list[Reference]) -> dict[str, Annotation]:
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
    and add the edges they state."""
    found = Found()
    if not annotations:
        return found
    publication_types = {}  # entries without a record default to the reference's own
    for ref in refs:
        record = rec.get(ref.key)
        if record is not None:
            publication_types[ref.key] = ref.publication_types or record.publication_types
    labels = _Labels(annotations)
    index = XrefIndex(refs, trials=trials_of,
                      publication_types=publication_types, dates=dates, labels=labels)
    add = edges.add_attributes
    whys: dict[tuple[str, int, int], str] = {}  # why a relation may not join two years
    for key, note in annotations.items():
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
                detail = (f"[{label}] in {key} matches {', '.join(candidates)}"
                          " and nothing decides between them" if candidates else
                          f"[{label}] in {key} matches no entry of the bibliography")
                found.problems.append(Diagnostic(ref.source, ref.line, kind, detail))
                continue
            if text is None:
                text = CueText.from_flat(note.flat, [x[6] for x in note.xrefs])
            relation, cue, sentence, competing = text.explain(offset)
            if targets is None and (note.labelled or text.labels_a_reference):
                targets = {}  # pairs of cited works to come: remember every target
            if targets is not None:
                targets.setdefault(offset, []).append(target)
            evidence = "annotation: " + sentence
            later = dates[target][0]
            if relation == "cites" or not year or year + 1 >= later:
                add(key, target, {"relation": relation, "evidence": evidence,
                                  "via": "annotation", "xref": label, "cue": cue,
                                  "competing": competing, "alternatives": alternatives,
                                  "reasons": reasons}, dated=True)  # the edge's own dict
                continue
            extra = {"xref": label, "cue": cue, "competing": competing,
                     "alternatives": alternatives, "reasons": reasons}
            why = whys.get((relation, year, later))  # a typed relation to a later work
            if why is None:
                why = whys[relation, year, later] = forbidden(
                    relation, "unknown", "unknown", year, later)
            problem = edges.add_downgraded(key, target, relation, evidence, "annotation", extra,
                                           why)  # kept as cites
            found.problems.append(Diagnostic(ref.source, ref.line, "forbidden_relation", problem))
        if text is not None and targets is not None:
            by_slot = _by_slot(text, targets)
            _add_pairs(edges, key, text.pairs(), by_slot)
            _label_trials(found, key, note, by_slot)
    return found


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
