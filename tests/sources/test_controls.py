"""Control characters out of the input before any reader sees it, reported line by line."""

from __future__ import annotations

from refgraph.sources import parse_text
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
