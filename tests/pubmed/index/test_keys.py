"""Lookup keys of the local index: the keys read as the module docstring defines them (the
title key's ASCII short cut as the regex, the citation-match keys part by part)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.journals import normalise_journal
from refgraph.model import PubmedRecord
from refgraph.pubmed.index.keys import (
    MIN_TITLE_WORDS,
    TITLE_WORDS,
    _token,
    record_keys,
    title_key,
)


def _title_key_by_regex(title: str) -> str:
    """The title key as the module docstring defines it, through the ``[\\W_]+`` regex."""
    words = re.sub(r"[\W_]+", " ", _token(title)).split()
    return " ".join(words[:TITLE_WORDS]) if len(words) >= MIN_TITLE_WORDS else ""


@given(st.text(st.characters(max_codepoint=127)) | st.text())
@example("[Inotuzumab ozogamicin: First global approval].")
@example("snake_case\x00and\x7fcontrol\tchars")
@example("Über die Gärung_der Hefe")
@settings(max_examples=examples(500))
def test_title_key_reads_like_the_regex(title: str) -> None:
    assert title_key(title) == _title_key_by_regex(title)


def _cit_keys_by_definition(record: PubmedRecord) -> list[str]:
    """The ``cit`` keys as the module docstring defines them, each part worked out in place."""
    if not record.volume:
        return []
    keys: dict[str, None] = {}
    journals = (record.journal, record.journal_abbrev, record.medline_ta)
    names = sorted({normalise_journal(n) for n in journals if n} - {""})
    years = [record.year, record.epub_year]
    if not record.year and record.medline_date:
        years.extend(re.findall(r"\b\d{4}\b", record.medline_date)[:1])
    for name in names:
        for year in (y for y in dict.fromkeys(years) if y):
            for page in dict.fromkeys(_token(p) for p in (record.first_page, record.elocation)
                                      if p):  # fmt: skip
                if page:
                    keys[f"{name}|{year}|{_token(record.volume)}|{page}"] = None
    return list(keys)


parts = st.sampled_from(["", " ", "12", "e5", "S1", "A-1", " 7 ", "Ⅻ", "ﬁ3", "_"])
journals = st.sampled_from(["", "The", "Blood", "N Engl J Med", "N. Engl. J. Med.", "Lancet",
                            "Ärztebl", "&", "J. Clin. Oncol."])  # fmt: skip
years = st.sampled_from(["", "2020", "1999", "19", "2021 Spring"])


@given(st.builds(PubmedRecord, pmid=st.just("1"), journal=journals, journal_abbrev=journals,
                 medline_ta=journals, volume=parts, year=years, epub_year=years,
                 medline_date=years, pages=st.sampled_from(["", "10-20", "-5", "e1", " 3-4"]),
                 elocation=parts, title=st.text(max_size=40)))  # fmt: skip
@settings(max_examples=examples(500))
def test_citation_keys_read_like_their_definition(record: PubmedRecord) -> None:
    rows = record_keys(record)
    assert [key for kind, key, _ in rows if kind == "cit"] == _cit_keys_by_definition(record)
    assert len(rows) == len(set(rows))
