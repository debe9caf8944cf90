"""A fast reader of the regular .bib layouts (pure): refgraph's own, Better BibTeX, JabRef.

:func:`scan` reads a file that holds only entries in the layout these tools write:

- ``@type{key,`` alone on a line, then one field per line, ``name = {value},`` (the value
  may run over several lines while its braces are open), ``name = 2016,`` or a month macro
  ``name = aug,``, and ``}`` alone on a line to close the entry;
- between entries, blank lines, ``%`` comment lines and one-line ``@comment{...}`` blocks
  (JabRef's ``% Encoding: UTF-8`` and ``@Comment{jabref-meta: ...}``).

It gives the same entries bibtexparser 2.x gives for such a file (type, key, start line,
fields in order, each value with its enclosing braces removed), as objects with the
attributes of bibtexparser's ``Entry`` that :mod:`refgraph.sources.bibtex` reads, so both
paths share one field mapping. Anything else (``@string``, ``@preamble``, ``#``, quoted
values, parenthesised entries, ``\\{``, a duplicate key or field, text it does not expect)
makes :func:`scan` return ``None``, and the caller reads the file with bibtexparser: same
output (``tests/sources/test_bibtex_fast.py`` checks both paths agree), only slower.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

__all__ = ["FastEntry", "FastField", "scan"]

_START_RE = re.compile(r"@([A-Za-z]+)\{([^\s,{}()\"#%@=\\]+),[ \t]*")
_FIELD_RE = re.compile(r"[ \t]+([A-Za-z][\w:.+-]*)[ \t]*=[ \t]*")
_BARE_RE = re.compile(
    r"(\d+|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[ \t]*,?[ \t]*", re.IGNORECASE
)
_BRACE_RE = re.compile(r"[{}]")
_SPECIAL_TYPES = frozenset({"string", "preamble", "comment"})


class FastField(NamedTuple):
    """One field, with the attributes of bibtexparser's ``Field`` the reader uses."""

    key: str
    value: str
    start_line: int


class FastEntry:
    """One entry, with the attributes of bibtexparser's ``Entry`` the reader uses."""

    __slots__ = ("end_line", "entry_type", "fields", "key", "parser_metadata", "start_line")

    def __init__(self, entry_type: str, key: str, start_line: int, fields: list[FastField],
                 bare: dict[str, str], end_line: int = -1) -> None:  # fmt: skip
        self.entry_type = entry_type
        self.key = key
        self.start_line = start_line  # 0-based, as bibtexparser counts
        self.end_line = end_line  # 0-based line of the closing "}" (first on its line)
        self.fields = fields
        self.parser_metadata: dict[str, Any] = {"removed_enclosing": bare} if bare else {}


#: one entry in the regular layout: the "@type{key," line, field lines, a "}" line
_ENTRY_RE = re.compile(
    r"^@([A-Za-z]+)\{([^\s,{}()\"#%@=\\]+),[ \t]*\n((?:[^\n]*\n)*?)\}[ \t]*$", re.M
)
#: one field on one line: "  name = {value}," (value checked for balance after) or bare
_LINE_FIELD_RE = re.compile(
    r"^[ \t]+([A-Za-z][\w:.+-]*)[ \t]*=[ \t]*(?:\{(.*)\}|"
    r"(\d+|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))[ \t]*,?[ \t]*$",
    re.M | re.I,
)
_GAP_RE = re.compile(r"(?:[ \t]*\n|%[^\n]*\n|@comment\{[^\n]*\}[ \t]*\n)*", re.I)


