"""CSL-JSON (Zotero, Pandoc, citeproc, Mendeley exports) -> references.

A document is an array of CSL items (a single item, or ``{"items": [...]}``, is read too).
Every field refgraph models is read: ``author`` (``family``/``given``/``suffix``, the
particles, or ``literal`` for a group), ``title``, ``container-title`` and
``container-title-short`` (the journal as cited; the full name goes to ``journal_full``),
``issued`` (``date-parts``, ``raw`` or ``literal``), ``volume``, ``issue``, ``page``
(expanded: ``740-53`` -> ``740-753``), ``DOI``, ``PMID``, ``PMCID``, ``annote`` (the
annotation), ``keyword``, the item ``type`` (mapped back to a BibTeX entry type) and the
``id``/``citation-key`` (kept as the key). Identifiers a tool put in ``note`` instead
(``PMID: N``, ``PMCID: PMCn``, ``DOI: ...`` lines, as Zotero writes them) are read from
there. An author list that ends in ``others``/``et al.`` (a name whose family or literal
is that) sets ``et_al``; so does refgraph's own ``refgraph-et-al: true`` note line.
Other CSL fields (``publisher``, ``publisher-place``, ``editor``, ``URL``, ``ISBN``,
``edition``, ...) are kept in ``extra`` under their BibTeX names.

Bad JSON is a :class:`~refgraph.errors.ParseError` with its line; an item that is not an
object is a ``bad_entry`` diagnostic. As with BibTeX and RIS exports, a missing PMID is not
a problem here (``check`` finds PMIDs).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from refgraph.bibfields import dotted_initials
from refgraph.errors import ParseError
from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid, unread_ids
from refgraph.keys import KeyAllocator, key_stem
from refgraph.model import Author, Diagnostic, Origin, ParseResult, Reference, initials_of
from refgraph.text import ET_AL_SPELLINGS, expand_pages, normalize_month, year_month

__all__ = [
    "EXTENSIONS",
    "NAME",
    "extra_fields",
    "ids_from_note",
    "item_lines",
    "json_text",
    "load_json",
    "name_author",
    "parse",
    "sniff",
]

NAME = "csl-json"
EXTENSIONS = (".json",)

#: CSL type -> BibTeX entry type.
# (a table: CSL type -> BibTeX type; zoterojson has Zotero's)
ENTRY_TYPES = {
    "article-journal": "article", "article": "article", "review": "article",
    "article-magazine": "article", "article-newspaper": "article", "book": "book",
    "chapter": "incollection", "paper-conference": "inproceedings", "thesis": "phdthesis",
    "report": "techreport", "webpage": "online", "post-weblog": "online", "dataset": "misc",
}  # fmt: skip
#: CSL variable -> extra field name (BibTeX's where it has one).
EXTRA_FIELDS = {
    "publisher": "publisher", "publisher-place": "address", "edition": "edition",
    "URL": "url", "ISBN": "isbn", "ISSN": "issn", "language": "language",
    "collection-title": "series", "event-title": "eventtitle", "abstract": "abstract",
    "number": "number", "genre": "type",
}  # fmt: skip
_SNIFF_RE = re.compile(r'"(?:issued|container-title|DOI|PMID|citation-key)"\s*:')
_NOTE_ID_RE = re.compile(r"^\s*(PMID|PMCID|DOI)\s*:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)
_INITIALS_RE = re.compile(r"(?:[A-Z]\.?\s*-?){1,4}")


def sniff(text: str) -> bool:
    """A JSON array or object whose head holds CSL variables (and no Zotero ``itemType``)."""
    head = text[:20_000].lstrip("\ufeff \t\r\n")
    return (
        head[:1] in ("[", "{")
        and '"itemType"' not in head
        and _SNIFF_RE.search(head) is not None
        and ('"type"' in head or '"title"' in head)
    )


#: A surrogate escape (``\\ud800``): JSON may spell half a pair, which no file can hold.
_SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: Longest number read as a number (Python refuses to convert over 4,300 digits).
_LONGEST_INT = 100


def _int(digits: str) -> int | str:
    return int(digits) if len(digits) <= _LONGEST_INT else digits  # kept as its digits


def _whole(value: Any, replaced: list[int]) -> Any:
    """``value`` with every lone surrogate a U+FFFD (their number added to ``replaced``)."""
    if isinstance(value, str):
        fixed, count = _SURROGATE_RE.subn("\ufffd", value)
        replaced[0] += count
        return fixed
    if isinstance(value, list):
        return [_whole(v, replaced) for v in value]
    if isinstance(value, dict):
        return {_whole(k, replaced): _whole(v, replaced) for k, v in value.items()}
    return value


def load_json(text: str, source: str, problems: list[Diagnostic] | None = None) -> Any:
    """Parse JSON; bad JSON is a :class:`ParseError` at its line and column.

    A lone surrogate escape (half a UTF-16 pair, which no output can encode) becomes U+FFFD,
    reported in ``problems``; a number too long for Python's ``int`` is kept as its digits.
    """
    try:
        data = json.loads(text.lstrip("\ufeff"), parse_int=_int)
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON: {exc.msg}", source, exc.lineno, exc.colno) from None
    except RecursionError:
        raise ParseError("malformed JSON: nested too deeply", source, 1) from None
    first = _SURROGATE_ESCAPE_RE.search(text)
    if first is None:
        return data
    replaced = [0]
    data = _whole(data, replaced)
    if replaced[0] and problems is not None:
        line = text.count("\n", 0, first.start()) + 1
        problems.append(Diagnostic(
            source, line, "bad_character",
            f"{replaced[0]} lone surrogate escape(s) (half a UTF-16 pair, as \\ud800) replaced "
            "by U+FFFD",
        ))  # fmt: skip
    return data


def json_text(value: Any) -> str:
    """A JSON value as one line of text: strings squashed, numbers written out, else ``""``."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


