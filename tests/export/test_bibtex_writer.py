"""BibTeX writer: field order, escaping, dialects, and bibtexparser 2.x reading it back.

(Named ``test_bibtex_writer.py``: ``tests/sources/test_bibtex.py`` already holds the module
name ``test_bibtex`` and the test folders are not packages.)
"""

from __future__ import annotations

from dataclasses import replace

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.export.bibtex import bibtex_fields, field_changes, format_author, write_bibtex
from refgraph.model import Author, Reference

REF = Reference(
    key="Kantarjian2016",
    pmid="27292104",
    authors=(
        Author(last="Kantarjian", initials="HM"),
        Author(last="Gökbuget", first="Nicola", initials="N"),
        Author(collective="NIH Consensus Development Panel"),
    ),
    et_al=True,
    title="Inotuzumab & ALL: 50% of $x_1 #2 {y} ~z^ a\\b",
    journal="N Engl J Med",
    journal_full="The New England journal of medicine",
    year="2016",
    month="Aug",
    volume="375",
    issue="8",
    pages="740-753",
    doi="10.1056/NEJMoa1509277",
    pmcid="PMC5123456",
    annotation="(Among 326 adults, 11% had SOS.)",
    keywords=("Antibodies, Monoclonal", "Humans"),
    publication_types=("Journal Article",),
    trials=("NCT01564784",),
    extra=(("abstract", "Background_x"), ("url", "https://x.org/a_b"), ("pmid", "dup")),
)
LI = (Author(last="Li"),)


def test_fields_in_table_order_then_extra() -> None:
    names = [name for name, _ in bibtex_fields(REF)]
    assert names == [
        "author", "title", "journal", "journal-full", "year", "month", "volume", "number",
        "pages", "doi", "pmid", "pmcid", "annote", "eprint", "eprinttype", "keywords", "pubtype",
        "trials",
        "abstract", "url", "x-pmid",
    ]  # fmt: skip


def test_values_are_escaped_and_formatted() -> None:
    fields = dict(bibtex_fields(REF))
    assert fields["author"] == (
        "Kantarjian, H. M. and Gökbuget, Nicola and {NIH Consensus Development Panel} and others"
    )
    assert fields["title"] == (
        r"Inotuzumab \& {{ALL}}: 50\% of \$x\_1 \#2 \textbraceleft{}y\textbraceright{}"
        r" \textasciitilde{}z\textasciicircum{} a\textbackslash{}b"
    )
    assert fields["pages"] == "740--753"
    assert fields["month"] == "aug"  # BibTeX's month macro, written bare
    assert fields["keywords"] == "Antibodies, Monoclonal; Humans"
    assert fields["abstract"] == r"Background\_x"
    assert fields["url"] == "https://x.org/a_b"  # verbatim fields are not escaped


def test_ascii_mode_spells_accents_in_latex() -> None:
    assert format_author(Author(last="Gökbuget", first="N."), ascii=True) == r"G{\"o}kbuget, N."
    text = write_bibtex([REF], ascii=True)
    assert text.isascii()


def test_biblatex_dialect_writes_only_datamodel_fields() -> None:
    fields = bibtex_fields(REF, biblatex=True)
    names = [name for name, _ in fields]
    assert names == [
        "author", "title", "journaltitle", "shortjournal", "date", "volume", "number", "pages",
        "doi", "annotation", "eprint", "eprinttype", "keywords", "abstract", "url", "addendum",
    ]  # fmt: skip
    values = dict(fields)
    assert values["journaltitle"] == "The New England journal of medicine"
    assert values["shortjournal"] == "N Engl J Med"
    assert values["date"] == "2016-08"
    assert (values["eprint"], values["eprinttype"]) == ("27292104", "pubmed")
    assert values["addendum"] == "PMCID: PMC5123456"


def test_month_macro_is_written_bare() -> None:
    text = write_bibtex([REF])
    assert "  month = aug,\n" in text
    assert "month = {Spring}" in write_bibtex([Reference(key="k", year="2016", month="Spring")])


def test_anonymous_work_gets_a_sort_key() -> None:
    anon = Reference(key="MedLett2018", title="Inotuzumab ozogamicin (Besponsa)--an ADC for ALL",
                     journal="Med Lett Drugs Ther", year="2018")  # fmt: skip
    assert ("key", "Inotuzumab ozogamicin ({Besponsa})") not in bibtex_fields(anon)
    assert bibtex_fields(anon)[-1] == ("key", "Inotuzumab ozogamicin (Besponsa)")
    fields = bibtex_fields(anon, biblatex=True)
    assert fields[0] == ("author", "Anonymous")
    assert ("options", "useauthor=false") in fields
    assert ("sortkey", "Inotuzumab ozogamicin (Besponsa)") in fields
    # a key the input gave is kept as it is, never replaced by a derived one
    own = Reference(key="k", title="T", extra=(("key", "Medical Letter"),))
    assert [v for n, v in bibtex_fields(own) if n == "key"] == ["Medical Letter"]


def test_biblatex_legacy_types_and_fields_are_mapped() -> None:
    thesis = Reference(key="k", entry_type="phdthesis", authors=(Author(last="Li"),), title="T",
                       year="2001", extra=(("school", "MIT"), ("address", "Boston"),
                                           ("mendeley-tags", "x")))  # fmt: skip
    text = write_bibtex([thesis], biblatex=True)
    assert text.startswith("@thesis{k,")
    assert "institution = {MIT}" in text and "location = {Boston}" in text
    assert "type = {phdthesis}" in text and "mendeley-tags" not in text


def test_journal_full_only_when_it_differs() -> None:
    same = Reference(key="k", authors=LI, journal="Blood", journal_full="Blood")
    assert [n for n, _ in bibtex_fields(same)] == ["author", "journal"]


