"""What ``refgraph check`` finds: verdicts, differences, suggestions and the report (data).

Verdicts: ``ok``, ``mismatch`` (the PMID is another work), ``not_found`` (the PMID does
not resolve), ``retracted``, ``no_pmid`` and ``unchecked`` (the record is not available:
offline and not cached, or NCBI failing; not a finding about the citation, but
``--strict`` still fails on it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from refgraph.matching import Difference
from refgraph.model import Reference

__all__ = [
    "VERDICTS",
    "CheckReport",
    "CheckResult",
    "Difference",
    "Suggestion",
    "fixes",
    "iter_problems",
]

VERDICTS = ("ok", "mismatch", "not_found", "retracted", "no_pmid", "unchecked")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A PMID that, fetched and compared, matches the citation."""

    pmid: str
    verified: bool = True
    via: str = ""  # "ecitmatch" | "esearch"

    def as_dict(self) -> dict[str, object]:
        return {"pmid": self.pmid, "verified": self.verified, "via": self.via}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One reference's verdict."""

    key: str
    pmid: str
    verdict: str
    notes: tuple[str, ...] = ()
    differences: tuple[Difference, ...] = ()
    suggestion: Suggestion | None = None
    reference: Reference | None = field(default=None, compare=False, repr=False)
    #: keys of the other references given this PMID for a different work (pmid_conflict)
    conflicts: tuple[str, ...] = ()

    @property
    def is_problem(self) -> bool:
        return self.verdict in ("mismatch", "not_found", "retracted")

    def as_dict(self) -> dict[str, object]:
        ref = self.reference
        return {
            "key": self.key,
            "pmid": self.pmid or None,
            "verdict": self.verdict,
            "notes": list(self.notes),
            "differences": [d.as_dict() for d in self.differences],
            "suggestion": self.suggestion.as_dict() if self.suggestion else None,
            "conflicts": list(self.conflicts),
            "source": ref.source if ref else "",
            "line": ref.line if ref else 0,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything ``refgraph check`` reports: results in input order and a summary."""

    results: tuple[CheckResult, ...]
    duplicates: tuple[tuple[str, ...], ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(r.verdict for r in self.results)
        return {v: tally[v] for v in VERDICTS if tally[v]}

    @property
    def conflicts(self) -> tuple[tuple[str, ...], ...]:
        """Groups of keys (sorted) given one PMID for different works (``pmid_conflict``)."""
        groups = {tuple(sorted((r.key, *r.conflicts))) for r in self.results if r.conflicts}
        return tuple(sorted(groups))

    @property
    def ok(self) -> bool:
        """No finding (mismatch, not_found, retracted) and nothing left unchecked."""
        return not any(r.is_problem or r.verdict == "unchecked" for r in self.results)

    @property
    def clean(self) -> bool:
        """No problem at all, not even a missing PMID, a duplicate or a PMID conflict."""
        return (
            all(r.verdict == "ok" for r in self.results)
            and not self.duplicates
            and not self.conflicts
        )

    def summary_line(self) -> str:
        """Return e.g. ``"10 references: 10 ok"`` or ``"3 references: 1 ok, 2 mismatch"``."""
        n = len(self.results)
        parts = [f"{count} {verdict}" for verdict, count in self.counts.items()]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} PMID conflict(s)")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate group(s)")
        noun = "reference" if n == 1 else "references"
        return f"{n} {noun}: " + (", ".join(parts) if parts else "nothing to check")

    def as_dict(self) -> dict[str, object]:
        counts = self.counts
        return {
            "results": [r.as_dict() for r in self.results],
            "summary": {
                "total": len(self.results),
                **{v: counts.get(v, 0) for v in VERDICTS},
                "duplicates": [list(group) for group in self.duplicates],
                "conflicts": [list(group) for group in self.conflicts],
                "suggestions": sum(1 for r in self.results if r.suggestion),
                "text": self.summary_line(),
            },
        }


def fixes(report: CheckReport) -> list[tuple[CheckResult, str]]:
    """Return ``(result, new_pmid)`` for every result with a verified suggestion."""
    return [
        (r, r.suggestion.pmid)
        for r in report.results
        if r.suggestion is not None and r.suggestion.verified and r.suggestion.pmid != r.pmid
    ]


def iter_problems(report: CheckReport) -> Iterable[CheckResult]:
    """Results that are not ``ok``."""
    return (r for r in report.results if r.verdict != "ok")
