"""The source group (year, volume, issue, pages) is found in every style's shape."""

from __future__ import annotations

import pytest

from refgraph.sources._source import find_source, normalise

SHAPES = [
    # text, shape, year, volume, issue, pages
    ("N Engl J Med. 2016 Aug 25;375(8):740-53.", "nlm", "2016", "375", "8", "740-753"),
    ("JAMA. 2019;321(6):602–603.", "nlm", "2019", "321", "6", "602-603"),
    ("Methods Biochem Anal 2003; 44 161-79.", "nlm", "2003", "44", "", "161-179"),
    ("Bioinformatics 2000 Feb; 16(2) 159-68.", "nlm", "2000", "16", "2", "159-168"),
    ("Health2024; 21: 1512.", "nlm", "2024", "21", "", "1512"),
    ("Dis Swine. 2019; pp. 443–52.", "nlm-pp", "2019", "", "", "443-452"),
    ("Nucleic Acids Res. 2022 Nov 9:gkac1003.", "nlm-eloc", "2022", "", "", "gkac1003"),
    ("Bioinformatics. 2021 Feb 4;btab056.", "nlm", "2021", "", "", "btab056"),
    ("Jama 1992: 268(2); 240-8.", "year-colon", "1992", "268", "2", "240-248"),
    ("BMC Med 2004: 2; 33.", "year-colon", "2004", "2", "", "33"),
    ("Nature, 489, 57–74.", "vip", "", "489", "", "57-74"),
    ("PLOS ONE 11(5): e0155183.", "vip", "", "11", "5", "e0155183"),
    ("The Economic Journal, 132(643), Pages 1200–1217.", "vip", "", "132", "643", "1200-1217"),
    ("Nature 593, 564–569 (2021).", "nature", "2021", "593", "", "564-569"),
    ("J Cheminform 12, 51 (2020).", "nature", "2020", "12", "", "51"),
    ("Cell Systems 6, 612--620.e5 (2018).", "nature", "2018", "6", "", "612-620.e5"),
    ("Journal of cheminformatics 13, no. 1 (2021): 43.", "chicago", "2021", "13", "1", "43"),
    ("Science, vol. 122, no. 3171, 1955, pp. 625- 631", "mla", "1955", "122", "3171", "625-631"),
    ("BMC Med., 15 (1) (2017), p. 41", "elsevier", "2017", "15", "1", "41"),
    ("Bioinformatics, Volume 34, Issue 13, July 2018, Pages i457–i466,", "oup", "2018", "34",
     "13", "i457-i466"),
    ("NeuroImage, 23(S1):208-19, 2004", "aps", "2004", "23", "S1", "208-219"),
    ("NeuroImage, 143, 235-249, 2016.", "aps", "2016", "143", "", "235-249"),
    ("Pediatr Diabetes (2022) 23(8):1151-6.", "frontiers", "2022", "23", "8", "1151-1156"),
    ("Genome Medicine 2014, 6:88", "bmc", "2014", "6", "", "88"),
    ("Nature Genetics (2014)", "year-end", "2014", "", "", ""),
    ("Frontiers in Immunology, 14.", "vol-only", "", "14", "", ""),
    ("Rev Saude Publica, v. 40, n. 3, p. 45-52, 2006.", "abnt", "2006", "40", "3", "45-52"),
    ("Cad. Saúde Pública, v. 19, supl. 1, p. S67-S75, 2003.", "abnt", "2003", "19", "1",
     "S67-S75"),
    ("Rev. Bras. Epidemiol., v. 5, p. 112-120, jan./mar. 2002.", "abnt", "2002", "5", "",
     "112-120"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape", "year", "volume", "issue", "pages"), SHAPES)
def test_each_style_shape_is_read(
    text: str, shape: str, year: str, volume: str, issue: str, pages: str
) -> None:
    found = find_source(normalise(text))
    assert found is not None
    assert (found.shape, found.year, found.volume, found.issue, found.pages) == (
        shape, year, volume, issue, pages
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Updated July 6, 2026. Accessed July 9, 2026.",
        "Omics, Bioinformatics. Accessed 13 Dec. 2020.",
        "Trends in drug use from 1999-2012 in adults",
        "A ratio of 2:1 was seen",
        "Just prose without numbers",
    ],
)
def test_dates_spans_and_prose_are_no_source(text: str) -> None:
    assert find_source(normalise(text)) is None


def test_the_source_is_the_last_group_and_ahead_of_print_ids_are_no_pages() -> None:
    text = normalise("Tumor control in 2 of 3 trials. Int J Radiat Oncol Biol Phys. "
                     "2020 Dec 31:S0360-3016(20)34451-5.")  # fmt: skip
    found = find_source(text)
    assert found is not None and found.year == "2020" and found.pages == ""
    assert text[: found.start].endswith("Phys. ")
