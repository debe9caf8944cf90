"""Reading the fake server's request parameters as NCBI reads them: ids, numbers, one value.

The merged GET/POST parameters arrive as :data:`Params` (``parse_qs`` shape); these helpers
are shared by the endpoints (:mod:`refgraph.testing._endpoints`) and the request log
(:mod:`refgraph.testing._http`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from refgraph.testing._faults import JSON, Reply

__all__ = ["MAX_ID", "Params", "first", "integer", "json_reply", "split_ids", "unique", "valid"]

Params = dict[str, list[str]]
#: The largest UID NCBI accepts (epost names it in its error).
MAX_ID = 18446744073709551615
_DIGITS = re.compile(r"[0-9]+")


def split_ids(params: Params) -> list[list[str]]:
    """The ``id`` parameters, each split on commas (one inner list per ``id=``)."""
    groups = []
    for value in params.get("id", []):
        tokens = [t.strip() for t in re.split(r"[,\s]+", value) if t.strip()]
        if tokens:
            groups.append(tokens)
    return groups


def valid(token: str) -> str | None:
    """A PMID as NCBI reads it: digits, non-zero, normalised; ``-1`` reads as ``1`` (observed)."""
    if token == "-1":
        return "1"
    if _DIGITS.fullmatch(token) and 0 < int(token) <= MAX_ID:
        return str(int(token))
    return None


def unique(items: Sequence[str]) -> list[str]:
    """``items`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(items))


def first(params: Params, name: str, default: str = "") -> str:
    """The first value of ``name``, stripped (``default`` when absent)."""
    values = params.get(name)
    return values[0].strip() if values else default


def integer(params: Params, name: str, default: int) -> int:
    """The first value of ``name`` as an integer; ``default`` when absent or not a number."""
    try:
        return int(first(params, name, str(default)))
    except ValueError:
        return default


def json_reply(payload: object) -> Reply:
    """A 200 JSON reply."""
    return Reply(200, JSON, json.dumps(payload).encode())
