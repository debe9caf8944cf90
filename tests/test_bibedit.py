"""Field-level .bib editing (refgraph.bibedit): only the parsed field's value changes."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.bibedit import FieldEdit, edit_fields, enrichment_edits, fix_pmids, pmid_edits
from refgraph.check.results import CheckReport, CheckResult, Suggestion
from refgraph.export.bibtex import bibtex_fields, write_bibtex
from refgraph.library import merge
from refgraph.model import Author, Reference
from refgraph.sources.bibtex import parse as parse_bibtex
from refgraph.sources.bibtex import parse_scanned
from sources.test_bibtex_fast import _refs

HEAD = '% my library\n@string{nejm = "N Engl J Med"}\n\n'


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:1] in "+-"]  # fmt: skip


@pytest.mark.parametrize(
    ("entry", "expected_line"),
    [
        # the wrong PMID sits after a note that mentions a PMID
        ("@article{k,\n  note = {was pmid = 111 in the draft},\n  pmid = {30076137},\n}\n",
         "  pmid = {30076173},"),
        # an x-pmid field comes first
        ("@article{k,\n  x-pmid = {30076137},\n  pmid = {30076137},\n}\n",
         "  pmid = {30076173},"),
        # the value is written {PMID: N}
        ("@article{k,\n  title = {T},\n  pmid = {PMID: 30076137},\n}\n",
         "  pmid = {30076173},"),
        # quoted, upper-case name, last field without a comma
        ('@article{k,\n  title = {T},\n  PMID = "30076137"\n}\n', "  PMID = {30076173}"),
        # parenthesised entry, two fields on one line
        ("@article(k, year = {2018}, pmid = {30076137})\n",
         "@article(k, year = {2018}, pmid = {30076173})"),
    ],
)
def test_only_the_pmid_value_changes(entry: str, expected_line: str) -> None:
    text = HEAD + entry + "\n@misc{other, pmid = {30076137}}\n"
    result = edit_fields(text, [FieldEdit("k", "pmid", "30076173", label="PMID")])
    diff = changed_lines(text, result.text)
    assert len(diff) == 2 and diff[1] == "+ " + expected_line, diff
    assert result.changed and result.changed[0].endswith("-> 30076173")
    assert result.text.startswith(HEAD)
    assert result.text.endswith("@misc{other, pmid = {30076137}}\n")
    [ref] = [r for r in parse_bibtex(result.text, "x.bib").references if r.key == "k"]
    assert ref.pmid == "30076173"


def test_a_missing_pmid_is_added_with_the_entry_indentation() -> None:
    text = "@article{k,\n    title = {T},\n    year = {2018}\n}\n"
    result = edit_fields(text, [FieldEdit("k", "pmid", "1")])
    assert result.text == "@article{k,\n    title = {T},\n    year = {2018},\n    pmid = {1}\n}\n"
    text = "@article{k,\n  title = {T},\n}\n"
    assert edit_fields(text, [FieldEdit("k", "pmid", "1")]).text == (
        "@article{k,\n  title = {T},\n  pmid = {1},\n}\n"
    )


def test_nothing_changed_is_reported_as_such() -> None:
    text = "@article{k,\n  pmid = {30076173},\n}\n"
    result = edit_fields(text, [FieldEdit("k", "pmid", "30076173")])
    assert result.text == text and result.changed == () and result.skipped == ()
    missing = edit_fields(text, [FieldEdit("nokey", "pmid", "1")])
    assert missing.text == text and missing.changed == ()
    assert missing.skipped == ("nokey: entry not found, pmid not written",)


def test_duplicate_keys_are_told_apart_by_line() -> None:
    text = "@article{k,\n  pmid = {1},\n}\n\n@article{k,\n  pmid = {2},\n}\n"
    result = edit_fields(text, [FieldEdit("k", "pmid", "3", line=5)])
    assert result.text == text.replace("{2}", "{3}")


def test_an_entry_that_cannot_be_read_safely_is_skipped_not_guessed() -> None:
    text = "@article{k,\n  title = {unbalanced,\n  pmid = {1},\n}\n"
    result = edit_fields(text, [FieldEdit("k", "pmid", "2")])
    assert result.text == text
    assert result.changed == ()


def test_fix_pmids_edits_the_file_keeps_a_backup_and_says_what_changed(tmp_path: Path) -> None:
    bib = tmp_path / "lib.bib"
    original = HEAD + "@article{wrong,\n  note = {pmid = 5},\n  pmid = {PMID: 26568896},\n}\n"
    bib.write_text(original, encoding="utf-8")
    ref = parse_bibtex(original, str(bib)).references[0]
    fixed = CheckResult(ref.key, "26568896", "mismatch", suggestion=Suggestion("29915538"),
                        reference=ref)  # fmt: skip
    result = fix_pmids(bib, CheckReport((fixed,)))
    assert result.changed == ("wrong: PMID PMID: 26568896 -> 29915538",)
    assert bib.read_text(encoding="utf-8") == original.replace("PMID: 26568896", "29915538")
    assert Path(str(bib) + ".bak").read_text(encoding="utf-8") == original
    again = CheckReport((CheckResult(ref.key, "29915538", "ok", reference=ref),))
    assert fix_pmids(bib, again).changed == ()


def test_fix_pmids_fixes_every_entry_of_the_work_in_the_file(tmp_path: Path) -> None:
    """The same work under three keys is one reference; each entry carries the wrong PMID."""
    bib = tmp_path / "lib.bib"
    entry = ("@article{%s,\n%s  author = {Lamb, Y. N.},\n  title = {Inotuzumab ozogamicin},\n"
             "  journal = {Drugs}, year = {2017},\n  pmid = {%s},\n}\n\n")  # fmt: skip
    original = HEAD + (entry % ("a", "  note = {pmid = 1},\n", "28687420")
                       + entry % ("b", "  x-pmid = {28687420},\n", "28687420")
                       + entry % ("c", "", "PMID: 28687420"))  # fmt: skip
    bib.write_text(original, encoding="utf-8")
    (ref,) = merge([parse_bibtex(original, str(bib))]).references
    assert [o.line for o in ref.origins] == [4, 12, 20]
    fixed = CheckResult(ref.key, "28687420", "mismatch", suggestion=Suggestion("28819740"),
                        reference=ref)  # fmt: skip
    result = fix_pmids(bib, CheckReport((fixed,)))
    assert sorted(result.changed) == [
        "a: PMID 28687420 -> 28819740", "b: PMID 28687420 -> 28819740",
        "c: PMID PMID: 28687420 -> 28819740",
    ]  # fmt: skip
    after = bib.read_text(encoding="utf-8")
    assert changed_lines(original, after) == [
        "-   pmid = {28687420},", "+   pmid = {28819740},",
        "-   pmid = {28687420},", "+   pmid = {28819740},",
        "-   pmid = {PMID: 28687420},", "+   pmid = {28819740},",
    ]  # fmt: skip


def test_enrichment_edits_write_only_changed_fields() -> None:
    text = "@article{k,\n  title = {T},\n  owner = {alice},\n  pmid = {1},\n}\n"
    [old] = parse_bibtex(text, "x.bib").references
    new = Reference(**{**{f: getattr(old, f) for f in old.__dataclass_fields__},
                       "doi": "10.1/x", "year": "2020"})  # fmt: skip
    result = edit_fields(text, enrichment_edits([(old, new)]))
    assert result.text == (
        "@article{k,\n  title = {T},\n  owner = {alice},\n  pmid = {1},\n"
        "  year = {2020},\n  doi = {10.1/x},\n}\n"
    )


def test_twenty_thousand_edits_are_one_linear_pass() -> None:
    entry = "@article{{k{0},\n  title = {{Title {0}}},\n  pmid = {{{1}}},\n}}\n\n"
    text = "".join(entry.format(i, 1000000 + i) for i in range(2000))
    refs = [Reference(key=f"k{i}", pmid=str(1000000 + i)) for i in range(2000)]
    result = edit_fields(text, pmid_edits([(r, str(int(r.pmid) + 1)) for r in refs]))
    assert len(result.changed) == 2000
    assert result.text == "".join(entry.format(i, 1000001 + i) for i in range(2000))


# --- the fast path (one read of the file, titles protected only when they change) is the
# --- general one: bibtexparser's split and every field of both references compared


def _reference_edits(pairs: list[tuple[Reference, Reference]]) -> list[FieldEdit]:
    """The edits as first defined: the whole bibtex_fields lists of old and new compared."""
    edits: list[FieldEdit] = []
    for old, new in pairs:
        if new != old:
            before = dict(bibtex_fields(old))
            written = [(n, v) for n, v in bibtex_fields(new) if before.get(n) != v]
            edits.extend(FieldEdit(old.key, n, v, old.line) for n, v in written)
    return edits


def _layouts(text: str) -> list[str]:
    """The same entries in the layouts the fast reader takes, and some it leaves alone."""
    aligned = text.replace(" = ", "     = ").replace("@article", "@Article")
    jabref = "% Encoding: UTF-8\n\n" + aligned
    jabref += "\n@Comment{jabref-meta: databaseType:bibtex;}\n"
    return [
        text,
        jabref,
        jabref.replace("\n", "\r\n"),  # CRLF
        text.replace("  title = {", "  title = {first line\n   second line "),  # multi-line
        text.replace("\n  ", "\n\t"),  # tabs
        text.replace(",\n}", "\n}"),  # no comma after the last field
        text.rstrip("\n"),  # no line break at the end
        "% a comment\n\n" + text.replace("\n\n@", "\n% between\n\n@"),
        HEAD + text,  # @string: the general path
        text.replace("\n", "\r"),  # old Mac line breaks: never the fast path
        text + '@article{odd, title = "Quoted", pmid = 7}\n',  # an odd entry: general path
    ]


def _changed(ref: Reference, how: int) -> Reference:
    """What enrich might make of ``ref`` (or nothing): new fields, a new title, more authors."""
    if how == 0:
        return ref
    if how == 1:
        return replace(ref, doi="10.1000/x." + ref.key, pages=ref.pages or "1-9")
    if how == 2:
        return replace(ref, title=ref.title + " in the INO-VATE Trial", month="Aug")
    if how == 3:
        more = (*ref.authors, Author(last="Lamb", first="Yvette N"))
        return replace(ref, authors=more, et_al=False).with_extra("x-pubmed-fields", "author")
    return replace(ref, title=" ".join(ref.title.split()) + " ", keywords=("Humans", "Adult"))


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow])
@given(_refs, st.lists(st.integers(0, 4), min_size=5, max_size=5), st.booleans())
def test_the_fast_edit_writes_what_the_general_edit_writes(
    refs: list[Reference], hows: list[int], ascii: bool
) -> None:
    for text in _layouts(write_bibtex(refs, ascii=ascii)):
        parsed, scanned = parse_scanned(text, "x.bib")
        pairs = [(r, _changed(r, hows[i % 5])) for i, r in enumerate(parsed.references)]
        expected = edit_fields(text, _reference_edits(pairs))
        assert edit_fields(text, enrichment_edits(pairs), scanned) == expected
        if scanned is not None:  # the splice itself, with the same edits
            assert edit_fields(text, _reference_edits(pairs), scanned) == expected


def test_the_fast_path_is_taken_where_it_can_be_and_only_there() -> None:
    text = write_bibtex([Reference(key="a", title="T", pmid="1"), Reference(key="b", pmid="2")])
    edits = [FieldEdit("b", "doi", "10.1/b")]
    for layout in _layouts(text):
        _, scanned = parse_scanned(layout, "x.bib")
        fast = "@string" not in layout and "\r" not in layout.replace("\r\n", "") and (
            "odd" not in layout)  # fmt: skip
        assert (scanned is not None) == fast, layout
        assert edit_fields(layout, edits, scanned) == edit_fields(layout, edits)
    # entries the reader placed elsewhere than the text says are found by bibtexparser
    _, scanned = parse_scanned(text, "x.bib")
    assert scanned is not None
    shifted = "\n" + text
    assert edit_fields(shifted, edits, scanned) == edit_fields(shifted, edits)
