"""What the graph needs from PubMed besides the records: citations among the works, offline too.

:func:`citations_among` asks eLink (``pubmed_pubmed_refs`` and ``pubmed_pubmed_citedin``,
:func:`refgraph.pubmed.source.fetch_citations`) which cited works cite which; offline it
uses the link sets the cache holds and says how many it lacks, instead of giving up.
:func:`without_abstracts` is ``--no-abstracts``: the records as if efetch had carried none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from refgraph.errors import EutilsError, OfflineError
from refgraph.model import PubmedRecord
from refgraph.pubmed.source import RecordSource, fetch_citations

__all__ = ["citations_among", "without_abstracts"]


def without_abstracts(records: Mapping[str, PubmedRecord]) -> dict[str, PubmedRecord]:
    """Return the records with their abstracts left out (``--no-abstracts``)."""
    return {pmid: replace(r, abstract="") if r.abstract else r for pmid, r in records.items()}


def citations_among(source: RecordSource, pmids: Sequence[str]
                    ) -> tuple[dict[str, list[str]], str]:
    """Return ``citing PMID -> cited PMIDs`` for ``pmids`` and a note ("" when complete).

    Offline, the PMIDs whose link sets are not cached are left out (the note says how many);
    any other failure gives no links and a note.
    """
    pmids = sorted(set(pmids))
    if not pmids:
        return {}, ""
    try:
        return fetch_citations(source, pmids), ""
    except OfflineError as exc:
        lacking = set(exc.missing)
        cached = [p for p in pmids if p not in lacking]
        note = (f"citations among the works: eLink not cached for {len(lacking)} of"
                f" {len(pmids)} PMIDs (offline)")
        if not cached:
            return {}, note
        try:
            return fetch_citations(source, cached), note
        except EutilsError as again:
            return {}, f"no citation links ({again})"
    except EutilsError as exc:
        return {}, f"no citation links ({exc})"
