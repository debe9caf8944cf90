"""Trials named by their full name, and how a trial node is labelled (pure).

Trials run before registration, and records without a DataBankList, are often named only
by their full name: "Long-term follow-up of the West of Scotland Coronary Prevention
Study". :func:`full_names_in` reads such a name: several capitalised words (the small words
of/in/and/for/on/with/to and possessives allowed inside) ending in a capitalised "Study" or
"Trial", preceded by "the" (up to two small-letter words between: "the ongoing"), the start
of the text or a sentence's end (not a colon: "...: Development and Usability Study").
:func:`group_full_name` reads it from a collective author ("West of Scotland Coronary
Prevention Study Group", "Women's Health Initiative Investigators").

Precision comes before recall, so a name is refused when

- it holds a design or method word ("Randomized", "Multicenter", "Open-Label", "Extension",
  "Follow-Up" ...) or a word of a title's wording ("Results", "Outcomes", "Effect" ...): a
  Title Case title ("Results of the Multicenter Open-Label Extension Study", "...: A
  Randomized Controlled Phase 3 Trial") is no trial's name;
- it has fewer than two distinctive words ("the Rotterdam Study", "the Pilot Study");
- it names an institution or a cooperative group rather than one trial ("German Hodgkin
  Study Group", "Children's Cancer Study Group": nothing but places and diseases);
- it holds a word in capitals or with a digit (an acronym: :mod:`~refgraph.graph.trials`
  reads those).

Full names are read in a record's title, its collective authors and (when the record names
no registry number and its title no full name) its abstract, and in a cited title; not in
annotations, where a name often labels another work's cross-reference.

A full name followed by a word acronym in brackets ("... Study (WOSCOPS)") is that
acronym's trial; the node is then keyed and labelled by the acronym (:func:`trial_label`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "TrialMention",
    "full_names_in",
    "group_full_name",
    "is_full_name",
    "trial_aliases",
    "trial_label",
    "trial_url",
]


@dataclass(frozen=True, slots=True, order=True)
class TrialMention:
    """A trial named by one publication, and where it was named."""

    name: str
    is_registry: bool
    evidence: str
    source: str  # "pubmed" (the record) or "annotation" (the bibliography entry)
    pairs_with: str = ""  # an acronym's registry number, named right after it
    same_as: str = ""  # a full name's acronym, in brackets right after it


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: small words allowed inside a name ("West of Scotland", "Control and Complications")
_SMALL = frozenset({"of", "in", "and", "for", "on", "with", "to", "&"})
#: a capitalised word: "Coronary", "Lipid-Lowering", "Physicians'", "Women's", "UK"
_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*(?:['\u2019]s|s?['\u2019])?|UK|US)$")
_NOUN = re.compile(r"\b(Study|Trial)\b(?![-\u2010\u2011'\u2019])")
#: what may stand right before a name: "the" (and up to two small-letter words: "the
#: ongoing"), the start, a sentence's end, "(" -- not a colon, where a Title Case subtitle
#: names the design ("...: Development and Usability Study")
_BEFORE = re.compile(
    r"(?:^|(?<![A-Za-z])(?:the|The|THE)\s+(?:[a-z][a-z-]*\s+){0,2}|[.(]\s*|^\W+)$")
#: design and method words, and a title's own words: never part of a trial's name
_NOT_NAME = _words("""
randomized randomised nonrandomized non-randomized randomization randomisation controlled
clinical phase multicenter multicentre multi-center multi-centre multicentric single-center
single-centre pilot prospective retrospective observational cohort open-label double-blind
double-blinded single-blind blind blinded placebo placebo-controlled sham-controlled
active-controlled crossover cross-over feasibility extension follow-up followup cross-sectional
case-control case longitudinal population-based community-based hospital-based
registry-based comparative pragmatic parallel parallel-group factorial adaptive cluster
cluster-randomized cluster-randomised stepped-wedge pivotal confirmatory exploratory
noninferiority non-inferiority equivalence superiority dose-finding dose-escalation
dose-ranging first-in-human proof-of-concept single-arm two-arm multi-arm interventional
nonrandomised quasi-experimental experimental descriptive qualitative quantitative
mixed-methods survey questionnaire nested matched validation preliminary long-term
short-term real-world post-marketing postmarketing post-hoc genome-wide association mendelian
twin ancillary substudy sub-study companion secondary pooled meta-analysis systematic review
cost-effectiveness economic modelling modeling simulation imaging autopsy
results result outcomes outcome effect effects efficacy safety analysis analyses report
reports update updated final interim design rationale protocol baseline characteristics
findings lessons insights evidence data experience evaluation assessment comparison versus
vs among after before during using between within from into over under this that these our
your their its a an the present current previous prior same other new index parent original
main large small recent ongoing first second third fourth part stage arm year years month
months week weeks day days burden prevalence incidence cost costs development usability
mixed methods method focus delphi interview interviews content thematic machine learning deep
natural language processing network scoping infodemiology series vignette diagnostic
accuracy prognostic predictive prediction model models algorithm implementation process
acceptability formative participatory co-design ethnographic phenomenological grounded
theory effectiveness hybrid quality improvement web-based online internet-based mobile
app-based digital text mining bibliometric computational sensitivity validity reliability
psychometric translation cultural adaptation comparing compared treated patients
""")
#: words that do not make a name distinctive ("National", "International")
_GENERIC = frozenset({
    "national", "international", "multinational", "global", "world", "uk", "us", "group",
    "research", "program", "programme", "project", "collaborative", "cooperative", "medical",
    "study", "trial",
})
#: institutions and cooperative groups: a name holding one names no single trial
_INSTITUTION = frozenset({
    "council", "university", "hospital", "institute", "society", "association", "consortium",
    "network", "foundation", "organization", "organisation", "committee", "collaboration",
    "oncology", "cooperative", "trialists", "trialists'", "department", "college", "clinic",
    "registry", "agency", "center", "centre", "centers", "centres", "working", "party",
})
#: places and the diseases or specialties of cooperative groups: a name of nothing else is a
#: group's ("German Hodgkin Study Group", "Polish Adult Leukemia Study Group")
_GROUP_WORDS = _words("""
german french italian spanish portuguese dutch belgian swiss austrian polish czech nordic
danish swedish norwegian finnish british english scottish irish welsh european american
north south east west eastern western northern southern southwest southeast northwest
northeast central midwest japan japanese chinese china korean korea asian australian
australasian canadian indian latin hellenic greek turkish israeli brazilian mexican
international national nationwide intergroup uk us
cancer leukemia leukaemia lymphoma myeloma hodgkin hodgkin's sarcoma breast lung gynecologic
gynaecologic radiation hematology haematology hemato-oncology tumor tumour tumors tumours
neuro-oncology pediatric paediatric children's childhood adult adults myeloid lymphoblastic
acute chronic multiple transplant transplantation marrow blood bone kidney liver colorectal
prostate ovarian melanoma brain neuroblastoma head neck gastric pancreatic bladder cervical
""")
_MIN_DISTINCTIVE = 2
#: a collective author: "Writing Group for the X Investigators", "X Study Group"
_COLLECTIVE = re.compile(
    r"^(?:(?:the )?(?:writing (?:group|committee)|steering committee|executive committee)"
    r" (?:for|of|on behalf of) )?(?:the )?(?P<name>.+?)"
    r"(?: (?P<suffix>study group|trial group|research group|collaborative group"
    r"|collaborative research group|investigators|group|steering committee|writing group"
    r"|writing committee))$", re.IGNORECASE)
_ARTICLES = frozenset({"The", "A", "An", "THE"})
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9-]{2,}[A-Z0-9])\)")


def _words_before(text: str, end: int) -> tuple[list[str], int]:
    """The capitalised words and inner small words right before ``end`` (in order), and
    where they begin; "The", "A" and "An" end the walk back, like any other word."""
    begin = max(0, end - 200)
    found: list[re.Match[str]] = []
    for m in reversed(list(re.finditer(r"\S+", text[begin:end]))):
        word = m.group()
        if word in _ARTICLES or not (_WORD.match(word) or word in _SMALL):
            break
        found.append(m)
    found.reverse()
    while found and found[0].group() in _SMALL:  # a name does not begin with a small word
        found.pop(0)
    return [m.group() for m in found], begin + found[0].start() if found else end


def _is_name(words: list[str]) -> bool:
    """Whether capitalised ``words`` (the noun included) make a trial's full name."""
    lowered = [w.lower() for w in words]
    if any(w in _NOT_NAME or w in _INSTITUTION for w in lowered):
        return False
    distinctive = [w for w in lowered if w not in _SMALL and w not in _GENERIC]
    if len(distinctive) < _MIN_DISTINCTIVE:
        return False
    return not all(w in _GROUP_WORDS for w in distinctive)


