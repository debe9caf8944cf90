"""Read the fields of one citation in any of the styles medical writing uses (pure).

:func:`read_fields` takes the identifiers out (PMID, PMCID, DOI in every spelling: ``PubMed
PMID: N``, ``PMID: N``, ``[PUBMED: N]``, ``PubMed Central PMCID: PMCn``, ``[PMC free article]``,
``doi: ...``, a bare ``10.x/y`` after the source, ``Epub ...``; a PubMed note such as
``Erratum in: ...`` is not part of the citation) and reads the rest:

- ``nlm``: NLM/Vancouver and PubMed's own "Cite" form (``Journal. 2016 Aug 25;375(8):740-53.``)
  by :func:`refgraph.sources._citation.citation_parts`, when its reading holds together;
- ``general``: any other style, by structure (:mod:`refgraph.sources._general`): the source
  numbers, the names, the year, title and journal between them;
- where the rule is unsure of a field (no authors found, no journal before the source, a
  "journal" that reads like a title, no year), the **field tagger** (:mod:`refgraph.tagger`)
  reads the citation too, and its value is taken for that field when its own confidence is
  high enough (``+tagger``). Fields still in doubt are named in :attr:`Fields.doubt`.

What is read comes with how it was read (:attr:`Fields.rule`) and how sure the reading is
(:attr:`Fields.confidence`): the reference's read-by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refgraph.ids import normalize_doi
from refgraph.model import Author
from refgraph.sources._citation import citation_parts, split_identifiers
from refgraph.sources._gbt import full_width_punctuation, is_gbt, read_gbt
from refgraph.sources._general import (
    ACCESS_WORDS,
    extend_journal,
    journal_oddness,
    odd_journal,
    read_general,
    without_access_dates,
)
from refgraph.sources._names import author_end, read_names
from refgraph.sources._source import normalise
from refgraph.sources._volfirst import volume_first

__all__ = ["TAGGER_TRUST", "Fields", "read_fields", "take_ids"]

#: The tagger's value replaces a doubtful rule value when its confidence is at least this.
TAGGER_TRUST = 0.6
#: A field read with less confidence than this is named in ``doubt``.
DOUBT = 0.8
#: How sure a reading by structure is when every part was found where expected.
GENERAL_CONFIDENCE = 0.9


# The Reference fields a citation string can hold, under the same names on purpose (the
# readers copy them over one to one): a field list, not logic written twice.
@dataclass(slots=True)
class Fields:
    """One citation's fields (plain strings, empty when the text does not give them)."""

    authors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str = ""
    journal: str = ""
    year: str = ""
    month: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    epub: str = ""
    rule: str = ""
    confidence: float = 1.0
    doubt: tuple[str, ...] = field(default=())

    @property
    def has_source(self) -> bool:
        """Does the reading name a work: a journal, a year, or an identifier?"""
        return bool(self.journal or self.year or self.doi or self.pmid or self.pmcid)


_YEAR = r"(?:1[6-9]|20)\d\d"
_PMID_EXTRA_RE = re.compile(r"\[\s*PUBMED\s*:\s*(\d+)\s*\]|\bPMID\s*:?\s*(\d+)", re.I)
_PMCPMC_RE = re.compile(r"PMC(?:PMC)+(\d)", re.I)
_BARE_DOI_RE = re.compile(r"(?<![\w/.])(10\.\d{4,9}/[^\s\]\[\"<>]+)")
_LINK_WORDS_RE = re.compile(
    r"\[(?:DOI|PubMed|PMC free article|CrossRef|Cross Ref|Free full text|Google Scholar|PMC)\]"
    r"|\bPubMed Citation\b|\s-\s*PubMed\b|\bFree PMC article\.?|\bNo abstract available\.?"
    r"|\beCollection\s+\d{4}(?:\s+\w{3})?\.?|\[Epub ahead of print\]|(?-i:(?<=\. )Review\.(?=\s|$))"
    r"|\bAvailable (?:from|online at):?\s*(?:https?://\S+)?|\bRetrieved from\s*(?:https?://\S+)?"
    r"|\bhttps?://\S+"
    # catalogue numbers (Wikipedia's "ISSN 1610-1987. S2CID 220523562."): their digits are no year
    r"|\b(?:e?ISSN|ISBN(?:-1[03])?|OCLC|S2CID|JSTOR|LCCN|Bibcode|CiteSeerX)\s*:?\s*\d[\w./&:-]*",
    re.I,
)
_AUTHORS_DOTTED_RE = re.compile(
    r"(?:[^,.()\d]{1,40}?\s(?:[A-Z]\.\s?-?){1,4},\s*)*(?:[^,.()\d]{1,40}?\s(?:[A-Z]\.\s?-?)"
    r"{1,4}|et al\.)(?=\s|$)"
)
#: Words one of which every _LINK_WORDS_RE match holds (lower case): a cheap test first.
_LINK_WORDS = ("[", "pubmed", "free pmc", "no abstract", "ecollection", "review.", "available",
               "retrieved", "http", "issn", "isbn", "oclc", "s2cid", "jstor", "lccn", "bibcode",
               "citeseerx")  # fmt: skip
