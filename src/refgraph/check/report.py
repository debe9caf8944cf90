"""The check report for people: one renderer of a result's details, as plain text (the
``check.txt`` of ``build``), as the rows of the table ``refgraph check`` prints, and as the
view model of the HTML report (``check.html``; :func:`refgraph.render.render_check`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refgraph.check.results import VERDICTS, CheckReport, CheckResult, Difference, Suggestion
from refgraph.model import Diagnostic, Reference

__all__ = [
    "VERDICT_MEANINGS",
    "ReportRow",
    "ReportView",
    "Span",
    "VerdictCount",
    "note_spans",
    "report_rows",
    "report_text",
    "report_view",
    "result_details",
]


def result_details(result: CheckResult, *, suggestion: bool = True) -> list[str]:
    """The lines that explain a verdict: differences, then notes, then the suggestion."""
    lines = [f"{d.field}: cited {d.cited!r} / PubMed {d.pubmed!r}" for d in result.differences]
    lines.extend(result.notes)
    if suggestion and result.suggestion:
        lines.append(f"suggestion: PMID {result.suggestion.pmid} (verified)")
    return lines


def report_rows(report: CheckReport) -> list[tuple[str, str, str, str, str]]:
    """One row per result: key, PMID, verdict, details (one per line), suggested PMID."""
    return [
        (r.key, r.pmid, r.verdict, "\n".join(result_details(r, suggestion=False)),
         r.suggestion.pmid if r.suggestion else "")
        for r in report.results
    ]  # fmt: skip


def report_text(report: CheckReport, problems: Sequence[Diagnostic] = ()) -> str:
    """Return the report as plain text: one block per reference, the input problems, then
    the summary line."""
    lines = []
    width = max((len(r.key) for r in report.results), default=3)
    for r in report.results:
        lines.append(f"{r.key.ljust(width)}  {(r.pmid or '-').ljust(8)}  {r.verdict}")
        lines.extend(f"{'':{width}}    {line}" for line in result_details(r))
    if problems:
        lines.append("")
        lines.append("Input problems:")
        lines.extend(f"  {p.format()}" for p in problems)
    lines.append("")
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


# -- the report as a page (check.html, and a section of bibliography.html) ---------------

#: What each verdict means, in the words the HTML report shows next to it.
VERDICT_MEANINGS: dict[str, str] = {
    "ok": "the PMID points to the work cited",
    "mismatch": "the PMID points to a different work",
    "not_found": "the PMID does not resolve in PubMed",
    "retracted": "the work cited is retracted",
    "no_pmid": "the citation has no PMID",
    "unchecked": "the PubMed record was not available",
}

_PMID_MENTION = re.compile(r"\bPMID:? ?(\d{1,9})\b")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a note; ``pmid`` is set when the piece names a PubMed record."""

    text: str
    pmid: str = ""


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One reference as the HTML report shows it."""

    number: int
    key: str
    pmid: str
    verdict: str
    reference: Reference | None
    places: tuple[str, ...]
    differences: tuple[Difference, ...]
    notes: tuple[tuple[Span, ...], ...]
    suggestion: Suggestion | None


@dataclass(frozen=True, slots=True)
class VerdictCount:
    """A verdict, how many references have it, and what it means."""

    verdict: str
    count: int
    meaning: str


@dataclass(frozen=True, slots=True)
class ReportView:
    """The check report as a template sees it: rows in input order, verdict counts (every
    verdict, in :data:`VERDICTS` order), the input problems and the duplicate groups."""

    rows: tuple[ReportRow, ...]
    verdicts: tuple[VerdictCount, ...]
    problems: tuple[Diagnostic, ...]
    duplicates: tuple[tuple[str, ...], ...]
    summary: str


def note_spans(note: str) -> tuple[Span, ...]:
    """Split a note into text and the PMIDs it names (which the HTML report links).

    >>> note_spans("erratum published: PMID 35767954")
    (Span(text='erratum published: ', pmid=''), Span(text='PMID 35767954', pmid='35767954'))
    """
    spans: list[Span] = []
    at = 0
    for found in _PMID_MENTION.finditer(note):
        if found.start() > at:
            spans.append(Span(note[at : found.start()]))
        spans.append(Span(found.group(0), found.group(1)))
        at = found.end()
    if at < len(note):
        spans.append(Span(note[at:]))
    return tuple(spans)


def _notes(result: CheckResult) -> tuple[str, ...]:
    """The notes, less the one that repeats the suggestion (the page shows it on its own)."""
    if result.suggestion is None:
        return result.notes
    said = f"suggested PMID {result.suggestion.pmid} "
    return tuple(n for n in result.notes if not n.startswith(said))


def report_view(report: CheckReport, problems: Sequence[Diagnostic] = ()) -> ReportView:
    """Return the view model of the HTML check report (pure)."""
    rows = tuple(
        ReportRow(
            number=i,
            key=r.key,
            pmid=r.pmid,
            verdict=r.verdict,
            reference=r.reference,
            places=tuple(str(o) for o in r.reference.origins) if r.reference else (),
            differences=r.differences,
            notes=tuple(note_spans(n) for n in _notes(r)),
            suggestion=r.suggestion if r.suggestion and r.suggestion.pmid != r.pmid else None,
        )
        for i, r in enumerate(report.results, 1)
    )
    counts = report.counts
    verdicts = tuple(VerdictCount(v, counts.get(v, 0), VERDICT_MEANINGS[v]) for v in VERDICTS)
    return ReportView(rows, verdicts, tuple(problems), report.duplicates, report.summary_line())
