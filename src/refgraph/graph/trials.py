"""Trials named by a publication: registry numbers and acronyms (pure).

A publication *reports* a trial when its PubMed record lists the registry number
(``DataBankList``), or its title, abstract, annotation or cited record names the registry
number (``NCT\\d{8}`` and the other registries :mod:`refgraph.ids` knows) or an acronym that
is followed by "trial"/"study" (``INO-VATE``, ``ALFA-0701``, ``EORTC-GIMEMA AML-19``; without a
hyphen, capitals of four or more letters or a CamelCase name with a number right before
"trial"/"study": ``ASPIRE``, ``CheckMate 067``; cooperative groups such as EORTC excepted), or
a word acronym in brackets right after the trial noun ("Intervention Trial (SPRINT)"), or
its full name ("the West of Scotland Coronary Prevention Study"; see
:mod:`~refgraph.graph.trialnames`, which also holds :class:`TrialMention`, the aliases and
the labels).

An acronym and a registry number are the same trial when some publication names exactly one
of each, or names the number right after the acronym ("the FREEDOM trial (NCT00089791)"), and
no publication pairs the acronym with another registry number; the trial node is then keyed
by the registry number and labelled with the acronym.

An acronym in an annotation that labels a cross-reference ("the ALFA-0701 trial [Castaigne
2012]") names the trial of the *cited* work, not of the annotated one
(:func:`labelled_acronyms`); the builder gives it to the entry the label resolves to.

Every mention's evidence reads ``field: phrase`` (``DataBankList: NCT00927498``,
``title: ALFA-0701``, ``abstract: NCT01564784``, ``annotation: INO-VATE``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refgraph.graph.extensions import prefer_extensions
from refgraph.graph.spacedacronyms import (
    GROUP_SUFFIX,
    SPACED,
    is_spaced_acronym,
    spaced_group,
    spaced_hits,
    spaced_list_hits,
    without_inner,
)
from refgraph.graph.spacedacronyms import LIST_ITEM as _LIST_ITEM
from refgraph.graph.spacedacronyms import LIST_SEPARATOR as _LIST_SEPARATOR
from refgraph.graph.spacedacronyms import NOT_TRIAL_WORDS as _NOT_TRIAL_WORDS
from refgraph.graph.spacedacronyms import NOT_TRIALS as _NOT_TRIALS
from refgraph.graph.trialnames import (
    TrialMention,
    full_names_in,
    group_full_name,
    trial_aliases,
    trial_label,
    trial_url,
)
from refgraph.ids import trial_ids_in
from refgraph.model import PubmedRecord, Reference

__all__ = [
    "TrialMention",
    "acronym_hits",
    "acronyms_in",
    "group_acronym",
    "labelled_acronyms",
    "trial_aliases",
    "trial_label",
    "trial_mentions",
    "trial_url",
]

_TOKEN = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"
_ACRONYM = re.compile(
    rf"\b({_TOKEN}(?:\s+[A-Z][A-Z0-9]*-[A-Z0-9]+)?)"
    r"(?=(?:,?\s+(?:phase\s+\S+|randomi[sz]ed|open-label|[a-z]+-arm|\d+)){0,2}"
    r"\s+(?:trials?|study|studies|protocol|investigators|group)\b)"
)
#: "(ALFA-0701): a randomised, open-label, phase 3 study" and "a phase 3 trial (ALFA-0701)"
_ACRONYM_IN_PARENS = re.compile(
    rf"\(({_TOKEN})\)\s*:[^.]{{0,80}}?\b(?:trials?|study)\b"
    rf"|\b(?:trials?|study)\b[^.()]{{0,60}}?\(({_TOKEN})\)"
)
#: a word acronym in brackets right after the trial noun, the usual way a full name is
#: shortened: "the Systolic Blood Pressure Intervention Trial (SPRINT)"
_WORD_IN_PARENS = re.compile(
    r"\b(?i:trial|study)\s*\(([A-Z][A-Z0-9]{3,}|[A-Z]{2,}[a-z][A-Z]+)\)")
#: an acronym without a hyphen, right before "trial"/"study": "the ASPIRE trial", "WARFASA
#: study", "the CheckMate 067 trial" (capitals of 4+ letters, or a CamelCase name and number)
_WORD_ACRONYM = re.compile(
    r"(?<![-/\w])\(?([A-Z][A-Z0-9]{3,}(?:[\s-]\d{1,4})?|[A-Z]{2,}[a-z][A-Z]+"
    r"|[A-Z][a-z]+[A-Z][A-Za-z]+[\s-]\d{2,4})\)?"
    r"(?=(?i:(?:,?\s+(?:phase\s+\S+|randomi[sz]ed|open-label|double-blind|clinical"
    r"|controlled|pivotal)){0,3}\s+(?:trials?|study)\b)"
    r"|:\s+(?i:an?\s+)[^.:;]{0,80}?\b(?i:trial|study)\b)")
#: a collective author that names a trial: "ASPIRE Investigators", "INO-VATE Study Group",
#: "ISCHEMIA Research Group", "DAPA-HF Trial Committees and Investigators"
_TRIAL_GROUP = re.compile(
    r"^(?:the )?([A-Z][A-Za-z0-9]*(?:-[A-Z0-9]+)*(?: \d{1,4})?)(?: (?:trial|study))?"
    rf" {GROUP_SUFFIX}", re.IGNORECASE)
#: two capitals in a row, or a capital inside a word (one pattern starting with a capital:
#: the regex engine skips ahead to capitals, much faster than "[a-z][A-Z]")
_CAPITALS = re.compile(r"[A-Z](?:[A-Z]|[a-z]+[A-Z])")
#: several trials named before one plural noun: "the ALFA-0701 and AML-19 trials"
_ACRONYM_LIST = re.compile(
    rf"(?<![-/\w])({_LIST_ITEM}(?:(?:,\s*|,?\s+(?:and|or|&)\s+){_LIST_ITEM})+)"
    r"\s+(?i:trials|studies)\b")
#: part of every acronym token: a capital or digit, a hyphen, a capital or digit
_TOKEN_HINT = re.compile(r"[A-Z0-9]-[A-Z0-9]")
#: an acronym and the registry number that follows it: "the FREEDOM trial (NCT00089791)",
#: "KEYNOTE-006 ClinicalTrials.gov number, NCT01866319" (NEJM's closing line)
_PAIRED = re.compile(
    rf"(?<![-/\w])({SPACED}|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z][A-Z0-9]{{3,}}"
    r"|[A-Z][a-z]+[A-Z][A-Za-z]+[\s-]\d{2,4})(?: (?i:trial|study))?,? \(?"
    r"(?:ClinicalTrials\.gov(?: number| identifier)?[:,]? )?(NCT\d{8})\b")
#: trials named by a pooled analysis without the noun: "pooled meta-analysis of DAPA-HF and
#: DELIVER", "a combined analysis of ASPIRE and WARFASA"
_POOLED_ITEM = rf"(?:{SPACED}|{_LIST_ITEM})"
_POOLED_LIST = re.compile(
    r"(?i:pooled|combined|integrated|patient-level)[^.;:]{0,40}?(?i:analys[ie]s) of (?:the )?"
    rf"({_POOLED_ITEM}(?:(?:,\s*|,?\s+(?:and|&)\s+){_POOLED_ITEM})+)\b")
_DATABANK_NAMES = ("ClinicalTrials.gov", "ISRCTN", "EudraCT", "ANZCTR", "ChiCTR", "DRKS", "JPRN")


def acronyms_in(text: str) -> tuple[str, ...]:
    """Return trial acronyms in ``text`` (followed by trial/study), first occurrences in order.

    >>> acronyms_in("results from the open-label, randomised, phase 3 INO-VATE study")
    ('INO-VATE',)
    >>> acronyms_in("the ALFA-0701 trial and the EORTC-GIMEMA AML-19 trial; CD-22 study")
    ('ALFA-0701', 'EORTC-GIMEMA AML-19')
    """
    if not text or not (("-" in text and _TOKEN_HINT.search(text))
                        or _may_name_a_word_acronym(text)):
        return ()
    return tuple(dict.fromkeys(name for _, _, name in acronym_hits(" ".join(text.split()))))


def acronym_hits(flat: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, acronym)`` for every trial acronym of a whitespace-normalised
    text, by position (``end``: where the name ends, before "trial"/"study")."""
    hyphenated = "-" in flat and _TOKEN_HINT.search(flat)
    words = _may_name_a_word_acronym(flat)
    if not hyphenated and not words:
        return []
    hits: list[tuple[int, int, str]] = []
    if hyphenated:
        hits += [(m.start(1), m.end(1), m.group(1)) for m in _ACRONYM.finditer(flat)]
        for m in _ACRONYM_IN_PARENS.finditer(flat):
            group = 1 if m.group(1) else 2
            hits.append((m.start(group), m.end(group), m.group(group)))
    if words and _may_list(flat):
        for m in _ACRONYM_LIST.finditer(flat):
            at = m.start(1)
            for name in _LIST_SEPARATOR.split(m.group(1)):
                at = flat.index(name, at)
                if "-" in name or name not in _NOT_TRIAL_WORDS:
                    hits.append((at, at + len(name), name))
                at += len(name)
    spaced: list[tuple[int, int, str]] = []  # "ENGAGE AF-TIMI 48", not "AF-TIMI" inside it
    if words:
        spaced = spaced_hits(flat) + (spaced_list_hits(flat) if _may_list(flat) else [])
        hits += spaced
        for m in _WORD_IN_PARENS.finditer(flat):
            if m.group(1) not in _NOT_TRIAL_WORDS and not _REGISTRY_HINT.match(m.group(1)):
                hits.append((m.start(1), m.end(1), m.group(1)))
        for m in _word_acronyms(flat):
            name = " ".join(m.group(1).split())
            if name.split()[0].rstrip("0123456789-") not in _NOT_TRIAL_WORDS:
                hits.append((m.start(1), m.end(1), name))
    return sorted((start, end, name) for start, end, name in set(without_inner(hits, spaced))
                  if not _NOT_TRIALS.match(name) and sum(c.isalpha() for c in name) >= 2)


