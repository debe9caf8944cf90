"""RIS reader."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.ids import normalize_doi
from refgraph.sources import parse_text, ris

RECORD = """TY  - JOUR
AU  - Jung, Sang In
AU  - Lee NK
TI  - The effect of smartphone usage
T2  - Journal of physical therapy science
J2  - J Phys Ther Sci
PY  - 2016/01/30/
VL  - 28
IS  - 1
SP  - 186
EP  - 89
DO  - 10.1589/jpts.28.186
AN  - 26957754
N1  - (Small study of 20 students.)
KW  - smartphone
A2  - Editor, Ed
XY  - something unknown
ER  -
"""


def test_fields_of_a_record() -> None:
    result = ris.parse(RECORD, "r.ris")
    assert result.problems == ()
    (ref,) = result.references
    assert ref.pmid == "26957754" and ref.entry_type == "article" and ref.line == 1
    assert [a.short() for a in ref.authors] == ["Jung SI", "Lee NK"]
    assert (ref.journal, ref.journal_full) == (
        "J Phys Ther Sci",
        "Journal of physical therapy science",
    )
    assert (ref.year, ref.month, ref.volume, ref.issue, ref.pages) == (
        "2016",
        "Jan",
        "28",
        "1",
        "186-189",
    )
    assert ref.doi == "10.1589/jpts.28.186"
    assert ref.annotation == "(Small study of 20 students.)"
    assert ref.keywords == ("smartphone",)
    assert ref.extra == (("editor", "Editor, Ed"), ("ris-xy", "something unknown"))


def test_missing_er_and_stray_lines_are_reported() -> None:
    text = "JF  - outside\nTY  - JOUR\nTI  - A\nTY  - BOOK\nTI  - B\n"
    result = ris.parse(text, "c.ris")
    assert [r.title for r in result.references] == ["A", "B"]
    assert [(p.line, p.text) for p in result.problems] == [
        (1, "outside a record: JF  - outside"),
        (4, "TY before the previous record's ER"),
        (4, "record has no ER line"),
    ]


def test_empty_er_line_closes_the_record() -> None:
    result = ris.parse("TY  - JOUR\nTI  - A\nER  -\nTY  - JOUR\nTI  - B\nER  - \n", "e.ris")
    assert [r.title for r in result.references] == ["A", "B"] and result.problems == ()


def test_sniff() -> None:
    assert ris.sniff("\ufeffTY  - JOUR\n")
    assert not ris.sniff("PMID- 1\n")


def test_a_pubmed_or_pmc_address_in_ur_names_the_record() -> None:
    """Ovid, EndNote and Zotero exports often carry a record's PubMed link and no PMID."""
    text = (
        "TY  - JOUR\nAU  - Doe, Jane\nTI  - Linked\nJO  - Blood\nPY  - 2019\n"
        "UR  - http://www.ncbi.nlm.nih.gov/pubmed/27292104\n"
        "UR  - https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5594743/\nER  - \n"
        "TY  - JOUR\nTI  - A search link is no record\nPY  - 2019\n"
        "UR  - https://pubmed.ncbi.nlm.nih.gov/?term=inotuzumab\nER  - \n"
    )
    linked, search = ris.parse(text, "x.ris").references
    assert (linked.pmid, linked.pmcid) == ("27292104", "PMC5594743")
    assert ("url", "http://www.ncbi.nlm.nih.gov/pubmed/27292104") in linked.extra  # kept
    assert search.pmid == ""


def test_a_databases_record_headers_between_records_are_no_problem() -> None:
    """Cochrane, Ovid and others write "Record #1 of 2" / "Provider: ..." / "Content: ..."
    (or a bare "1.") before each record: export furniture, not text that was lost."""
    text = (
        'Record #1 of 2\nProvider: Some Provider\nContent: text/plain; charset="UTF-8"\n\n'
        "TY  - JOUR\nTI  - First\nAN  - 27292104\nER  - \n\n"
        "Record #2 of 2\n2.\nTY  - JOUR\nTI  - Second\nER  - \n"
        "Stray text that is no header\n"
    )
    result = ris.parse(text, "export.ris")
    assert [r.title for r in result.references] == ["First", "Second"]
    assert [(p.line, p.kind) for p in result.problems] == [(15, "bad_entry")]


def test_an_author_line_that_names_no_one_is_no_author() -> None:
    # "A1  - ," gave an Author with every part empty, which BibTeX cannot hold (fuzz seed
    # 20261208: the round trip lost it)
    (ref,) = ris.parse("TY  - JOUR\nA1  - ,\nAU  - Smith, J\nER  - \n", "f.ris").references
    assert [a.last for a in ref.authors] == ["Smith"]


def test_line_numbers_count_newlines_only() -> None:
    """A record separator or NEL in a value (Python's splitlines breaks lines there; no
    editor does) moved every later line number down one."""
    text = ("TY  - JOUR\nTI  - First\x1etitle\u0085part\nPY  - 2019\nER  - \n\n"
            "TY  - JOUR\nTI  - Second\nPY  - 1x\nER  - \nstray\n")  # fmt: skip
    result = parse_text(text, "l.ris", "ris")
    assert [r.line for r in result.references] == [1, 6]
    assert result.references[0].title == "First title part"
    assert [(p.kind, p.line) for p in result.problems if p.kind != "control_characters"] == [
        ("bad_entry", 10)
    ]


def test_a_second_accession_number_that_is_another_pmid_is_kept() -> None:
    """Two AN lines with two PMIDs: the first is the PMID, the second was dropped."""
    text = "TY  - JOUR\nTI  - T\nAN  - 12345678\nAN  - 23456789\nAN  - 12345678\nER  - \n"
    (ref,) = ris.parse(text, "a.ris").references
    assert ref.pmid == "12345678" and ref.get_extra("ris-an") == "23456789"


_VALUE = st.text(alphabet=st.sampled_from("abc 10./-:()[]Tx1"), min_size=1, max_size=20).map(
    lambda s: " ".join(s.split())
).filter(bool)


@settings(max_examples=examples(80))
@given(st.lists(st.tuples(st.sampled_from(["DO", "TI", "T1", "VL"]), _VALUE), max_size=5))
def test_no_value_is_dropped(fields: list[tuple[str, str]]) -> None:
    # a DOI that is not one ("DO  - see note") and a second, other title or volume were
    # dropped without a word
    text = "TY  - JOUR\n" + "".join(f"{tag}  - {value}\n" for tag, value in fields) + "ER  - \n"
    (ref,) = ris.parse(text, "t.ris").references
    kept = [ref.title, ref.doi, ref.volume, *(v for _, v in ref.extra)]
    for _, value in fields:
        assert value in kept or (normalize_doi(value) or "-") in kept, (value, ref)


def test_a_doi_that_is_not_one_is_kept_as_ris_do() -> None:
    (ref,) = ris.parse("TY  - JOUR\nDO  - see note\nDO  - 10.1056/x\nER  - \n", "t").references
    assert ref.doi == "10.1056/x" and ref.extra == (("ris-do", "see note"),)
