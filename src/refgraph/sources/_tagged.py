"""What the tagged-record readers share (MEDLINE, Web of Science, EndNote's Refer): the record
being read, its fields' continuation lines joined once (:class:`RecordBuilder`), and the loop
that makes each record a reference with the problems in line order (pure)."""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import TypeVar

from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, ParseResult, Reference

__all__ = ["Field", "RecordBuilder", "read_records", "report_repeats"]

R = TypeVar("R")
#: One field of a record: tag, value, and the line the tag is on.
Field = tuple[str, str, int]


class RecordBuilder:
    """The fields of the record being read. A field's continuation lines are kept and joined
    (with ``sep``; the result stripped when ``strip``) once the next field starts or the
    record is taken: joining them at every line took quadratic time on a long field."""

    def __init__(self, sep: str = " ", *, strip: bool = False) -> None:
        self.fields: list[Field] = []
        self._tail: list[str] = []
        self._sep, self._strip = sep, strip

    def __bool__(self) -> bool:
        return bool(self.fields)

    def add(self, tag: str, value: str, line: int) -> None:
        """Start a new field."""
        self._settle()
        self.fields.append((tag, value, line))

    def extend(self, text: str) -> None:
        """A continuation line of the last field (there must be one)."""
        self._tail.append(text)

    def take(self) -> list[Field]:
        """The record's fields, complete; the builder starts a new record."""
        self._settle()
        fields, self.fields = self.fields, []
        return fields

    def _settle(self) -> None:
        if self._tail and self.fields:
            tag, value, line = self.fields[-1]
            joined = self._sep.join([value, *self._tail])
            self.fields[-1] = (tag, joined.strip() if self._strip else joined, line)
        self._tail.clear()


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


def report_repeats(
    record: list[Field], once: Container[str], source: str, problems: list[Diagnostic]
) -> None:
    """A ``duplicate_field`` problem for each later value of a tag in ``once`` (a field that
    holds one value: the readers take the first), so a second PMID or title is never
    dropped without a word."""
    first: dict[str, str] = {}
    for tag, value, line in record:
        if value and tag in once and first.setdefault(tag, value) != value:
            problems.append(Diagnostic(source, line, "duplicate_field",
                                       f"{tag} given twice; the first is used, not: {value}"))
