"""The safe XML set-up: the entity-declaration scan agrees with a plain regex over any bytes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.pubmed.safexml import declares_entity

_REFERENCE = re.compile(rb"<!entity", re.I)  # what the scan must answer, the slow way

# bytes made of the pieces that matter ("<", "!", "ENTITY" in any case) and filler
_PIECES = st.sampled_from(
    [b"<", b"!", b"<!", b"ENTITY", b"entity", b"EnTiTy", b"ENTIT", b" ", b"x", b"<!--", b"-->",
     b"<!DOCTYPE x [", b"]>", b"<![CDATA[", b"]]>", "é".encode(), b"\x00"]
)  # fmt: skip


@settings(max_examples=examples(200))
@given(st.lists(_PIECES | st.binary(max_size=4), max_size=40).map(b"".join))
def test_declares_entity_is_a_case_insensitive_search_for_entity_declarations(data: bytes) -> None:
    assert declares_entity(data) is bool(_REFERENCE.search(data))


def test_declares_entity_reads_text_too_and_a_bang_at_either_end() -> None:
    assert declares_entity('<!DOCTYPE a [<!Entity x "y">]><a>é</a>')
    assert not declares_entity(b"!") and not declares_entity(b"<!") and not declares_entity(b"")
    assert declares_entity(b"<!ENTITY") and not declares_entity(b"!ENTITY<")
