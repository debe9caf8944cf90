"""Edit a ``.bib`` file in place of its text: only what changes is rewritten.

- :func:`entry_span`: where one reference's entry sits in the text;
- :func:`splice_entries`: replace whole entries by new text;
- :func:`rewrite_pmids`: set the ``pmid`` field of entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from refgraph.errors import StoreError
from refgraph.model import Reference

__all__ = ["entry_span", "rewrite_pmids", "splice_entries"]

_PMID_FIELD = re.compile(r"(\bpmid\s*=\s*[{\"]?\s*)(\d*)(\s*[}\"]?)", re.IGNORECASE)
_ENTRY_START = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s]*)\s*,")


def entry_span(text: str, ref: Reference) -> tuple[int, int] | None:
    """Return ``(start, end)`` of ``ref``'s entry in ``text``: by key, else by its line."""
    starts = [m for m in _ENTRY_START.finditer(text) if m.group(1) == ref.key]
    if len(starts) != 1 and ref.line:
        line_start = sum(len(line) for line in text.splitlines(keepends=True)[: ref.line - 1])
        match = _ENTRY_START.search(text, line_start)
        starts = [match] if match is not None else []
    if not starts:
        return None
    start = starts[0].start()
    opening = text.index(starts[0].group(0)[-1:] if False else "{", start)
    if text[start:opening].count("(") and "{" not in starts[0].group(0):
        opening = text.index("(", start)
    close = "}" if text[opening] == "{" else ")"
    depth = 0
    for pos in range(opening, len(text)):
        char = text[pos]
        if char == "{" or (close == ")" and char == "("):
            depth += 1
        elif char == "}" or (close == ")" and char == ")"):
            depth -= 1
            if depth == 0:
                return start, pos + 1
    return None


def splice_entries(text: str, replacements: Mapping[int, tuple[Reference, str]]) -> str:
    """Replace the entries of the given references by new text; the rest stays as it was.

    ``replacements`` maps an index (any order) to ``(original_reference, new_entry_text)``.
    """
    spans = []
    for _, (ref, new) in replacements.items():
        span = entry_span(text, ref)
        if span is None:
            raise StoreError(f"{ref.source}:{ref.line}: cannot find entry {ref.key} to rewrite")
        spans.append((span, new))
    for (start, end), new in sorted(spans, reverse=True):
        text = text[:start] + new.rstrip("\n") + text[end:]
    return text


def rewrite_pmids(text: str, changes: Sequence[tuple[Reference, str]]) -> tuple[str, list[str]]:
    """Set the ``pmid`` field of each reference's entry; return the new text and a log.

    Only the PMID value changes (a ``pmid`` line is added to an entry without one), so
    everything else in the file stays byte for byte.
    """
    edits: list[tuple[int, int, str]] = []
    log: list[str] = []
    for ref, new in changes:
        span = entry_span(text, ref)
        if span is None:
            log.append(f"{ref.key}: entry not found, PMID {new} not written")
            continue
        start, end = span
        entry = text[start:end]
        match = _PMID_FIELD.search(entry)
        if match:
            edits.append((start + match.start(2), start + match.end(2), new))
        else:
            header_end = entry.index(",") + 1
            edits.append((start + header_end, start + header_end, f"\n  pmid = {{{new}}},"))
        log.append(f"{ref.key}: PMID {ref.pmid or '(none)'} -> {new}")
    for begin, stop, value in sorted(edits, reverse=True):
        text = text[:begin] + value + text[stop:]
    return text, log
