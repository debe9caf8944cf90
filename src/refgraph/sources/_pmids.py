"""One rule for a PMID a reader found but cannot be one (pure; used by :func:`parse_text`).

Readers take the whole digit run after ``PMID:`` (never the first ten digits of a longer
one). A value that is not a PubMed ID (:func:`refgraph.ids.normalize_pmid`: at most ten
digits, not zero) is moved out of ``pmid`` into the ``extra`` field ``pmid``, as text (the
form the BibTeX reader gives it, so it writes and reads back the same), and reported as
``bad_pmid`` with its line.
"""

from __future__ import annotations

from dataclasses import replace

from refgraph.ids import normalize_pmid
from refgraph.model import Diagnostic, ParseResult, Reference

__all__ = ["check_pmids"]


def _shown(value: str) -> str:
    return value if len(value) <= 24 else f"{value[:12]}...{value[-6:]} ({len(value)} digits)"


def check_pmids(result: ParseResult) -> ParseResult:
    """Return ``result`` with every malformed ``pmid`` kept as text and reported."""
    if all(not ref.pmid or normalize_pmid(ref.pmid) for ref in result.references):
        return result
    references: list[Reference] = []
    problems = list(result.problems)
    for ref in result.references:
        if ref.pmid and not normalize_pmid(ref.pmid):
            problems.append(Diagnostic(
                ref.source, ref.line, "bad_pmid",
                f"{ref.key or 'a reference'}: PMID {_shown(ref.pmid)} is not a PubMed ID "
                "(at most 10 digits); kept as text, not checked",
            ))  # fmt: skip
            extra = ref.extra if ref.get_extra("pmid") else (("pmid", ref.pmid), *ref.extra)
            ref = replace(ref, pmid="", extra=extra)
        references.append(ref)
    return ParseResult(tuple(references), tuple(problems), result.format)
