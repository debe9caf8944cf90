"""Control characters out of what a reader produced (pure; used by :func:`parse_text`).

PDF text carries debris (``\\x01``, form feeds inside a line), copied terminal output
carries escape sequences (``ESC[31m``). None of it belongs in a reference, and every
output format chokes on it in its own way (XML 1.0 forbids it, LaTeX stops, a terminal
obeys it). :func:`strip_controls` removes it from every field of every reference
(:func:`refgraph.text.without_controls`) and says so: one ``control_characters`` problem
per reference, naming the fields. The text of other problems is cleaned the same way, so
a problem printed on a terminal cannot move the cursor or change colours.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

from refgraph.model import Author, Diagnostic, ParseResult, Reference
from refgraph.text import has_controls, without_controls

__all__ = ["strip_controls"]

_SPACES = re.compile(r"  +")
_TEXT_FIELDS = tuple(f.name for f in fields(Reference) if f.name not in ("origins", "authors"))


def _clean(text: str) -> str:
    return _SPACES.sub(" ", without_controls(text)).strip()


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value) if has_controls(value) else value
    if isinstance(value, Author):
        changes = {
            f.name: _clean(getattr(value, f.name))
            for f in fields(Author)
            if has_controls(getattr(value, f.name))
        }
        return replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        cleaned = tuple(_clean_value(v) for v in value)
        return cleaned if cleaned != value else value
    return value


def _clean_reference(ref: Reference) -> tuple[Reference, list[str]]:
    changes: dict[str, Any] = {}
    for name in (*_TEXT_FIELDS, "authors"):
        value = getattr(ref, name)
        cleaned = _clean_value(value)
        if cleaned is not value:
            changes[name] = cleaned
    return (replace(ref, **changes), sorted(changes)) if changes else (ref, [])


def strip_controls(result: ParseResult, text: str) -> ParseResult:
    """Return ``result`` with control characters removed (see the module doc).

    ``text`` is the input the result was read from: without a control character in it
    (tabs, line and page breaks aside) there is nothing to do and ``result`` is returned.
    """
    if not has_controls(text.replace("\f", "")):
        return result
    references = []
    problems = [
        replace(p, text=_clean(p.text)) if has_controls(p.text) else p for p in result.problems
    ]
    for ref in result.references:
        new, names = _clean_reference(ref)
        if names:
            problems.append(
                Diagnostic(
                    ref.source,
                    ref.line,
                    "control_characters",
                    f"removed control characters (PDF debris or terminal escapes) from "
                    f"{', '.join(names)} of {ref.key or 'this reference'}",
                )
            )
        references.append(new)
    return ParseResult(tuple(references), tuple(problems), result.format)
