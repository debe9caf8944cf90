"""Deterministic synthetic LiverTox-style bibliographies for benchmarks and stress tests.

- :func:`livertox_corpus` writes ``n`` citations as LiverTox PDF text: wrapped lines,
  ``et al.``, varied names (tens of thousands of distinct surnames, some non-ASCII,
  hyphenated or with particles), group-free NLM author lists, anonymous works, issue
  numbers, page forms (``740–53``, ``e387–e398``, ``2101``), annotations with
  cross-references (``[Kantarjian 2016]``, "Further follow up of ...") and page-break
  artifacts (blank lines, ``LiverTox: <drug>  Page 3 of 9`` headers, bare dates, a
  ``PubMed PMID:`` split from its number) inside citations.
- :func:`references` gives the same works as :class:`~refgraph.model.Reference` objects.
- :func:`library` is the *ambiguous-label* generator: a folder of many monographs merged
  into one run. First authors come from a small pool of surnames, so at 200,000 references
  a label like "[Castaigne 2012]" names several works of the library, while within one
  monograph (whose annotations cite only its own list) it is nearly always unique.

The same ``seed`` always gives the same output.
"""

from __future__ import annotations

import random
from dataclasses import replace

from refgraph.keys import assign_keys
from refgraph.model import Author, Origin, Reference

__all__ = ["library", "livertox_corpus", "references"]

SURNAMES = (
    "Kantarjian", "DeAngelo", "Gökbuget", "Stelljes", "Jabbour", "Müller", "Sørensen",
    "García-López", "O'Brien", "Nguyễn", "Ravandi", "Short", "Thomas", "Lamb", "Dang",
    "Ogura", "Castaigne", "Fayad", "Žukauskas", "Ødegård", "Björnsson", "Chalasani",
    "Hoofnagle", "Navarro", "Fontana", "Watkins", "Lewis", "Andrade", "Lucena", "Kaplowitz",
    "Reuben", "Suzuki", "Zhang", "Li", "Wang", "Kowalski", "Açıkgöz", "Dupré", "Ng", "Smith",
)  # fmt: skip
INITIALS = ("H", "HM", "DJ", "N", "E", "YN", "AS", "M", "RJ", "J", "P", "SK", "MA", "T")
# Surnames are mostly built from syllables, so that a corpus of 100,000 citations holds tens
# of thousands of distinct names (no cache of parsed names can make the parse look faster
# than it is on real bibliographies); the rest are real-looking names with accents,
# hyphens, apostrophes and particles ("van der Berg").
SYLLABLES = (
    "ka", "ri", "to", "ben", "mar", "li", "so", "gar", "ne", "vik", "ta", "lo", "stein",
    "berg", "man", "son", "wa", "chi", "ro", "del", "fi", "ko", "us", "an", "ell", "ham",
    "qui", "zu", "pe", "dor", "mi", "sa", "han", "ler", "ton", "go", "ra", "vi", "no", "ek",
)  # fmt: skip
PARTICLES = ("van", "van der", "de", "da", "von", "di", "le")
JOURNALS = (
    "N Engl J Med", "Lancet Oncol", "Lancet Haematol", "Br J Haematol", "Drugs",
    "JAMA Oncol", "Hepatology", "J Hepatol", "Blood", "J Clin Oncol", "Am J Gastroenterol",
    "Clin Gastroenterol Hepatol", "Med Lett Drugs Ther", "Drug Saf", "Liver Int",
)  # fmt: skip
WORDS = (
    "inotuzumab", "ozogamicin", "acute", "lymphoblastic", "leukemia", "hepatotoxicity",
    "sinusoidal", "obstruction", "syndrome", "randomized", "trial", "patients", "relapsed",
    "refractory", "outcomes", "liver", "injury", "drug-induced", "analysis", "safety",
    "efficacy", "phase", "cohort", "chemotherapy", "transplantation", "hematopoietic", "cell",
)  # fmt: skip
OPENINGS = (
    "Among {n} patients with refractory or relapsed ALL treated with {drug}",
    "Further follow up of patients in a controlled trial [{xref}] mentions that {n} patients",
    "Secondary analysis of liver related adverse events in a trial [{xref}], with {n} patients",
    "Review of the history of development, mechanism of action and safety of {drug}",
    "Description of {n} cases of sinusoidal obstruction syndrome arising after {drug}",
)
DRUGS = ("inotuzumab", "gemtuzumab", "rituximab", "defibrotide", "ursodiol")