_LABEL_LEFT_RE = re.compile(r"\bdoi\s*:?\s*(?=[\s.]|$)|\bPMCID\s*:?\s*(?=[\s;.]|$)", re.I)
_EMPTY_SEPARATOR_RE = re.compile(r"\s*[;,]\s*(?=[;,.]|$)")
_NOTE_RE = re.compile(
    r"\s*\b(?:Erratum|Comment|Update|Retraction|Expression of Concern|Corrected and republished)"
    r"\s+(?:in|for|of|on)\s*:.*?(?=(?:PubMed\s+)?PMID|PMCID|PubMed Central|$)",
    re.I,
)


def take_ids(text: str) -> tuple[str, str, str, str, str]:
    """Return ``(rest, pmid, pmcid, doi, epub)`` with every identifier spelling taken out."""
    if "PMCPMC" in text or "pmcpmc" in text.lower():
        text = _PMCPMC_RE.sub(r"PMC\1", text)
    rest, ids = split_identifiers(text)
    pmid, pmcid, doi, epub = ids["pmid"], ids["pmcid"], ids["doi"], ids["epub"]
    low = rest.lower()
    pmid_words = "pmid" in low or "pubmed" in low
    if not pmid and pmid_words:
        m = _PMID_EXTRA_RE.search(rest)
        if m:
            pmid = (m.group(1) or m.group(2)).lstrip("0")
            rest = rest[: m.start()] + " " + rest[m.end() :]
    if not doi and "10." in rest:
        m = _BARE_DOI_RE.search(rest)
        if m:
            found = normalize_doi(m.group(1).rstrip(".,;"))
            if found:
                doi = found
                rest = rest[: m.start()] + " " + rest[m.end() :]
    for _ in range(3):  # a PMID or DOI given twice (label and link) is one identifier
        changed = False
        m = _PMID_EXTRA_RE.search(rest) if pmid and pmid_words else None
        if m and (m.group(1) or m.group(2)).lstrip("0") == pmid:
            rest, changed = rest[: m.start()] + " " + rest[m.end() :], True
        at = rest.lower().find(doi.lower()) if doi else -1
        if at >= 0:
            rest, changed = rest[:at] + " " + rest[at + len(doi) :], True
        pmc_at = rest.upper().find(pmcid) if pmcid else -1
        if pmc_at >= 0:
            rest, changed = rest[:pmc_at] + " " + rest[pmc_at + len(pmcid) :], True
        if not changed:
            break
    low = rest.lower()
    if any(word in low for word in _LINK_WORDS):
        rest = _LINK_WORDS_RE.sub(" ", rest)
    if "doi" in low or "pmcid" in low:
        rest = _LABEL_LEFT_RE.sub(" ", rest)
    rest = " ".join(rest.split())
    if ";" in rest or "," in rest:
        rest = _EMPTY_SEPARATOR_RE.sub("", rest)
    arrow = rest.find(" →")  # "JAMA 1983. — [PMID n](link) → the basis for ...": a note
    if arrow > 0 and _YEAR_IN_RE.search(rest, 0, arrow) is not None:
        rest = rest[:arrow]
    if pmid or pmcid or doi:  # "Epilepsia 2015. — [PMID n](link)": the dash led to the link
        if "NCT" in rest or "ISRCTN" in rest:  # "PMC8719185. Trial reg NCT04685148."
            rest = _TRIAL_NOTE_RE.sub(" ", rest)
        rest = _LEFT_STOPS_RE.sub(r"\1", rest).rstrip(" —–|")  # "2014. doi: 10.x/y ."
    return rest.strip(" ;,"), pmid, pmcid, doi, epub