def test_chapter_journal_is_a_booktitle() -> None:
    chapter = Reference(key="k", authors=LI, entry_type="incollection", journal="LiverTox")
    assert bibtex_fields(chapter) == [("author", "Li"), ("booktitle", "{{LiverTox}}")]


def test_author_name_protection() -> None:
    assert format_author(Author(last="Smith, Jr")) == "{Smith, Jr}, {}"
    assert format_author(Author(last="van der Berg")) == "van der Berg"
    assert format_author(Author(last="Christopher Ehmann")) == "Christopher Ehmann, {}"
    assert format_author(Author(last="Gibb", first="Fraser W", suffix="Jr")) == "Gibb, Jr, Fraser W"
    assert format_author(Author(last="Gibb", suffix="Jr")) == "Gibb, Jr, {}"
    assert format_author(Author(last="others")) == "{others}, {}"


def test_bibtexparser_reads_every_field_back() -> None:
    text = write_bibtex([REF, Reference(key="empty", authors=LI)])
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == ["Kantarjian2016", "empty"]
    parsed = [(f.key, f.value) for f in library.entries[0].fields]
    assert parsed == bibtex_fields(REF)
    assert [(f.key, f.value) for f in library.entries[1].fields] == [("author", "Li")]


def test_empty_input_gives_empty_text() -> None:
    assert write_bibtex([]) == ""


def test_references_without_keys_get_keys_so_they_read_back() -> None:
    from refgraph.sources.bibtex import parse

    refs = [Reference(key="", authors=(Author(last="0"),)), Reference(key="", title="T")]
    text = write_bibtex(refs)
    assert "@article{," not in text
    back = parse(text, "x.bib").references
    assert [r.authors for r in back] == [(Author(last="0"),), ()]  # a person, not a group


def test_extra_fields_of_one_name_are_written_under_free_names_and_read_back() -> None:
    from refgraph.sources import bibtex as reader

    ref = Reference(
        key="K", authors=LI, title="T",
        extra=(("note", "a"), ("note", "b"), ("x-note", "c"), ("title", "d")),
    )  # fmt: skip
    names = [name for name, _ in bibtex_fields(ref)]
    assert names == ["author", "title", "note", "x-note", "x-x-note", "x-title"]
    back = reader.parse(write_bibtex([ref]), "k.bib")
    assert back.problems == ()  # no field written twice
    assert [v for _, v in back.references[0].extra] == ["a", "b", "c", "d"]


@pytest.mark.parametrize("ascii", [False, True])
def test_field_changes_are_the_fields_written_differently(ascii: bool) -> None:
    base = Reference(key="k", title="The INO-VATE ALL Trial", journal="Blood", pmid="1")
    pairs = [
        (base, base),  # unchanged: no pair at all
        (base, replace(base, doi="10.1/x")),  # a new field, the title left alone
        (base, replace(base, title="The INO-VATE ALL trial: Ünïcode")),  # a new title
        (base, replace(base, title="The  INO-VATE ALL Trial")),  # one more space
        (base, replace(base, entry_type="incollection")),  # journal -> booktitle
        # an extra field named "title" (no title in the model) against a modelled title
        (Reference(key="e", extra=(("title", "{X} & y"),)), Reference(key="e", title="{X} & y")),
        (Reference(key="e", title="{X} & y"), Reference(key="e", extra=(("title", "{X} & y"),))),
        (Reference(key="e", title="A B"), Reference(key="e", extra=(("title", "A B"),))),
    ]
    expected = []
    for old, new in pairs:
        if new != old:
            before = dict(bibtex_fields(old, ascii=ascii))
            expected.append((old, [(n, v) for n, v in bibtex_fields(new, ascii=ascii)
                                   if before.get(n) != v]))  # fmt: skip
    assert list(field_changes(pairs, ascii=ascii)) == expected
    # the titles of the last three are written alike either way: only "key" changes
    assert [[n for n, _ in c] for _, c in expected] == [
        ["doi"], ["title", "key"], ["title"], ["booktitle"], ["key"], ["key"], ["key"]]  # fmt: skip


@settings(max_examples=examples(150))
@given(
    st.lists(
        st.one_of(
            st.text(max_size=24),
            st.sampled_from(["Title", "KEY", "x-TITLE", "\x08title", "000", "ö"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_an_extra_field_name_writes_one_field(names: list[str]) -> None:
    # a library-built extra named "x = {1}, title = {forged}, y" or "note\n@article{f,"
    # was written as it was: a title of its own, a broken entry; "Title" a second title
    ref = Reference(key="K", title="Kept", year="2020", extra=tuple((n, "v") for n in names))
    from refgraph.sources import bibtex

    back = bibtex.parse(write_bibtex([ref]), "names.bib")
    assert back.problems == ()
    (read,) = back.references
    assert read.title == "Kept" and read.year == "2020"
    assert [v for n, v in read.extra if (n, v) != ("key", "Kept")] == ["v"] * len(names)


def test_an_extra_field_without_a_name_reads_back_as_its_canonical_form() -> None:
    # "@{,=0}": the reader keeps the value under an empty name; the writer gives it the name
    # "x", and canonical_reference (what a round trip gives) says so too (fuzz-found)
    from refgraph.sources import bibtex as bibtex_reader

    (ref,) = bibtex_reader.parse("@{,=0}", "x.bib").references
    assert ref.extra == (("", "0"),)
    (back,) = bibtex_reader.parse(write_bibtex([replace(ref, key="anon")]), "r.bib").references
    assert back.extra == (("x", "0"),)
    canonical = bibtex_reader.canonical_reference
    assert replace(canonical(back), origins=()) == replace(
        canonical(replace(ref, key="anon")), origins=())
