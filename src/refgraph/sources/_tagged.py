"""The loop every tagged-record reader shares (Web of Science, EndNote's Refer): split the
text into records, make each a reference, keep the problems in line order (pure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, ParseResult, Reference

__all__ = ["read_records"]

R = TypeVar("R")


def read_records(
    text: str,
    source: str,
    name: str,
    records: Callable[[str, str, list[Diagnostic]], list[R]],
    reference: Callable[[R, str, list[Diagnostic]], Reference],
) -> ParseResult:
    """``reference(record)`` for each of ``records(text)``; problems sorted by line."""
    problems: list[Diagnostic] = []
    refs = [reference(r, source, problems) for r in records(text, source, problems)]
    problems.sort(key=lambda d: d.line)
    return ParseResult(tuple(assign_keys(refs)), tuple(problems), name)
