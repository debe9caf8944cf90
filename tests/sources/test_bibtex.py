"""BibTeX reader: fields, names, LaTeX, and bad input as diagnostics with line numbers."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from refgraph.export.bibtex import write_bibtex
from refgraph.keys import assign_keys
from refgraph.latex import decode_latex, encode_latex
from refgraph.model import Author, Reference
from refgraph.sources import bibtex
from refgraph.sources.bibtex import canonical_reference

JABREF_STYLE = """% exported by JabRef
@Article{Kantarjian2016,
  Author    = {Kantarjian, Hagop M. and DeAngelo, D. J. and Stelljes, Matthias and others},
  Title     = {Inotuzumab Ozogamicin versus Standard Therapy for {A}cute {L}ymphoblastic Leukemia},
  Journal   = {N Engl J Med},
  Year      = {2016},
  Month     = aug,
  Volume    = {375},
  Number    = {8},
  Pages     = {740--753},
  Doi       = {https://doi.org/10.1056/NEJMoa1509277},
  Pmid      = {27292104},
  Owner     = {tester},
  Timestamp = {2018.01.01},
}
"""


def _one(text: str) -> bibtex.Reference:
    result = bibtex.parse(text, "t.bib")
    assert result.problems == ()
    assert len(result.references) == 1
    return result.references[0]


def test_field_names_are_case_insensitive_and_mapped() -> None:
    ref = _one(JABREF_STYLE)
    assert ref.key == "Kantarjian2016"
    assert ref.pmid == "27292104"
    assert ref.title.endswith("for Acute Lymphoblastic Leukemia")
    assert (ref.journal, ref.year, ref.month) == ("N Engl J Med", "2016", "Aug")
    assert (ref.volume, ref.issue, ref.pages) == ("375", "8", "740-753")
    assert ref.doi == "10.1056/NEJMoa1509277"
    assert ref.et_al is True
    assert [a.short() for a in ref.authors] == ["Kantarjian HM", "DeAngelo DJ", "Stelljes M"]
    assert ref.line == 2 and ref.source == "t.bib"


def test_unknown_fields_are_kept_in_order() -> None:
    ref = _one(JABREF_STYLE)
    assert ref.extra == (("owner", "tester"), ("timestamp", "2018.01.01"))


def test_eprint_with_eprinttype_pubmed_gives_the_pmid() -> None:
    ref = _one("@article{a, eprint = {28859185}, eprinttype = {pubmed}, date = {2017-09}}")
    assert ref.pmid == "28859185"
    assert (ref.year, ref.month) == ("2017", "Sep")
    assert ref.extra == ()


def test_arxiv_eprint_is_not_a_pmid() -> None:
    ref = _one("@article{a, eprint = {1234.5678}, eprinttype = {arxiv}}")
    assert ref.pmid == ""
    assert ref.extra == (("eprint", "1234.5678"), ("eprinttype", "arxiv"))


def test_strings_built_from_strings_resolve_in_the_order_defined() -> None:
    # bibtexparser resolves one level: the journal came out as 'jn # " Journal" (Wash)'
    text = (
        '@string{jn = "Blood"}\n@string{full = jn # " Journal"}\n'
        '@string{deeper = full # " (Wash)"}\n@string{alias = deeper}\n'
        '@article{a, journal = deeper, year = 2001}\n'
        '@article{b, journal = alias # ", USA", year = 2002}\n'
    )
    result = bibtex.parse(text)
    assert [r.journal for r in result.references] == [
        "Blood Journal (Wash)",
        "Blood Journal (Wash), USA",
    ]
    assert not result.problems


def test_a_string_that_doubles_itself_forty_times_is_reported_not_expanded() -> None:
    # s39 would be 5 TB; the first string past the limit and every one built on it are
    # reported at their lines and left as written, the rest expand
    lines = ['@string{s0 = "aaaaaaaaaa"}']
    lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 40)]
    lines.append('@article{k, title = s39 # "!", journal = s3 # s3, year = 2000}')
    result = bibtex.parse("\n".join(lines))
    (ref,) = result.references
    assert ref.journal == "a" * 160
    assert ref.title == 's39 # "!"'
    lines_reported = [p.line for p in result.problems]
    assert lines_reported == list(range(15, 42))  # s14 ... s39, then the entry's title
    assert "more than 100,000 characters" in result.problems[0].text
    assert "'s38'" in result.problems[-2].text and "'title'" in result.problems[-1].text


def test_string_macros_are_expanded() -> None:
    ref = _one('@string{nejm = "N Engl J Med"}\n@article{a, journal = nejm # " (Boston)"}')
    assert ref.journal == "N Engl J Med (Boston)"


def test_latex_accents_and_escapes_are_decoded() -> None:
    ref = _one(
        r"@article{a, author = {G{\"o}kbuget, Nicola and M\"{u}ller, J. and {\'E}mile, Z},"
        r" title = {50\% of {B}-cell \& T-cell \textendash{} \emph{in vivo}}}"
    )
    assert [a.last for a in ref.authors] == ["Gökbuget", "Müller", "Émile"]
    assert ref.title == "50% of B-cell & T-cell – in vivo"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kantarjian, H. M.", Author(last="Kantarjian", first="H. M.", initials="HM")),
        ("Kantarjian, HM", Author(last="Kantarjian", first="H. M.", initials="HM")),
        ("Hagop M. Kantarjian", Author(last="Kantarjian", first="Hagop M.", initials="HM")),
        ("Ludwig van Beethoven", Author(last="van Beethoven", first="Ludwig", initials="L")),
        ("Gibb, Jr, Fraser W", Author(last="Gibb", first="Fraser W", initials="FW", suffix="Jr")),
        ("{NIH Consensus Panel}", Author(collective="NIH Consensus Panel")),
        ("{Smith and Jones}, A.", Author(last="Smith and Jones", first="A.", initials="A")),
        ("Selvamani", Author(last="Selvamani")),
    ],
    ids=["initials", "undotted", "first-last", "von", "suffix", "group", "braced-and", "mono"],
)
def test_author_forms(raw: str, expected: Author) -> None:
    authors, et_al = bibtex.parse_authors(raw)
    assert authors == (expected,)
    assert et_al is False


def test_and_others_sets_et_al_and_is_not_an_author() -> None:
    authors, et_al = bibtex.parse_authors("Smith, J. and others")
    assert [a.last for a in authors] == ["Smith"] and et_al


def test_unbalanced_braces_give_a_diagnostic_with_line_and_keep_the_rest() -> None:
    text = (
        "@article{good1, title = {One}, pmid = {1}}\n"
        "\n"
        "@article{bad, title = {unbalanced\n"
        "  year = 2000\n"
        "}\n"
        "@article{good2, title = {Two}, pmid = {2}}\n"
    )
    result = bibtex.parse(text, "b.bib")
    assert [r.key for r in result.references] == ["good1", "good2"]
    assert [(p.line, p.kind) for p in result.problems] == [(3, "bad_entry")]
    assert "unbalanced" in result.problems[0].text


def test_bibtexparser_logging_is_silenced_but_restored(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        bibtex.parse("@article{bad, title = {x\n@article{b, title={y}}", "b.bib")
    assert caplog.records == []
    assert logging.getLogger("bibtexparser").disabled is False


def test_duplicate_key_is_reported_and_the_entry_kept() -> None:
    result = bibtex.parse("@article{k, title={A}}\n@article{k, title={B}}\n", "d.bib")
    assert [r.title for r in result.references] == ["A", "B"]
    assert [(p.line, p.kind) for p in result.problems] == [(2, "duplicate_key")]


def _round_trip(text: str) -> tuple[bibtex.ParseResult, bibtex.ParseResult]:
    """``text`` read, written by refgraph and read again (keys as every command assigns)."""
    first = bibtex.parse(text, "in.bib")
    written = write_bibtex(assign_keys(list(first.references)))
    return first, bibtex.parse(written, "out.bib")


def _plain(result: bibtex.ParseResult) -> list[object]:
    return [replace(canonical_reference(r), origins=(), key="") for r in result.references]


def test_duplicate_field_uses_the_first_and_keeps_the_second() -> None:
    # BibTeX uses the first value (and warns); bibtexparser 2.x fails the entry with both
    # values kept: refgraph uses the first, reports the second at its line and keeps it
    result = bibtex.parse("@article{k,\n  title = {A},\n  Title = {B},\n}\n", "d.bib")
    (ref,) = result.references
    assert ref.title == "A" and ref.extra == (("x-title", "B"),)
    assert [(p.line, p.kind) for p in result.problems] == [(3, "duplicate_field")]
    assert "'x-title'" in result.problems[0].text


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        # fuzzer: a repeated extra field came back as x-note after writing
        ("@article{k,\n  note = {a},\n  note = {b},\n}\n", (("note", "a"), ("x-note", "b"))),
        # the user's own x-note keeps its name; the duplicate takes the next free one
        (
            "@article{k,\n  note = {a},\n  x-note = {c},\n  note = {b},\n}\n",
            (("note", "a"), ("x-note", "c"), ("x-x-note", "b")),
        ),
        # fuzzer: a repeated author read the first as a group ("{Smith, J}" kept its braces)
        (
            "@article{k,\n  author = {Smith, J},\n  author = {Doe, A},\n}\n",
            (("x-author", "Doe, A"),),
        ),
        # fuzzer: no type, no key, bare values, the same field twice
        ("@{,000000=0{{}},000000=0}", (("000000", "0"), ("x-000000", "0"))),
    ],
    ids=["extra-twice", "x-name-taken", "author-twice", "no-type-no-key"],
)
def test_a_field_given_twice_is_reported_kept_and_survives_a_round_trip(
    text: str, extra: tuple[tuple[str, str], ...]
) -> None:
    first, back = _round_trip(text)
    assert first.references[0].extra == extra
    assert "duplicate_field" in [p.kind for p in first.problems]
    assert back.problems == ()
    assert _plain(back) == _plain(first)


def test_an_entry_with_a_field_twice_reads_its_values_like_any_other() -> None:
    # bibtexparser runs no middleware on the entry it fails: refgraph unwraps it the same way
    text = (
        '@string{nejm = "N Engl J Med"}\n'
        '@article{k,\n  author = {Smith, John},\n  journal = nejm,\n  title = "Quoted",\n'
        "  year = 2016,\n  month = aug,\n  note = {a} # { and b},\n  note = {c},\n}\n"
    )
    (ref,) = bibtex.parse(text, "s.bib").references
    assert ref.authors == (Author(last="Smith", first="John", initials="J"),)
    assert (ref.journal, ref.title, ref.year, ref.month) == (
        "N Engl J Med",
        "Quoted",
        "2016",
        "Aug",
    )
    assert ref.extra == (("note", "a and b"), ("x-note", "c"))


@pytest.mark.parametrize("author", ["{}", "{ }", ",", "{} and {}"])
def test_an_empty_name_is_no_author(author: str) -> None:
    # fuzzer: author={{}} gave Author() that the writer could not write back
    first, back = _round_trip(f"@article{{k,\n  author = {{{author}}},\n  title = {{T}},\n}}\n")
    assert first.references[0].authors == ()
    assert first.problems == back.problems == ()
    assert _plain(back) == _plain(first)
    (ref,) = bibtex.parse("@article{k, author = {Smith, J and {} and others}}", "e.bib").references
    assert [a.last for a in ref.authors] == ["Smith"] and ref.et_al


def test_an_entry_without_a_type_is_read_as_misc_and_reported() -> None:
    result = bibtex.parse("@{k,\n  title = {T},\n}\n", "t.bib")
    assert [r.entry_type for r in result.references] == ["misc"]
    assert [(p.line, p.kind) for p in result.problems] == [(1, "bad_entry")]


def test_missing_comma_after_key_is_a_bad_entry() -> None:
    result = bibtex.parse("@article{nocomma title={x}}\n@article{ok, title={y}}", "m.bib")
    assert [r.key for r in result.references] == ["ok"]
    assert [(p.line, p.kind) for p in result.problems] == [(1, "bad_entry")]


@pytest.mark.parametrize("text", ["just some words", "{{{", "@@@@", "@article{"])
def test_unusable_content_gives_diagnostics_not_exceptions(text: str) -> None:
    result = bibtex.parse(text, "u.bib")
    assert result.references == ()
    assert result.problems and all(p.kind in {"bad_entry", "empty"} for p in result.problems)


def test_bad_pmid_is_reported_and_kept_in_extra() -> None:
    result = bibtex.parse("@article{k, pmid = {abc}}", "p.bib")
    assert [p.kind for p in result.problems] == ["bad_pmid"]
    assert result.references[0].extra == (("pmid", "abc"),)


def test_an_escaped_brace_in_a_pmid_is_part_of_it() -> None:
    """``1\\textbraceleft{}`` is "1{": no PMID, reported and kept; never read as PMID 1."""
    result = bibtex.parse("@article{k, pmid = {1\\textbraceleft{}}}", "p.bib")
    assert result.references[0].pmid == ""
    assert result.references[0].extra == (("pmid", "1{"),)
    assert [p.kind for p in result.problems] == ["bad_pmid"]
    assert _one("@article{k, pmid = {{27292104}}}").pmid == "27292104"  # brace pairs go


def test_keywords_split_on_semicolon_before_comma() -> None:
    assert _one("@article{k, keywords = {Antibodies, Monoclonal; Humans}}").keywords == (
        "Antibodies, Monoclonal",
        "Humans",
    )
    assert _one("@article{k, keywords = {a, b}}").keywords == ("a", "b")
    assert _one("@article{k, keywords = {Antibodies, Monoclonal;}}").keywords == (
        "Antibodies, Monoclonal",
    )


def test_sniff() -> None:
    assert bibtex.sniff("% comment\n@Article{x,\n}")
    assert not bibtex.sniff("PMID- 123\nTI  - x")


@pytest.mark.parametrize(
    "text",
    ["Gökbuget – Đorđe ß Ø ł ǘ ç", "a\\b ~x^ {y} & % $ # _", "α-synuclein ≥ 5 µg ±1 °C"],
)
def test_latex_codec_round_trips_in_ascii(text: str) -> None:
    encoded = encode_latex(text, ascii=True)
    assert encoded.isascii()
    assert decode_latex(encoded) == text


def test_unknown_macros_are_kept_not_dropped() -> None:
    assert decode_latex(r"see \cite{x} and {\foo}") == r"see \citex and \foo"


@pytest.mark.parametrize(
    "text",
    ["@article{k,\n  \x08AUTHOR = {Smith, J},\n}\n", "@article{k,\n  PMID = {\x0827292104},\n}\n"],
    ids=["in-a-name", "in-a-value"],
)
def test_control_characters_leave_before_the_fields_are_read(text: str) -> None:
    # fuzzer: cleaned after reading, "\x08AUTHOR" stayed an extra field named "author" and
    # "\x0827292104" a bad PMID in extra, both read back differently from refgraph's .bib
    first, back = _round_trip(text)
    (ref,) = first.references
    assert (ref.authors, ref.pmid, ref.extra) in [
        ((Author(last="Smith", first="J.", initials="J"),), "", ()),
        ((), "27292104", ()),
    ]
    assert [(p.line, p.kind) for p in first.problems] == [(1, "control_characters")]
    assert back.problems == () and _plain(back) == _plain(first)


def test_a_doi_that_is_not_one_is_kept_as_written_and_canonical_form_agrees() -> None:
    # fuzzer (round trip): "10.0000/." has no suffix; reading keeps it in extra, and the
    # canonical form said it was gone
    ref = Reference(key="A", doi="10.0000/.", extra=(("note", "x"),))
    (back,) = bibtex.parse(write_bibtex([ref]), "d.bib").references
    assert back.doi == "" and back.extra == (("doi", "10.0000/."), ("note", "x"))
    assert replace(back, origins=()) == canonical_reference(ref)


def test_a_pubmed_address_in_url_names_the_record_when_no_pmid_field_does() -> None:
    from refgraph.sources import bibtex

    text = (
        "@article{a, title={Linked}, year={2019}, url={https://pubmed.ncbi.nlm.nih.gov/27292104/}}\n"
        "@article{b, title={Own}, year={2019}, pmid={28819740},\n"
        "  url={https://pubmed.ncbi.nlm.nih.gov/27292104/}}\n"
        "@article{c, title={Other}, year={2019}, url={https://example.org/27292104/}}\n"
    )
    a, b, c = bibtex.parse(text, "x.bib").references
    assert (a.pmid, b.pmid, c.pmid) == ("27292104", "28819740", "")
    assert dict(a.extra).get("url") == "https://pubmed.ncbi.nlm.nih.gov/27292104/"


def test_cochrane_library_authors_run_together_with_commas_are_split() -> None:
    from refgraph.sources import bibtex

    text = (
        "Record #1 of 1\n@article{Huey25, author = {Huey, SL, Mehta, NH, and Mehta, S},\n"
        "  title = {Precision nutrition}, journal = {Cochrane Database Syst Rev}, year = {2025}}\n"
        "@article{b, author = {Smith, Jr., John and Doe, J}, title = {T}, year = {2020}}\n"
    )
    cochrane, usual = bibtex.parse(text, "cochrane.bib").references
    assert [(a.last, a.initials) for a in cochrane.authors] == [
        ("Huey", "SL"), ("Mehta", "NH"), ("Mehta", "S")]  # fmt: skip
    assert [(a.last, a.suffix, a.first) for a in usual.authors] == [
        ("Smith", "Jr.", "John"), ("Doe", "", "J.")]  # fmt: skip


def test_a_field_given_twice_elsewhere_reads_back_as_the_writer_renames_it() -> None:
    # a RIS tag repeated ("A0  - 0" twice) is two extra fields of one name; the writer keeps
    # the second as x-<name>, and canonical_reference says so (fuzz seed 20261208)
    from refgraph.sources import ris

    text = "TY  - JOUR\nA0  - 0\nA0  - 1\nER  - \n"
    refs = assign_keys(list(ris.parse(text, "f.ris").references))
    back = bibtex.parse(write_bibtex(refs), "back.bib").references
    assert back[0].extra == (("ris-a0", "0"), ("x-ris-a0", "1"))
    assert [replace(canonical_reference(r), origins=()) for r in refs] == [
        replace(canonical_reference(r), origins=()) for r in back
    ]


def test_a_key_used_again_after_an_entry_with_a_field_twice_is_reported() -> None:
    """bibtexparser sees a key used again only when its first use read whole; after an entry
    with a field given twice the second 'a' became 'aa' without a word."""
    text = (
        "@article{a, title={One}, year={2020}, pmid={12345678}, pmid={23456789}}\n"
        "@article{b, title={Two}, year={2019}}\n"
        "@article{a, title={Three}, year={2018}, pmid={3456789}}\n"
    )
    result = bibtex.parse(text, "d.bib")
    assert [r.title for r in result.references] == ["One", "Two", "Three"]
    assert [(p.kind, p.line) for p in result.problems] == [
        ("duplicate_field", 1), ("duplicate_key", 3)
    ]
