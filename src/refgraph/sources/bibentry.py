"""One BibTeX entry -> a :class:`~refgraph.model.Reference` (pure): the field mapping.

Shared by both paths of :mod:`refgraph.sources.bibtex`: the entries of bibtexparser 2.x and
those of the fast scanner (:mod:`refgraph.sources.bibtex_fast`, the same attributes) go
through :func:`entry_to_reference`, so both give the same references and problems. The
canonical forms and the problems are described in :mod:`refgraph.sources.bibtex`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from refgraph.bibfields import VERBATIM_FIELDS, anonymous_key, free_field_name
from refgraph.ids import normalize_doi, normalize_pmcid, normalize_pmid, pmid_in_url
from refgraph.latex import decode_latex
from refgraph.model import Diagnostic, Origin, Reference
from refgraph.sources.bibnames import clean_value, parse_authors, split_top
from refgraph.text import expand_pages, has_controls, normalize_month, squash, without_controls

__all__ = [
    "StringTable",
    "concatenate",
    "entry_to_reference",
    "has_control_characters",
    "join_problem",
    "month_of",
    "resolve_strings",
]

_BOOKTITLE_TYPES = frozenset({"incollection", "inproceedings", "inbook"})
_USEAUTHOR_RE = re.compile(r"\buseauthor\s*=\s*false\b\s*,?", re.IGNORECASE)
_ADDENDUM_PMCID_RE = re.compile(r"(?:^|;\s*)PMCID:\s*(PMC\d+)\s*$")



def _unbraced(value: str) -> str:
    """``value`` without the brace pairs around it (``{{123}}`` -> ``123``) and spaces.

    Only whole pairs go: a brace that is part of the value (``1{``, an escaped ``\\{``
    decoded) stays, so the value is reported as no PMID rather than read as another one.
    """
    value = value.strip()
    while len(value) >= 2 and value[0] == "{" and value[-1] == "}":
        value = value[1:-1].strip()
    return value

def _anonymous_author(author: str, options: str) -> bool:
    """Is this biblatex's ``author = {Anonymous}`` + ``useauthor=false`` of an unsigned work?"""
    return author.strip("{} ") == "Anonymous" and _USEAUTHOR_RE.search(options) is not None


_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
#: What the writer puts for ``\\``, ``{`` and ``}`` in a verbatim field it cannot write as is.
_WRITER_ESCAPE_RE = re.compile(r"\\text(?:backslash|braceleft|braceright)\{\}")


def month_of(value: str) -> str:
    """``Aug`` for a value naming a month (``aug``, ``8``, ``August``), else the value."""
    return normalize_month(value) or value


def _split_list(value: str) -> tuple[str, ...]:
    sep = ";" if ";" in value else ","
    return tuple(item for item in (" ".join(p.split()) for p in value.split(sep)) if item)


def concatenate(value: str, strings: dict[str, str]) -> str:
    """Resolve ``nejm # " (Boston)"`` (bibtexparser 2.x leaves ``#`` joins unresolved)."""
    out: list[str] = []
    for part in split_top(value, "#"):
        part = part.strip()
        if len(part) >= 2 and part[0] + part[-1] in ('""', "{}"):
            out.append(part[1:-1])
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        else:
            out.append(normalize_month(part) or part)
    return "".join(out)


#: The longest value an ``@string`` may expand to (``@string{b = a # a}`` doubles ``a``: forty
#: such lines would be a terabyte); a longer one is reported and left as written.
MAX_STRING = 100_000


class StringTable(dict[str, str]):
    """``@string`` values by lower-cased name; ``unexpanded`` names the ones left as written."""

    def __init__(self) -> None:
        super().__init__()
        self.unexpanded: set[str] = set()


def join_problem(value: str, strings: dict[str, str]) -> str | None:
    """Why ``value``'s ``#`` join is left as written (it uses an ``@string`` that was, or it
    would be longer than :data:`MAX_STRING`), or ``None``."""
    parts = [p.strip().lower() for p in split_top(value, "#")]
    unexpanded = getattr(strings, "unexpanded", ())
    for part in parts:
        if part in unexpanded:
            return f"uses @string {part!r}, which could not be expanded"
    if sum(len(strings.get(p, p)) for p in parts) > MAX_STRING:
        return f"expands to more than {MAX_STRING:,} characters"
    return None


def resolve_strings(
    blocks: Iterable[Any], source: str, problems: list[Diagnostic]
) -> StringTable:
    """The ``@string`` values by lower-cased name, each resolved in the order defined, as
    BibTeX does (bibtexparser 2.x resolves one level: ``@string{b = a # " X"}`` used by a
    later ``@string`` came out as the text ``a # " X"``). A value that would expand past
    :data:`MAX_STRING` characters, or uses one that did, is reported and left as written."""
    strings = StringTable()
    for block in blocks:
        value, name = str(block.value), str(block.key).lower()
        meta = block.parser_metadata or {}
        if meta.get("removed_enclosing") == "no-enclosing":
            why = join_problem(value, strings)
            if why:
                strings.unexpanded.add(name)
                line = (block.start_line or 0) + 1
                text = f"@string {name!r} {why}; left as written"
                problems.append(Diagnostic(source, line, "bad_entry", text))
            else:
                value = concatenate(value, strings)
        strings[name] = value
    return strings


def has_control_characters(text: str) -> bool:
    """Control characters other than page breaks (as :mod:`refgraph.sources._controls`)."""
    return has_controls(text) and has_controls(text.replace("\f", ""))


def _field_name(name: str) -> str:
    """A field name without control characters (``\\x08author`` is ``author``)."""
    return "".join(without_controls(name).split()) or "x-field"


def entry_to_reference(
    entry: Any,
    source: str,
    problems: list[Diagnostic],
    strings: dict[str, str] | None = None,
    controls: bool = False,
) -> Reference:
    """One entry (bibtexparser's, or the fast reader's of the same shape) -> a Reference.

    ``controls``: the text has control characters; they leave names and values first.
    """
    line = (entry.start_line or 0) + 1
    fields: dict[str, str] = {}  # the first value of each field
    first_index: dict[str, int] = {}
    order: list[tuple[str, str]] = []
    enclosing = entry.parser_metadata.get("removed_enclosing") if entry.parser_metadata else None
    names: set[str] | None = None  # every field name of the entry, once a name repeats
    cleaned: list[str] = []  # fields that had control characters
    for field in entry.fields:
        name = field.key.lower()
        value = field.value if isinstance(field.value, str) else str(field.value)
        if controls and (has_controls(name) or has_controls(value)):
            cleaned.append(name)  # before reading it, so what is read is what is kept
            name, value = _field_name(name), without_controls(value)
        if enclosing and "#" in value and enclosing.get(field.key) == "no-enclosing":
            why = join_problem(value, strings or {})
            if why:
                where = (field.start_line or entry.start_line or 0) + 1
                text = f"entry {entry.key!r}: field {name!r} {why}; left as written"
                problems.append(Diagnostic(source, where, "bad_entry", text))
            else:
                value = concatenate(value, strings or {})
        if name in VERBATIM_FIELDS and "\\text" in value and _WRITER_ESCAPE_RE.search(value):
            value = decode_latex(value)  # the writer's escape of a brace or backslash
        if name in fields:
            # BibTeX uses the first; the later value is kept under a name of its own (the
            # writer's x-<name>, free in this entry), so it reads back as it was read
            if names is None:
                names = {_field_name(str(f.key).lower()) for f in entry.fields}
            kept = free_field_name("x-" + name, names)
            names.add(kept)
            problems.append(
                Diagnostic(
                    source,
                    (field.start_line or entry.start_line or 0) + 1,
                    "duplicate_field",
                    f"entry {entry.key!r}: field {name!r} given twice; the first is used,"
                    f" this one is kept as {kept!r}",
                )
            )
            order.append((kept, value))
            continue
        fields[name] = value
        first_index[name] = len(order)
        order.append((name, value))
    if cleaned:
        problems.append(
            Diagnostic(
                source,
                line,
                "control_characters",
                "removed control characters (PDF debris or terminal escapes) from "
                f"{', '.join(map(repr, cleaned))} of {entry.key or 'this entry'}",
            )
        )
    entry_type = entry.entry_type.lower()
    if not entry_type:
        problems.append(
            Diagnostic(source, line, "bad_entry", f"entry {entry.key!r} has no type: read as @misc")
        )
        entry_type = "misc"
    taken: set[str] = set()  # fields the model consumed (their first value)

    def take(name: str) -> str:
        value = fields.get(name)
        if value is None:
            return ""
        taken.add(name)
        return value

    values: dict[str, Any] = {}
    if "author" in fields:
        values["authors"], values["et_al"] = parse_authors(take("author"))
        if "options" in fields and _anonymous_author(fields["author"], fields["options"]):
            values["authors"], values["et_al"] = (), False  # refgraph's biblatex placeholder
            options = _USEAUTHOR_RE.sub("", fields["options"]).strip(" ,")
            if options:
                fields["options"] = options
                order[first_index["options"]] = ("options", options)
            else:
                take("options")
    values["title"] = clean_value(take("title"))
    journal = clean_value(take("journal"))
    full = clean_value(take("journal-full"))
    if not journal and "journaltitle" in fields:
        journal = clean_value(take("journaltitle"))
        if "shortjournal" in fields:  # biblatex: journaltitle is the full title then
            full, journal = journal, clean_value(take("shortjournal"))
    if not journal and entry_type in _BOOKTITLE_TYPES and "booktitle" in fields:
        journal = clean_value(take("booktitle"))
    values["journal"] = journal
    values["journal_full"] = "" if full == journal else full
    year = clean_value(take("year"))
    month = month_of(clean_value(take("month")))
    if "date" in fields:
        date = clean_value(fields["date"])
        m = _DATE_RE.fullmatch(date)
        if m and not year:
            year = m.group(1)
            if m.group(2) and not month:
                month = month_of(m.group(2))
            if not m.group(3):
                take("date")  # fully represented by year and month
        elif not year and date:
            year = date[:4] if date[:4].isdigit() else ""
    values["year"], values["month"] = year, month
    values["volume"] = clean_value(take("volume"))
    issue = clean_value(take("number"))
    if not issue and "issue" in fields:
        issue = clean_value(take("issue"))
    values["issue"] = issue
    values["pages"] = expand_pages(clean_value(take("pages")))
    if "doi" in fields:
        doi = normalize_doi(fields["doi"])
        if doi:
            take("doi")
        values["doi"] = doi
    pmid = ""
    if "pmid" in fields:
        pmid = normalize_pmid(_unbraced(fields["pmid"])) or ""
        if pmid:
            take("pmid")
        else:
            problems.append(
                Diagnostic(
                    source, line, "bad_pmid", f"entry {entry.key!r}: pmid {fields['pmid']!r}"
                )
            )
    if "eprint" in fields and fields.get("eprinttype", "").strip().lower() == "pubmed":
        eprint = normalize_pmid(_unbraced(fields["eprint"])) or ""
        if eprint and (not pmid or eprint == pmid):
            pmid = eprint
            take("eprint")
            take("eprinttype")
    if not pmid and "pmid" not in fields and "url" in fields:  # a PubMed address names it
        pmid = pmid_in_url(fields["url"])
    values["pmid"] = pmid
    if "pmcid" in fields:
        pmcid = normalize_pmcid(_unbraced(fields["pmcid"]))
        if pmcid:
            take("pmcid")
        values["pmcid"] = pmcid
    if not values.get("pmcid") and "addendum" in fields:  # biblatex: "PMCID: PMC..." at its end
        m = _ADDENDUM_PMCID_RE.search(fields["addendum"])
        if m:
            values["pmcid"] = m.group(1)
            rest = fields["addendum"][: m.start()]
            if rest:
                fields["addendum"] = rest
                order[first_index["addendum"]] = ("addendum", rest)
            else:
                take("addendum")
    annotation = clean_value(take("annote"))
    if not annotation and "annotation" in fields:
        annotation = clean_value(take("annotation"))
    values["annotation"] = annotation
    values["keywords"] = _split_list(clean_value(take("keywords")))
    values["publication_types"] = _split_list(clean_value(take("pubtype")))
    values["trials"] = _split_list(clean_value(take("trials")))
    if not values.get("authors") and not values.get("et_al"):
        derived = None  # refgraph's own sort key of an anonymous work reads back as nothing
        for name in ("key", "sortkey"):
            if name in fields:
                if derived is None:
                    derived = anonymous_key(Reference(key=entry.key, **values))
                if clean_value(fields[name]) == derived:
                    take(name)
    extra: list[tuple[str, str]] = []
    for index, (name, value) in enumerate(order):
        if name in taken and first_index[name] == index:
            continue  # consumed by the model
        value = squash(value if name in VERBATIM_FIELDS else clean_value(value))
        if value:
            extra.append((name, value))
    values["extra"] = tuple(extra)
    return Reference(
        key=entry.key, entry_type=entry_type, origins=(Origin(source, line),), **values
    )
