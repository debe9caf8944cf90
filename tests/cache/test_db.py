"""RecordCache: records and replies, freshness, snapshots, corruption, and sharing."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from refgraph.cache import CachedRecord, RecordCache, request_key
from refgraph.errors import CacheWarning
from refgraph.pubmed.parse import iter_article_xml, parse_pubmed_xml, wrap_articles

EUTILS = Path(__file__).resolve().parent / "data" / "eutils"
RETRACTED = (
    EUTILS / "cyanheads-pubmed-mcp-server/tests/corpus/fixtures/pubmed/pmid31844417/source.xml"
)
TWO_RECORDS = EUTILS / "biopython/Tests/Entrez/pubmed2.xml"


@pytest.fixture
def cache(tmp_path: Path) -> RecordCache:
    c = RecordCache(tmp_path / "cache.sqlite")
    yield c
    c.close()


def test_records_round_trip_byte_identical(cache: RecordCache) -> None:
    pairs = dict(iter_article_xml(TWO_RECORDS.read_bytes()))
    assert cache.put_many(pairs) == 2
    got = cache.get_many([*pairs, "999"])
    assert set(got) == set(pairs)
    for pmid, (xml, fetched_at) in got.items():
        assert xml == pairs[pmid]
        assert fetched_at == pytest.approx(time.time(), abs=60)
    (record,) = parse_pubmed_xml(wrap_articles([got["11748933"][0]]))
    assert record.pmid == "11748933"


def test_max_age_hides_old_records(cache: RecordCache) -> None:
    old = time.time() - 10 * 86400
    cache.put_many({"1": b"<PubmedArticle>old</PubmedArticle>"}, fetched_at=old)
    cache.put_many({"2": b"<PubmedArticle>new</PubmedArticle>"})
    assert set(cache.get_many(["1", "2"])) == {"1", "2"}
    assert set(cache.get_many(["1", "2"], max_age_days=5)) == {"2"}


def test_replies_keyed_without_credentials(cache: RecordCache, tmp_path: Path) -> None:
    key = request_key("esearch.fcgi", {"term": "x", "api_key": "SECRETKEY", "email": "a@b.c"})
    assert "SECRETKEY" not in key and "a@b.c" not in key
    cache.put_reply(key, b"<eSearchResult/>")
    assert cache.get_reply(key) == b"<eSearchResult/>"
    assert cache.get_reply("other") is None
    with pytest.raises(ValueError, match="api_key"):
        cache.put_reply("esearch.fcgi?api_key=SECRETKEY", b"x")
    cache.close()
    assert b"SECRETKEY" not in (tmp_path / "cache.sqlite").read_bytes()


def test_many_records_are_fast(cache: RecordCache) -> None:
    items = {str(i): b"<PubmedArticle>%d</PubmedArticle>" % i for i in range(1, 10001)}
    cache.put_many(items)
    started = time.perf_counter()
    got = cache.get_many(items)
    assert len(got) == 10000
    assert time.perf_counter() - started < 2.0
    assert cache.stats()["records"] == 10000


def test_import_dir_many_and_one_record_files(cache: RecordCache, tmp_path: Path) -> None:
    snap = tmp_path / "snap"
    snap.mkdir()
    shutil.copy(TWO_RECORDS, snap / "two.xml")
    shutil.copy(RETRACTED, snap / "31844417.xml")
    (snap / "broken.xml").write_bytes(b"<PubmedArticleSet><PubmedArticle>")
    (snap / "notes.txt").write_text("ignored")
    assert cache.import_dir(snap) == 3
    assert set(cache.get_many(["11748933", "11700088", "31844417"])) == {
        "11748933",
        "11700088",
        "31844417",
    }
    assert [p.source for p in cache.problems] == [str(snap / "broken.xml")]


def test_import_dir_without_overwrite_keeps_cached(cache: RecordCache, tmp_path: Path) -> None:
    snap = tmp_path / "snap"
    snap.mkdir()
    shutil.copy(RETRACTED, snap / "31844417.xml")
    cache.put_many({"31844417": b"<PubmedArticle>fresh</PubmedArticle>"})
    assert cache.import_dir(snap, overwrite=False) == 0
    assert cache.get_many(["31844417"])["31844417"][0] == b"<PubmedArticle>fresh</PubmedArticle>"
    assert cache.import_dir(snap) == 1
    assert cache.get_many(["31844417"])["31844417"][0].startswith(b"<PubmedArticle")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database at all" * 100), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:3000]), id="truncated"),
    ],
)
def test_corrupt_cache_is_set_aside_and_rebuilt(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "cache.sqlite"
    with RecordCache(path) as c:
        c.put_many({str(i): b"<PubmedArticle>%d</PubmedArticle>" % i * 50 for i in range(1, 200)})
    damage(path)  # type: ignore[operator]
    with pytest.warns(CacheWarning, match="corrupt"):
        rebuilt = RecordCache(path)
    assert rebuilt.stats()["records"] == 0
    rebuilt.put_many({"5": b"<PubmedArticle/>"})
    assert set(rebuilt.get_many(["5"])) == {"5"}
    rebuilt.close()
    assert list(tmp_path.glob("cache.sqlite.corrupt-*"))


def _writer(path: str, start: int, count: int) -> None:
    cache = RecordCache(path)
    for i in range(start, start + count, 10):
        cache.put_many({str(j): b"<PubmedArticle>%d</PubmedArticle>" % j for j in range(i, i + 10)})
        cache.get_many([str(i)])
    cache.close()


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, n * 1000 + 1, 300)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with RecordCache(path) as c:
        assert c.stats()["records"] == 600


def test_clear_and_stats(cache: RecordCache) -> None:
    cache.put_many({"1": b"<a/>", "2": b"<b/>"})
    cache.put_reply("k", b"v")
    stats = cache.stats()
    assert (stats["records"], stats["replies"]) == (2, 1)
    assert stats["size_bytes"] > 0
    assert cache.clear() == 2
    assert cache.stats()["records"] == 0
    assert cache.get_reply("k") is None


# -- the derived column: parsed records as JSON, by parser version --------------------------

_OLD_SCHEMA = """
CREATE TABLE records (pmid TEXT PRIMARY KEY, xml BLOB NOT NULL, fetched_at REAL NOT NULL)
    WITHOUT ROWID;