#: A trial's registration after the identifiers: a note, not the source.
_TRIAL_NOTE_RE = re.compile(
    r"\b(?:(?:clinical )?trials? )?(?:reg(?:istration|istered)?|registry)\.?"
    r"(?: (?:no|number|id)\.?)?(?: at| with)?(?: ClinicalTrials\.gov)?:? ?"
    r"(?:NCT\d{8}|ISRCTN\d{8})\.?",
    re.I,
)
#: Full stops (or semicolons) an identifier stood between: "2014. ." is "2014."
_LEFT_STOPS_RE = re.compile(r"([.;,])(?:\s+[.;,])+(?=\s|$)")
#: A year: after it, an arrow starts a reader's note, not more of the citation.
_YEAR_IN_RE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def _compact_initials(text: str) -> str:
    """``Crucian B.E., Stowe R.P. Title`` -> ``Crucian BE, Stowe RP. Title`` (NLM initials)."""
    m = _AUTHORS_DOTTED_RE.match(text)
    if m is None or "." not in m.group():
        return text
    names = re.sub(r"(?<=[A-Z])\.\s?-?(?=[A-Z]\b|[A-Z]\.)", "", m.group())
    names = re.sub(r"(?<=\s[A-Z])\.(?=,)|(?<=\s[A-Z]{2})\.(?=,)|(?<=\s[A-Z]{3})\.(?=,)", "", names)
    return names + text[m.end() :]


_GLUED_YEAR_RE = re.compile(r"(?<=[a-z])(?:1[6-9]|20)\d\d$")


def _nlm(rest: str) -> Fields | None:
    """The NLM rule, when its reading holds together (names, a short journal, a year)."""
    parts = citation_parts(_compact_initials(rest)) if rest else None
    if parts is None or not parts[3] or not parts[4] or not (parts[0] or parts[6] or parts[8]):
        return None
    (authors, et_al, title, journal, year, month, volume, issue, pages, _, _, _,
     epub) = parts  # fmt: skip
    authors = tuple(a for a in authors if a.last.strip() or a.collective.strip())
    if (not (authors or title) or odd_journal(journal) or not (volume or pages)
            or volume in ("p", "pp")):  # fmt: skip
        return None
    if not authors and author_end(rest) is not None:
        return None  # names the NLM rule cannot read ("Westbrook JD and Bourne PE."): general
    if title and len(journal) < 40:  # "Title. Aviat. Space Environ" + "Med"
        title, journal = extend_journal(title, journal)
    if volume and not volume[:1].isdigit() and not pages:  # "2021 Feb 4;btab056"
        volume, pages = "", volume
    elif pages and pages + "." in rest:  # "11(7):M111.010595": the page goes on after the dot
        longer = re.search(re.escape(pages) + r"\.\w+", rest)
        pages = longer.group() if longer else pages
    return Fields(authors, et_al, title, journal, year, month, volume, issue, pages, epub=epub,
                  rule="nlm")  # fmt: skip


#: A link whose letters a PDF's text layer spaced apart: "h t t p s : / / d o i . o r g / 1 0 ..."
_SPACED_URL_RE = re.compile(r"h\s+t\s+t\s+p\s*s?\s*:\s*/\s*/(?:\s*\S(?!\S\S)){4,}")


def _unspace_urls(text: str) -> str:
    """Close up the letters of a spaced-out link (text extracted from some PDFs)."""
    return _SPACED_URL_RE.sub(lambda m: " " + "".join(m.group().split()) + " ", text)


