"""Does every PMID resolve, and does it point to the paper cited?

See :mod:`refgraph.check.compare` for the comparison rule and the verdicts.
"""

from __future__ import annotations

from refgraph.check.compare import (
    MISMATCH_WEIGHT,
    VERDICTS,
    CheckReport,
    CheckResult,
    Comparison,
    Difference,
    Suggestion,
    check_library,
    compare,
    fixes,
    iter_problems,
    record_notes,
    run_check,
    suggest,
    title_similarity,
    treats_as_study,
)

__all__ = [
    "MISMATCH_WEIGHT",
    "VERDICTS",
    "CheckReport",
    "CheckResult",
    "Comparison",
    "Difference",
    "Suggestion",
    "check_library",
    "compare",
    "fixes",
    "iter_problems",
    "record_notes",
    "run_check",
    "suggest",
    "title_similarity",
    "treats_as_study",
]
