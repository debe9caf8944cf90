"""Field-level scores of a tagger on labelled citations (strict and soft, as GROBID reports).

For every citation, each label's value is the text of its tokens (several runs of one
label joined by a space), cleaned by :func:`refgraph.tagger.fields.clean_value`.
A predicted value counts as right when it equals the gold value:

- **strict**: exactly (after the cleaning both sides get: edge punctuation dropped,
  pages expanded, identifiers normalised);
- **soft**: ignoring case, spaces and punctuation (GROBID's "soft matching").

Per label: precision = right / predicted, recall = right / gold, F1 their harmonic mean.
The micro average pools every label's counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from refgraph.tagger.fields import clean_value
from refgraph.tagger.tokens import Token

__all__ = ["FieldScores", "field_values", "score_fields"]


def field_values(text: str, tokens: Sequence[Token], labels: Sequence[str]) -> dict[str, str]:
    """Label -> cleaned value for one citation (runs of one label joined by spaces)."""
    runs: dict[str, list[str]] = {}
    i, n = 0, len(tokens)
    while i < n:
        j = i
        while j < n and labels[j] == labels[i]:
            j += 1
        runs.setdefault(labels[i], []).append(text[tokens[i][0] : tokens[j - 1][1]])
        i = j
    out: dict[str, str] = {}
    for label, raws in runs.items():
        values = [clean_value(label, r) for r in raws]
        out[label] = " ".join(v for v in values if v)
        if label == "date":
            out["year"] = clean_value("year", raws[0])
    return {k: v for k, v in out.items() if v}


def _soft(value: str) -> str:
    return "".join(c for c in value.casefold() if c.isalnum())


@dataclass
class FieldScores:
    """Counts per label for one matching mode; ``f1(label)`` and ``micro()``."""

    right: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(
        self, gold: dict[str, str], predicted: dict[str, str], same: Callable[[str, str], bool]
    ) -> None:
        for label, value in gold.items():
            self.gold[label] += 1
            if label in predicted and same(value, predicted[label]):
                self.right[label] += 1
        for label in predicted:
            self.predicted[label] += 1

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        if label is None:
            right, pred, gold = (sum(c.values()) for c in (self.right, self.predicted, self.gold))
        else:
            right, pred, gold = self.right[label], self.predicted[label], self.gold[label]
        p = right / pred if pred else 0.0
        r = right / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def f1(self, label: str) -> float:
        return self.prf(label)[2]

    def micro(self) -> float:
        return self.prf(None)[2]


def score_fields(
    pairs: Iterable[tuple[dict[str, str], dict[str, str]]], labels: Iterable[str] | None = None
) -> tuple[FieldScores, FieldScores]:
    """Return (strict, soft) scores over ``(gold, predicted)`` value dicts, optionally only
    for ``labels``."""
    keep = set(labels) if labels is not None else None
    strict, soft = FieldScores(), FieldScores()
    for gold, predicted in pairs:
        if keep is not None:
            gold = {k: v for k, v in gold.items() if k in keep}
            predicted = {k: v for k, v in predicted.items() if k in keep}
        strict.add(gold, predicted, lambda a, b: a == b)
        soft.add(gold, predicted, lambda a, b: _soft(a) == _soft(b))
    return strict, soft
