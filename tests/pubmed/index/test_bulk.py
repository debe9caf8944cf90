"""Bulk checking's hand-over between tasks: parsed documents pickled and read back whole."""

from __future__ import annotations

import pickle
from pathlib import Path

from refgraph.pubmed.index.bulk import _dumps
from refgraph.sources import load

SEED = Path(__file__).resolve().parents[3] / "refs" / "inotuzumab-ozogamicin.bib"


def test_parsed_references_survive_the_bulk_pickler_unchanged() -> None:
    parsed = load(str(SEED))  # the shipped .bib: authors, origins, annotations, extra fields
    assert len(parsed.references) >= 10
    back = pickle.loads(_dumps(parsed))
    assert back == parsed
    assert [r.authors for r in back.references] == [r.authors for r in parsed.references]
    assert [r.origins for r in back.references] == [r.origins for r in parsed.references]
    # the model's frozen dataclasses are rebuilt (not pickled by their default state), and
    # anything else (dicts, tuples, plain objects) is pickled as usual
    assert type(back.references[0]) is type(parsed.references[0])
    assert pickle.loads(_dumps({"a": (1, [2.0, "x"])})) == {"a": (1, [2.0, "x"])}
