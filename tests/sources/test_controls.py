"""Control characters out of the input before any reader sees it, reported line by line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from refgraph.errors import UnreadableInputError
from refgraph.sources import load, parse_text
from refgraph.text import has_controls

LIVERTOX = (
    "REFERENCES\n\n\x1b[2Jstray text with an escape \x1b[31mhere\n\n"
    "Kantarjian HM, DeAngelo DJ. Inotuzumab\x01 ozogamicin versus standard therapy for "
    "acute lymphoblastic leukemia. N Engl J Med. 2016;375:740-53. PubMed PMID: 27292104.\n\n"
    "(Among 326 patients\x08 with \x7fALL.)\n\f\nLamb YN. Inotuzumab ozogamicin: first global "
    "approval. Drugs. 2017;77:1603-10. PubMed PMID: 28819740.\n"
)


def test_fields_lose_control_characters_and_each_line_is_reported() -> None:
    result = parse_text(LIVERTOX, "x.txt", "livertox")
    kantarjian, lamb = result.references
    assert kantarjian.title.startswith("Inotuzumab ozogamicin versus")
    assert kantarjian.annotation == "Among 326 patients with ALL."
    notes = [p for p in result.problems if p.kind == "control_characters"]
    assert [p.line for p in notes] == [3, 5, 7]  # the escapes, the title, the annotation
    assert "\\x1b[2J" in notes[0].text and "\\x01" in notes[1].text
    assert "2 control character(s)" in notes[2].text
    assert lamb.title == "Inotuzumab ozogamicin: first global approval"  # \f is a page break
    assert not any(has_controls(p.text) for p in result.problems)  # safe on a terminal
    assert any("stray text with an escape here" in p.text for p in result.problems)


def test_clean_input_is_returned_as_is() -> None:
    text = LIVERTOX.replace("\x01", "").replace("\x08", "").replace("\x7f", "")
    text = text.replace("\x1b[2J", "").replace("\x1b[31m", "")
    result = parse_text(text, "x.txt", "livertox")
    assert not [p for p in result.problems if p.kind == "control_characters"]


def test_many_dirty_lines_are_summarised_after_twenty() -> None:
    body = "".join(
        f"{n}. Author{n} A. Title\x01 {n}. J Test. 2001;1:{n}. PMID: {n + 100}\n"
        for n in range(1, 31)
    )
    result = parse_text(body, "x.txt")
    notes = [p for p in result.problems if p.kind == "control_characters"]
    assert [p.line for p in notes[:20]] == list(range(1, 21))
    assert len(notes) == 21 and notes[-1].line == 21 and "10 more line(s)" in notes[-1].text
    assert not any(has_controls(r.title) for r in result.references)


def _seed_bytes() -> bytes:
    from conftest import ROOT

    return (ROOT / "refs" / "inotuzumab-ozogamicin.txt").read_bytes()


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="windows-crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="old-mac-cr"),
        pytest.param(lambda t: t.replace("PMID: ", "PMID: \u200b").encode(), id="zero-width"),
        pytest.param(lambda t: t.replace(". ", ".\u2060 ", 30).encode(), id="word-joiner"),
        pytest.param(lambda t: t.replace(" ", "\u00a0").encode(), id="no-break-spaces"),
        pytest.param(lambda t: t.replace(", ", ",\u202f").encode(), id="narrow-spaces"),
        pytest.param(lambda t: t.encode("utf-16-le"), id="utf16le-no-bom"),
        pytest.param(lambda t: t.encode("utf-16-be"), id="utf16be-no-bom"),
        pytest.param(lambda t: t.encode("utf-32"), id="utf32-bom"),  # was read as UTF-16
        pytest.param(lambda t: b"\x00\x00\xfe\xff" + t.encode("utf-32-be"), id="utf32be-bom"),
        pytest.param(lambda t: t.replace("PMID: 2", "PMID: 2\u00ad").encode(), id="soft-hyphen"),
        pytest.param(lambda t: t.replace("\n\n", "\n\f\n").encode(), id="form-feed-lines"),
        pytest.param(lambda t: t.replace("\n\n", "\n\n\f").encode(), id="form-feed-pages"),
        pytest.param(lambda t: t.replace("PubMed PMID", "PubMed\vPMID").encode(), id="vt"),
        pytest.param(lambda t: t.replace(" et al", "\u2028et al").encode(), id="line-separator"),
    ],
)
def test_a_list_saved_another_way_reads_the_same(tmp_path: Path, variant: Any) -> None:
    """Line breaks of any platform, invisible characters (a soft hyphen in a PMID read as
    PMID 2), no-break spaces from web pages, page breaks (a form feed on a blank line hid the
    LiverTox annotations), vertical tabs, UTF-16 without a byte-order mark and UTF-32 with one
    change nothing: same references, same problems at the same lines."""
    seed = _seed_bytes().decode("utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_bytes(seed.encode())
    other = tmp_path / "other.txt"
    other.write_bytes(variant(seed))
    want, got = load(plain), load(other)
    assert len(got.references) == 10
    assert [replace(r, origins=()) for r in got.references] == [
        replace(r, origins=()) for r in want.references
    ]
    assert [(p.line, p.kind) for p in got.problems] == [(p.line, p.kind) for p in want.problems]


def test_binary_data_with_zero_bytes_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnreadableInputError, match="binary data"):
        load(path)


def test_double_spaced_text_reads_as_typed_with_its_own_line_numbers(tmp_path: Path) -> None:
    """Copied with a blank line after every line (paragraphs further apart), the monograph
    gives the same references; problems name the lines of the file as given."""
    seed = _seed_bytes().decode("utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_bytes(seed.encode())
    spaced = tmp_path / "spaced.txt"
    spaced.write_text("\n\n".join(seed.split("\n")), encoding="utf-8")
    want, got = load(plain), load(spaced)
    assert [replace(r, origins=()) for r in got.references] == [
        replace(r, origins=()) for r in want.references
    ]
    assert [r.origin.line for r in got.references] == [
        2 * r.origin.line - 1 for r in want.references
    ]
    assert [(p.line, p.kind) for p in got.problems] == [
        (2 * p.line - 1, p.kind) for p in want.problems
    ]


def test_whole_citations_a_blank_line_apart_are_not_taken_for_double_spacing() -> None:
    from refgraph.sources._controls import single_spaced

    listed = "\n\n".join(
        f"Doe J{i}. Title {i}. Blood. 20{10 + i};{i}:1-2. https://doi.org/10.1/x{i}"
        for i in range(8)
    )
    assert single_spaced(listed + "\n\n\n\nMore notes.\n") is None