def _name(words: Iterable[str]) -> str:
    return " ".join(words).replace("\u2019", "'")


def full_names_in(text: str) -> tuple[tuple[str, str], ...]:
    """Return ``(full name, acronym given in brackets or "")`` for every trial ``text``
    names by its full name, first occurrences in order.

    >>> full_names_in("Long-term follow-up of the West of Scotland Coronary Prevention Study.")
    (('West of Scotland Coronary Prevention Study', ''),)
    >>> full_names_in("In the Systolic Blood Pressure Intervention Trial (SPRINT), ...")
    (('Systolic Blood Pressure Intervention Trial', 'SPRINT'),)
    >>> full_names_in("Results of the Multicenter Open-Label Extension Study")
    ()
    """
    if not text:
        return ()
    found = dict(_spelled_before_acronym(text))
    if "Study" not in text and "Trial" not in text:
        return tuple(found.items())
    for noun in _NOUN.finditer(text):
        space = text.rfind(" ", 0, noun.start() - 1)
        if noun.start() < 2 or not text[space + 1].isupper():
            continue  # no capitalised word right before the noun: no name (cheap test)
        words, start = _words_before(text, noun.start())
        if not words or not _BEFORE.search(text, max(0, start - 40), start):
            continue
        words.append(noun.group(1))
        if not _is_name(words):
            continue
        after = _ACRONYM_AFTER.match(text, noun.end())
        name = _name(words)
        if not found.get(name):
            found[name] = after.group(1) if after else ""
    return tuple(found.items())