def _abbreviate(pages: str) -> str:
    if "-" not in pages:
        return pages
    start, end = pages.split("-")
    if start[:1].isalpha():
        return f"{start}–{end}"
    i = 0
    while i < len(start) - 1 and i < len(end) - 1 and start[i] == end[i]:
        i += 1
    return f"{start}–{end[i:]}"


def _surname(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.2:
        return rng.choice(SURNAMES)
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    if kind < 0.25:
        return f"{name}-{rng.choice(SURNAMES)}"
    if kind < 0.3:
        return f"{rng.choice(PARTICLES)} {name}"
    return name


def _reference(rng: random.Random, index: int) -> Reference:
    count = rng.choice((1, 2, 3, 5, 8, 12))
    authors: tuple[Author, ...] = ()
    if rng.random() > 0.04:
        authors = tuple(
            Author(last=_surname(rng), initials=rng.choice(INITIALS)) for _ in range(count)
        )
    et_al = len(authors) > 7
    shown = authors[:7] if et_al else authors
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 18))]
    title = " ".join(words)
    title = title[0].upper() + title[1:]
    if rng.random() < 0.3:
        title += ": a phase " + rng.choice("123") + " study"
    year = str(rng.randint(1985, 2024))
    volume = str(rng.randint(1, 400))
    issue = str(rng.randint(1, 12)) if rng.random() < 0.3 else ""
    kind = rng.random()
    if kind < 0.15:
        first = rng.randint(10, 500)
        pages = f"e{first}-e{first + rng.randint(1, 15)}"
    elif kind < 0.25:
        pages = str(rng.randint(100, 3000))
    else:
        first = rng.randint(1, 2500)
        pages = f"{first}-{first + rng.randint(1, 14)}"
    drug = rng.choice(DRUGS)
    xref = f"{rng.choice(SURNAMES)} {rng.randint(1990, 2023)}"
    opening = rng.choice(OPENINGS).format(n=rng.randint(5, 900), drug=drug, xref=xref)
    tail = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
    annotation = f"{opening}, {tail} [{rng.randint(1, 99)}%]"
    return Reference(
        key="",
        pmid=str(10_000_000 + index * 7 + rng.randint(0, 6)),
        authors=shown,
        et_al=et_al,
        title=title,
        journal=rng.choice(JOURNALS),
        year=year,
        volume=volume,
        issue=issue,
        pages=pages,
        annotation=annotation,
    )


def _citation_text(ref: Reference) -> str:
    names = ", ".join(a.short() for a in ref.authors)
    if ref.et_al:
        names += ", et al"
    head = f"{names}. " if names else ""
    issue = f"({ref.issue})" if ref.issue else ""
    return (
        f"{head}{ref.title}. {ref.journal}. {ref.year};{ref.volume}{issue}:"
        f"{_abbreviate(ref.pages)}. PubMed PMID: {ref.pmid}."
    )


_UNBREAKABLE = {w for p in PARTICLES for w in p.split()}


def _wrap(text: str, width: int) -> list[str]:
    # never break after a particle ("van" | "der Berg HM,"): the readers would take the
    # next line for a new citation, as they would in a real PDF broken there
    lines, current = [], ""
    for word in text.split(" "):
        after_particle = current.rsplit(" ", 1)[-1] in _UNBREAKABLE
        if current and len(current) + 1 + len(word) > width and not after_particle:
            lines.append(current + " ")
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def _generate(n: int, seed: int) -> list[Reference]:
    rng = random.Random(seed)
    return [_reference(rng, i) for i in range(n)]