def _may_name_a_word_acronym(text: str) -> bool:
    if (" trial" not in text and " stud" not in text and " Trial" not in text
            and " Stud" not in text and " TRIAL" not in text and " STUD" not in text):
        return False
    if not _CAPITALS.search(text):
        return False  # no capitals in a row, no capital inside a word: no acronym
    return not text.isupper()  # an all-capitals title: every word would look like one


_TRIAL_NOUN = re.compile(r"\b(?:[Tt]rials?|[Ss]tud(?:y|ies)|TRIALS?|STUD(?:Y|IES))\b")


def _word_acronyms(text: str) -> list[re.Match[str]]:
    """:data:`_WORD_ACRONYM` matches, looked for only in the 100 characters before each
    trial noun (a long abstract is not scanned whole by the costly pattern)."""
    found: dict[int, re.Match[str]] = {}
    done = 0
    for noun in _TRIAL_NOUN.finditer(text):
        begin = max(done, noun.start() - 100)
        if not _CAPITALS.search(text, begin, noun.start()):
            done = noun.start()
            continue  # no capitals in a row, no capital after a small letter: no acronym
        for m in _WORD_ACRONYM.finditer(text, begin, noun.end()):
            found.setdefault(m.start(), m)
        done = noun.start()
    return [found[at] for at in sorted(found)]


