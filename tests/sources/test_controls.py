"""Control characters out of whatever a reader produced, and reported."""

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


def test_fields_lose_control_characters_and_each_reference_says_which() -> None:
    result = parse_text(LIVERTOX, "x.txt", "livertox")
    kantarjian, lamb = result.references
    assert kantarjian.title.startswith("Inotuzumab ozogamicin versus")
    assert kantarjian.annotation == "Among 326 patients with ALL."
    notes = [p for p in result.problems if p.kind == "control_characters"]
    assert [(p.line, p.text.split(" from ")[1]) for p in notes] == [
        (kantarjian.line, "annotation, title of Kantarjian2016")
    ]
    assert lamb.title == "Inotuzumab ozogamicin: first global approval"  # \f is a page break
    assert not any(has_controls(p.text) for p in result.problems)  # safe on a terminal
    assert any("stray text with an escape here" in p.text for p in result.problems)


def test_clean_input_is_returned_as_is() -> None:
    text = LIVERTOX.replace("\x01", "").replace("\x08", "").replace("\x7f", "")
    text = text.replace("\x1b[2J", "").replace("\x1b[31m", "")
    result = parse_text(text, "x.txt", "livertox")
    assert not [p for p in result.problems if p.kind == "control_characters"]
