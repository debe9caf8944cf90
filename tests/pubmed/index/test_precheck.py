"""Bulk checking's column pre-check gives exactly what the per-citation check gives.

Documents mix citations that agree exactly with their records (decided in Arrow) with
citations that miss by a little on each compared field, deleted, absent, malformed and
missing PMIDs, wrong PMIDs with suggestions, duplicates and PMID conflicts, retracted and
erratum records and notice records cited as studies or not. Every per-document report of
``check_documents`` must equal ``check_references`` over an :class:`IndexSource`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pyarrow.compute as pc
import pytest

from refgraph.check.run import check_references
from refgraph.export.bibtex import write_bibtex
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.index.bulk import check_documents
from refgraph.pubmed.index.precheck import citation_table, decide, record_status
from refgraph.pubmed.index.source import IndexSource
from refgraph.pubmed.index.store import PubmedIndex
from refgraph.pubmed.record_json import record_from_json
from refgraph.pubmed.reference import record_to_reference
from refgraph.sources import load
from refgraph.testing.baseline import Synthetic

NOTICES = ("Comment", "Editorial", "Published Erratum", "Retraction of Publication")


def _live(index: PubmedIndex) -> list[PubmedRecord]:
    table = index.table("records")
    table = table.filter(pc.is_valid(table.column("record")))
    return [record_from_json(t) for t in table.column("record").to_pylist()]


def _cite(record: PubmedRecord, key: str) -> Reference:
    return replace(record_to_reference(record, key=key), keywords=(), publication_types=(),
                   extra=())  # fmt: skip


def _first(records: list[PubmedRecord], test: Callable[[PubmedRecord], bool]) -> PubmedRecord:
    return next(r for r in records if test(r))


def _near_misses(record: PubmedRecord, n: int) -> list[Reference]:
    """The citation of ``record`` missed by a little (or a lot) on one field at a time."""
    ref = _cite(record, f"near{n}")
    other = Author(last="Zyxwvut", first="Q")
    pages = record.pages or record.elocation
    variants = [
        replace(ref, title=ref.title.rstrip(".").upper()),  # same plain text
        replace(ref, title=ref.title[: len(ref.title) * 4 // 5]),  # a prefix, or minor
        replace(ref, title="Nothing alike at all in this title"),
        replace(ref, title="..."),
        replace(ref, authors=(other, *ref.authors)),  # cited first author is author 2
        replace(ref, authors=(other,)),
        replace(ref, authors=()),
        replace(ref, journal=record.journal, journal_full=""),
        replace(ref, journal="The", journal_full=""),
        replace(ref, journal="Imaginary Journal of Nothing", journal_full=""),
        replace(ref, year=str(int(record.year or 2000) + 1)),
        replace(ref, year=str(int(record.year or 2000) + 7)),
        replace(ref, year="n.d."),
        replace(ref, year=""),
        replace(ref, volume=(record.volume or "1") + "9"),
        replace(ref, volume=""),
        replace(ref, pages=f"{pages}-99999" if pages else "12-13"),
        replace(ref, pages="x" + pages if pages else "e1-e2"),
        replace(ref, pages=""),
        replace(ref, volume="Ⅻ", pages="ß1"),
        replace(ref, doi="", annotation="A randomized controlled trial in 40 patients."),
    ]
    return [replace(v, key=f"{v.key}v{i}") for i, v in enumerate(variants)]


def _documents(syn: Synthetic, records: list[PubmedRecord]) -> dict[str, list[Reference]]:
    by_pmid = {r.pmid: r for r in records}
    notice = _first(records, lambda r: any(t in r.publication_types for t in NOTICES))
    plain = [r for r in records if not r.publication_types or
             r.publication_types == ("Journal Article",)]  # fmt: skip
    paper, erratum = str(next(iter(syn.retracted))), str(next(iter(syn.errata)))
    special = {paper, erratum, notice.pmid}
    exact = [_cite(r, f"exact{i}") for i, r in enumerate(records[:40]) if r.pmid not in special]
    exact += [_cite(by_pmid[paper], "retracted"), _cite(by_pmid[erratum], "erratum"),
              _cite(notice, "notice")]  # fmt: skip
    one, two, three = plain[0], plain[1], plain[2]
    twin = _cite(two, "twin")
    near = _near_misses(one, 1) + _near_misses(notice, 2)
    return {
        "exact.bib": exact,
        **{f"near/{v.key}.bib": [v, _cite(three, f"fine{i}")] for i, v in enumerate(near)},
        "ids.bib": [
            _cite(one, "ok"),
            replace(_cite(one, "deleted"), pmid=str(syn.deleted_same_file[0])),
            replace(_cite(two, "absent"), pmid="99999999"),
            replace(_cite(two, "malformed"), pmid="12a"),
            replace(_cite(two, "nopmid"), pmid=""),
            replace(_cite(three, "wrongpmid"), pmid=two.pmid),
            replace(_cite(three, "titleonly"), pmid="", volume="", pages=""),
        ],
        "duplicates.bib": [
            twin, replace(twin, key="twin2"),
            replace(_cite(one, "conflict"), pmid=three.pmid), _cite(three, "owner"),
            replace(_cite(one, "samedoi"), pmid=records[50].pmid, doi=one.doi),
            _cite(one, "doiowner"), replace(_cite(records[60], "sig"), pmid=""),
            _cite(records[60], "sigowner"), _cite(records[70], "alone"),
            replace(_cite(notice, "study"), title="A study of 40 patients"),
            replace(_cite(notice, "letter"), annotation="Comment on a case report."),
        ],
    }  # fmt: skip


def _normal(data: object) -> object:
    return json.loads(json.dumps(data))


@pytest.mark.parametrize("shard_size", [1, 3])
def test_bulk_reports_equal_the_per_citation_check(
    shard_size: int, synthetic: Synthetic, index: Path, tmp_path: Path
) -> None:
    opened = PubmedIndex(index)
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, refs in _documents(synthetic, _live(opened)).items():
        (docs / name).parent.mkdir(exist_ok=True)
        (docs / name).write_text(write_bibtex(refs), encoding="utf-8")
    out = tmp_path / "out"
    report = check_documents([docs], index, out, shard_size=shard_size)
    verdicts = set(report.counts)
    assert {"ok", "mismatch", "not_found", "retracted", "no_pmid", "unchecked"} <= verdicts
    for path in sorted(docs.rglob("*.bib")):
        refs = load(str(path)).references
        alone = check_references(refs, IndexSource(PubmedIndex(index))).report
        name = path.relative_to(docs)
        bulk = json.loads((out / f"{name}.check.json").read_text(encoding="utf-8"))
        for got, want in zip(bulk["results"], _normal(alone.as_dict())["results"], strict=True):  # type: ignore[index]
            assert got == want
        assert bulk == _normal(alone.as_dict()), name
    duplicates = json.loads((out / "duplicates.bib.check.json").read_text())["summary"]
    assert duplicates["duplicates"] and duplicates["conflicts"]


def test_the_columns_decide_exact_citations_and_leave_the_rest(
    synthetic: Synthetic, index: Path
) -> None:
    import pyarrow as pa

    from refgraph.pubmed.index.columns import COLUMNS

    opened = PubmedIndex(index)
    documents = _documents(synthetic, _live(opened))
    names = list(documents)
    citations = citation_table(documents.values())
    pmids = [p for p in citations.column("pmid").to_pylist() if p is not None]
    size = opened.manifest.partition_size
    parts = [opened.partition_rows(part, pmids, ["pmid", "file", "op", *COLUMNS])
             for part in sorted({p // size for p in pmids})]  # fmt: skip
    rows = pa.concat_tables([t for t in parts if t is not None])
    rows = rows.append_column("status", record_status(rows))
    decided = decide(citations, rows, {})
    docs = citations.column("doc").to_pylist()
    keys = citations.column("key").to_pylist()
    by_key = {k: d for k, d, doc in zip(keys, decided, docs, strict=True)}
    exact = [d for d, doc in zip(decided, docs, strict=True) if names[doc] == "exact.bib"]
    assert all(d is not None for d in exact)  # all of them, notices and retractions too
    assert by_key["retracted"] is not None and by_key["retracted"][0] == "retracted"
    assert by_key["erratum"] is not None and by_key["erratum"][1]  # its erratum note
    assert by_key["alone"] == ("ok", ())
    for key in ("twin", "twin2", "conflict", "owner", "samedoi", "doiowner", "sig",
                "sigowner", "deleted", "absent", "malformed", "nopmid", "wrongpmid"):
        assert by_key[key] is None, key  # duplicates, conflicts and bad PMIDs: the full check
    near = {k: d for k, d in by_key.items() if k.startswith("near")}
    assert near["near1v0"] is None and near["near1v2"] is None  # titles that differ
    assert near["near1v13"] == ("ok", ()) and near["near1v15"] == ("ok", ())  # no year, volume
    assert sum(d is None for d in near.values()) > len(near) / 2
