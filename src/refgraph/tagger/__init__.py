"""A general citation field tagger for styles no rule knows (a linear-chain CRF).

Use::

    >>> from refgraph.tagger import tag_citation
    >>> t = tag_citation("Lamb YN. Inotuzumab ozogamicin: first global approval. "
    ...                  "Drugs. 2017;77:1603-10. PubMed PMID: 28819740.")
    >>> t.get("journal"), t.get("year"), t.get("pages"), t.get("pmid")
    ('Drugs', '2017', '1603-1610', '28819740')
    >>> 0.0 <= t.score <= 1.0 and 0.0 <= t.confidence("title") <= 1.0
    True

:func:`tag_citation` splits one citation string into tokens
(:mod:`refgraph.tagger.tokens`), labels each token with a field (:data:`LABELS`) by the
shipped CRF model (``citation.crfsuite``, built by ``python -m refgraph.tagger.train``
from AnyStyle's labelled references and PMC's marked-up ones), and joins runs of one
label into :class:`TaggedField`\\ s with clean values (``"Drugs."`` -> ``"Drugs"``,
``"pp. 1603-10"`` -> ``"1603-1610"``, ``"PubMed PMID: 28819740."`` -> ``"28819740"``).

Confidence is the CRF's own: a field's ``confidence`` is the mean marginal probability of
its label over its tokens; :attr:`TaggedCitation.score` is the probability of the whole
labelling (1.0 when every token is certain; low when any part is in doubt).
:func:`to_reference` (from :mod:`refgraph.tagger.fields`) turns a tagged citation into a
:class:`~refgraph.model.Reference`, recording the reading in its ``extra`` fields.

The model is loaded once, lazily, per thread (a CRFsuite tagger is not thread-safe).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refgraph.tagger.fields import clean_value, to_reference
from refgraph.tagger.tokens import features, tokenize

__all__ = [
    "LABELS",
    "MODEL_PATH",
    "TaggedCitation",
    "TaggedField",
    "tag_citation",
    "tag_citations",
    "to_reference",
]

#: The labels the tagger gives (each token gets one).
LABELS = (
    "author", "editor", "title", "journal", "container", "date", "volume", "issue", "pages",
    "doi", "pmid", "pmcid", "url", "publisher", "location", "edition", "isbn", "note",
    "number",
)  # fmt: skip

#: The shipped model file (built by ``python -m refgraph.tagger.train``).
MODEL_PATH = Path(__file__).with_name("citation.crfsuite")


@dataclass(frozen=True, slots=True)
class TaggedField:
    """One run of tokens with one label: its clean ``value``, the ``raw`` text and span."""

    label: str
    value: str
    raw: str
    start: int
    end: int
    confidence: float


@dataclass(frozen=True, slots=True)
class TaggedCitation:
    """A citation string with its fields in text order, and the tagger's confidence.

    ``year`` is a derived pseudo-field (the first four-digit year in the first ``date``);
    :meth:`get` returns the first field of a label (``""`` when absent).
    """

    text: str
    fields: tuple[TaggedField, ...]
    score: float

    def get(self, label: str) -> str:
        """Return the clean value of the first field labelled ``label`` (``""`` if none)."""
        if label == "year":
            return clean_value("year", self.get("date"))
        for f in self.fields:
            if f.label == label:
                return f.value
        return ""

    def all(self, label: str) -> tuple[str, ...]:
        """Return the clean values of every field labelled ``label``, in text order."""
        return tuple(f.value for f in self.fields if f.label == label)

    def confidence(self, label: str) -> float:
        """Confidence of the first field labelled ``label`` (1.0 when there is none: the
        tagger was not in doubt about *not* finding one)."""
        if label == "year":
            label = "date"
        for f in self.fields:
            if f.label == label:
                return f.confidence
        return 1.0

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f.label for f in self.fields)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of a tagging: the score and each field with its confidence.

        >>> tag_citation("Lamb YN. Drugs. 2017;77:1603-10.").as_dict()["fields"][0]["label"]
        'author'
        """
        return {
            "score": round(self.score, 4),
            "fields": [
                {"label": f.label, "value": f.value, "confidence": round(f.confidence, 4),
                 "start": f.start, "end": f.end}
                for f in self.fields
            ],
        }


_LOCAL = threading.local()


def _tagger() -> Any:
    tagger = getattr(_LOCAL, "tagger", None)
    if tagger is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL_PATH))
        _LOCAL.tagger = tagger
    return tagger


# Identifiers have one form: whatever the model says, a PMCID token (with its "PMCID:" or
# "[PMC free article:" lead-in and closing bracket) is a pmcid, and a DOI token a doi.
_PMCID_LEAD = {"PMCID", "pmcid", "PMC", "PubMed", "Central", "free", "article", ":", "["}


def _identifier_labels(text: str, tokens: list[tuple[int, int]], labels: list[str]) -> set[int]:
    """Relabel identifier tokens by their form; return the positions changed."""
    changed: set[int] = set()
    for i, (a, b) in enumerate(tokens):
        first = text[a]
        if first == "P" and text.startswith("PMC", a) and text[a + 3 : b].isdigit():
            label = "pmcid"
        elif first == "1" and text.startswith("10.", a) and "/" in text[a:b]:
            label = "doi"
        else:
            continue
        span = [i]
        j = i - 1
        while j >= 0 and text[tokens[j][0] : tokens[j][1]] in _PMCID_LEAD and label == "pmcid":
            span.append(j)
            j -= 1
        if i + 1 < len(tokens) and text[tokens[i + 1][0]] in "].;":
            span.append(i + 1)
        for k in span:
            if labels[k] != label:
                labels[k] = label
                changed.add(k)
    return changed


def _fields(
    text: str,
    tokens: list[tuple[int, int]],
    labels: list[str],
    marginal: Any,
    certain: set[int],
) -> tuple[TaggedField, ...]:
    out: list[TaggedField] = []
    i, n = 0, len(tokens)
    while i < n:
        label = labels[i]
        j = i
        total = 0.0
        while j < n and labels[j] == label:
            total += 1.0 if j in certain else marginal(label, j)
            j += 1
        start, end = tokens[i][0], tokens[j - 1][1]
        raw = text[start:end]
        value = clean_value(label, raw)
        if not value and out and not any(c.isalnum() for c in raw):
            prev = out[-1]  # a run of punctuation only: part of the field before it
            out[-1] = TaggedField(
                prev.label, prev.value, text[prev.start : end], prev.start, end, prev.confidence
            )
        else:
            out.append(TaggedField(label, value, raw, start, end, total / (j - i)))
        i = j
    return tuple(out)


def tag_citation(text: str) -> TaggedCitation:
    """Tag one citation string (see the module docstring). Pure; never raises for text."""
    text = " ".join(text.split()) if ("\n" in text or "  " in text) else text
    tokens = tokenize(text)
    if not tokens:
        return TaggedCitation(text, (), 0.0)
    tagger = _tagger()
    tagger.set(features(text, tokens))
    labels = tagger.tag()
    score = tagger.probability(labels)
    certain = (
        _identifier_labels(text, tokens, labels) if ("PMC" in text or "10." in text) else set()
    )
    return TaggedCitation(text, _fields(text, tokens, labels, tagger.marginal, certain), score)


def tag_citations(texts: Iterable[str]) -> list[TaggedCitation]:
    """Tag many citation strings (the model is loaded once)."""
    return [tag_citation(t) for t in texts]
