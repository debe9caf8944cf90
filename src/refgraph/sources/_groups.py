"""Does a name name an organisation (pure)? ``World Health Organization``, ``NCBI``,
``Robert Koch-Institut``, ``Integraal Kankercentrum Nederland``, ``Agence nationale de
sécurité du médicament (ANSM)``, ``NHS Digital``: an author that is a group, not a person.
"""

from __future__ import annotations

import re

from refgraph.sources._nlmnames import GROUP_WORDS, PARTICLES

__all__ = ["is_group"]

_MORE_GROUP_WORDS = re.compile(
    r"\b(?:Instituto|Institut|Istituto|Nacional|Nazionale|Ministerio|Ministério|Sociedade|Sociedad"
    r"|Société|Gesellschaft|Agência|Agencia|Fundação|Fundación|Associação|Asociación|Colegio"
    r"|Conselho|Consejo|Secretaria|Departamento|Universidade|Universidad|Direktoratet"
    r"|Helsedirektoratet|Bureau|Administration|Services?|contributors|Core|Project|Foundation|Department"
    r"|Ministry|Office|Registry|Federation|Commission|Authority|Initiative|Alliance|Centre"
    r"|Laboratory|University|Hospital|Trialists|Partnership|Forum|Union|Statement|Guidelines?"
    r"|Development|Research|Health|Surveillance|Programme|Corporation|Inc|Ltd|GmbH|LLC|Software"
    r"|Toolkit|Technologies|Nations|Library|Parliament|Government|Agence|Akademie|Académie"
    r"|Bundesregierung|Regierung|Ministerium|Bundesamt)\b"
)
_ACRONYM_AFTER_RE = re.compile(r"^([A-ZÀ-Þ][^,()]{3,150})\s\(([A-Z][A-Za-z&]{1,9})\)$")


def _named_acronym(text: str) -> bool:
    """``Agence nationale de sécurité du médicament (ANSM)``: a name followed by the acronym
    of its words (its capitals, in order, are initials of the name's words) is an
    organisation's, in any language and any capitalisation."""
    m = _ACRONYM_AFTER_RE.match(text)
    if m is None:
        return False
    initials = "".join(w[0] for w in m.group(1).split()).upper()
    at = 0
    for letter in (c for c in m.group(2) if c.isupper()):
        at = initials.find(letter, at) + 1
        if not at:
            return False
    return len(m.group(1).split()) > 1 and sum(c.isupper() for c in m.group(2)) > 1
#: A compound whose last part names an organisation, as Dutch and German write them in one
#: word: "Integraal Kankercentrum Nederland", "Zorginstituut Nederland", "Rijksinstituut voor
#: Volksgezondheid", "Landeszentrum Gesundheit" (the part alone is in the lists above).
_COMPOUND_GROUP_RE = re.compile(
    r"(?<=[a-zß-ÿ]{3})(?:instituut|institut|centrum|zentrum|stichting|vereniging|ministerie"
    r"|ministerium|gesellschaft|verband|autoriteit)$"
)


def _named_alias(text: str) -> bool:
    """``Zorginstituut Nederland (Dutch institute of healthcare)``: an organisation's name
    followed by another name for it in brackets is the organisation's."""
    name, _, alias = text[:-1].partition(" (")
    return bool(alias) and "(" not in alias and is_group(name)


#: Every word GROUP_WORDS or _MORE_GROUP_WORDS can match, lower case (and a few forms).
_GROUP_WORD_SET = frozenset(
    w.lower()
    for w in re.findall(r"[A-Za-zÀ-ÿ]+", GROUP_WORDS.pattern + " " + _MORE_GROUP_WORDS.pattern)
) | {"organisation", "organization", "collaboration", "collaborative", "centers", "programme",
     "programmes", "programs", "guideline", "services", "service"}  # fmt: skip
_LOWER_OK = PARTICLES | {"of", "for", "the", "and", "on", "in", "to", "&"}
#: Organisations best known by their acronym, which opens the name of their branches and
#: bodies ("NHS Digital", "NHS England", "WHO Europe", "CDC Foundation"): not the initials of a
#: person written before the surname.
_ACRONYMS = frozenset((
    "NHS", "WHO", "CDC", "NIH", "NICE", "FDA", "EMA", "ECDC", "UKHSA", "PHE", "MHRA", "OECD",
    "UNICEF", "UNAIDS", "IARC", "AHRQ", "NCI", "CMS", "HHS", "RIVM", "IQWiG", "HAS", "ANSM",
))


def is_group(text: str) -> bool:
    """Does ``text`` name an organisation (``World Health Organization``, ``NCBI``)?"""
    words = text.split()
    if not words or len(words) > 24 or not text[0].isupper():
        return False
    if len(words) == 1:
        return text.isupper() and 2 <= len(text) <= 12 and text.isalpha()
    if text.endswith(")") and (_named_acronym(text) or _named_alias(text)):
        return True
    if words[0] in _ACRONYMS and len(words) <= 4 and words[1][:1].isupper():
        return True
    if text.isupper() and any(len(w) > 5 and w.isalpha() for w in words):
        text = text.title()  # ABNT's "WORLD HEALTH ORGANIZATION"
        words = text.split()
    if any(_COMPOUND_GROUP_RE.search(w.strip(",.()/")) for w in words):
        return all(w[0].isupper() or w in _LOWER_OK or w in ("voor", "en", "für", "und")
                   for w in words)  # fmt: skip
    # a cheap test before the patterns ("Robert Koch-Institut": the compound's last part)
    if not any(w.strip(",.()/").rpartition("-")[2].lower() in _GROUP_WORD_SET for w in words):
        return False
    if GROUP_WORDS.search(text) or _MORE_GROUP_WORDS.search(text):
        return all(w[0].isupper() or w in _LOWER_OK or not w[0].isalpha()
                   or _MORE_GROUP_WORDS.fullmatch(w) for w in words)  # fmt: skip
    return False
