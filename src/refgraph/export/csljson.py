"""References -> CSL-JSON, the citation data Pandoc, Zotero and citeproc read (pure).

One object per reference: ``id`` (the key), ``type``, ``author`` (``family``/``given``
or ``literal`` for a group), ``title``, ``container-title`` and ``container-title-short``,
``issued`` (``date-parts``), ``volume``, ``issue``, ``page``, ``DOI``, ``PMID``, ``PMCID``,
``annote`` (the annotation) and ``note`` (``PMID: ...`` lines, which Zotero reads).

An incomplete author list ("et al." in the citation) ends with the name
``{"literal": "others"}``: the form pandoc's BibTeX reader gives ``and others``, which
its citeproc renders as the style's "et al." (refgraph's own CSL engine does the same).
The authors the citation names are never padded or reordered.

Example:
    >>> from refgraph.model import Author, Reference
    >>> ref = Reference(key="Lamb2017", pmid="28819740", authors=(Author("Lamb", "", "YN"),),
    ...                 journal="Drugs", year="2017", volume="77", pages="1603-1610")
    >>> item = csl_item(ref)
    >>> item["author"], item["issued"], item["page"]
    ([{'family': 'Lamb', 'given': 'Y. N.'}], {'date-parts': [[2017]]}, '1603-1610')
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from refgraph.model import Author, Reference
from refgraph.text import ET_AL_SPELLINGS, month_number

__all__ = ["CSL_TYPES", "ET_AL_NAME", "csl_author", "csl_item", "csl_items", "write_csljson"]

#: The last name of an incomplete author list (pandoc's reading of BibTeX's "and others").
ET_AL_NAME = {"literal": "others"}

#: BibTeX entry type -> CSL type.
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "online": "webpage",
    "misc": "article",
}



def csl_author(author: Author) -> dict[str, Any]:
    """Return one CSL name: ``{"family", "given"[, "suffix"]}`` or ``{"literal"}``.

    A real name spelled like the *et al.* marker (a group called "Others") carries
    ``"parse-names": false``, so it is not read back (or rendered) as the marker.

    >>> csl_author(Author(collective="INO-VATE Investigators"))
    {'literal': 'INO-VATE Investigators'}
    >>> csl_author(Author(collective="Others"))
    {'literal': 'Others', 'parse-names': False}
    """
    name: dict[str, Any]
    if author.collective:
        name = {"literal": author.collective}
    else:
        name = {"family": author.last}
        given = author.first or " ".join(f"{c}." for c in author.name_initials)
        if given:
            name["given"] = given
        if author.suffix:
            name["suffix"] = author.suffix
    spelled = (author.collective or author.last).strip().lower()
    if "given" not in name and spelled in ET_AL_SPELLINGS:
        name["parse-names"] = False
    return name


def _date_parts(ref: Reference) -> list[int]:
    year = re.match(r"\d{4}", ref.year or "")
    if not year:
        return []
    parts = [int(year.group(0))]
    month = month_number(ref.month)
    if month:
        parts.append(month)
    return parts


def csl_item(ref: Reference) -> dict[str, Any]:
    """Return the CSL-JSON object of one reference (empty fields left out)."""
    item: dict[str, Any] = {"id": ref.key, "type": CSL_TYPES.get(ref.entry_type, "article")}
    if ref.authors or ref.et_al:
        item["author"] = [csl_author(a) for a in ref.authors]
        if ref.et_al:
            item["author"].append(dict(ET_AL_NAME))
    fields = {
        "title": ref.title,
        "container-title": ref.journal_full or ref.journal,
        "container-title-short": ref.journal,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.pages,
        "DOI": ref.doi,
        "PMID": ref.pmid,
        "PMCID": ref.pmcid,
        "annote": ref.annotation,
    }
    item.update((k, v) for k, v in fields.items() if v)
    parts = _date_parts(ref)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    elif ref.year:
        item["issued"] = {"literal": ref.year}
    # one line per identifier, each value on its line: a line break in a value would let it
    # write a line of its own ("PMID: ...") that readers take for another identifier
    ids = (("PMID", ref.pmid), ("PMCID", ref.pmcid))
    note = "\n".join(f"{name}: {' '.join(value.split())}" for name, value in ids if value.strip())
    if note:
        item["note"] = note
    if ref.keywords:
        item["keyword"] = ", ".join(ref.keywords)
    return item


def csl_items(references: Sequence[Reference]) -> list[dict[str, Any]]:
    """Return the CSL-JSON objects of ``references``, in order."""
    return [csl_item(r) for r in references]


def write_csljson(references: Sequence[Reference]) -> str:
    """Return ``references`` as a CSL-JSON document (a UTF-8 JSON array, one line per field)."""
    return json.dumps(csl_items(references), ensure_ascii=False, indent=2) + "\n"
