"""A numbered list's annotations reach the graph: its cross-references become edges."""

from __future__ import annotations

from refgraph.graph import build_graph
from refgraph.sources import vancouver

LISTING = """\
References

1. Kantarjian HM, DeAngelo DJ, Stelljes M, et al. Inotuzumab ozogamicin versus standard
   therapy for acute lymphoblastic leukemia. N Engl J Med. 2016;375(8):740-53. PMID: 27292104.
   (Controlled trial of inotuzumab versus chemotherapy in 326 adults with relapsed ALL.)
2. Kantarjian HM, Vandendries E, Advani AS. Inotuzumab ozogamicin for acute lymphoblastic
   leukemia. N Engl J Med. 2016;375:2101. PMID: 27959739.
   (Further follow up of patients in a controlled trial [Kantarjian 2016] mentions SOS in 21%.)
"""


def test_an_annotation_in_a_numbered_list_links_the_follow_up_to_its_trial() -> None:
    # the general reader used to drop annotations, so lists other than LiverTox's gave no edge
    refs = vancouver.parse(LISTING, "review.md").references
    graph = build_graph(refs).graph
    by_pmid = {r.pmid: r.key for r in refs}
    follow_up, trial = by_pmid["27959739"], by_pmid["27292104"]
    edges = graph.edges(data="relation")
    relations = [relation for u, v, relation in edges if (u, v) == (follow_up, trial)]
    assert relations == ["follow_up_of"]
