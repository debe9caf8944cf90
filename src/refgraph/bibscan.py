"""Where things are in the text of one BibTeX entry: a small scanner (pure).

:func:`entry_fields` finds each top-level ``name = value`` of an entry as written (a value
braced, quoted, a bare word, or a ``#`` concatenation of those) with its offsets, which is
what :mod:`refgraph.bibedit` needs to replace one value and keep every other byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FieldSpan",
    "braced_end",
    "entry_fields",
    "line_offsets",
    "quoted_end",
    "skip_space",
    "value_end",
]


@dataclass(frozen=True, slots=True)
class FieldSpan:
    """One field of an entry's text: its name and offsets (value start/end, line, name)."""

    name: str
    value_start: int  # offsets into the entry text
    value_end: int
    line_start: int  # start of the line the field's name is on
    name_start: int


_SPACE = re.compile(r"\s*")
_BRACE = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'[{}"]')
_NAME = re.compile(r"[^\s=})]+")
_BARE = {"}": re.compile(r"[^\s,#}]+"), ")": re.compile(r"[^\s,#)]+")}


def skip_space(text: str, i: int) -> int:
    match = _SPACE.match(text, i)
    return match.end() if match else i


def braced_end(text: str, i: int) -> int:
    """End (exclusive) of the balanced ``{...}`` starting at ``i``; -1 if unbalanced."""
    depth = 0
    for match in _BRACE.finditer(text, i):
        if match.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.end()
    return -1


def quoted_end(text: str, i: int) -> int:
    """End (exclusive) of ``"..."`` starting at ``i`` (braces inside protect quotes)."""
    depth = 0
    for match in _QUOTE_OR_BRACE.finditer(text, i + 1):
        c = match.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0:
            return match.end()
    return -1


def value_end(text: str, i: int, close: str) -> int:
    """End of a field value (parts joined by ``#``) starting at ``i``; -1 if malformed."""
    while True:
        i = skip_space(text, i)
        if i >= len(text):
            return -1
        if text[i] == "{":
            i = braced_end(text, i)
        elif text[i] == '"':
            i = quoted_end(text, i)
        else:
            bare = _BARE[close].match(text, i)
            if bare is None:
                return -1
            i = bare.end()
        if i < 0:
            return -1
        after = skip_space(text, i)
        if after < len(text) and text[after] == "#":
            i = after + 1
            continue
        return i


def entry_fields(entry: str) -> tuple[list[FieldSpan], int, int] | None:
    """The top-level fields of an entry's text, the offset after the ``key,`` header and the
    offset of the closing brace; ``None`` when the entry cannot be read this way."""
    opening = entry.find("{")
    paren = entry.find("(")
    if opening < 0 or (0 <= paren < opening):
        opening, close = paren, ")"
    else:
        close = "}"
    if opening < 0:
        return None
    comma = entry.find(",", opening)
    if comma < 0:
        return None
    fields: list[FieldSpan] = []
    i = comma + 1
    while True:
        i = skip_space(entry, i)
        if i >= len(entry):
            return None
        if entry[i] == close:
            return fields, comma + 1, i
        name_start = i
        found = _NAME.match(entry, i)
        if found is None:
            return None
        name, i = found.group(), found.end()
        i = skip_space(entry, i)
        if not name or i >= len(entry) or entry[i] != "=":
            return None
        value_start = skip_space(entry, i + 1)
        end = value_end(entry, value_start, close)
        if end < 0:
            return None
        line_start = entry.rfind("\n", 0, name_start) + 1
        fields.append(FieldSpan(name, value_start, end, line_start, name_start))
        i = skip_space(entry, end)
        if i < len(entry) and entry[i] == ",":
            i += 1


def line_offsets(text: str) -> list[int]:
    offsets = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        offsets.append(at + 1)
        at = find("\n", at + 1)
    return offsets
