"""One NLM citation string -> parts; page normalisation; the text parsers never crash."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.errors import SourceError
from refgraph.sources import bookshelf, livertox, pmids, vancouver
from refgraph.sources._citation import (
    parse_authors,
    parse_citation,
    split_identifiers,
    starts_like_citation,
)


def test_source_with_day_month_and_issue() -> None:
    c = parse_citation("Smith AB. Title here. N Engl J Med. 2016 Aug 25;375(8):740-53.")
    assert c is not None
    assert (c.year, c.month, c.volume, c.issue, c.pages) == ("2016", "Aug", "375", "8", "740-753")


def test_spaced_source_form() -> None:
    c = parse_citation(
        "Upshaw CB Jr, Bryant MF. Noncirrhotic hypertension. South Med J 1979; 72: 1332-4."
    )
    assert c is not None
    assert (c.journal, c.year, c.volume, c.pages) == ("South Med J", "1979", "72", "1332-1334")
    assert [(a.last, a.initials, a.suffix) for a in c.authors] == [
        ("Upshaw", "CB", "Jr"), ("Bryant", "MF", ""),
    ]  # fmt: skip


def test_year_only_source() -> None:
    c = parse_citation("Smith AB. A book chapter about livers. Hepatology. 2015.")
    assert c is not None
    assert (c.journal, c.year, c.volume) == ("Hepatology", "2015", "")


def test_identifiers() -> None:
    rest, ids = split_identifiers(
        "X. 2017;4(8):e387-e398. Epub 2017 Jul 4. [PMC free article: PMC5700890] "
        "[PubMed: 28687420] [CrossRef]"
    )
    assert ids == {"pmid": "28687420", "pmcid": "PMC5700890", "doi": "", "epub": "2017 Jul 4"}
    assert rest == "X. 2017;4(8):e387-e398."


@pytest.mark.parametrize(
    "link",
    [
        "doi: 10.1056/NEJMoa1411087.",
        "doi.org/10.1056/NEJMoa1411087",  # a resolver link without its scheme
        "dx.doi.org/10.1056/NEJMoa1411087",
        "https://doi.org/10.1056%2FNEJMoa1411087",  # the slash percent-encoded
        "https://onlinelibrary.wiley.com/doi/full/10.1056/NEJMoa1411087",  # a publisher's link
        "https://www.tandfonline.com/doi/abs/10.1056/NEJMoa1411087.",
    ],
)
def test_doi_in_every_link_form(link: str) -> None:
    rest, ids = split_identifiers(f"N Engl J Med. 2015;372(4):311-9. {link}")
    assert ids["doi"] == "10.1056/NEJMoa1411087"
    assert rest == "N Engl J Med. 2015;372(4):311-9."


def test_doi_keeps_the_bracket_it_opened() -> None:
    _, ids = split_identifiers("In GSA Special Papers 465. 2010. doi: 10.1130/2010.2465(22).")
    assert ids["doi"] == "10.1130/2010.2465(22)"
    _, ids = split_identifiers("Ann Glaciol. 2016;57:39-46 (doi:10.1017/aog.2016.20)")
    assert ids["doi"] == "10.1017/aog.2016.20"


def test_authors_with_particles_and_non_ascii() -> None:
    authors, et_al, ok = parse_authors("van der Berg A, De Angelo DJ, Gökbuget N, O'Brien S")
    assert ok and not et_al
    assert [a.last for a in authors] == ["van der Berg", "De Angelo", "Gökbuget", "O'Brien"]


def test_title_only_sentence_is_not_an_author_list() -> None:
    _, _, ok = parse_authors("Inotuzumab ozogamicin (Besponsa)--an antibody-drug conjugate for ALL")
    assert not ok


def test_no_source_part_is_none() -> None:
    assert parse_citation("factors for this complication being HCT, and") is None


def test_starts_like_citation() -> None:
    assert starts_like_citation("Kantarjian H, Thomas D, et al.")
    assert starts_like_citation("Lamb YN. Inotuzumab")
    assert not starts_like_citation("The cause of the serum enzyme elevations")
    assert not starts_like_citation("(Among 49 patients")


PARSERS = [livertox.parse, bookshelf.parse, vancouver.parse, pmids.parse]
ALPHABET = st.sampled_from(
    [
        *"abcXYZ019 .,;:()[]-–\n\t\f\rPé",
        *("PubMed PMID: ", "PMID: ", "[PubMed: ", "et al. ", "2016;375(8):740-53."),
        *("Kantarjian HM, ", "(Among ", "Page 2 of 9\n", "REFERENCES\n", "Abbreviations: "),
        *("doi: 10.1/x", "Epub ", "1. ", "PMC12"),
    ]
)


@settings(max_examples=examples(300))
@given(st.lists(ALPHABET, max_size=80).map("".join), st.sampled_from(PARSERS))
def test_text_parsers_never_raise_anything_but_source_errors(text: str, parse: object) -> None:
    try:
        result = parse(text, "fuzz.txt")  # type: ignore[operator]
    except SourceError:
        return
    for ref in result.references:
        assert ref.key
        assert ref.line >= 1
    for problem in result.problems:
        assert problem.line >= 1


@settings(max_examples=examples(150))
@given(st.text(max_size=400), st.sampled_from(PARSERS))
def test_arbitrary_unicode_never_crashes(text: str, parse: object) -> None:
    with contextlib.suppress(SourceError):
        parse(text, "fuzz.txt")  # type: ignore[operator]


# -- The short cuts in parse_authors and split_identifiers give the general reading ---------

NAMES = st.sampled_from(
    [
        "Kantarjian HM", "DeAngelo DJ", "Gökbuget N", "Ødegård M", "García-López M",
        "O'Brien JJ", "van der Berg AB", "Smith J Jr", "Et AL", "ET AL", "et AL", "Müller² A",
        "Ⅻ AB", "NIH Consensus Panel", "Smith J.", "X ABCDE", "Li W", "le Roux P", "A B",
    ]
)  # fmt: skip


@settings(max_examples=examples(300))
@given(st.lists(NAMES, min_size=1, max_size=6), st.booleans())
def test_author_list_short_cuts_read_like_the_item_by_item_reading(
    names: list[str], et_al: bool
) -> None:
    segment = ", ".join(names) + (", et al" if et_al else "")
    # ",  " (two spaces) defeats the whole-list patterns, so every item is read on its own
    assert parse_authors(segment) == parse_authors(segment.replace(", ", ",  "))


def test_author_list_short_cut_keeps_et_al_in_capitals_out_of_the_names() -> None:
    authors, et_al, ok = parse_authors("Lamb YN, Et AL")
    assert [a.short() for a in authors] == ["Lamb YN"]
    assert et_al
    assert ok


@pytest.mark.parametrize(
    "text",
    [
        "Drugs. 2017;77:1603-10. PubMed PMID: 28819740.",
        "Drugs.\t2017;77:1603-10.  PubMed PMID: 28819740.",
        "Drugs.\u00a02017;77:1603-10. PubMed PMID: 28819740. ",
        "  Drugs. 2017;77:1603-10.\u2009PubMed PMID: 28819740.",
    ],
)
def test_identifiers_out_and_whitespace_squeezed(text: str) -> None:
    rest, ids = split_identifiers(text)
    assert rest == "Drugs. 2017;77:1603-10."
    assert ids["pmid"] == "28819740"


# The one-match reading of the common form (_common_parts) must agree with the general
# steps (_general_parts) on every text it accepts; texts built from pieces that come close
# to its edges (full stops, "?", ";", "[", double spaces, "et al", "PubMed", non-breaking
# spaces, month names, leading zeros, group and particle names).
_NAMES = st.sampled_from(
    ["Lamb YN", "Kantarjian HM", "Gökbuget N", "García-López J", "van der Berg HM",
     "O'Brien S", "Et AL", "et al", "NIH Consensus Panel", "Smith J Jr", "smith J", "A B",
     "Lamb Y.N.", "Jabbour E", "Dang NH", "Li", "Ng K,", "Müller T"]
    + ["Lamb YN", "Jabbour E", "Dang NH", "Short NJ"] * 8
)  # fmt: skip
_WORDS = st.sampled_from(
    ["Inotuzumab", "ozogamicin", "et al", "Et Al", "doi", "PubMed", "pmid", "PMC1", "2016;",
     "what?", "end.", "a;b", "[1]", "x\u00a0y", " ", "", "(", ")", "e387–98", "Study", ":"]
    + ["Inotuzumab", "ozogamicin", "hepatotoxicity", "of", "(ALL)", "phase 2", "and"] * 8
)  # fmt: skip


@st.composite
def _common_like(draw: st.DrawFn) -> str:
    names = ", ".join(draw(st.lists(_NAMES, min_size=0, max_size=4)))
    if draw(st.booleans()):
        names += ", et al"
    title = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=4)))
    journal = draw(
        st.sampled_from(["N Engl J Med", "Blood", "Drugs", "Lancet Oncol"] * 3 + ["J. X"])
    )
    year = draw(
        st.sampled_from(["2016", "1999", "1588", "2016 Aug", "2016 Aug 25", "2016 Mai-Jun"] * 2)
    )
    volume = draw(st.sampled_from(["375", "77"] * 4 + ["", "12a", "007"]))
    issue = draw(st.sampled_from(["", "(8)"] * 4 + ["(Suppl 1)", "(2-3)"]))
    pages = draw(
        st.sampled_from(["740-53", "e387–e398", "2101", "1603–10"] * 3 + ["S1,S5", "x(1)"])
    )
    pmid = draw(st.sampled_from(["27292104"] * 6 + ["0027292104", "1", "12345678901"]))
    sep = draw(st.sampled_from([". "] * 12 + [".  ", " . ", ".", "? "]))
    head = f"{names}{sep}" if names else ""
    return f"{head}{title}{sep}{journal}. {year};{volume}{issue}:{pages}. PubMed PMID: {pmid}."


@given(_common_like())
@settings(max_examples=examples(400))
def test_common_form_reads_like_the_general_steps(text: str) -> None:
    from refgraph.sources._citation import _common_parts, _general_parts

    common = _common_parts(text)
    if common is not None:
        assert common == _general_parts(text)


def test_common_form_is_taken_for_the_usual_citation() -> None:
    from refgraph.sources._citation import _common_parts, _general_parts

    text = (
        "Kantarjian HM, DeAngelo DJ, Stelljes M, et al. Inotuzumab ozogamicin versus standard "
        "therapy for acute lymphoblastic leukemia. N Engl J Med. 2016 Aug 25;375(8):740-53. "
        "PubMed PMID: 27292104."
    )
    common = _common_parts(text)
    assert common is not None and common == _general_parts(text)
    assert common[4:9] == ("2016", "Aug", "375", "8", "740-753") and common[10] == "27292104"
    assert common[1] is True and [a.short() for a in common[0]][-1] == "Stelljes M"