#: What NLM citations of online journals put in brackets that belongs to no field: the date
#: the article was read or updated before its volume (``2023 Jan 1 [cited 2023 Aug 30];18(1):
#: 145-52``, in any language: ``[citado 30 de agosto de 2023];``) and the journal's medium
#: before its date (``Sensors (Basel) [Internet]. 2023;23:2927``). A web page's ``[Internet]``
#: and ``[cited ...]`` stay: they tell the page from a journal.
_ONLINE_NOTE_RE = re.compile(
    rf"\s*\[\s*\(?\s*(?:updated|{ACCESS_WORDS})\b[^\[\]]{{0,60}}\](?=\s*;)", re.I
)
#: "Published online" before a date says when, not where (AMA: ``JAMA. Published online March
#: 5, 2020.``; copies that kept the volume: ``Br J Dermatol. Published online June 2008;159(3)``)
_PUBLISHED_ONLINE_RE = re.compile(
    r"\bPublished online(?: ahead of print)?:?\s+(?:(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+"
    r"(?:\d{1,2},?\s+)?)?(?=(?:1[6-9]|20)\d\d\b)"
)
#: The same note between a title and its journal (``Title. [(accessed on 21 October 2025)];Nat.
#: Med. 2022``, PMC's copies of MDPI references): a sentence end.
_NOTE_BEFORE_JOURNAL_RE = re.compile(
    rf"\s*\[\s*\(?\s*(?:{ACCESS_WORDS})\b[^\[\]]{{0,60}}\]\s*;\s*(?=[A-Z])", re.I
)
_JOURNAL_MEDIUM_RE = re.compile(
    r"\s*\[(?:Internet|serial (?:on the )?Internet|serial online|online|en l[íi]nea)\]"
    r"(?=\.\s+(?:1[6-9]|20)\d\d\b[^;.]{0,24};)",
    re.I,
)


#: A date as Spanish and Portuguese citations write it (``1 de enero de 2023``), read as
#: NLM's (``2023 Jan 1``): the month names of both languages, to the English abbreviation.
_LONG_DATE_RE = re.compile(
    r"\b(\d{1,2}) de ([a-zç]{4,10})\.? (?:de |del )?((?:1[6-9]|20)\d\d)\b", re.I
)
_MONTHS = {
    **dict.fromkeys(("enero", "janeiro"), "Jan"),
    **dict.fromkeys(("febrero", "fevereiro"), "Feb"),
    **dict.fromkeys(("marzo", "março"), "Mar"),
    "abril": "Apr",
    **dict.fromkeys(("mayo", "maio"), "May"),
    **dict.fromkeys(("junio", "junho"), "Jun"),
    **dict.fromkeys(("julio", "julho"), "Jul"),
    "agosto": "Aug",
    **dict.fromkeys(("septiembre", "setiembre", "setembro"), "Sep"),
    **dict.fromkeys(("octubre", "outubro"), "Oct"),
    **dict.fromkeys(("noviembre", "novembro"), "Nov"),
    **dict.fromkeys(("diciembre", "dezembro"), "Dec"),
}


def _long_date(m: re.Match[str]) -> str:
    month = _MONTHS.get(m.group(2).lower())
    return f"{m.group(3)} {month} {m.group(1)}" if month else m.group()