def scan(text: str) -> list[FastEntry] | None:
    """Return the entries of a regular .bib ``text``, or ``None`` for anything else."""
    if "\\{" in text or "\\}" in text or ("#" in text and _hash_outside_values(text)):
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    entries: list[FastEntry] = []
    keys: set[str] = set()
    position = 0
    line = 0
    while True:  # entries one after the other: the first irregular one ends the scan
        gap = _GAP_RE.match(text, position)
        if gap is None or not _comments_balanced(gap.group()):
            return None  # text between entries that is not blank, "%" or @comment
        if gap.end() == len(text):
            return entries
        entry = _ENTRY_RE.match(text, gap.end())
        if entry is None:
            return None
        line += text.count("\n", position, entry.start())
        entry_type, key, body = entry.groups()
        if entry_type.lower() in _SPECIAL_TYPES or key in keys:
            return None
        keys.add(key)
        fields = _fields(body, line + 1)
        if fields is None:
            return None
        end_line = line + text.count("\n", entry.start(), entry.end())
        entries.append(FastEntry(entry_type, key, line, fields[0], fields[1], end_line))
        line = end_line + 1
        position = entry.end() + 1


def _comments_balanced(gap: str) -> bool:
    return "@" not in gap or all(
        line.count("{") == line.count("}") for line in gap.split("\n") if line.startswith("@")
    )


def _fields(body: str, first_line: int) -> tuple[list[FastField], dict[str, str]] | None:
    """The fields of an entry body: one per line, or a value whose braces run on."""
    found = _LINE_FIELD_RE.findall(body)
    if len(found) != body.count("\n"):
        return _multiline_fields(body, first_line)
    fields: list[FastField] = []
    names: set[str] = set()
    bare: dict[str, str] = {}
    for offset, (name, braced, plain) in enumerate(found):
        lowered = name.lower()
        if lowered in names:
            return None  # a duplicate field: the general path reports it
        names.add(lowered)
        if plain:
            bare[name] = "no-enclosing"
            fields.append(FastField(name, plain, first_line + offset))
            continue
        if ("{" in braced or "}" in braced) and _close("{" + braced + "}", 0) != len(braced) + 1:
            return None  # "{a} and {b}" or unbalanced: not one braced value
        fields.append(FastField(name, braced, first_line + offset))
    return fields, bare


def _multiline_fields(body: str, first_line: int) -> tuple[list[FastField], dict[str, str]] | None:
    """The fields of a body where some value spans lines (line by line)."""
    lines = body.split("\n")[:-1]
    fields: list[FastField] = []
    names: set[str] = set()
    bare: dict[str, str] = {}
    index = 0
    while index < len(lines):
        m = _FIELD_RE.match(lines[index])
        if m is None:
            return None
        name = m.group(1)
        if name.lower() in names:
            return None
        names.add(name.lower())
        field_line = first_line + index
        rest = lines[index][m.end() :]
        if rest[:1] != "{":
            value = _BARE_RE.fullmatch(rest)
            if value is None:
                return None
            bare[name] = "no-enclosing"
            fields.append(FastField(name, value.group(1), field_line))
            index += 1
            continue
        parts: list[str] = []
        depth, segment = 0, rest
        while True:
            end = _close(segment, depth)
            if end == -2:
                return None
            if end >= 0:
                parts.append(segment[:end])
                tail = segment[end + 1 :].strip()
                break
            depth += segment.count("{") - segment.count("}")
            parts.append(segment)
            index += 1
            if index >= len(lines):
                return None
            segment = lines[index]
        if tail not in ("", ","):
            return None
        fields.append(FastField(name, "\n".join(parts)[1:], field_line))
        index += 1
    return fields, bare


def _close(segment: str, depth: int) -> int:
    """Index in ``segment`` of the brace that closes the value (``depth`` braces already
    open before it), -1 when the value goes on, -2 when a brace closes nothing."""
    # (the brace walk has the shape of bibscan.braced_end, but resumes line by line with a
    # carried depth and tells a stray closing brace apart: one scanner cannot serve both)
    if depth == 0 and segment.count("{") == 1:  # "{plain value}," : no inner group
        return segment.find("}")
    for match in _BRACE_RE.finditer(segment):
        if match.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start()
            if depth < 0:
                return -2
    return -1


def _hash_outside_values(text: str) -> bool:
    """Is there a ``#`` (BibTeX's concatenation) outside a braced value? Conservatively
    yes for any ``#`` on a field line not followed by a brace value."""
    return re.search(r"=[ \t]*[^{\s][^\n]*#|}[ \t]*#", text) is not None