#: a name spelled out before its acronym and a small-letter trial noun: "The Women's Health
#: Initiative (WHI) trial of ...", "the Diabetes Prevention Program (DPP) study"
_ACRONYM_THEN_NOUN = re.compile(r"\s?\(([A-Z][A-Z0-9-]{1,}[A-Z0-9])\)\s+(?:trials?|study)\b")


def _spelled_before_acronym(text: str) -> list[tuple[str, str]]:
    """``(full name, acronym)`` where capitalised words whose initials are the acronym's
    letters stand before it, and a trial noun after it.

    >>> _spelled_before_acronym("The Women's Health Initiative (WHI) trial of estrogen")
    [("Women's Health Initiative", 'WHI')]
    >>> _spelled_before_acronym("the New Drug Study (NDX) trial")
    []
    """
    out = []
    for m in _ACRONYM_THEN_NOUN.finditer(text):
        words, start = _words_before(text, m.start())
        acronym = m.group(1)
        letters = "".join(c for c in acronym if c.isalpha())
        initials = "".join(w[0] for w in words if w not in _SMALL)
        if (len(letters) >= 3 and initials.upper() == letters and _BEFORE.search(
                text, max(0, start - 40), start) and _is_name(words)):
            out.append((_name(words), acronym))
    return out


def group_full_name(author: str) -> str:
    """Return the trial a collective author names by its full name, else ``""``.

    >>> group_full_name("West of Scotland Coronary Prevention Study Group")
    'West of Scotland Coronary Prevention Study'
    >>> group_full_name("Writing Group for the Women's Health Initiative Investigators")
    "Women's Health Initiative"
    >>> group_full_name("German Hodgkin Study Group"), group_full_name("Kidney Study Group")
    ('', '')
    """
    m = _COLLECTIVE.match(" ".join(author.split()))
    if m is None:
        return ""
    words = m.group("name").split()
    suffix = m.group("suffix").lower()
    if suffix.startswith(("study", "trial")):
        words.append(suffix.split()[0].capitalize())
    elif words[-1] not in ("Study", "Trial") and suffix not in ("investigators",
                                                                 "research group"):
        return ""  # "X Group" and "X Collaborative Group" only after the noun
    if not all(_WORD.match(w) or w in _SMALL for w in words) or words[0] in _SMALL:
        return ""
    return _name(words) if _is_name(words) else ""


