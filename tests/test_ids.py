from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid, trial_ids_in


def test_pmid_forms() -> None:
    assert normalize_pmid("27292104") == "27292104"
    assert normalize_pmid("PMID: 0027292104") == "27292104"
    for bad in ("", "0", "-1", "12a", "1.5", "PMC123"):
        assert normalize_pmid(bad) is None


@given(st.integers(min_value=1, max_value=10**9))
def test_pmid_normalisation_is_idempotent(n: int) -> None:
    once = normalize_pmid(f" {n:012d} ")
    assert once == str(n)
    assert normalize_pmid(once) == once


def test_doi_and_pmcid() -> None:
    assert normalize_doi("doi: 10.1016/S1470-2045(11)70386-2.") == "10.1016/S1470-2045(11)70386-2"
    assert normalize_doi("no doi") == ""
    assert normalize_doi("10.0000/.") == ""  # a prefix without a suffix
    # a closing bracket stays when the DOI opened it, goes when the sentence did
    assert normalize_doi("doi: 10.1130/2010.2465(22).") == "10.1130/2010.2465(22)"
    assert normalize_doi("(doi:10.1017/aog.2016.20)") == "10.1017/aog.2016.20"
    assert normalize_doi("[10.1002/(SICI)1097-4636(199606)31:2<213::AID-JBM9>3.0.CO;2-K]).") == (
        "10.1002/(SICI)1097-4636(199606)31:2<213::AID-JBM9>3.0.CO;2-K"
    )
    assert normalize_pmcid("PMC5123456") == "PMC5123456"
    assert normalize_pmcid("PMCID: PMC5123456;") == "PMC5123456"
    assert normalize_pmcid("nonsense") == ""


def test_trial_ids_found_once_in_order() -> None:
    text = "INO-VATE (NCT01564784; ClinicalTrials.gov NCT 01564784), EudraCT 2011-001234-56"
    assert trial_ids_in(text) == ("NCT01564784", "2011-001234-56")