def livertox_corpus(n: int, seed: int = 0) -> str:
    """Return LiverTox PDF-style text with ``n`` annotated citations (deterministic)."""
    rng = random.Random(seed + 1_000_003)
    drug = "Inotuzumab Ozogamicin"
    page, pages = 1, min(max(1, n // 6), 9999)  # a PDF has at most 4-digit page counts
    out = ["REFERENCES", "References updated: 10 July 2018", ""]
    for ref in _generate(n, seed):
        lines = _wrap(_citation_text(ref), rng.choice((90, 100, 110)))
        if rng.random() < 0.1:  # "PubMed PMID:" and its number on two lines
            last = lines[-1]
            cut = last.rfind("PMID: ")
            if cut > 0:
                lines[-1:] = [last[: cut + 5], last[cut + 6 :]]
        if rng.random() < 0.15 and len(lines) > 1:
            at = rng.randint(1, len(lines) - 1)
            page = page + 1 if page < pages else 1
            breaks = ["", f"LiverTox: {drug}   Page {page} of {pages}", "June 2019", ""]
            lines[at:at] = breaks[: rng.randint(1, 4)]
        out.extend(lines)
        out.append("")
        out.extend(_wrap(f"({ref.annotation}).", rng.choice((95, 105))))
        out.append("")
    return "\n".join(out)


def references(n: int, seed: int = 0) -> list[Reference]:
    """Return the works of :func:`livertox_corpus` as References with keys (deterministic)."""
    refs = [
        replace(r, origins=(Origin("generated.txt", i + 1),))
        for i, r in enumerate(_generate(n, seed))
    ]
    return assign_keys(refs)


XREF_CUES = (
    "Further follow up of patients in a trial", "Post hoc analysis of", "Letter on",
    "Among 40 patients, as in", "Meta-analysis of trials including", "Updated results of",
)  # fmt: skip


def library(n: int, seed: int = 0, *, per_document: int = 40, surnames: int = 1500,
            xrefs_per_entry: int = 3) -> list[Reference]:
    """Return ``n`` annotated references spread over monographs of ``per_document`` entries.

    First authors are drawn from ``surnames`` names and 34 years (1990-2023), so labels
    collide across the library (at 200,000 references each label names ~4 works) but
    rarely inside one monograph. Each annotation cites ``xrefs_per_entry`` other entries of
    its own monograph by label ("[Name 2016]", sometimes "Name et al. 2016"), a work of the
    same year or earlier, as real annotations do.
    Deterministic.
    """
    rng = random.Random(seed + 7_000_001)
    pool = sorted({_surname(rng) for _ in range(surnames * 2)})[:surnames]
    refs: list[Reference] = []
    documents = max(1, n // per_document)
    for doc in range(documents):
        path = f"refs/monograph-{doc:05d}.txt"
        size = per_document if doc < documents - 1 else n - per_document * (documents - 1)
        entries = []
        for i in range(size):
            index = len(refs) + i
            entries.append(Reference(
                key="", pmid=str(20_000_000 + index),
                authors=(Author(last=rng.choice(pool), initials=rng.choice(INITIALS)),),
                et_al=True, title=" ".join(rng.choice(WORDS) for _ in range(8)).capitalize(),
                journal=rng.choice(JOURNALS), year=str(rng.randint(1990, 2023)),
                volume=str(rng.randint(1, 400)), pages=f"{rng.randint(1, 900)}-9{i % 10}",
                origins=(Origin(path, 1 + 4 * i),),
            ))
        for i, ref in enumerate(entries):
            parts = []
            earlier = [e for e in entries if e is not ref and e.year <= ref.year]
            for _ in range(xrefs_per_entry):
                cue = rng.choice(XREF_CUES)  # an annotation cites earlier work
                cited = earlier or entries
                other = cited[rng.randrange(len(cited))]
                if other is ref:
                    continue
                name, year = other.first_author, other.year
                label = f"{name} et al. {year}" if rng.random() < 0.1 else f"[{name} {year}]"
                parts.append(f"{cue} {label}.")
            entries[i] = replace(ref, annotation=" ".join(parts))
        refs.extend(entries)
    return assign_keys(refs)
