"""LiverTox PDF text: the seed monograph, page breaks, problems, where references start."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, SEED, SEED_PMIDS, examples
from refgraph.model import ParseResult, Reference
from refgraph.sources import livertox


@pytest.fixture(scope="module")
def seed() -> ParseResult:
    return livertox.parse(SEED.read_text(encoding="utf-8"), "seed.txt")


def _by_pmid(result: ParseResult) -> dict[str, Reference]:
    return {ref.pmid: ref for ref in result.references}


# pmid: key, first author, year, journal, volume, issue, pages, et_al, line, title start, title end
SEED_FIELDS = {
    "22357140": ("Kantarjian2012", "Kantarjian", "2012", "Lancet Oncol", "13", "", "403-411",
                 True, 66, "Inotuzumab ozogamicin, an anti-CD22",
                 "for refractory and relapsed acute lymphocytic leukaemia: a phase 2 study"),
    "27292104": ("Kantarjian2016", "Kantarjian", "2016", "N Engl J Med", "375", "", "740-753",
                 True, 79, "Inotuzumab ozogamicin versus", "standard therapy for acute "
                 "lymphoblastic leukemia"),
    "27959739": ("Kantarjian2016a", "Kantarjian", "2016", "N Engl J Med", "375", "", "2101",
                 False, 88, "Inotuzumab ozogamicin for", "acute lymphoblastic leukemia"),
    "27101934": ("Goy2016", "Goy", "2016", "Br J Haematol", "174", "", "571-581", True, 95,
                 "A phase 2 study", "rituximab and chemotherapy, or radioimmunotherapy"),
    "28687420": ("Kantarjian2017", "Kantarjian", "2017", "Lancet Haematol", "4", "",
                 "e387-e398", True, 104, "Hepatic adverse event profile",
                 "results from the open-label, randomised, phase 3 INO-VATE study"),
    "28677896": ("Dang2018", "Dang", "2018", "Br J Haematol", "182", "4", "583-586", True, 114,
                 "Randomized, phase 3 trial", "relapsed/refractory aggressive B-cell "
                 "non-Hodgkin lymphoma"),
    "28819740": ("Lamb2017", "Lamb", "2017", "Drugs", "77", "", "1603-1610", False, 123,
                 "Inotuzumab ozogamicin: first", "global approval"),
    "29352703": ("Kantarjian2018", "Kantarjian", "2018", "Lancet Oncol", "19", "", "240-248",
                 True, 130, "Inotuzumab ozogamicin in", "Philadelphia chromosome-negative acute "
                 "lymphoblastic leukaemia: a single-arm, phase 2 study"),
    "28859185": ("Jabbour2018", "Jabbour", "2018", "JAMA Oncol", "4", "", "230-234", True, 139,
                 "Salvage chemoimmunotherapy", "leukemia: a phase 2 clinical trial"),
    "29913470": ("MedLett2018", "", "2018", "Med Lett Drugs Ther", "60", "1547", "e90-e91",
                 False, 148, "Inotuzumab ozogamicin (Besponsa)--an antibody-drug conjugate",
                 "for ALL"),
}  # fmt: skip

ANNOTATION_ENDS = {
    "22357140": ("Among 49 patients with refractory", "SOS in 5 of 22 [23%] who subsequently "
                 "underwent HCT, 1 case being fatal"),
    "27292104": ("Among 326 patients", "with inotuzumab vs 1% with standard therapy"),
    "27959739": ("Further follow up of patients in a controlled trial [Kantarjian 2016]",
                 "frequency of SOS"),
    "27101934": ("Among 81 patients", "and hyperbilirubinemia [15%]"),
    "28687420": ("Secondary analysis of liver related adverse events", "in 5 [3%] vs none"),
    "28677896": ("Among 332 patients", "and SOS [2% vs none]"),
    "28819740": ("Review of the history of development", "often after HCT"),
    "29352703": ("Among 52 elderly patients [60 years or older]", "1 occurring after HCT"),
    "28859185": ("Among 59 patients", "either before or after inotuzumab therapy"),
    "29913470": ("Concise review of the mechanism", "the mortality rate of which was 28%"),
}  # fmt: skip


def test_seed_has_exactly_the_ten_pmids_in_document_order(seed: ParseResult) -> None:
    assert tuple(ref.pmid for ref in seed.references) == SEED_PMIDS


@pytest.mark.parametrize("pmid", SEED_PMIDS)
def test_seed_fields(seed: ParseResult, pmid: str) -> None:
    ref = _by_pmid(seed)[pmid]
    key, first, year, journal, volume, issue, pages, et_al, line, t_start, t_end = SEED_FIELDS[pmid]
    assert (ref.key, ref.first_author, ref.year, ref.journal) == (key, first, year, journal)
    assert (ref.volume, ref.issue, ref.pages, ref.et_al, ref.line) == (
        volume, issue, pages, et_al, line,
    )  # fmt: skip
    assert ref.title.startswith(t_start)
    assert ref.title.endswith(t_end)
    assert ref.source == "seed.txt"


@pytest.mark.parametrize("pmid", SEED_PMIDS)
def test_seed_annotation_is_whole_and_single_spaced(seed: ParseResult, pmid: str) -> None:
    annotation = _by_pmid(seed)[pmid].annotation
    start, end = ANNOTATION_ENDS[pmid]
    assert annotation.startswith(start)
    assert annotation.endswith(end)
    assert "\n" not in annotation
    assert "  " not in annotation
    assert not annotation.startswith("(")
    assert not annotation.endswith((")", "."))


def test_seed_full_author_lists(seed: ParseResult) -> None:
    refs = _by_pmid(seed)
    assert [a.short() for a in refs["27292104"].authors] == [
        "Kantarjian HM", "DeAngelo DJ", "Stelljes M", "Martinelli G", "Liedtke M", "Stock W",
        "Gökbuget N",
    ]  # fmt: skip
    assert [a.short() for a in refs["27959739"].authors] == [
        "Kantarjian HM", "Vandendries E", "Advani AS",
    ]  # fmt: skip
    assert refs["27101934"].authors[3].last == "Christopher Ehmann"
    assert refs["28819740"].authors[0].short() == "Lamb YN"
    assert refs["29913470"].authors == ()


def test_seed_title_joined_across_the_blank_line_inside_the_citation(seed: ParseResult) -> None:
    title = _by_pmid(seed)["22357140"].title
    assert "ozogamicin, an anti-CD22-calecheamicin conjugate" in title


def test_seed_reports_exactly_the_three_problems(seed: ParseResult) -> None:
    got = [(p.kind, p.line) for p in seed.problems]
    assert got == [("fragment", 64), ("orphan_annotation", 65), ("orphan_annotation", 75)]
    texts = {p.line: p.text for p in seed.problems}
    assert texts[64].startswith("factors for this complication being HCT")
    assert texts[65] == "(Review of management of SOS)."
    assert texts[75].startswith("(Among 63 patients with relapsed or refractory large B cell")
    assert texts[75].endswith("2 with suspected SOS).")


def test_orphan_is_not_merged_into_the_previous_annotation(seed: ParseResult) -> None:
    assert "Among 63 patients" not in _by_pmid(seed)["22357140"].annotation


def test_prose_sections_produce_nothing(seed: ParseResult) -> None:
    assert all(p.line >= 64 for p in seed.problems)
    assert all(ref.line >= 64 for ref in seed.references)


def test_reference_start_after_last_prose_paragraph() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert livertox.reference_start(lines) == 63  # 0-based: line 64


def test_references_heading_wins() -> None:
    text = (
        "Hepatotoxicity\nSome prose about the drug.\nREFERENCES\nstray words here\n"
        "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. "
        "PubMed PMID: 28819740.\n"
    )
    result = livertox.parse(text, "x.txt")
    assert [r.pmid for r in result.references] == ["28819740"]
    assert [(p.kind, p.line) for p in result.problems] == [("fragment", 4)]


def test_prose_line_starting_with_references_is_not_a_heading() -> None:
    lines = ["References to the safety of acebutolol are given in the overview.", "x"]
    assert livertox.reference_start(lines) == 0


@pytest.fixture(scope="module")
def page_breaks() -> ParseResult:
    path = DATA / "sources" / "livertox-page-breaks.txt"
    return livertox.parse(path.read_text(encoding="utf-8"), "pb.txt")


def test_running_headers_inside_a_citation_are_skipped(page_breaks: ParseResult) -> None:
    ref = page_breaks.references[0]
    assert ref.pmid == "22357140"
    assert "Page" not in ref.title and "June" not in ref.title
    assert ref.title.startswith("Inotuzumab ozogamicin, an anti-CD22-calecheamicin conjugate")
    assert ref.annotation.startswith("Among 49 patients")


def test_pmid_split_by_a_footer(page_breaks: ParseResult) -> None:
    ref = page_breaks.references[1]
    assert (ref.pmid, ref.line, ref.pages) == ("29352703", 16, "240-248")
    assert ref.annotation.endswith("almost all patients had an objective response")
    assert "2019-06-01" not in ref.annotation


def test_citation_without_pmid_is_a_reference_and_a_problem(page_breaks: ParseResult) -> None:
    ref = page_breaks.references[2]
    assert (ref.pmid, ref.first_author, ref.pages, ref.line) == ("", "Smith", "100-109", 25)
    assert ref.annotation == "Annotation of the citation without a PMID"
    assert ("no_pmid", 25) in [(p.kind, p.line) for p in page_breaks.problems]


def test_unreadable_citation_is_reported_and_kept_by_pmid(page_breaks: ParseResult) -> None:
    ref = page_breaks.references[3]
    assert (ref.pmid, ref.title, ref.annotation) == (
        "12345678", "", "Annotation kept with the broken citation",
    )  # fmt: skip
    unparsed = [p for p in page_breaks.problems if p.kind == "unparsed"]
    assert [(p.line, p.text[:9]) for p in unparsed] == [(28, "Jones XY,")]


def test_page_breaks_file_has_only_the_two_expected_problems(page_breaks: ParseResult) -> None:
    assert sorted(p.kind for p in page_breaks.problems) == ["no_pmid", "unparsed"]


def test_whole_bibliography_on_one_line() -> None:
    text = " ".join(SEED.read_text(encoding="utf-8").split("\n")[65:])
    result = livertox.parse(text, "one-line.txt")
    assert tuple(r.pmid for r in result.references) == SEED_PMIDS
    assert [p.kind for p in result.problems] == ["orphan_annotation"]


def test_unclosed_annotation_does_not_swallow_the_next_citation() -> None:
    text = (
        "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. "
        "PubMed PMID: 28819740.\n(Review without its closing parenthesis.\n"
        "Dang NH, Ogura M. Randomized trial. Br J Haematol. 2018;182(4):583–6. "
        "PubMed PMID: 28677896.\n"
    )
    result = livertox.parse(text, "x.txt")
    assert [r.pmid for r in result.references] == ["28819740", "28677896"]
    assert result.references[0].annotation.startswith("Review without")


def test_citation_that_starts_a_line_ends_an_unfinished_fragment() -> None:
    text = (
        "some words that belong nowhere.\n"
        "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. "
        "PubMed PMID: 28819740.\n"
    )
    result = livertox.parse(text, "x.txt")
    assert [r.pmid for r in result.references] == ["28819740"]
    assert [(p.kind, p.line) for p in result.problems] == [("fragment", 1)]


def test_form_feed_and_crlf_line_ends() -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n\n", "\n\f\n").replace("\n", "\r\n")
    result = livertox.parse(text, "crlf.txt")
    assert tuple(r.pmid for r in result.references) == SEED_PMIDS
    assert [p.line for p in result.problems] == [64, 65, 75]


def test_sniff() -> None:
    assert livertox.sniff(SEED.read_text(encoding="utf-8"))
    assert not livertox.sniff("1. Lamb YN. Title. Drugs. 2017;77:1603. PubMed PMID: 28819740.")
    assert not livertox.sniff("@article{x, pmid = {1}}")


def test_is_page_artifact() -> None:
    assert livertox.is_page_artifact("LiverTox: Inotuzumab Ozogamicin   Page 5 of 7")
    assert livertox.is_page_artifact("June 2019")
    assert livertox.is_page_artifact("12/5/19, 10:15 AM Inotuzumab Ozogamicin - LiverTox")
    assert not livertox.is_page_artifact("Drugs. 2017;77:1603–10. PubMed PMID: 28819740.")


def test_seed_path_fixture_is_the_seed(seed_path: Path) -> None:
    assert seed_path == SEED


@pytest.mark.parametrize("seed", [0, 7])
def test_generated_corpus_reads_back_every_work(seed: int) -> None:
    """Varied names, wrapped lines, page breaks inside citations, split PMIDs: all read."""
    from benchmarks.generate import livertox_corpus, references

    result = livertox.parse(livertox_corpus(400, seed=seed), "generated.txt")
    expected = references(400, seed=seed)
    assert not result.problems
    fields = ("pmid", "authors", "et_al", "title", "journal", "year", "volume", "issue",
              "pages", "annotation", "key")  # fmt: skip
    for got, want in zip(result.references, expected, strict=True):
        assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]


@pytest.mark.parametrize("enabled", [True, False])
def test_large_parse_restores_the_garbage_collector_state(enabled: bool) -> None:
    """A large text is read with the cyclic GC paused; its previous state comes back."""
    import gc

    from benchmarks.generate import livertox_corpus

    text = livertox_corpus(200, seed=3)
    from refgraph.sources import _annotated

    assert len(text) >= _annotated._GC_PAUSE_CHARS  # the pause is taken
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        assert len(livertox.parse(text, "generated.txt").references) == 200
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


_LINE_WORDS = ["Kantarjian", "HM,", "DJ.", "M", "Gökbuget", "N,", "van", "der", "X.", "et",
               "al.", "ABCDE,", "A,", "", "inotuzumab", "x" * 45, "Ab", "(ALL)"]  # fmt: skip


@given(st.lists(st.sampled_from(_LINE_WORDS), max_size=8))
@settings(max_examples=examples(400))
def test_start_pre_check_rules_out_no_citation_start(words: list[str]) -> None:
    """The cheap pre-check before _START_RE never says no where the full test says yes."""
    from refgraph.sources._annotated import _starts_like_citation
    from refgraph.sources._nlmnames import START_RE, starts_like_citation

    line = " ".join(words).strip()
    full = START_RE.match(line) is not None and starts_like_citation(line)
    assert _starts_like_citation(line) == full
