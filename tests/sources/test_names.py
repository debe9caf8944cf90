"""Author lists in every name order, and where they end."""

from __future__ import annotations

import pytest

from refgraph.sources._names import author_end, is_group, read_names
from refgraph.sources._nlmnames import parse_authors

LISTS = [
    ("Kantarjian HM, DeAngelo DJ, et al", ["Kantarjian", "DeAngelo"], True),
    ("Katoh K., Misawa K., Kuma K., Miyata T.", ["Katoh", "Misawa", "Kuma", "Miyata"], False),
    ("Bernstein, B. E., Birney, E., & Dunham, I.", ["Bernstein", "Birney", "Dunham"], False),
    ("S.M. Smith, M. Jenkinson, and P.M. Matthews", ["Smith", "Jenkinson", "Matthews"], False),
    ("Nathan C. Wetter, Elizabeth A. Hubbard", ["Wetter", "Hubbard"], False),
    ("Corso, Gabriele, Arthur Deng, and Tommi Jaakkola", ["Corso", "Deng", "Jaakkola"], False),
    ("Mann, Henry B.; Whitney, Donald R.", ["Mann", "Whitney"], False),
    ("Krull, A., Buchholz, T.-O. & Jug, F.", ["Krull", "Buchholz", "Jug"], False),
    ("Höllt, T. & De Miranda, N. F. C. C.", ["Höllt", "De Miranda"], False),
    ("I. Di Donato, S. Bianchi", ["Di Donato", "Bianchi"], False),
    ("Wang, L., ? Ruden, D. M.", ["Wang", "Ruden"], True),
    ("Andy Rimmer, WGS500 Consortium, Gil McVean", ["Rimmer", "WGS500 Consortium", "McVean"],
     False),
    ("SILVA, A. B.; DE SOUZA, C. D.", ["SILVA", "DE SOUZA"], False),  # ABNT: capital surnames
    ("LODI, J. B.", ["LODI"], False),
    ("DUDLEY, S. & RIOS, V.", ["DUDLEY", "RIOS"], False),
]  # fmt: skip


@pytest.mark.parametrize(("segment", "surnames", "et_al"), LISTS, ids=[s for s, _, _ in LISTS])
def test_author_lists_in_any_order(segment: str, surnames: list[str], et_al: bool) -> None:
    authors, found_et_al, ok = read_names(segment)
    assert ok
    assert [a.collective or a.last for a in authors] == surnames
    assert found_et_al is et_al


@pytest.mark.parametrize(
    "name",
    ["US Preventive Services Task Force", "U.S. Census Bureau", "OpenStreetMap contributors",
     "Instituto Nacional de Câncer", "Surveillance, Epidemiology, and End Results (SEER) Program",
     "NCBI", "The 1000 Genome Consortium"],
)  # fmt: skip
def test_groups_are_one_collective_author(name: str) -> None:
    authors, _, ok = read_names(name)
    assert ok and len(authors) == 1 and authors[0].collective == name


@pytest.mark.parametrize(
    "segment", ["Random survival forests", "A comparison of results", "Blinding in trials"]
)
def test_titles_are_not_names(segment: str) -> None:
    assert read_names(segment)[2] is False
    assert not is_group(segment)


@pytest.mark.parametrize(
    ("text", "authors", "rest"),
    [
        ("Lamb YN. Inotuzumab ozogamicin: first global approval.", "Lamb YN", "Inotuzumab"),
        ("Katoh K., Misawa K., Miyata T. MAFFT: a novel method", "Katoh K., Misawa K., Miyata T",
         "MAFFT"),
        ("Nathan C. Wetter, Bradley P. Sutton. Fully automated", "Nathan C. Wetter, Bradley P. "
         "Sutton", "Fully"),
        ("Bernstein, B. E., & Snyder, M. (2012). Title.", "Bernstein, B. E., & Snyder, M",
         "(2012)"),
        ("Hay, K. A. et al. Kinetics and biomarkers", "Hay, K. A", "Kinetics"),
        ("David Sehnal, Alexander S Rose: Mol* Viewer: web app", "David Sehnal, Alexander S Rose",
         "Mol*"),
        ("Marinka Zitnik, Monica Agrawal, Modeling side effects, Bioinformatics", "Marinka Zitnik,"
         " Monica Agrawal", "Modeling"),
    ],
)  # fmt: skip
def test_where_the_author_list_ends(text: str, authors: str, rest: str) -> None:
    span = author_end(text)
    assert span is not None
    assert text[: span[0]].strip() == authors
    assert text[span[1] :].startswith(rest)


def test_a_title_first_citation_has_no_author_list_at_its_start() -> None:
    assert (
        author_end(
            "A comparison of results of meta-analyses of randomized control trials "
            "and recommendations of clinical experts. E. M. Antman, J. Lau."
        )
        is None
    )


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2013"])
def test_a_typeset_hyphen_joins_a_surname(dash: str) -> None:
    """PDFs write "Wagner‐Johnston" with U+2010 or an en dash: one person, not a group."""
    authors, et_al, people = parse_authors(f"Wagner{dash}Johnston N, Smith J, et al")
    assert people and et_al
    assert [(a.last, a.initials, a.collective) for a in authors] == [
        ("Wagner-Johnston", "N", ""), ("Smith", "J", "")
    ]
