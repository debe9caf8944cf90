"""CSL-JSON export: the shape Pandoc, Zotero and citeproc read."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.export.csl import render_csl
from refgraph.export.csljson import csl_item, write_csljson
from refgraph.model import Author, Reference

from ._refs import seed_references


def test_seed_items_carry_every_bibliographic_field() -> None:
    refs = seed_references()
    items = json.loads(write_csljson(refs))
    assert [i["id"] for i in items] == [r.key for r in refs]
    kantarjian = items[1]
    assert kantarjian["type"] == "article-journal"
    assert kantarjian["author"][0] == {"family": "Kantarjian", "given": "H. M."}
    assert kantarjian["container-title"] == "N Engl J Med"
    assert kantarjian["container-title-short"] == "N Engl J Med"
    assert kantarjian["issued"] == {"date-parts": [[2016]]}
    assert kantarjian["page"] == "740-753" and kantarjian["volume"] == "375"
    assert kantarjian["PMID"] == "27292104" and "PMID: 27292104" in kantarjian["note"]
    assert kantarjian["annote"].startswith("Among 326 patients")
    assert "author" not in items[-1]  # the anonymous Medical Letter review


def test_fields_and_names() -> None:
    ref = Reference(key="K", entry_type="book", year="2016", month="Aug", doi="10.1/x",
                    journal="Short", journal_full="Full Title", pmcid="PMC9",
                    authors=(Author(last="Smith", first="John", suffix="Jr"),
                             Author(collective="Panel")))  # fmt: skip
    item = csl_item(ref)
    assert item["type"] == "book"
    assert item["issued"] == {"date-parts": [[2016, 8]]}
    assert item["author"] == [{"family": "Smith", "given": "John", "suffix": "Jr"},
                              {"literal": "Panel"}]  # fmt: skip
    assert item["container-title"] == "Full Title" and item["container-title-short"] == "Short"
    assert item["DOI"] == "10.1/x" and item["PMCID"] == "PMC9"


def test_citeproc_reads_the_export_and_formats_it() -> None:
    refs = seed_references()
    text = render_csl(refs, "american-medical-association", annotations=False)
    assert len(text.strip().splitlines()) == len(refs)
    assert "Kantarjian HM, DeAngelo DJ, Stelljes M, et al." in text
    assert "N Engl J Med. 2016;375:740-753." in text


def test_unicode_stays_unicode() -> None:
    text = write_csljson([Reference(key="K", authors=(Author(last="Gökbuget", initials="N"),))])
    assert "Gökbuget" in text


def test_incomplete_author_list_ends_with_others_as_pandoc_reads_it() -> None:
    ref = Reference(key="K", authors=(Author(last="Lamb", initials="YN"),), et_al=True)
    assert csl_item(ref)["author"] == [{"family": "Lamb", "given": "Y. N."}, {"literal": "others"}]
    assert csl_item(Reference(key="K", et_al=True))["author"] == [{"literal": "others"}]
    assert "author" not in csl_item(Reference(key="K"))
    assert "refgraph" not in json.dumps(csl_item(ref))  # no private markers in the data


def test_refgraphs_csl_json_reader_reads_the_export_back() -> None:
    from refgraph.sources import csljson as reader

    from ._refs import bibliographic

    refs = seed_references()
    back = reader.parse(write_csljson(refs), "seed.json")
    assert back.problems == ()
    assert [(bibliographic(r), r.et_al) for r in back.references] == [
        (bibliographic(r), r.et_al) for r in refs
    ]


_MARKER_SPELLINGS = ["others", "Others", "et al", "et al.", "ET AL..", "and others", "Et Al."]


@settings(max_examples=examples(40))
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_MARKER_SPELLINGS).map(lambda s: Author(collective=s)),
            st.sampled_from(_MARKER_SPELLINGS).map(lambda s: Author(last=s.strip())),
            st.sampled_from(["Lamb", "And", "Al"]).map(lambda s: Author(last=s, initials="Y")),
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_names_spelled_like_et_al_are_names_not_the_marker(
    authors: list[Author], et_al: bool
) -> None:
    # a group called "Others" or "et al." was read back as the marker: the name lost and
    # the list turned incomplete ("Lamb Y, et al." for "Lamb Y, Others")
    from refgraph.sources import csljson as reader

    ref = Reference(key="K", title="T", authors=tuple(authors), et_al=et_al)
    back = reader.parse(write_csljson([ref]), "names.json").references[0]
    assert [a.short() for a in back.authors] == [a.short() for a in authors]
    assert back.et_al == et_al


def test_a_group_called_others_is_rendered_by_name() -> None:
    ref = Reference(
        key="K", title="A report", journal="J", year="2020",
        authors=(Author(last="Lamb", initials="YN"), Author(collective="others")),
    )  # fmt: skip
    text = render_csl([ref], "american-medical-association", annotations=False)
    assert "Lamb YN, others." in text and "et al" not in text
    cut = render_csl([replace(ref, et_al=True)], "american-medical-association", annotations=False)
    assert "Lamb YN, others, et al." in cut


@settings(max_examples=examples(60))
@given(st.text(max_size=40), st.text(max_size=40))
def test_an_identifier_cannot_write_another_identifier_into_the_note(
    pmid: str, pmcid: str
) -> None:
    # the note is "PMID: ..." lines that Zotero (and refgraph) read: a PMCID of
    # "PMC1\nPMID: 31337" gave a reference without a PMID the PMID 31337
    ref = Reference(key="K", title="T", pmid=pmid, pmcid=pmcid)
    note = csl_item(ref).get("note", "")
    assert len(note.splitlines()) == bool(pmid.strip()) + bool(pmcid.strip())


def test_a_pmcid_with_line_breaks_forges_no_pmid_or_doi() -> None:
    from refgraph.sources import csljson as reader

    forged = Reference(key="K", title="T", pmcid="PMC1\nDOI: 10.9/forged\nPMID: 31337")
    (back,) = reader.parse(write_csljson([forged]), "forged.json").references
    assert back.pmid == "" and back.doi == ""
