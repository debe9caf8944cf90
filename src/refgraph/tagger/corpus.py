"""Labelled citations for training and evaluating the tagger (AnyStyle XML, PMC JATS).

A :class:`LabelledCitation` is a citation string with labelled character spans; text
between spans (glue: spaces, punctuation the markup left outside) takes the label of the
span before it, or of the span after it for an opening bracket or at the very start.
:func:`token_labels` turns one into the tokens and labels the CRF sees.

- :func:`read_anystyle`: AnyStyle's ``<dataset><sequence><author>..</author>...`` files.
  Their labels are mapped onto :data:`~refgraph.tagger.LABELS` by :data:`ANYSTYLE_LABELS`;
  AnyStyle keeps the issue inside the volume (``40(2):``), so a bracketed number or a
  ``No. N`` inside a volume span is relabelled ``issue``.
- :func:`read_jats`: the ``<ref>`` elements of PMC articles, see :mod:`refgraph.tagger.render`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from refgraph.pubmed.safexml import safe_parser
from refgraph.tagger.tokens import Token, tokenize

__all__ = [
    "ANYSTYLE_LABELS",
    "LabelledCitation",
    "held_out",
    "read_anystyle",
    "token_labels",
]

#: AnyStyle label -> refgraph tagger label.
ANYSTYLE_LABELS = {
    "author": "author",
    "editor": "editor",
    "translator": "editor",
    "director": "editor",
    "producer": "editor",
    "title": "title",
    "container-title": "container",
    "collection-title": "container",
    "journal": "journal",
    "date": "date",
    "volume": "volume",
    "pages": "pages",
    "publisher": "publisher",
    "location": "location",
    "edition": "edition",
    "doi": "doi",
    "url": "url",
    "isbn": "isbn",
    "citation-number": "number",
    "note": "note",
    "genre": "note",
    "medium": "note",
    "source": "note",
}


@dataclass(frozen=True, slots=True)
class LabelledCitation:
    """A citation string with labelled ``(start, end, label)`` spans, and where it came from."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    source: str


def _build(chunks: Iterable[tuple[str, str]], source: str) -> LabelledCitation:
    """Join ``(text, label)`` chunks with single spaces (label ``""`` is glue)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = 0
    for text, label in chunks:
        text = " ".join(text.split())
        if not text:
            continue
        if (
            parts
            and not text.startswith((",", ".", ";", ":", ")"))
            and not parts[-1].endswith(("(", " "))
        ):
            parts.append(" ")
            at += 1
        if label:
            spans.append((at, at + len(text), label))
        parts.append(text)
        at += len(text)
    return LabelledCitation("".join(parts), tuple(spans), source)


def labelled(chunks: Iterable[tuple[str, str]], source: str) -> LabelledCitation:
    """Return a :class:`LabelledCitation` from ``(text, label)`` chunks, written as given
    (no spaces added; label ``""`` is glue)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = 0
    for text, label in chunks:
        if not text:
            continue
        if label:
            spans.append((at, at + len(text), label))
        parts.append(text)
        at += len(text)
    return LabelledCitation("".join(parts), tuple(spans), source)


def read_anystyle(path: str | Path) -> list[LabelledCitation]:
    """Read an AnyStyle training file (``<dataset><sequence>...``) into labelled citations."""
    root = etree.parse(str(path), safe_parser()).getroot()
    out = []
    name = Path(path).name
    for n, seq in enumerate(root.iter("sequence")):
        chunks = [("".join(el.itertext()), ANYSTYLE_LABELS.get(str(el.tag), "note")) for el in seq]
        cit = _build(chunks, f"{name}#{n + 1}")
        if cit.spans:
            out.append(cit)
    return out


def _relabel_issue(text: str, tokens: list[Token], labels: list[str]) -> None:
    """Inside each volume run, a bracketed part or ``No./Issue N`` after a number is the issue."""
    i, n = 0, len(tokens)
    while i < n:
        if labels[i] != "volume":
            i += 1
            continue
        j = i
        while j < n and labels[j] == "volume":
            j += 1
        seen_number = False
        k = i
        while k < j:
            word = text[tokens[k][0] : tokens[k][1]]
            if word[:1].isdigit():
                seen_number = True
            elif seen_number and word == "(":
                end = k + 1
                while end < j and text[tokens[end][0] : tokens[end][1]] != ")":
                    end += 1
                if end < j:
                    while end + 1 < j and not text[tokens[end + 1][0]].isalnum():
                        end += 1  # the punctuation after ")" goes with the issue
                    for m in range(k, end + 1):
                        labels[m] = "issue"
                    k = end
            elif word.lower() in ("no", "nr", "issue") and k + 1 < j:
                m = k + 1
                while m < j and not text[tokens[m][0] : tokens[m][1]][:1].isalnum():
                    m += 1
                if m < j:
                    for x in range(k, m + 1):
                        labels[x] = "issue"
                    k = m
            k += 1
        i = j


def token_labels(citation: LabelledCitation) -> tuple[list[Token], list[str]]:
    """Return the tokens of ``citation.text`` and the label of each (glue resolved)."""
    text = citation.text
    tokens = tokenize(text)
    labels: list[str] = []
    spans = citation.spans
    s = 0
    for start, _end in tokens:
        while s < len(spans) and spans[s][1] <= start:
            s += 1
        if s < len(spans) and spans[s][0] <= start:
            labels.append(spans[s][2])
        else:
            labels.append("")
    # glue: an opening bracket takes the next label; anything else the previous one
    for i, (start, _end) in enumerate(tokens):
        if labels[i]:
            continue
        opening = text[start] in "([{“\"'"
        before = next((labels[j] for j in range(i - 1, -1, -1) if labels[j]), "")
        after = next((labels[j] for j in range(i + 1, len(labels)) if labels[j]), "")
        labels[i] = (after or before) if opening or not before else before
    _relabel_issue(text, tokens, labels)
    return tokens, labels


def held_out(
    citation: LabelledCitation, percent: int = 20, salt: str = "", by_source: bool = False
) -> bool:
    """Is ``citation`` in a ``percent`` split? A fixed hash of its text (or of its
    ``source``, so that renderings of one reference stay together) and ``salt`` (for a
    second independent split) decides: no randomness, stable across runs and machines."""
    what = citation.source if by_source else citation.text
    digest = hashlib.sha1((salt + what).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent
