"""References -> biblatex: only fields of biblatex's data model, so biber validates cleanly.

``refgraph export --format biblatex`` is for biber/biblatex documents. Every field it
writes is one biblatex documents for the entry type (``biber --validate-datamodel``
reports no warning); refgraph's own BibTeX fields are mapped where biblatex has a home
for them and left out where it has none:

- PMID -> ``eprint`` with ``eprinttype = {pubmed}`` (biblatex manual, "Electronic
  publishing information": it links the entry to PubMed); no ``pmid`` field;
- PMCID -> ``addendum = {PMCID: PMC...}``, printed at the end of the entry (the form
  NIH asks citations to carry); read back into the PMCID;
- journal -> ``journaltitle``; when the full title is known as well, ``journaltitle`` is
  the full title and ``shortjournal`` the title as cited;
- year and month -> ``date`` (``2016``, ``2016-08``; a year that is not one stays ``year``);
- ``annote`` -> ``annotation``; BibTeX's legacy names (``address``, ``school``, ``key``
  ...) -> biblatex's (``location``, ``institution``, ``sortkey`` ...); legacy entry types
  (``phdthesis``, ``techreport`` ...) -> ``thesis``/``report`` with their ``type``;
- an anonymous work (no author) gets ``author = {Anonymous}`` with
  ``options = {useauthor=false}`` (biblatex then neither prints nor sorts by it: the entry
  starts with its title, as the styles want an unsigned work) and a ``sortkey``; the
  author field only satisfies the data model, which makes it mandatory for articles;
- left out, as biblatex has no field for them: publication types, trial registrations,
  and any other field outside the data model (``--format bibtex`` keeps all of them).

The field lists are biblatex's own (``blx-dm.def`` of biblatex 3.18): fields every entry
type takes, plus those of each type.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["BIBLATEX_FIELD_ALIASES", "BIBLATEX_TYPE_ALIASES", "biblatex_type", "valid_field"]

_FIELDS_BY_TYPE: dict[str, str] = {
    "*": (
        "abstract annotation authortype bookpagination crossref day doi endday endhour "
        "endminute endmonth endsecond endtimezone endyear endyeardivision entryset entrysubtype "
        "eprint eprintclass eprinttype execute file gender hour ids indexsorttitle indextitle "
        "isan ismn iswc keywords label langid langidopts library lista listb listc listd liste "
        "listf minute month namea nameaddon nameatype nameb namebtype namec namectype options "
        "origday origendday origendhour origendminute origendmonth origendsecond "
        "origendtimezone origendyear origendyeardivision orighour origlocation origminute "
        "origmonth origpublisher origsecond origtimezone origtitle origyear origyeardivision "
        "pagination presort related relatedoptions relatedstring relatedtype second shortauthor "
        "shorteditor shorthand shorthandintro shortjournal shortseries shorttitle sortkey "
        "sortname sortshorthand sorttitle sortyear timezone url urlday urlendday urlendhour "
        "urlendminute urlendmonth urlendsecond urlendtimezone urlendyear urlhour urlminute "
        "urlmonth urlsecond urltimezone urlyear usera userb userc userd usere userf verba verbb "
        "verbc xdata xref year yeardivision "
    ),
    "set": ("entryset "),
    "article": (
        "addendum annotator author commentator editor editora editoratype editorb editorbtype "
        "editorc editorctype editortype eid issn issue issuesubtitle issuetitle issuetitleaddon "
        "journalsubtitle journaltitle journaltitleaddon language note number origlanguage pages "
        "pubstate series subtitle title titleaddon translator version volume "
    ),
    "bibnote": ("note "),
    "book": (
        "addendum afterword annotator author chapter commentator edition editor editora "
        "editoratype editorb editorbtype editorc editorctype editortype eid foreword "
        "introduction isbn language location mainsubtitle maintitle maintitleaddon note number "
        "origlanguage pages pagetotal part publisher pubstate series subtitle title titleaddon "
        "translator volume volumes "
    ),
    "mvbook": (
        "addendum afterword annotator author commentator edition editor editora editoratype "
        "editorb editorbtype editorc editorctype editortype foreword introduction isbn language "
        "location note number origlanguage pagetotal publisher pubstate series subtitle title "
        "titleaddon translator volume volumes "
    ),
    "inbook,bookinbook,suppbook": (
        "addendum afterword annotator author bookauthor booksubtitle booktitle booktitleaddon "
        "chapter commentator edition editor editora editoratype editorb editorbtype editorc "
        "editorctype editortype eid foreword introduction isbn language location mainsubtitle "
        "maintitle maintitleaddon note number origlanguage pages part publisher pubstate series "
        "subtitle title titleaddon translator volume volumes "
    ),
    "booklet": (
        "addendum author chapter editor editortype eid howpublished language location note "
        "pages pagetotal pubstate subtitle title titleaddon type "
    ),
    "collection,reference": (
        "addendum afterword annotator chapter commentator edition editor editora editoratype "
        "editorb editorbtype editorc editorctype editortype eid foreword introduction isbn "
        "language location mainsubtitle maintitle maintitleaddon note number origlanguage pages "
        "pagetotal part publisher pubstate series subtitle title titleaddon translator volume "
        "volumes "
    ),
    "mvcollection,mvreference": (
        "addendum afterword annotator author commentator edition editor editora editoratype "
        "editorb editorbtype editorc editorctype editortype foreword introduction isbn language "
        "location note number origlanguage publisher pubstate subtitle title titleaddon "
        "translator volume volumes "
    ),
    "incollection,suppcollection,inreference": (
        "addendum afterword annotator author booksubtitle booktitle booktitleaddon chapter "
        "commentator edition editor editora editoratype editorb editorbtype editorc editorctype "
        "editortype eid foreword introduction isbn language location mainsubtitle maintitle "
        "maintitleaddon note number origlanguage pages part publisher pubstate series subtitle "
        "title titleaddon translator volume volumes "
    ),
    "dataset": (
        "addendum author edition editor editortype language location note number organization "
        "publisher pubstate series subtitle title titleaddon type version "
    ),
    "manual": (
        "addendum author chapter edition editor editortype eid isbn language location note "
        "number organization pages pagetotal publisher pubstate series subtitle title "
        "titleaddon type version "
    ),
    "misc,software": (
        "addendum author editor editortype howpublished language location note organization "
        "pubstate subtitle title titleaddon type version "
    ),
    "online": (
        "addendum author editor editortype language note organization pubstate subtitle title "
        "titleaddon version "
    ),
    "patent": (
        "addendum author holder location note number pubstate subtitle title titleaddon type "
        "version "
    ),
    "periodical": (
        "addendum editor editora editoratype editorb editorbtype editorc editorctype editortype "
        "issn issue issuesubtitle issuetitle issuetitleaddon language note number pubstate "
        "series subtitle title titleaddon volume yeardivision "
    ),
    "mvproceedings": (
        "addendum editor editortype eventday eventendday eventendhour eventendminute "
        "eventendmonth eventendsecond eventendtimezone eventendyear eventendyeardivision "
        "eventhour eventminute eventmonth eventsecond eventtimezone eventtitle eventtitleaddon "
        "eventyear eventyeardivision isbn language location note number organization pagetotal "
        "publisher pubstate series subtitle title titleaddon venue volumes "
    ),
    "proceedings": (
        "addendum chapter editor editortype eid eventday eventendday eventendhour "
        "eventendminute eventendmonth eventendsecond eventendtimezone eventendyear "
        "eventendyeardivision eventhour eventminute eventmonth eventsecond eventtimezone "
        "eventtitle eventtitleaddon eventyear eventyeardivision isbn language location "
        "mainsubtitle maintitle maintitleaddon note number organization pages pagetotal part "
        "publisher pubstate series subtitle title titleaddon venue volume volumes "
    ),
    "inproceedings": (
        "addendum author booksubtitle booktitle booktitleaddon chapter editor editortype eid "
        "eventday eventendday eventendhour eventendminute eventendmonth eventendsecond "
        "eventendtimezone eventendyear eventendyeardivision eventhour eventminute eventmonth "
        "eventsecond eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn "
        "language location mainsubtitle maintitle maintitleaddon note number organization pages "
        "part publisher pubstate series subtitle title titleaddon venue volume volumes "
    ),
    "report": (
        "addendum author chapter eid institution isrn language location note number pages "
        "pagetotal pubstate subtitle title titleaddon type version "
    ),
    "thesis": (
        "addendum author chapter eid institution language location note pages pagetotal "
        "pubstate subtitle title titleaddon type "
    ),
    "unpublished": (
        "addendum author eventday eventendday eventendhour eventendminute eventendmonth "
        "eventendsecond eventendtimezone eventendyear eventendyeardivision eventhour "
        "eventminute eventmonth eventsecond eventtimezone eventtitle eventtitleaddon eventyear "
        "eventyeardivision howpublished language location note pubstate subtitle title "
        "titleaddon type venue "
    ),
}
#: Field name sets by entry type (``"*"``: valid in every entry type; dates added: the
#: data model declares them as date parts).
_VALID: dict[str, frozenset[str]] = {}
for _types, _names in _FIELDS_BY_TYPE.items():
    for _type in _types.split(","):
        _VALID[_type] = _VALID.get(_type, frozenset()) | frozenset(_names.split())
_GLOBAL = _VALID.pop("*") | {"date", "eventdate", "origdate", "urldate"}

#: biblatex's entry types (``@periodical`` ... are not in the tables above: they take only
#: the fields every type takes).
ENTRY_TYPES = frozenset(
    [
        "article",
        "artwork",
        "audio",
        "bibnote",
        "book",
        "bookinbook",
        "booklet",
        "collection",
        "commentary",
        "customa",
        "customb",
        "customc",
        "customd",
        "custome",
        "customf",
        "dataset",
        "image",
        "inbook",
        "incollection",
        "inproceedings",
        "inreference",
        "jurisdiction",
        "legal",
        "legislation",
        "letter",
        "manual",
        "misc",
        "movie",
        "music",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "mvreference",
        "online",
        "patent",
        "performance",
        "periodical",
        "proceedings",
        "reference",
        "report",
        "review",
        "set",
        "software",
        "standard",
        "suppbook",
        "suppcollection",
        "suppperiodical",
        "thesis",
        "unpublished",
        "video",
    ]
)
_MONTH_MACROS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)
#: BibTeX entry type -> (biblatex type, its ``type`` field).
BIBLATEX_TYPE_ALIASES = {
    "conference": ("inproceedings", ""),
    "electronic": ("online", ""),
    "www": ("online", ""),
    "mastersthesis": ("thesis", "mathesis"),
    "phdthesis": ("thesis", "phdthesis"),
    "techreport": ("report", "techreport"),
}
#: BibTeX field -> biblatex field (biber's own aliases).
BIBLATEX_FIELD_ALIASES = {
    "address": "location",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "journal": "journaltitle",
    "key": "sortkey",
    "primaryclass": "eprintclass",
    "school": "institution",
}


def biblatex_type(entry_type: str) -> tuple[str, str]:
    """Return ``(biblatex entry type, value of its type field or "")``.

    >>> biblatex_type("phdthesis"), biblatex_type("article"), biblatex_type("webpage")
    (('thesis', 'phdthesis'), ('article', ''), ('misc', ''))
    """
    entry_type = entry_type.lower()
    if entry_type in BIBLATEX_TYPE_ALIASES:
        return BIBLATEX_TYPE_ALIASES[entry_type]
    return (entry_type if entry_type in ENTRY_TYPES else "misc"), ""


def valid_field(entry_type: str, name: str) -> bool:
    """Return whether biblatex's data model has field ``name`` in ``entry_type``.

    >>> valid_field("article", "journaltitle"), valid_field("article", "pmid")
    (True, False)
    """
    return name in _GLOBAL or name in _VALID.get(entry_type, frozenset())


def valid_fields(entry_type: str, names: Iterable[str]) -> list[str]:
    """Return the names of ``names`` biblatex's data model has for ``entry_type``, in order."""
    return [n for n in names if valid_field(entry_type, n)]