CREATE TABLE replies (key TEXT PRIMARY KEY, body BLOB NOT NULL, fetched_at REAL NOT NULL)
    WITHOUT ROWID;
"""


def test_cache_from_before_the_json_column_opens_and_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(_OLD_SCHEMA)
    xml = b"<PubmedArticle>7</PubmedArticle>"
    conn.execute("INSERT INTO records VALUES ('7', ?, 100.0)", (xml,))
    conn.commit()
    conn.close()
    with RecordCache(path) as c:
        assert c.get_many(["7"]) == {"7": (b"<PubmedArticle>7</PubmedArticle>", 100.0)}
        assert c.get_records(["7"], parser_version="2.x") == {
            "7": CachedRecord(b"<PubmedArticle>7</PubmedArticle>", 100.0, None)
        }
        assert c.put_parsed([("7", 100.0, '{"pmid":"7"}')], "2.x") == 1
        assert c.get_records(["7"], parser_version="2.x")["7"] == (None, 100.0, '{"pmid":"7"}')
    with RecordCache(path) as again:  # a second open finds the columns already there
        assert again.get_records(["7"], parser_version="2.x")["7"].parsed == '{"pmid":"7"}'


def test_json_is_given_only_for_its_parser_version(cache: RecordCache) -> None:
    cache.put_many({"1": b"<x1/>", "2": b"<x2/>"}, fetched_at=50.0)
    assert cache.put_parsed([("1", 50.0, '{"pmid":"1"}'), ("2", 50.0, '{"pmid":"2"}')], "1") == 2
    assert cache.put_parsed([("2", 50.0, '{"pmid":"2","title":"v2"}')], "2") == 1
    rows = cache.get_records(["1", "2", "3"], parser_version="2")
    assert rows == {"1": CachedRecord(b"<x1/>", 50.0, None),
                    "2": CachedRecord(None, 50.0, '{"pmid":"2","title":"v2"}')}  # fmt: skip
    assert cache.get_records(["1", "2"], max_age_days=1.0, parser_version="2") == {}


def test_json_write_needs_the_same_fetch_and_refetch_drops_it(cache: RecordCache) -> None:
    cache.put_many({"1": b"<x1/>"}, fetched_at=50.0)
    assert cache.put_parsed([("1", 49.0, '{"pmid":"1"}')], "2") == 0  # refetched meanwhile
    assert cache.put_parsed([("1", 50.0, '{"pmid":"1"}'), ("9", 50.0, "{}")], "2") == 1
    cache.put_many({"1": b"<x1 new/>"}, fetched_at=60.0)
    assert cache.get_records(["1"], parser_version="2")["1"] == (b"<x1 new/>", 60.0, None)
