"""Does every PMID resolve, and does it point to the paper cited?

- :mod:`~refgraph.check.results`: verdicts, differences, suggestions, the report (data);
  the comparison itself (one citation against one record) is :mod:`refgraph.matching`,
  which the library merge shares;
- :mod:`~refgraph.check.notes`: a record's own status, duplicate citations (pure);
- :mod:`~refgraph.check.suggest`: look for the right PMID (needs a record source);
- :mod:`~refgraph.check.run`: verdicts for a library, and the orchestration.
"""

from __future__ import annotations

from refgraph.check.notes import record_notes, treats_as_study
from refgraph.check.results import (
    VERDICTS,
    CheckReport,
    CheckResult,
    Difference,
    Suggestion,
    fixes,
    iter_problems,
)
from refgraph.check.run import check_library, run_check
from refgraph.check.suggest import suggest
from refgraph.matching import MISMATCH_WEIGHT, Comparison, compare, title_similarity

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
