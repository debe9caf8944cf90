"""The fast constructors in refgraph.model build objects equal to the normal constructor's."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refgraph.fastmodel import (
    author_of,
    new_author,
    new_origin,
    new_pubmed_record,
    new_reference,
    replaced_reference,
)
from refgraph.model import Author, CommentCorrection, Origin, PubmedRecord, Reference

text = st.text(max_size=12)


@given(text, text)
def test_new_author_equals_constructor(last: str, initials: str) -> None:
    fast = new_author(last, initials)
    slow = Author(last=last, initials=initials)
    assert type(fast) is Author
    assert fast == slow and hash(fast) == hash(slow)
    assert dataclasses.astuple(fast) == dataclasses.astuple(slow)


@given(text, st.integers())
def test_new_origin_equals_constructor(path: str, line: int) -> None:
    assert new_origin(path, line) == Origin(path, line)
    assert type(new_origin(path, line)) is Origin


@given(
    st.lists(text, min_size=12, max_size=12),
    st.booleans(),
    st.lists(st.tuples(text, text), max_size=2),
    st.integers(min_value=1, max_value=10**6),
)
def test_new_reference_equals_constructor(
    values: list[str], et_al: bool, extra: list[tuple[str, str]], line: int
) -> None:
    key, pmid, title, journal, year, month, volume, issue, pages, doi, pmcid, annotation = values
    authors = (Author(last="Lamb", initials="YN"), Author(collective="A Group"))
    origins = (Origin("a.txt", line),)
    fast = new_reference(
        key, pmid, authors, et_al, title, journal, year, month, volume, issue, pages, doi,
        pmcid, annotation, tuple(extra), origins,
    )  # fmt: skip
    slow = Reference(
        key=key, pmid=pmid, authors=authors, et_al=et_al, title=title, journal=journal,
        year=year, month=month, volume=volume, issue=issue, pages=pages, doi=doi, pmcid=pmcid,
        annotation=annotation, extra=tuple(extra), origins=origins,
    )  # fmt: skip
    assert type(fast) is Reference
    assert fast == slow and hash(fast) == hash(slow)
    # every field, including the ones left at their defaults
    assert dataclasses.astuple(fast) == dataclasses.astuple(slow)
    assert fast.as_dict() == slow.as_dict()


def test_fast_objects_stay_frozen() -> None:
    ref = new_reference("k", "1", (), False, "", "", "", "", "", "", "", "", "", "", (), ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.key = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        new_author("Lamb", "YN").last = "x"  # type: ignore[misc]
    assert dataclasses.replace(ref, key="x").key == "x"


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "pmid": text,
            "title": text,
            "et_al": st.booleans(),
            "authors": st.just((Author(last="Lamb", initials="YN"),)),
            "keywords": st.lists(text, max_size=2).map(tuple),
            "extra": st.lists(st.tuples(text, text), max_size=2).map(tuple),
            "reading": st.none(),
        },
    )
)
def test_replaced_reference_equals_dataclasses_replace(changes: dict[str, object]) -> None:
    ref = Reference(key="k", pmid="1", title="T", journal="J", origins=(Origin("a.bib", 3),))
    fast = replaced_reference(ref, changes)
    slow = dataclasses.replace(ref, **changes)  # type: ignore[arg-type]
    assert type(fast) is Reference
    assert fast == slow and hash(fast) == hash(slow)
    assert dataclasses.astuple(fast) == dataclasses.astuple(slow)
    assert fast.origins == ref.origins  # what is not changed is kept
    with pytest.raises(TypeError, match="no field 'colour'"):
        replaced_reference(ref, {"colour": "red"})


@given(st.lists(text, min_size=5, max_size=5))
def test_author_of_equals_constructor(parts: list[str]) -> None:
    fast, slow = author_of(parts), Author(*parts)
    assert type(fast) is Author
    assert fast == slow and hash(fast) == hash(slow)
    assert dataclasses.astuple(fast) == dataclasses.astuple(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.last = "x"  # type: ignore[misc]


def _field_values(field: dataclasses.Field[object]) -> st.SearchStrategy[object]:
    """Values of one PubmedRecord field's annotated type."""
    kind = str(field.type)
    if kind == "bool":
        return st.booleans()
    if kind == "str":
        return text
    if "Author" in kind:
        return st.lists(st.builds(Author, last=text, initials=text), max_size=2).map(tuple)
    if "CommentCorrection" in kind:
        return st.lists(st.builds(CommentCorrection, ref_type=text, pmid=text),
                        max_size=2).map(tuple)  # fmt: skip
    if "tuple[str, str]" in kind:
        return st.lists(st.tuples(text, text), max_size=2).map(tuple)
    if "Mapping" in kind:
        return st.dictionaries(text, text, max_size=2)
    assert kind == "tuple[str, ...]", kind
    return st.lists(text, max_size=2).map(tuple)


@given(st.fixed_dictionaries({f.name: _field_values(f)
                              for f in dataclasses.fields(PubmedRecord)}))  # fmt: skip
def test_new_pubmed_record_equals_constructor(values: dict[str, object]) -> None:
    fast = new_pubmed_record(**values)  # type: ignore[arg-type]
    slow = PubmedRecord(**values)  # type: ignore[arg-type]
    assert type(fast) is PubmedRecord
    assert fast == slow
    assert dataclasses.astuple(fast) == dataclasses.astuple(slow)
    assert all(getattr(fast, f.name) is values[f.name] for f in dataclasses.fields(fast))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.pmid = "x"  # type: ignore[misc]
