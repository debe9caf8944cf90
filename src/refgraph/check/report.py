"""The check report for people: one renderer of a result's details, as plain text (the
``check.txt`` of ``build``) or as the rows of the table ``refgraph check`` prints."""

from __future__ import annotations

from collections.abc import Sequence

from refgraph.check.results import CheckReport, CheckResult
from refgraph.model import Diagnostic

__all__ = ["report_rows", "report_text", "result_details"]


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
