"""A compact JSON form of :class:`~refgraph.model.PubmedRecord` (pure), for the record cache.

The cache keeps each record's raw XML (the source of truth) and, next to it, this derived
form, so a cached run need not parse XML again. The form is a JSON object holding only
the fields that differ from their defaults; authors, CommentsCorrections and data banks
are short arrays (``[last, first, initials, suffix, collective]``,
``[ref_type, pmid, source, note]``, ``[name, number]``). Non-ASCII text is escaped, so any
``str`` (even a lone surrogate) round-trips and the value is plain ASCII in SQLite.

``record_from_json(record_to_json(r)) == r`` for every record. :func:`record_from_json`
checks the shape and type of every value and raises :class:`ValueError` for anything else
(a damaged cache value is then re-derived from the XML, never trusted).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
from collections.abc import Callable
from typing import Any

from refgraph.model import Author, CommentCorrection, PubmedRecord

__all__ = ["FORMAT_FINGERPRINT", "record_from_json", "record_to_json"]

_STRINGS = "s"
_STRING_TUPLE = "t"
_BOOL = "b"
_AUTHORS = "a"
_COMMENTS = "c"
_PAIRS = "p"
_MAPPING = "m"

_SPECIAL = {
    "authors": _AUTHORS,
    "authors_complete": _BOOL,
    "is_book": _BOOL,
    "comments_corrections": _COMMENTS,
    "databanks": _PAIRS,
    "extra": _MAPPING,
}
_FIELDS = tuple(f for f in dataclasses.fields(PubmedRecord))
#: field name -> kind; every tuple field not named in ``_SPECIAL`` is a tuple of strings.
_KINDS: dict[str, str] = {
    f.name: _SPECIAL.get(f.name, _STRING_TUPLE if "tuple" in str(f.type) else _STRINGS)
    for f in _FIELDS
}
_DEFAULTS: dict[str, Any] = {
    f.name: f.default if f.default is not dataclasses.MISSING else None for f in _FIELDS
}

#: Changes whenever the record's fields (names or kinds) change, so a cached JSON value
#: written for another shape of :class:`PubmedRecord` is never read as this one.
FORMAT_FINGERPRINT = hashlib.sha256(
    ";".join(f"{name}:{kind}" for name, kind in _KINDS.items()).encode()
).hexdigest()[:12]

#: The field names, a getter of all their values at once, and their defaults, in field order.
_NAMES = tuple(_KINDS)
_VALUES = operator.attrgetter(*_NAMES)
_DEFAULT_VALUES = tuple(_DEFAULTS[name] for name in _NAMES)
assert _NAMES[0] == "pmid" and _DEFAULTS["pmid"] is None and _NAMES[-1] == "extra"
assert {n for n, k in _KINDS.items() if k in (_AUTHORS, _COMMENTS, _MAPPING)} == {
    "authors", "comments_corrections", "extra"}

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False).encode


def record_to_json(record: PubmedRecord) -> str:
    """Return the compact JSON form of ``record`` (non-default fields only, ASCII).

    >>> record_to_json(PubmedRecord(pmid="1", title="T", authors=(Author(last="Li"),)))
    '{"pmid":"1","title":"T","authors":[["Li","","","",""]]}'
    """
    # every field that differs from its default, in field order (``pmid`` always: its
    # default is None; ``extra`` too, dropped below when empty); then the structured kinds
    # are turned into arrays in place, which keeps each key where it is
    fields = zip(_NAMES, _VALUES(record), _DEFAULT_VALUES, strict=True)
    out = {name: value for name, value, default in fields if value != default}
    authors = out.get("authors")
    if authors is not None:
        out["authors"] = [[a.last, a.first, a.initials, a.suffix, a.collective] for a in authors]
    comments = out.get("comments_corrections")
    if comments is not None:
        out["comments_corrections"] = [[c.ref_type, c.pmid, c.source, c.note] for c in comments]
    if record.extra:
        out["extra"] = dict(record.extra)
    else:
        out.pop("extra", None)
    return _dumps(out)


def _bad(name: str) -> ValueError:
    return ValueError(f"cached record JSON: bad value for {name!r}")


def _strings(value: Any, name: str, size: int = -1) -> list[str]:
    if type(value) is not list or (size >= 0 and len(value) != size):
        raise _bad(name)
    for item in value:
        if type(item) is not str:
            raise _bad(name)
    return value


def _decode_authors(value: Any, name: str) -> Any:
    if type(value) is not list:
        raise _bad(name)
    return tuple(Author(*_strings(item, name, 5)) for item in value)


def _decode_comments(value: Any, name: str) -> Any:
    if type(value) is not list:
        raise _bad(name)
    return tuple(CommentCorrection(*_strings(item, name, 4)) for item in value)


def _decode_pairs(value: Any, name: str) -> Any:
    if type(value) is not list:
        raise _bad(name)
    return tuple((pair[0], pair[1]) for pair in (_strings(item, name, 2) for item in value))


def _decode_mapping(value: Any, name: str) -> Any:
    if type(value) is not dict or not all(type(v) is str for v in value.values()):
        raise _bad(name)
    return value


def _decode_bool(value: Any, name: str) -> Any:
    if type(value) is not bool:
        raise _bad(name)
    return value


#: Decoders of the structured kinds; strings and string tuples are checked inline.
_DECODERS: dict[str, Callable[[Any, str], Any]] = {
    _BOOL: _decode_bool,
    _AUTHORS: _decode_authors,
    _COMMENTS: _decode_comments,
    _PAIRS: _decode_pairs,
    _MAPPING: _decode_mapping,
}


def record_from_json(text: str | bytes) -> PubmedRecord:
    """Return the record that :func:`record_to_json` wrote as ``text``.

    Raises:
        ValueError: ``text`` is not such a value (broken JSON, an unknown field, a value
            of the wrong type, no PMID).

    >>> record_from_json('{"pmid":"1","authors":[["Li","","","",""]]}').authors
    (Author(last='Li', first='', initials='', suffix='', collective=''),)
    """
    try:
        data = json.loads(text)  # json.JSONDecodeError is a ValueError
    except RecursionError:  # a damaged value such as "[[[[..." nested too deep
        raise ValueError("cached record JSON: nested too deeply") from None
    if type(data) is not dict or type(data.get("pmid")) is not str:
        raise ValueError("cached record JSON: not a record object with a PMID")
    kinds = _KINDS
    for name, value in data.items():  # values are replaced in place: no new dict
        kind = kinds.get(name)
        if kind == _STRINGS:
            if type(value) is not str:
                raise _bad(name)
        elif kind == _STRING_TUPLE:
            data[name] = tuple(_strings(value, name))
        elif kind is None:
            raise ValueError(f"cached record JSON: unknown field {name!r}")
        else:
            data[name] = _DECODERS[kind](value, name)
    return PubmedRecord(**data)