def to_biblatex(
    entry_type: str,
    fields: list[tuple[str, str]],
    *,
    journal_full: str,
    date: str,
    anonymous_key: str,
) -> tuple[str, list[tuple[str, str]]]:
    """Map an entry's BibTeX fields (values already escaped) to biblatex's data model.

    Args:
        entry_type: the BibTeX entry type.
        fields: the ``(name, value)`` pairs :func:`refgraph.export.bibtex.bibtex_fields`
            writes in the BibTeX dialect.
        journal_full: the escaped full journal title ("" when unknown or as cited).
        date: the ISO date (``2016``, ``2016-08``) or "" when the year is not one.
        anonymous_key: the escaped sort key of a work without authors ("" otherwise).

    Returns:
        The biblatex entry type and its fields, every one valid for that type.
    """
    kind, type_field = biblatex_type(entry_type)
    extra_addendum = ""
    pmcid = ""
    out: list[tuple[str, str]] = []
    if journal_full and not any(name == "journal" and value.strip() for name, value in fields):
        # a journal known by its full title only (a blank one is none) is that title
        fields = [("journal", journal_full), *((n, v) for n, v in fields if n != "journal")]
        journal_full = ""
    for name, value in fields:
        if name == "journal":
            if not valid_field(kind, "journaltitle"):
                continue
            if journal_full:
                out += [("journaltitle", journal_full), ("shortjournal", value)]
            else:
                out.append(("journaltitle", value))
        elif name == "year":
            out.append(("date", date) if date else ("year", value))
        elif name == "month":
            if not date and value in _MONTH_MACROS:  # biblatex months are 1-12 only
                out.append(("month", value))
        elif name == "pmcid":
            pmcid = value
        elif name == "addendum":
            extra_addendum = value
        elif name not in ("journal-full", "pmid", "pubtype", "trials"):
            out.append((BIBLATEX_FIELD_ALIASES.get(name, name), value))
    if pmcid or extra_addendum:
        addendum = "; ".join(v for v in (extra_addendum, f"PMCID: {pmcid}" if pmcid else "") if v)
        out.append(("addendum", addendum))
    written: set[str] = set()
    valid: list[tuple[str, str]] = []
    for name, value in out:
        if name not in written and valid_field(kind, name):
            written.add(name)
            valid.append((name, value))
    if type_field and "type" not in written:
        valid.append(("type", type_field))
    if anonymous_key and "author" not in written:
        options = dict(valid).get("options", "")
        valid = [(n, v) for n, v in valid if n != "options"]
        valid.insert(0, ("author", "Anonymous"))
        valid.append(("options", "useauthor=false" + (", " + options if options else "")))
        if "sortkey" not in written:
            valid.append(("sortkey", anonymous_key))
    return kind, valid
