"""Hand-built References and PubmedRecords for the seed's INO-VATE cluster (from pubmed-facts)."""

from __future__ import annotations

from refgraph.model import Author, CommentCorrection, PubmedRecord, Reference

TRIAL = "NCT01564784"


def seed_references() -> list[Reference]:
    """The three Kantarjian INO-VATE entries and the 2012 phase 2 study, as LiverTox cites them."""
    k = Author(last="Kantarjian", initials="HM")
    return [
        Reference(
            key="Kantarjian2012", pmid="22357140", year="2012", authors=(k,), et_al=True,
            title="Inotuzumab ozogamicin, an anti-CD22-calecheamicin conjugate, for refractory"
            " and relapsed acute lymphocytic leukaemia: a phase 2 study.",
            journal="Lancet Oncol", volume="13", pages="403-411",
            annotation="(Among 49 patients with refractory or relapsed ALL treated with"
            " inotuzumab, 57% had an objective response [59%]).",
        ),
        Reference(
            key="Kantarjian2016", pmid="27292104", year="2016", authors=(k,), et_al=True,
            title="Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic"
            " leukemia.", journal="N Engl J Med", volume="375", pages="740-753",
            annotation="(Among 326 patients with refractory or relapsed ALL treated with"
            " inotuzumab ozogamicin or standard intensive chemotherapy, complete remissions"
            " were more frequent with inotuzumab [81% vs 29%]).",
        ),
        Reference(
            key="Kantarjian2016a", pmid="27959739", year="2016",
            authors=(k, Author(last="Vandendries", initials="E"), Author(last="Advani")),
            title="Inotuzumab ozogamicin for acute lymphoblastic leukemia.",
            journal="N Engl J Med", volume="375", pages="2101",
            annotation="(Further follow up of patients in a controlled trial [Kantarjian \n"
            "2016] mentions that 15 of 71 patients [21%] who underwent HCT developed SOS).",
        ),
        Reference(
            key="Kantarjian2017", pmid="28687420", year="2017", authors=(k,), et_al=True,
            title="Hepatic adverse event profile of inotuzumab ozogamicin in adult patients with"
            " relapsed or refractory acute lymphoblastic leukaemia: results from the"
            " open-label, randomised, phase 3 INO-VATE study.",
            journal="Lancet Haematol", volume="4", pages="e387-e398",
            annotation="(Secondary analysis of liver related adverse events in a large"
            " controlled trial of inotuzumab vs placebo [Kantarjian 2016], with follow up data"
            " on all 326 patients enrolled, reported elevations in ALT in 15% vs 13%).",
        ),
    ]


def seed_records() -> dict[str, PubmedRecord]:
    """PubMed facts for the same PMIDs (publication types, NCT, CommentsCorrections)."""
    rct = ("Journal Article", "Randomized Controlled Trial", "Clinical Trial, Phase III",
           "Multicenter Study")
    return {
        "22357140": PubmedRecord(pmid="22357140", year="2012", month="Apr",
                                 publication_types=("Journal Article", "Clinical Trial, Phase II")),
        "27292104": PubmedRecord(pmid="27292104", year="2016", month="Aug",
                                 publication_types=rct, databanks=(("ClinicalTrials.gov", TRIAL),)),
        "27959739": PubmedRecord(
            pmid="27959739", year="2016", month="Dec", publication_types=("Letter", "Comment"),
            comments_corrections=(CommentCorrection("CommentOn", "27292104"),),
        ),
        "28687420": PubmedRecord(pmid="28687420", year="2017", month="Aug",
                                 publication_types=rct, databanks=(("ClinicalTrials.gov", TRIAL),)),
    }
