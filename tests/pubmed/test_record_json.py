"""The compact JSON form of PubmedRecord: exact round trip, strict reading, version guard."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, examples
from refgraph.model import Author, CommentCorrection, PubmedRecord
from refgraph.pubmed.parse import PARSER_VERSION, RECORD_JSON_VERSION, parse_pubmed_xml
from refgraph.pubmed.record_json import record_from_json, record_to_json

EUTILS = Path(__file__).resolve().parents[1] / "data" / "eutils"

text = st.text(max_size=30)
texts = st.lists(text, max_size=4).map(tuple)
authors = st.builds(Author, last=text, first=text, initials=text, suffix=text, collective=text)
comments = st.builds(CommentCorrection, ref_type=text, pmid=text, source=text, note=text)
records = st.builds(
    PubmedRecord,
    pmid=st.text(min_size=1, max_size=10),
    title=text,
    journal=text,
    year=text,
    pages=text,
    doi=text,
    abstract=st.text(max_size=200),
    authors=st.lists(authors, max_size=4).map(tuple),
    authors_complete=st.booleans(),
    language=texts,
    publication_types=texts,
    mesh=texts,
    keywords=texts,
    comments_corrections=st.lists(comments, max_size=3).map(tuple),
    databanks=st.lists(st.tuples(text, text), max_size=3).map(tuple),
    trials=texts,
    references=texts,
    is_book=st.booleans(),
    book_title=text,
    extra=st.dictionaries(text, text, max_size=3),
)


@settings(max_examples=examples(300))
@given(records)
def test_round_trip_is_exact(record: PubmedRecord) -> None:
    encoded = record_to_json(record)
    assert encoded.isascii()
    back = record_from_json(encoded)
    assert back == record
    assert type(back.authors) is tuple and type(back.databanks) is tuple
    assert all(type(pair) is tuple for pair in back.databanks)
    assert record_from_json(encoded.encode()) == record


def _json_field_by_field(record: PubmedRecord) -> str:
    """The JSON form as the module docstring defines it: each field in turn, kept when it
    differs from its default (``pmid`` always, ``extra`` when not empty)."""
    out: dict[str, object] = {}
    for f in dataclasses.fields(PubmedRecord):
        value = getattr(record, f.name)
        if f.name == "extra":
            if value:
                out[f.name] = dict(value)
        elif f.name != "pmid" and value == f.default:
            continue
        elif f.name == "authors":
            out[f.name] = [[a.last, a.first, a.initials, a.suffix, a.collective] for a in value]
        elif f.name == "comments_corrections":
            out[f.name] = [[c.ref_type, c.pmid, c.source, c.note] for c in value]
        else:
            out[f.name] = value
    return json.dumps(out, ensure_ascii=True, separators=(",", ":"))


@settings(max_examples=examples(300))
@given(records)
def test_json_is_written_field_by_field(record: PubmedRecord) -> None:
    assert record_to_json(record) == _json_field_by_field(record)


def _recorded() -> list[PubmedRecord]:
    found: list[PubmedRecord] = []
    for path in sorted(EUTILS.rglob("*.xml")):
        if b"<PubmedArticleSet" in path.read_bytes()[:600]:
            found.extend(parse_pubmed_xml(path.read_bytes(), str(path)))
    return found


def test_every_recorded_record_round_trips() -> None:
    recorded = _recorded()
    assert len(recorded) > 40
    assert any(r.comments_corrections for r in recorded) and any(r.is_book for r in recorded)
    assert any(r.extra for r in recorded) and any(r.databanks for r in recorded)
    for record in recorded:
        assert record_from_json(record_to_json(record)) == record
        assert record_to_json(record) == _json_field_by_field(record)


def test_only_non_default_fields_are_written() -> None:
    data = json.loads(record_to_json(PubmedRecord(pmid="5", authors_complete=False)))
    assert data == {"pmid": "5", "authors_complete": False}


@pytest.mark.parametrize(
    "value",
    ["", "{", "null", "[]", '"x"', "{}", '{"pmid": 5}', '{"pmid": "1", "title": 3}',
     '{"pmid": "1", "mesh": "Liver"}', '{"pmid": "1", "mesh": ["Liver", 2]}',
     '{"pmid": "1", "authors": [["Li", "", ""]]}', '{"pmid": "1", "authors": "Li"}',
     '{"pmid": "1", "comments_corrections": [["ErratumIn", "2"]]}',
     '{"pmid": "1", "databanks": [["ClinicalTrials.gov"]]}', '{"pmid": "1", "is_book": 1}',
     '{"pmid": "1", "extra": {"a": 1}}', '{"pmid": "1", "extra": []}',
     '{"pmid": "1", "colour": "red"}', "[" * 100_000],
)  # fmt: skip
def test_anything_else_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=r"JSON|Expecting|Extra|Unterminated"):
        record_from_json(value)


#: Digest of the parser source (the element walk and the text normalisations it uses) for
#: each PARSER_VERSION. If this test fails you changed how PubMed XML is read: bump
#: PARSER_VERSION in refgraph/pubmed/parse.py (so cached parsed records are parsed again)
#: and record the new digest here. A change that reads every input to the same record
#: (a speed-up, each short cut tested against what it replaces) keeps the version and
#: replaces its digest: a bump would have every cache re-parse and every index be rebuilt.
PARSER_DIGESTS = {
    2: "2cc625240916efbfdb3640226c348bbe1e8733f27f4e0179efe3fcc43de55382",
    3: "bd0042a8d93d3ae032d063a4a850cc1252554a941295b6f0ee9c8bfee453e8e6",
    # 4 again after the map step's speed-ups (issue 15: fast Author and PubmedRecord
    # constructors, one regex for the trial-number gate, page-range and squash short cuts)
    4: "33fe6e9425852eb5079a524a4b630746e445971372a4a2dbb9d694ef8cab90d3",
}
PARSER_SOURCES = ("pubmed/element.py", "pubmed/leaves.py", "text.py")


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):  # fmt: skip
            node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return tree


def _parser_source(name: str) -> bytes:
    """The parse-relevant code, as its syntax tree without docstrings (comments, docstrings
    and layout do not count): all of element.py and leaves.py; of text.py ``squash`` and
    the months and pages sections (not the dates and numerals after them)."""
    text = (ROOT / "src" / "refgraph" / name).read_text(encoding="utf-8")
    if name == "text.py":
        squash = text[text.index("def squash(") : text.index("_NON_WORD = ")]
        rest = text[text.index("# " + "-" * 75 + " months") :]
        text = squash + rest[: rest.index("# " + "-" * 75 + " dates and numerals")]
    return ast.dump(_without_docstrings(ast.parse(text))).encode("utf-8")


def test_parser_changes_bump_the_version() -> None:
    digest = hashlib.sha256()
    for name in PARSER_SOURCES:
        digest.update(_parser_source(name))
    value = digest.hexdigest()
    assert PARSER_DIGESTS.get(PARSER_VERSION) == value, (
        f"{', '.join(PARSER_SOURCES)} changed (sha256 {value}): bump PARSER_VERSION and add it"
    )
    assert RECORD_JSON_VERSION.startswith(f"{PARSER_VERSION}.")
