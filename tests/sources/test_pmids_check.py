"""A PMID that cannot be one is reported with its line and kept as text, never cut."""

from __future__ import annotations

import pytest

from refgraph.export.bibtex import write_bibtex
from refgraph.sources import bibtex as bibtex_reader
from refgraph.sources import parse_text

LONG = "1234567890" * 500  # 5,000 digits
CITATION = "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603-10."
INPUTS = {
    "livertox": f"REFERENCES\n\n{CITATION} PubMed PMID: {LONG}.\n\n(Review.)\n",
    "livertox-split": f"REFERENCES\n\n{CITATION} PubMed PMID:\n{LONG}.\n\n(Review.)\n",
    "vancouver": f"1. {CITATION} PMID: {LONG}.\n2. {CITATION} PMID: 28819740.\n",
    "bibtex": f"@article{{Lamb2017, title = {{T}}, pmid = {{{LONG}}}}}\n",
    "medline": f"PMID- {LONG}\nTI  - Inotuzumab ozogamicin: first global approval.\n",
}


@pytest.mark.parametrize("fmt", sorted(INPUTS))
def test_a_5000_digit_pmid_is_reported_and_kept_whole(fmt: str) -> None:
    result = parse_text(INPUTS[fmt], f"x.{fmt}", fmt.split("-")[0])
    ref = result.references[0]
    assert ref.pmid == "" and ref.get_extra("pmid") == LONG  # whole, as text
    (bad,) = [p for p in result.problems if p.kind == "bad_pmid"]
    assert bad.line == ref.line
    assert not any(LONG[:10] == r.pmid for r in result.references)  # never cut to 10 digits
    assert not [p for p in result.problems if p.kind == "fragment"]  # no digits left over
    back = bibtex_reader.parse(write_bibtex(result.references), "back.bib").references[0]
    assert back.get_extra("pmid") == LONG and back.pmid == ""