_FULL = re.compile(r"^[A-Z][\w'\u2019-]*(?: [\w'\u2019&-]+)+$")


def is_full_name(name: str) -> bool:
    """Whether a trial mention's name is a full name (not an acronym or a number).

    >>> is_full_name("Heart Protection Study"), is_full_name("CheckMate 067")
    (True, False)
    """
    return bool(_FULL.match(name)) and not name[-1].isdigit() and any(
        c.islower() for c in name.split()[-1])


def trial_aliases(mentions: Mapping[str, Iterable[TrialMention]]) -> dict[str, str]:
    """Return ``acronym -> registry number`` for acronyms that name one registered trial,
    and ``full name -> that trial`` for a full name given with one acronym ("... Study
    (WOSCOPS)"). A full name pairs with a registry number only in a work naming no acronym.

    >>> m = {"a": [TrialMention("INO-VATE", False, "", ""), TrialMention("NCT01564784", True,
    ...       "", "")], "b": [TrialMention("INO-VATE", False, "", "")]}
    >>> trial_aliases(m)
    {'INO-VATE': 'NCT01564784'}
    """
    pairs: dict[str, set[str]] = {}
    spelled: dict[str, set[str]] = {}  # full name -> the acronyms in brackets after it
    for items in mentions.values():
        items = list(items)
        registry = sorted({m.name for m in items if m.is_registry})
        names = {m.name for m in items if not m.is_registry and not m.same_as}
        acronyms = sorted({n for n in names if not is_full_name(n)} or names)
        for m in items:
            if m.same_as:
                spelled.setdefault(m.name, set()).add(m.same_as)
        paired = {m.name: m.pairs_with for m in items if m.pairs_with}
        for acronym in acronyms:
            pairs.setdefault(acronym, set())
            if acronym in paired:  # named together: that pair, whatever else the work names
                pairs[acronym].add(paired[acronym])
            elif len(registry) == 1 and len(acronyms) == 1:
                pairs[acronym].add(registry[0])
            elif registry:
                pairs[acronym].update(f"?{r}" for r in registry)
    aliases = {}
    for acronym in sorted(pairs):
        sure = {r for r in pairs[acronym] if not r.startswith("?")}
        unsure = {r[1:] for r in pairs[acronym] if r.startswith("?")}
        if len(sure) == 1 and unsure <= sure:
            aliases[acronym] = next(iter(sure))
    for name in sorted(spelled):
        if len(spelled[name]) == 1:
            acronym = next(iter(spelled[name]))
            aliases[name] = aliases.get(acronym, acronym)
    return aliases


def trial_label(registry: str, names: Iterable[str]) -> str:
    """Return the label shown for a trial: ``"INO-VATE (NCT01564784)"``; an acronym is
    shown rather than the full name it stands for.

    >>> trial_label("", ["WOSCOPS", "West of Scotland Coronary Prevention Study"])
    'WOSCOPS'
    """
    names = sorted(set(names))
    names = [n for n in names if not is_full_name(n)] or names
    if registry and names:
        return f"{' / '.join(names)} ({registry})"
    return registry or " / ".join(names)


def trial_url(registry: str) -> str:
    """Return the registry page of a ClinicalTrials.gov or ISRCTN trial, else ``""``."""
    if registry.startswith("NCT"):
        return f"https://clinicaltrials.gov/study/{registry}"
    if registry.startswith("ISRCTN"):
        return f"https://www.isrctn.com/{registry}"
    return ""
