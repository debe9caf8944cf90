from __future__ import annotations

from refgraph.keys import assign_keys, base_key
from refgraph.model import Author, Reference


def _ref(last: str = "", year: str = "", **kw: str) -> Reference:
    authors = (Author(last=last),) if last else ()
    return Reference(key="", authors=authors, year=year, **kw)  # type: ignore[arg-type]


def test_keys_disambiguate_in_document_order() -> None:
    refs = [_ref("Kantarjian", "2012"), _ref("Kantarjian", "2016"), _ref("Kantarjian", "2016"),
            _ref("Kantarjian", "2016")]
    assert [r.key for r in assign_keys(refs)] == [
        "Kantarjian2012", "Kantarjian2016", "Kantarjian2016a", "Kantarjian2016b"]


def test_keys_are_deterministic() -> None:
    refs = [_ref("Goy", "2016"), _ref("Goy", "2016")]
    assert assign_keys(refs) == assign_keys(refs)


def test_anonymous_work_keyed_from_journal_then_title() -> None:
    assert base_key(_ref(year="2018", journal="Med Lett Drugs Ther")) == "MedLett2018"
    assert base_key(_ref(year="1999", title="The anatomy of a trial")) == "AnatomyTrial1999"


def test_non_ascii_and_group_names() -> None:
    assert base_key(_ref("Gökbuget", "2016")) == "Gokbuget2016"
    group = Reference(key="", authors=(Author(collective="NIH Consensus Panel"),), year="1990")
    assert base_key(group) == "NIHConsensus1990"


def test_existing_keys_kept_unless_they_collide() -> None:
    refs = [Reference(key="x"), Reference(key="x"), Reference(key="y")]
    assert [r.key for r in assign_keys(refs)] == ["x", "xa", "y"]
