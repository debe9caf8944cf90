"""Plain lists of PubMed IDs -> references that carry only their PMID.

One PMID per line, or several separated by commas, semicolons or spaces; ``PMID: N`` and
``PMID:N`` are read too; ``#`` starts a comment. A token that is not a PMID is reported
(one ``bad_pmid`` problem per line, naming the tokens); nothing else is guessed. Repeats
are kept for :func:`refgraph.library.merge`, which reports them as ``duplicate_pmid``.
"""

from __future__ import annotations

import re

from refgraph.ids import normalize_pmid
from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, Origin, ParseResult, Reference

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "pmids"
EXTENSIONS = (".txt", ".pmids")

_LABEL_RE = re.compile(r"\bPMID\s*:?\s*", re.I)
_SPLIT_RE = re.compile(r"[\s,;]+")
_TOKEN_RE = re.compile(r"[1-9]\d{0,9}|0+[1-9]\d{0,9}")


def _tokens(line: str) -> list[str]:
    line = line.split("#", 1)[0]
    if "pmid" in line.lower():
        line = _LABEL_RE.sub(" ", line)
    return [t for t in _SPLIT_RE.split(line) if t]


def sniff(text: str) -> bool:
    """Every token in the first 200 content lines is a PMID (and there is one)."""
    seen = 0
    for line in text[:20000].split("\n")[:200]:
        for token in _tokens(line):
            if _TOKEN_RE.fullmatch(token) is None:
                return False
            seen += 1
    return seen > 0


def parse(text: str, source: str) -> ParseResult:
    """Parse a PMID list."""
    refs: list[Reference] = []
    problems: list[Diagnostic] = []
    for index, line in enumerate(text.split("\n")):
        bad: list[str] = []
        for token in _tokens(line):
            pmid = normalize_pmid(token)
            if pmid is None:
                bad.append(token)
            else:
                refs.append(Reference(key="", pmid=pmid, origins=(Origin(source, index + 1),)))
        if bad:
            shown = " ".join(bad[:10]) + (f" (and {len(bad) - 10} more)" if len(bad) > 10 else "")
            problems.append(Diagnostic(source, index + 1, "bad_pmid", f"not a PMID: {shown}"))
    return ParseResult(tuple(assign_keys(refs)), tuple(problems), NAME)