_text = json_text


def name_author(
    family: str, given: str, suffix: str = "", literal: str = "", *, marker: bool = True
) -> Author | None:
    """Return the :class:`Author` of one name (``None`` for an *et al.* marker; with
    ``marker=False`` a name spelled like one is a name)."""
    if marker and (literal or family).strip().lower() in ET_AL_SPELLINGS and not given:
        return None
    if literal or not family:
        return Author(collective=literal or given) if (literal or given) else None
    if _INITIALS_RE.fullmatch(given.strip()):  # "HM", "H. M.", "H.-M.": every letter counts
        return Author(last=family, initials=initials_of(dotted_initials(given)), suffix=suffix)
    return Author(last=family, first=given, initials=initials_of(given), suffix=suffix)


def _names(value: Any) -> tuple[tuple[Author, ...], bool]:
    authors: list[Author] = []
    et_al = False
    for name in value if isinstance(value, list) else []:
        if not isinstance(name, dict):
            continue
        family = " ".join(
            p for p in (_text(name.get("non-dropping-particle")), _text(name.get("family"))) if p
        )
        given = " ".join(
            p for p in (_text(name.get("given")), _text(name.get("dropping-particle"))) if p
        )
        author = name_author(
            family, given, _text(name.get("suffix")), _text(name.get("literal")),
            marker="parse-names" not in name,
        )  # fmt: skip
        if author is None:
            et_al = et_al or bool(family or name.get("literal"))
        else:
            authors.append(author)
    return tuple(authors), et_al


def _date(value: Any) -> tuple[str, str]:
    """``(year, month)`` of a CSL date (``date-parts``, ``raw``, ``literal``, or a string):
    the month as :func:`refgraph.text.normalize_month` names it (``8`` -> ``Aug``)."""
    if not isinstance(value, dict):
        return year_month(_text(value))
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0]
        year = _text(first[0])
        month = normalize_month(_text(first[1])) if len(first) > 1 else ""
        return year, month
    return year_month(_text(value.get("raw")) or _text(value.get("literal")))


def ids_from_note(note: str) -> dict[str, str]:
    """Identifier lines in a note/extra field: ``{"pmid": ..., "pmcid": ..., "doi": ...}``.

    >>> ids_from_note("PMID: 27292104\\nPMCID: PMC7138196")
    {'pmid': '27292104', 'pmcid': 'PMC7138196'}
    """
    out: dict[str, str] = {}
    for kind, value in _NOTE_ID_RE.findall(note):
        kind = kind.lower()
        clean = {"pmid": normalize_pmid(value) or "", "pmcid": normalize_pmcid(value),
                 "doi": normalize_doi(value)}[kind]
        if clean and (kind not in out or (kind == "pmid" and not normalize_pmid(out[kind]))):
            out[kind] = clean
        elif kind == "pmid" and not clean:
            out.setdefault(kind, value)  # kept as written: the reader reports it (bad_pmid)
    return out


