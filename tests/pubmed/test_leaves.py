"""The record parser's leaf helpers: the trial-number gate lets through what it always did."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.ids import trial_ids_in
from refgraph.pubmed.leaves import trial_ids

HINTS = ("NCT", "ISRCTN", "ACTRN", "ChiCTR", "DRKS", "UMIN", "JPRN")


def _trial_ids_by_definition(text: str) -> tuple[str, ...]:
    """trial_ids_in, asked only when a registry prefix or ``-\\d{6}-\\d\\d`` is in ``text``."""
    if any(hint in text for hint in HINTS) or re.search(r"-\d{6}-\d\d", text):
        return trial_ids_in(text)
    return ()


pieces = st.sampled_from([*HINTS, "NCT01564784", "ISRCTN12345678", "2004-123456-12",
                          "-123456-1", "NC", "T", "ChiCTR-IOR-17013137", " ", "(", "0", "99",
                          "-", "٣"])  # fmt: skip
texts = st.lists(pieces | st.text(max_size=6), max_size=12).map("".join)


@given(texts)
@settings(max_examples=examples(500))
def test_trial_ids_read_like_their_definition(text: str) -> None:
    assert trial_ids(text) == _trial_ids_by_definition(text)