def read_fields(text: str, *, tagger: bool = True) -> Fields | None:
    """Read one citation (markup already removed); ``None`` when nothing reads as one."""
    if "h t t p" in text:
        text = _unspace_urls(text)
    if " de " in text:
        text = _LONG_DATE_RE.sub(_long_date, text)
    if "[" in text:
        text = _NOTE_BEFORE_JOURNAL_RE.sub(" ", text)
        text = _JOURNAL_MEDIUM_RE.sub("", _ONLINE_NOTE_RE.sub("", text))
    if "Published online" in text:
        text = _PUBLISHED_ONLINE_RE.sub("", text)
    if "in:" in text or "In:" in text or "for:" in text:
        text = _NOTE_RE.sub(" ", text)
    if "Vol. " in text:  # "Vol. 37, Hand Clinics. Saunders; 2021. p. 167-87."
        text = volume_first(text)
    if not text.isascii():  # "Holtmann G，Siffert W，et al．Title" (full-width punctuation)
        text = full_width_punctuation(text)
    rest, pmid, pmcid, doi, epub = take_ids(text)
    gbt = read_gbt(rest) if is_gbt(rest) else None
    if gbt is not None:  # China's GB/T 7714: "作者. 题名[J]. 刊名, 年, 卷(期): 页码."
        authors, et_al, title, journal, year, volume, issue, pages = gbt
        return Fields(authors, et_al, title, journal, year, "", volume, issue, pages, doi=doi,
                      pmid=pmid, pmcid=pmcid, epub=epub, rule="gbt",
                      confidence=GENERAL_CONFIDENCE)  # fmt: skip
    found = _nlm(rest)
    doubt: list[str] = []
    if found is None:
        general = read_general(normalise(rest)) if rest else None
        if general is None or not (general.authors or general.year or general.journal):
            if not (pmid or pmcid or doi):
                return None
            return Fields(doi=doi, pmid=pmid, pmcid=pmcid, epub=epub, rule="ids", confidence=0.0)
        found = Fields(general.authors, general.et_al, general.title, general.journal,
                       general.year, general.month, general.volume, general.issue,
                       general.pages, rule="general")  # fmt: skip
        doubt = general.doubt
    found.doi, found.pmid, found.pmcid, found.epub = doi, pmid, pmcid, epub or found.epub
    site = _SITE_ONLY_RE.match(found.title) if not (found.authors or found.journal) else None
    if site is not None:  # "WHO [internet]. 2023 [cited ...]": the site is whose page it is
        found.authors = (Author(collective=site.group(1)),)
        if "author" in doubt:
            doubt.remove("author")
    if doubt and tagger:
        _ask_tagger(found, text, doubt)
    found.doubt = tuple(doubt)
    if found.rule == "general" and found.confidence == 1.0:
        found.confidence = GENERAL_CONFIDENCE
    if doubt:
        found.confidence = min(found.confidence, 0.5)
    return found


#: An NLM web page cited by its site's name alone (``WHO [internet]. 2023 [cited ...]``,
#: ``COVID Data Tracker [Internet]. 2023``): no author and no title but that short name,
#: which is who the page is by and what a reader cites it as.
_SITE_ONLY_RE = re.compile(r"^([A-Z][\w.&'’-]*(?: [\w.&'’-]+){0,3}) \[internet\]$", re.I)


def _ask_tagger(found: Fields, text: str, doubt: list[str]) -> None:
    """Take the tagger's value for each doubtful field it reads confidently."""
    from refgraph.tagger import tag_citation

    tagged = tag_citation(text)
    used = False
    for name in list(doubt):
        label = "author" if name == "author" else name
        value = tagged.get("journal") or tagged.get("container") if name == "journal" else (
            tagged.get(label))  # fmt: skip
        sure = tagged.confidence("journal" if name == "journal" else label)
        if not value or sure < TAGGER_TRUST:
            continue
        if name == "author":
            authors, et_al, ok = read_names(value)
            first = next((f for f in tagged.fields if f.label == "author"), None)
            if not ok or first is None or first.start > 3:
                continue  # authors come first; a "name" further on is no author
            found.authors, found.et_al = authors, et_al
        elif name == "journal":
            if (found.journal and found.journal in value
                    and journal_oddness(value) > journal_oddness(found.journal)):  # fmt: skip
                continue  # "bioRxiv" doubted, but the tagger's "in D1 neurons. bioRxiv" is worse
            found.journal = _GLUED_YEAR_RE.sub("", value)
            if not found.volume:
                found.volume = tagged.get("volume")
            if not found.pages:
                found.pages = tagged.get("pages")
        elif name == "year":
            if value not in without_access_dates(text):
                continue  # the date the page was read is not the year of the work
            found.year = value
        used = True
        if sure >= DOUBT:
            doubt.remove(name)
    if used:
        found.rule += "+tagger"
    found.confidence = round(tagged.score, 3) if used else found.confidence