def group_acronym(name: str) -> str:
    """Return the trial a collective author names ("ASPIRE Investigators" -> "ASPIRE").

    >>> group_acronym("ASPIRE Investigators"), group_acronym("Kidney Study Group")
    ('ASPIRE', '')
    >>> group_acronym("DAPA-HF Trial Committees and Investigators")
    'DAPA-HF'
    """
    spaced = spaced_group(name)
    if spaced:
        return spaced  # "ENGAGE AF-TIMI 48 Investigators"
    m = _TRIAL_GROUP.match(name)
    if m is None:
        return ""
    acronym = m.group(1)
    if sum(c.isupper() for c in acronym) < 3 or acronym.split()[0] in _NOT_TRIAL_WORDS:
        return ""
    return acronym


#: a registry number needs one of these (cheap scans: a fixed-string alternation is fast,
#: an alternation with ``\d`` is not, so the dated form is looked for only next to a hyphen)
_REGISTRY_HINT = re.compile(r"NCT|ISRCTN|ACTRN|ChiCTR|DRKS|UMIN|JPRN")
_DATED_HINT = re.compile(r"\d{4}-\d{6}")


def _registry_ids(text: str) -> tuple[str, ...]:
    if text and (_REGISTRY_HINT.search(text) or ("-" in text and _DATED_HINT.search(text))):
        return trial_ids_in(text)
    return ()


