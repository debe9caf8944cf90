"""Records in the cache: stored once from the XML parser's split, read back, never poisoned."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pytest

from refgraph.cache import (
    CachedSource,
    RecordCache,
    import_snapshot,
    keys,
    load_records,
    store_articles,
)
from refgraph.cache.records import paused_gc, read_xml_records, store_xml
from refgraph.errors import OfflineError
from refgraph.pubmed.parse import RECORD_JSON_VERSION, parse_pubmed_xml, wrap_articles
from refgraph.pubmed.source import CitationMatch, CitationQuery

EUTILS = Path(__file__).resolve().parent.parent / "data" / "eutils"
RETRACTED = (
    EUTILS / "cyanheads-pubmed-mcp-server/tests/corpus/fixtures/pubmed/pmid31844417/source.xml"
)
TWO_RECORDS = EUTILS / "biopython/Tests/Entrez/pubmed2.xml"
DECOY = (
    b'<PubmedArticle><MedlineCitation><PMID Version="1">1</PMID></MedlineCitation></PubmedArticle>'
)


@pytest.fixture
def cache(tmp_path: Path) -> RecordCache:
    c = RecordCache(tmp_path / "cache.sqlite")
    yield c
    c.close()


def test_records_stored_once_read_back_equal(cache: RecordCache) -> None:
    data = TWO_RECORDS.read_bytes()
    articles = read_xml_records(data)
    assert [a.pmid for a in articles] == ["11748933", "11700088"]
    assert store_articles(cache, articles) == 2
    rows = cache.get_rows(["11748933"], parser_version=RECORD_JSON_VERSION)
    assert rows["11748933"].parsed is not None and rows["11748933"].xml is None  # JSON fast path
    found = load_records(cache, ["11748933", "11700088", "5"])
    assert found.records == {r.pmid: r for r in parse_pubmed_xml(data)}
    assert found.unusable == {}
    # the stored XML is the element itself, and reads back to the same record
    xml = cache.get_many(["11748933"])["11748933"][0]
    assert xml.startswith(b"<PubmedArticle") and xml.endswith(b"</PubmedArticle>")
    assert parse_pubmed_xml(wrap_articles([xml])) == (found.records["11748933"],)


@pytest.mark.parametrize(
    "odd",
    [
        pytest.param(
            lambda body: body.replace(
                b"<PubmedArticleSet>", b"<PubmedArticleSet><!-- " + DECOY + b" -->", 1
            ),
            id="comment",
        ),
        pytest.param(
            lambda body: body.replace(
                b"<PubmedArticleSet>", b"<PubmedArticleSet><![CDATA[" + DECOY + b"]]>", 1
            ),
            id="cdata",
        ),
        pytest.param(
            lambda body: body.replace(
                b"<PubmedArticleSet>", b'<n:PubmedArticleSet xmlns:n="urn:x">', 1
            ).replace(b"</PubmedArticleSet>", b"</n:PubmedArticleSet>"),
            id="ns-root",
        ),
    ],
)
def test_odd_but_well_formed_xml_cannot_poison_the_cache(
    cache: RecordCache, tmp_path: Path, odd: object
) -> None:
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "odd.xml").write_bytes(odd(TWO_RECORDS.read_bytes()))  # type: ignore[operator]
    assert import_snapshot(cache, snap) == 2
    assert cache.problems == []
    assert cache.pmids() == {"11748933", "11700088"}  # no decoy PMID 1
    found = load_records(cache, ["11748933", "11700088"])
    assert found.records == {r.pmid: r for r in parse_pubmed_xml(TWO_RECORDS.read_bytes())}
    assert b"xmlns" not in cache.get_many(["11748933"])["11748933"][0]


def test_namespaced_records_are_refused_not_stored(cache: RecordCache) -> None:
    body = TWO_RECORDS.read_bytes().replace(
        b"<PubmedArticleSet>", b'<PubmedArticleSet xmlns="urn:x">', 1
    )
    with pytest.raises(ValueError, match="namespace urn:x"):
        store_xml(cache, [body])
    assert cache.pmids() == set()


def test_an_unusable_cached_record_is_reported_not_fatal(cache: RecordCache) -> None:
    store_xml(cache, [TWO_RECORDS.read_bytes()])
    cache.put_rows(
        [
            ("5", b"<PubmedArticle><broken", '{"not": "a record"}'),
            ("6", RETRACTED.read_bytes(), None),
        ],
        RECORD_JSON_VERSION,
    )
    found = load_records(cache, ["11748933", "5", "6"])
    assert set(found.records) == {"11748933"}
    assert "not well-formed" in found.unusable["5"]
    assert "it is PMID 31844417" in found.unusable["6"]  # a record stored under the wrong PMID


def test_an_older_codec_version_is_reread_from_xml_and_written_back(cache: RecordCache) -> None:
    articles = read_xml_records(TWO_RECORDS.read_bytes())
    cache.put_rows([(a.pmid, a.xml, '{"pmid": "old"}') for a in articles], "0.old")
    found = load_records(cache, ["11748933", "11700088"])
    assert set(found.records) == {"11748933", "11700088"}
    rows = cache.get_rows(["11748933"], parser_version=RECORD_JSON_VERSION)
    assert rows["11748933"].parsed is not None  # the new JSON was written back


def test_snapshot_import_reports_unusable_files_and_keeps_cached(
    cache: RecordCache, tmp_path: Path
) -> None:
    snap = tmp_path / "snap"
    snap.mkdir()
    shutil.copy(TWO_RECORDS, snap / "two.xml")
    shutil.copy(RETRACTED, snap / "31844417.xml")
    (snap / "broken.xml").write_bytes(b"<PubmedArticleSet><PubmedArticle>")
    (snap / "bomb.xml").write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><PubmedArticleSet/>')
    (snap / "other.xml").write_bytes(b"<eSearchResult/>")
    (snap / "notes.txt").write_text("ignored")
    assert import_snapshot(cache, snap) == 3
    assert cache.pmids() == {"11748933", "11700088", "31844417"}
    problems = {Path(p.source).name: p.text for p in cache.problems}
    assert set(problems) == {"broken.xml", "bomb.xml", "other.xml"}
    assert "entities" in problems["bomb.xml"] and "<eSearchResult>" in problems["other.xml"]
    # without overwrite a cached PMID's file is not even read
    (snap / "31844417.xml").write_bytes(b"garbage")
    assert import_snapshot(cache, snap, overwrite=False) == 0


def test_cached_source_answers_from_the_cache_alone(cache: RecordCache) -> None:
    store_xml(cache, [TWO_RECORDS.read_bytes()])
    query = CitationQuery("k1", "Science", "1987", "235", "182", "Palmenberg AC")
    cache.put_replies(
        [
            (keys.elink_key("11748933", "pubmed_pubmed_citedin"), b'["2", "3"]'),
            (
                keys.ecitmatch_key(query),
                keys.encode_citation(CitationMatch("k1", "found", "3026048")),
            ),
            (keys.esearch_key("x[ti]", 5), b'["11748933"]'),
        ]
    )
    source = CachedSource(cache)
    result = source.fetch_records(["11748933", "7", "bad"], partial=True)
    assert set(result.records) == {"11748933"} and result.missing == ("7",)
    assert result.not_found == ("bad",) and "not in the cache" in result.reasons["7"]
    with pytest.raises(OfflineError) as info:
        source.fetch_records(["11748933", "7"])
    assert info.value.missing == ("7",) and set(info.value.partial.records) == {"11748933"}
    assert source.ecitmatch([query]) == {"k1": CitationMatch("k1", "found", "3026048")}
    assert source.esearch("x[ti]", 5) == ("11748933",)
    with pytest.raises(OfflineError, match="link sets") as links:
        source.elink(["11748933", "11700088"])
    assert links.value.partial == {"11748933": ("2", "3")} and links.value.missing == ("11700088",)


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_paused_gc_restores_the_collector_and_promotes_what_it_built() -> None:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        collected = weakref.WeakSet()
        with paused_gc():
            assert not gc.isenabled()
            with paused_gc():  # nested pauses end with the outermost
                pass
            assert not gc.isenabled()
            built = [[i] for i in range(50_000)]
            garbage = _Node()
            collected.add(garbage)
            del garbage
        assert gc.isenabled()
        # what the pause built went to the oldest generation in one move, not walked young
        assert any(o is built for o in gc.get_objects(generation=2))
        assert len(built) == 50_000 and gc.get_freeze_count() == 0
        gc.collect()
        assert len(collected) == 0  # its cyclic garbage is still collected
        host = [object()]  # what the host froze stays frozen
        gc.freeze()
        frozen = gc.get_freeze_count()
        with paused_gc():
            pass
        assert gc.get_freeze_count() == frozen and host
    finally:
        gc.unfreeze()
        if not was_enabled:
            gc.disable()
