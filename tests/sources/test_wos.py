"""Web of Science's plain-text export (savedrecs.txt, .ciw)."""

from __future__ import annotations

from refgraph.sources import detect_format, parse_text
from refgraph.sources import wos as reader

#: The layout of an export (tags, three-space continuations, ER, EF); the records are made up
#: around two real works.
EXPORT = """\ufeffFN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Kantarjian, HM
   DeAngelo, DJ
   Stelljes, M
AF Kantarjian, Hagop M.
   DeAngelo, Daniel J.
   Stelljes, Matthias
TI Inotuzumab Ozogamicin versus Standard Therapy for Acute Lymphoblastic
   Leukemia
SO NEW ENGLAND JOURNAL OF MEDICINE
LA English
DT Article
CR Kantarjian H, 2012, LANCET ONCOL, V13, P403
NR 1
PD AUG 25
PY 2016
VL 375
IS 8
BP 740
EP 753
DI 10.1056/NEJMoa1509277
JI N. Engl. J. Med.
PM 27292104
UT WOS:000381893400006
ER

PT J
AU Lamb, YN
TI Inotuzumab Ozogamicin: First Global Approval
SO DRUGS
PY 2017
VL 77
IS 14
BP 1603
EP 1610
DI 10.1007/s40265-017-0802-5
UT WOS:000409361100010
ER

EF
"""


def test_a_web_of_science_export_reads_record_by_record() -> None:
    result = parse_text(EXPORT, "savedrecs.txt")
    assert result.format == "wos"
    kantarjian, lamb = result.references
    assert kantarjian.pmid == "27292104" and kantarjian.origin.line == 3
    assert kantarjian.title == (
        "Inotuzumab Ozogamicin versus Standard Therapy for Acute Lymphoblastic Leukemia")
    assert [(a.last, a.initials) for a in kantarjian.authors] == [
        ("Kantarjian", "HM"), ("DeAngelo", "DJ"), ("Stelljes", "M")]  # fmt: skip
    assert (kantarjian.journal, kantarjian.journal_full) == (
        "N. Engl. J. Med.", "NEW ENGLAND JOURNAL OF MEDICINE")
    assert (kantarjian.year, kantarjian.volume, kantarjian.issue, kantarjian.pages) == (
        "2016", "375", "8", "740-753")
    assert kantarjian.doi == "10.1056/NEJMoa1509277"
    assert lamb.pmid == "" and lamb.journal == "DRUGS" and lamb.pages == "1603-1610"
    assert [(p.line, p.kind) for p in result.problems] == [(29, "no_pmid")]


def test_stray_lines_are_reported_not_dropped() -> None:
    text = EXPORT.replace("LA English\n", "LA English\n?? garbage line\n")
    result = parse_text(text, "savedrecs.txt", "wos")
    assert len(result.references) == 2
    assert [(p.line, p.kind) for p in result.problems][:1] == [(14, "bad_entry")]


def test_the_sniffer_wants_the_export_header_or_a_record() -> None:
    assert reader.sniff(EXPORT) and reader.sniff(EXPORT.split("\n", 2)[2])  # no FN/VR lines
    assert not reader.sniff("PMID- 27292104\nTI  - A title.\n")
    assert not reader.sniff("PT\tAU\tTI\tUT\nJ\tDoe, J\tT\tWOS:1\n")  # the tab-delimited one
    assert detect_format("1. Doe J. A title. Blood. 2019;1:2. PMID: 123.\n") != "wos"


def test_a_field_given_twice_is_reported_not_dropped() -> None:
    """A second PM (or TI) in one record went without a word; the first is still used."""
    text = "PT J\nAU Smith, J\nTI A title\nPY 2019\nPM 12345678\nPM 23456789\nER\n"
    result = reader.parse(text, "w.txt")
    assert [r.pmid for r in result.references] == ["12345678"]
    assert [(p.kind, p.line) for p in result.problems] == [("duplicate_field", 6)]
    assert result.problems[0].text.endswith("not: 23456789")