def _pooled_trials(text: str) -> tuple[str, ...]:
    """The trials a pooled analysis lists by acronym alone (:data:`_POOLED_LIST`).

    >>> _pooled_trials("a patient-level, pooled meta-analysis of DAPA-HF and DELIVER")
    ('DAPA-HF', 'DELIVER')
    """
    if "analys" not in text:
        return ()
    return tuple(name for m in _POOLED_LIST.finditer(text)
                 for name in _LIST_SEPARATOR.split(m.group(1))
                 if (is_spaced_acronym(name) if " " in name else
                     name not in _NOT_TRIAL_WORDS and not _NOT_TRIALS.match(name)))


def _hyphen_after_capital_or_digit(text: str) -> bool:
    """Whether some ``-`` follows ``[A-Z0-9]``: both the dated registry form (``\\d{4}-``)
    and every acronym (``X-1``) need one; lower-case compounds ("drug-induced") do not."""
    at = text.find("-", 1)
    while at > 0:
        before = text[at - 1]
        if "A" <= before <= "Z" or before.isdecimal():  # \d is any decimal digit
            return True
        at = text.find("-", at + 1)
    return False


def _text_mentions(field: str, text: str, out: list[TrialMention],
                   acronyms: Sequence[str] | None = None) -> None:
    """Append the registry numbers, then the acronyms, that ``text`` names (``acronyms``:
    already known)."""
    if not text:
        return
    if not _hyphen_after_capital_or_digit(text):  # then no _DATED_HINT, no "X-1" acronym
        trials = trial_ids_in(text) if _REGISTRY_HINT.search(text) else ()
    else:
        trials = _registry_ids(text)
    if acronyms is None:
        acronyms = acronyms_in(text)
    for trial in trials:
        out.append(TrialMention(trial, True, f"{field}: {trial}", "annotation"))
    for acronym in acronyms:
        out.append(TrialMention(acronym, False, f"{field}: {acronym}", "annotation"))


def trial_mentions(
    ref: Reference, record: PubmedRecord | None = None, *, labelled: frozenset[str] = frozenset(),
    annotation_acronyms: Sequence[str] | None = None,
) -> tuple[TrialMention, ...]:
    """Return every trial ``ref`` (and its PubMed ``record``) names, with the evidence.

    ``labelled`` holds acronyms that the annotation uses only to label cross-references
    (:func:`labelled_acronyms`): they belong to the cited works and are left out here.
    ``annotation_acronyms``: the annotation's acronyms when already found.
    """
    out: list[TrialMention] = []
    if record is not None:
        for bank, accession in record.databanks:
            if any(bank.startswith(n) for n in _DATABANK_NAMES) or trial_ids_in(accession):
                out.append(TrialMention(accession, True, f"DataBankList: {bank} {accession}",
                                        "pubmed"))
        for trial in record.trials:
            out.append(TrialMention(trial, True, f"PubMed record: {trial}", "pubmed"))
        for field, text in (("title", record.title), ("abstract", record.abstract)):
            for trial in _registry_ids(text):
                out.append(TrialMention(trial, True, f"{field}: {trial}", "pubmed"))
            for m in _PAIRED.finditer(text) if "NCT" in text else ():
                name = m.group(1)
                if (is_spaced_acronym(name) if " " in name and name.split()[0].isupper() else
                        name.split()[0].split("-")[0] not in _NOT_TRIAL_WORDS
                        and not _NOT_TRIALS.match(name)):
                    out.append(TrialMention(m.group(1), False, f"{field}: {m.group(1)}",
                                            "pubmed", m.group(2)))
            for acronym in acronyms_in(text) + _pooled_trials(text):
                out.append(TrialMention(acronym, False, f"{field}: {acronym}", "pubmed"))
        for author in record.authors:
            if author.collective and group_acronym(author.collective):
                out.append(TrialMention(group_acronym(author.collective), False,
                                        f"author: {author.collective}", "pubmed"))
    for trial in ref.trials:
        out.append(TrialMention(trial, bool(trial_ids_in(trial)), f"as cited: {trial}",
                                "annotation"))
    _text_mentions("title", ref.title, out)
    _full_name_mentions(ref, record, out)
    if labelled:
        own: list[TrialMention] = []
        _text_mentions("annotation", ref.annotation, own, annotation_acronyms)
        out += [m for m in own if m.name not in labelled]
    else:
        _text_mentions("annotation", ref.annotation, out, annotation_acronyms)
    if not out:
        return ()
    best: dict[str, TrialMention] = {}
    for mention in out:  # one mention per trial: the record beats the text, then the first
        kept = best.get(mention.name)
        if kept is None or (kept.source != "pubmed" and mention.source == "pubmed") or (
                mention.pairs_with and not kept.pairs_with and kept.source == mention.source):
            best[mention.name] = mention
    return prefer_extensions(tuple(best.values()))