def _pmid(value: str, noted: str) -> str:
    """The item's PMID, else the note's; one that is not a PMID is kept as written (never
    dropped: :func:`refgraph.sources.parse_text` reports it as ``bad_pmid``)."""
    return normalize_pmid(value) or (noted if normalize_pmid(noted) else "") or value or noted


def _item(item: dict[str, Any], source: str, line: int) -> Reference:
    get = item.get
    authors, et_al = _names(get("author"))
    note = _text(get("note")) and str(get("note"))
    noted = ids_from_note(note)
    if re.search(r"^\s*refgraph-et-al:\s*true\s*$", note, re.MULTILINE):
        et_al = True
    full = _text(get("container-title"))
    short = _text(get("container-title-short")) or _text(get("journalAbbreviation"))
    journal = short or full
    year, month = _date(get("issued"))
    editors, _ = _names(get("editor"))
    extra = extra_fields(item, editors, EXTRA_FIELDS)
    doi, pmcid = normalize_doi(_text(get("DOI"))), normalize_pmcid(_text(get("PMCID")))
    extra += unread_ids(_text(get("DOI")), _text(get("PMCID")))  # kept as written
    keywords = tuple(k for k in (p.strip() for p in re.split(r"[,;]", _text(get("keyword")))) if k)
    kind = _text(get("type"))
    key = _text(get("citation-key")) or _text(get("id"))
    # CSL variable -> Reference field by name (a field list; zoterojson maps its own names)
    return Reference(
        key=key,
        pmid=_pmid(_text(get("PMID")), noted.get("pmid", "")),
        entry_type=ENTRY_TYPES.get(kind, "misc" if kind else "article"),
        authors=authors,
        et_al=et_al,
        title=_text(get("title")),
        journal=journal,
        journal_full=full if full != journal else "",
        year=year,
        month=month,
        volume=_text(get("volume")),
        issue=_text(get("issue")),
        pages=expand_pages(_text(get("page"))),
        doi=doi or noted.get("doi", ""),
        pmcid=pmcid or noted.get("pmcid", ""),
        annotation=_text(get("annote")),
        keywords=keywords,
        extra=tuple(extra),
        origins=(Origin(source, line),),
    )


def extra_fields(
    item: dict[str, Any], editors: tuple[Author, ...], table: dict[str, str]
) -> list[tuple[str, str]]:
    """The fields a reference keeps as extras: its editors, then each item key of ``table``
    that has a value, under the BibTeX name the table gives it (CSL-JSON and Zotero)."""
    extra = [("editor", "; ".join(a.short() for a in editors))] if editors else []
    for key, name in table.items():
        value = json_text(item.get(key))
        if value:
            extra.append((name, value))
    return extra


def item_lines(text: str, count: int) -> list[int]:
    """Best-effort line of each top-level item: the lines where ``{`` opens at depth 1."""
    lines: list[int] = []
    depth, line, in_string, escaped = 0, 1, False, False
    for ch in text:
        if ch == "\n":
            line += 1
        elif in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            if depth == 1 and ch == "{":
                lines.append(line)
            depth += 1
        elif ch in "]}":
            depth -= 1
    return lines if len(lines) == count else [1] * count


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Parse a CSL-JSON document; see the module docstring."""
    problems: list[Diagnostic] = []
    data = load_json(text, source, problems)
    items: Any = data
    if isinstance(data, dict):
        items = data.get("items", [data]) if "items" in data else [data]
    if not isinstance(items, list):
        problems.append(Diagnostic(source, 1, "bad_entry", "not a CSL-JSON array"))
        return ParseResult((), tuple(problems), NAME)
    lines = item_lines(text, len(items)) if isinstance(data, list) else [1] * len(items)
    keys = KeyAllocator()
    references: list[Reference] = []
    for item, line in zip(items, lines, strict=True):
        if not isinstance(item, dict):
            text = f"not a CSL item: {item!r}"[:200]
            problems.append(Diagnostic(source, line, "bad_entry", text))
            continue
        ref = _item(item, source, line)
        stem = ref.key or key_stem(ref.authors, ref.journal, ref.title, ref.pmid, ref.year)
        key = keys.keep(stem) if ref.key else keys.allocate(stem)
        references.append(replace(ref, key=key))
    return ParseResult(tuple(references), tuple(problems), NAME)

