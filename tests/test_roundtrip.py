"""Round trip: References -> write_bibtex -> parse -> the same References (hypothesis).

"The same" is exact equality on the model after :func:`canonical_reference` (whitespace
collapsed, initials-only forenames as ``"H. M."``, one-hyphen pages, ...); origins are the
one thing that cannot survive (they name the .bib and its lines), so they are compared
separately: each read-back reference points at the line of its own ``@type{``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.bibfields import RESERVED_FIELDS, VERBATIM_FIELDS
from refgraph.export.biblatex import BIBLATEX_FIELD_ALIASES, biblatex_type, valid_field
from refgraph.export.bibtex import write_bibtex
from refgraph.latex import encode_latex
from refgraph.model import Author, Reference
from refgraph.sources import bibtex
from refgraph.sources.bibtex import canonical_reference
from refgraph.text import normalize_month

UTF8_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"),
)
#: ASCII mode: the characters refgraph spells in LaTeX (others stay UTF-8, tested below).
_CANDIDATES = [chr(c) for c in range(0x20, 0x250)] + list("–—αβγμ°±×’“”…€")
ASCII_MODE_CHARS = st.sampled_from(
    [c for c in _CANDIDATES if encode_latex(c, ascii=True).isascii() and c.isprintable()]
)


def _refs(chars: st.SearchStrategy[str]) -> st.SearchStrategy[list[Reference]]:
    text = st.text(chars, max_size=30)
    word = st.text(chars, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
    person = st.builds(
        Author,
        last=word,
        first=st.one_of(st.just(""), text),
        initials=st.text(st.sampled_from("ABCHMJ"), max_size=3),
        suffix=st.sampled_from(["", "", "Jr", "3rd"]),
    )
    group = st.builds(Author, collective=word)
    authors = st.lists(st.one_of(person, person, group), max_size=4).map(tuple)
    items = st.lists(
        st.text(chars, min_size=1, max_size=15).filter(lambda s: ";" not in s and s.strip()),
        max_size=3,
    ).map(tuple)
    extra_name = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True).filter(
        lambda n: n not in RESERVED_FIELDS and n not in VERBATIM_FIELDS and n != "others"
    )
    extra = st.lists(st.tuples(extra_name, word), max_size=3, unique_by=lambda kv: kv[0]).map(tuple)
    reference = st.builds(
        Reference,
        key=st.from_regex(r"[A-Za-z][A-Za-z0-9:_-]{0,15}", fullmatch=True),
        pmid=st.one_of(st.just(""), st.integers(1, 99_999_999).map(str)),
        entry_type=st.sampled_from(["article", "book", "incollection", "misc", "inproceedings"]),
        authors=authors,
        et_al=st.booleans(),
        title=text,
        journal=text,
        journal_full=text,
        year=st.one_of(st.just(""), st.integers(1800, 2100).map(str), text),
        month=st.one_of(st.sampled_from(["", "Jan", "Aug", "Dec"]), text),
        volume=text,
        issue=text,
        pages=st.one_of(st.just(""), st.sampled_from(["740-753", "e387-e398", "2101"]), text),
        doi=st.one_of(
            st.just(""), st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9.()/:-]{1,20}", fullmatch=True)
        ),
        pmcid=st.one_of(st.just(""), st.integers(1, 9_999_999).map(lambda n: f"PMC{n}")),
        annotation=text,
        publication_types=items,
        keywords=items,
        trials=st.lists(st.from_regex(r"NCT[0-9]{8}", fullmatch=True), max_size=2).map(tuple),
        extra=extra,
    )
    return st.lists(reference, min_size=1, max_size=4, unique_by=lambda r: r.key)


def _read_back(refs: list[Reference], **options: bool) -> list[Reference]:
    text = write_bibtex(refs, **options)
    result = bibtex.parse(text, "rt.bib")
    assert result.problems == (), (text, result.problems)
    lines = text.splitlines()
    for ref in result.references:  # origins: the line of the entry's own "@type{key,"
        assert lines[ref.line - 1] == f"@{ref.entry_type}{{{ref.key},"
    return [replace(r, origins=()) for r in result.references]


def _expected(refs: list[Reference]) -> list[Reference]:
    return [canonical_reference(r) for r in refs]


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(_refs(UTF8_CHARS))
def test_utf8_round_trip(refs: list[Reference]) -> None:
    assert _read_back(refs) == _expected(refs)


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(_refs(ASCII_MODE_CHARS))
def test_ascii_round_trip(refs: list[Reference]) -> None:
    text = write_bibtex(refs, ascii=True)
    assert text.isascii()
    assert _read_back(refs, ascii=True) == _expected(refs)


def _biblatex_expected(ref: Reference) -> Reference:
    """``ref`` as biblatex can carry it: what its data model has no field for is left out."""
    kind = biblatex_type(ref.entry_type)[0]
    journal_field = "booktitle" if ref.entry_type in ("incollection", "inproceedings", "inbook") \
        else "journaltitle"  # fmt: skip
    keep = {
        "journal": journal_field, "journal_full": "journaltitle", "volume": "volume",
        "issue": "number", "pages": "pages", "doi": "doi", "pmcid": "addendum",
        "annotation": "annotation", "keywords": "keywords", "title": "title",
    }  # fmt: skip
    changes: dict[str, object] = {
        attr: getattr(ref, attr) if valid_field(kind, name) else type(getattr(ref, attr))()
        for attr, name in keep.items()
    }
    if ref.entry_type in ("incollection", "inproceedings", "inbook"):
        changes["journal_full"] = ""
    elif not ref.journal.strip() and ref.journal_full.strip() and valid_field(kind, "journaltitle"):
        changes["journal"], changes["journal_full"] = ref.journal_full, ""
    if normalize_month(ref.month) == "":
        changes["month"] = ""  # biblatex months are numbers only
    extra = []
    for name, value in ref.extra:
        name = BIBLATEX_FIELD_ALIASES.get(name, name)
        if valid_field(kind, name) and name not in {n for n, _ in extra}:
            extra.append((name, value))
    changes.update(publication_types=(), trials=(), extra=tuple(extra), entry_type=kind)
    return canonical_reference(replace(ref, **changes))  # type: ignore[arg-type]


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow])
@given(_refs(UTF8_CHARS))
def test_biblatex_round_trip(refs: list[Reference]) -> None:
    assert _read_back(refs, biblatex=True) == [_biblatex_expected(r) for r in refs]


@settings(max_examples=examples(40))
@given(_refs(UTF8_CHARS))
def test_canonical_form_is_a_fixed_point(refs: list[Reference]) -> None:
    once = _expected(refs)
    assert _expected(once) == once
    assert _read_back(once) == once


SEED_LIKE = [
    Reference(
        key="Kantarjian2016",
        pmid="27292104",
        authors=(
            Author(last="Kantarjian", first="H. M.", initials="HM"),
            Author(last="DeAngelo", first="D. J.", initials="DJ"),
            Author(last="Gökbuget", first="N.", initials="N"),
        ),
        et_al=True,
        title="Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic leukemia",
        journal="N Engl J Med",
        year="2016",
        volume="375",
        issue="8",
        pages="740-753",
        annotation="(Among 326 adults with relapsed or refractory ALL, ... 11% had SOS & 5% died).",
    ),
    Reference(
        key="MedLett2018",
        pmid="29352703",
        title="Inotuzumab ozogamicin (Besponsa)--an antibody-drug conjugate for ALL",
        journal="Med Lett Drugs Ther",
        year="2018",
        volume="60",
        issue="1539",
        pages="e12-e13",
        annotation="(Concise review of mechanism of action, efficacy, $-cost and 100% of AEs).",
    ),
    Reference(
        key="NIH1986",
        authors=(Author(collective="NIH Consensus Development Panel on Liver Transplantation"),),
        title="Liver transplantation_{2}: ~^ \\ special # characters",
        journal="Hepatology",
        year="1984",
        pages="107S-110S",
    ),
]


def test_ascii_mode_covers_latin_and_keeps_what_it_cannot_spell() -> None:
    spelled = [c for c in _CANDIDATES if encode_latex(c, ascii=True).isascii()]
    assert len(spelled) > 350
    ref = Reference(key="k", authors=(Author(last="Li"),), title="Ħ ơ ⅻ – gökbuget")
    text = write_bibtex([ref], ascii=True)
    assert 'title = {Ħ ơ ⅻ \\textendash{} g{\\"o}kbuget}' in text
    assert _read_back([ref], ascii=True) == [ref]


@pytest.mark.parametrize("options", [{}, {"ascii": True}, {"biblatex": True}], ids=str)
def test_seed_like_references_round_trip_exactly(options: dict[str, bool]) -> None:
    assert _read_back(SEED_LIKE, **options) == SEED_LIKE