def _full_name_mentions(ref: Reference, record: PubmedRecord | None,
                        out: list[TrialMention]) -> None:
    """Append the trials named by their full name (:mod:`~refgraph.graph.trialnames`) in the
    record's title and collective authors, and in the cited title; in the abstract only when
    the record names no registry number and its title no full name (an abstract names
    earlier trials too)."""
    known = {m.name for m in out if not m.is_registry}
    found = [("title", name, acronym, "annotation") for name, acronym in full_names_in(ref.title)]
    if record is not None:
        own = [("title", *hit) for hit in full_names_in(record.title)] + [
            (f"author: {a.collective}", group_full_name(a.collective), "")
            for a in record.authors if a.collective]
        own = [hit for hit in own if hit[1]]
        if not own and not any(m.is_registry and m.source == "pubmed" for m in out):
            own = [("abstract", *hit) for hit in full_names_in(record.abstract)]
        found += [(field, name, acronym, "pubmed") for field, name, acronym in own if name]
    for field, name, acronym, source in found:
        evidence = field if field.startswith("author") else f"{field}: {name}"
        out.append(TrialMention(name, False, evidence, source,
                                same_as=acronym if acronym in known else ""))


#: after an acronym: the words up to the trial noun, then where a label may begin
_TRIAL_NOUN_AFTER = re.compile(
    r"(?:,?\s+(?:phase\s+\S+|randomi[sz]ed|open-label|[a-z]+-arm|\d+)){0,2}"
    r"\s+(?:trials?|study|studies|protocol)\b\s*")


def _may_list(text: str) -> bool:
    return ("trials" in text or "studies" in text or "Trials" in text or "TRIALS" in text) and (
        " and " in text or "," in text or " or " in text or "&" in text)


def labelled_acronyms(
    flat: str, starts: Sequence[int], hits: Sequence[tuple[int, int, str]] | None = None
) -> tuple[dict[str, list[tuple[int, int]]], set[str]]:
    """Return the acronyms that label a cross-reference, and those also named on their own.

    ``starts`` are the sorted slot starts of the text's cross-references
    (:func:`refgraph.graph.subjects.slots_of`); ``hits`` the text's :func:`acronym_hits`
    (found when not given). Returns ``(acronym -> [(slot index it labels, offset of the
    acronym)], acronyms with an unlabelled occurrence)``.

    >>> text = "citing the ALFA-0701 trial [Castaigne 2012] and its update [Lambert 2019]"
    >>> labelled_acronyms(text, [text.index("["), text.rindex("[")])
    ({'ALFA-0701': [(0, 11)]}, set())
    """
    labelled: dict[str, list[tuple[int, int]]] = {}
    free: set[str] = set()
    if not starts:
        return labelled, free
    slot_at = {start: i for i, start in enumerate(starts)}
    for start, end, name in acronym_hits(flat) if hits is None else hits:
        noun = _TRIAL_NOUN_AFTER.match(flat, end + (flat[end:end + 1] == ")"))
        slot = slot_at.get(noun.end()) if noun else None
        if slot is None:
            free.add(name)
        elif (slot, start) not in labelled.get(name, ()):
            labelled.setdefault(name, []).append((slot, start))
    return labelled, free
