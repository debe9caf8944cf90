from __future__ import annotations

from refgraph.keys import KeyAllocator, assign_keys, base_key, key_stem
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


def test_allocator_gives_the_same_keys_as_assign_keys() -> None:
    refs = [_ref("Lamb", "2017"), Reference(key="Lamb2017"), _ref("Lamb", "2017"),
            Reference(key="Lamb2017a"), _ref("Lamb", "2017")]  # fmt: skip
    keys = KeyAllocator()
    by_hand = [keys.keep(r.key) if r.key else keys.allocate(base_key(r)) for r in refs]
    assert by_hand == [r.key for r in assign_keys(refs)]
    assert by_hand == ["Lamb2017", "Lamb2017a", "Lamb2017b", "Lamb2017aa", "Lamb2017c"]


def test_key_stem_is_base_key_from_fields() -> None:
    ref = Reference(key="", authors=(Author(last="Gökbuget"),), journal="Blood", year="c2016")
    assert key_stem(ref.authors, ref.journal, ref.title, ref.pmid, ref.year) == base_key(ref)
    assert base_key(ref) == "Gokbuget2016"
    assert key_stem((), "", "", "123", "") == "pmid123"


def test_unchanged_references_are_not_copied() -> None:
    kept, generated = Reference(key="x"), _ref("Lamb", "2017")
    out = assign_keys([kept, generated])
    assert out[0] is kept
    assert out[1] is not generated
    assert out[1].key == "Lamb2017"


def test_a_kept_key_loses_what_bibtex_cannot_hold() -> None:
    # fuzzer: a CSL-JSON id "{" was kept as the key and written as "@article{{,"
    from refgraph.export.bibtex import write_bibtex
    from refgraph.sources import bibtex

    refs = [Reference(key="{", title="A"), Reference(key="Smith 2016, x", title="B"),
            Reference(key="Smith:2016-b", title="C")]  # fmt: skip
    assert [r.key for r in assign_keys(refs)] == ["anon", "Smith2016x", "Smith:2016-b"]
    back = bibtex.parse(write_bibtex(refs), "k.bib")
    assert back.problems == ()
    assert [r.title for r in back.references] == ["A", "B", "C"]
