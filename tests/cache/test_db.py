"""RecordCache (the SQLite file): rows, replies, freshness, sharing, and its faults told apart."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from refgraph.cache import RecordCache, fault_kind, request_key
from refgraph.cache.db import CachedRow
from refgraph.errors import CacheError


@pytest.fixture
def cache(tmp_path: Path) -> RecordCache:
    c = RecordCache(tmp_path / "cache.sqlite")
    yield c
    c.close()


def rows(n: int, start: int = 1, size: int = 1) -> list[tuple[str, bytes, str | None]]:
    return [
        (str(i), b"<PubmedArticle>%d</PubmedArticle>" % i * size, f'{{"pmid": "{i}"}}')
        for i in range(start, start + n)
    ]


def test_a_row_holds_xml_and_json_written_once(cache: RecordCache) -> None:
    assert cache.put_rows(rows(2), "v1", fetched_at=50.0) == 2
    got = cache.get_rows(["1", "2", "3"], parser_version="v1")
    assert got == {
        "1": CachedRow(None, 50.0, '{"pmid": "1"}'),
        "2": CachedRow(None, 50.0, '{"pmid": "2"}'),
    }
    # another codec version gets the XML, not the JSON
    assert cache.get_rows(["1"], parser_version="v2")["1"] == (
        b"<PubmedArticle>1</PubmedArticle>",
        50.0,
        None,
    )
    assert cache.get_many(["1", "9"]) == {"1": (b"<PubmedArticle>1</PubmedArticle>", 50.0)}


def test_max_age_hides_old_rows(cache: RecordCache) -> None:
    cache.put_rows(rows(1, 1), "v", fetched_at=time.time() - 10 * 86400)
    cache.put_rows(rows(1, 2), "v")
    assert set(cache.get_rows(["1", "2"])) == {"1", "2"}
    assert set(cache.get_rows(["1", "2"], max_age_days=5)) == {"2"}
    assert set(cache.get_many(["1", "2"], max_age_days=5)) == {"2"}


def test_replies_keyed_without_credentials(cache: RecordCache, tmp_path: Path) -> None:
    key = request_key("esearch.fcgi", {"term": "x", "api_key": "SECRETKEY", "email": "a@b.c"})
    assert "SECRETKEY" not in key and "a@b.c" not in key
    cache.put_replies([(key, b"[]"), ("other", b"[1]")])
    assert cache.get_reply(key) == b"[]"
    assert cache.get_reply("missing") is None
    with pytest.raises(ValueError, match="api_key"):
        cache.put_reply("esearch.fcgi?api_key=SECRETKEY", b"x")
    cache.close()
    assert b"SECRETKEY" not in (tmp_path / "cache.sqlite").read_bytes()


def test_many_rows_are_fast(cache: RecordCache) -> None:
    cache.put_rows(rows(10000), "v")
    started = time.perf_counter()
    assert len(cache.get_rows([str(i) for i in range(1, 10001)], parser_version="v")) == 10000
    assert time.perf_counter() - started < 2.0
    assert cache.stats()["records"] == 10000


def test_put_parsed_needs_the_same_fetch(cache: RecordCache) -> None:
    cache.put_rows([("1", b"<x1/>", None)], "", fetched_at=50.0)
    assert cache.put_parsed([("1", 49.0, '{"pmid":"1"}')], "2") == 0  # refetched meanwhile
    assert cache.put_parsed([("1", 50.0, '{"pmid":"1"}'), ("9", 50.0, "{}")], "2") == 1
    assert cache.get_rows(["1"], parser_version="2")["1"].parsed == '{"pmid":"1"}'
    cache.put_rows([("1", b"<x1 new/>", None)], "", fetched_at=60.0)
    assert cache.get_rows(["1"], parser_version="2")["1"] == (b"<x1 new/>", 60.0, None)


def test_clear_and_stats(cache: RecordCache) -> None:
    cache.put_rows(rows(2), "v")
    cache.put_reply("k", b"v")
    stats = cache.stats()
    assert (stats["records"], stats["replies"]) == (2, 1) and stats["size_bytes"] > 0
    assert cache.clear() == 2
    assert cache.stats()["records"] == 0 and cache.get_reply("k") is None


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
    conn.execute(
        "INSERT INTO records VALUES ('7', ?, 100.0)", (b"<PubmedArticle>7</PubmedArticle>",)
    )
    conn.commit()
    conn.close()
    with RecordCache(path) as c:
        assert c.get_rows(["7"], parser_version="2.x") == {
            "7": CachedRow(b"<PubmedArticle>7</PubmedArticle>", 100.0, None)
        }
        assert c.put_parsed([("7", 100.0, '{"pmid":"7"}')], "2.x") == 1
    with RecordCache(path) as again:  # a second open finds the columns already there
        assert again.get_rows(["7"], parser_version="2.x")["7"].parsed == '{"pmid":"7"}'


def _layout(path: Path) -> tuple[int, list[str]]:
    conn = sqlite3.connect(path)
    try:
        (page,) = conn.execute("PRAGMA page_size").fetchone()
        found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table'")
        tables = [sql for (sql,) in found]
    finally:
        conn.close()
    return page, tables


def test_a_new_cache_has_rowid_tables_in_16k_pages_and_an_old_one_keeps_its_layout(
    tmp_path: Path,
) -> None:
    new = tmp_path / "new.sqlite"
    with RecordCache(new) as c:
        c.put_rows(rows(3, size=400), "v")
    page, tables = _layout(new)
    assert page == 16384 and len(tables) == 2
    assert not any("WITHOUT ROWID" in sql.upper() for sql in tables)
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript(_OLD_SCHEMA)
    conn.close()
    with RecordCache(old) as c:  # written and read by the same statements
        c.put_rows(rows(3, size=400), "v")
        assert c.get_rows(["2"], parser_version="v")["2"].parsed == '{"pmid": "2"}'
        assert c.get_many(["3"])["3"][0] == rows(1, start=3, size=400)[0][1]
    page, tables = _layout(old)
    assert page == 4096 and all("WITHOUT ROWID" in sql.upper() for sql in tables)


# -- faults told apart -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database at all" * 100), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:3000]), id="truncated"),
    ],
)
def test_corrupt_cache_is_set_aside_and_rebuilt_with_one_clean_line(
    tmp_path: Path, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cache.sqlite"
    with RecordCache(path) as c:
        c.put_rows(rows(199, size=50), "v")
    damage(path)  # type: ignore[operator]
    damaged = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="refgraph.cache"):
        rebuilt = RecordCache(path)
    (line,) = [r.getMessage() for r in caplog.records]
    assert "\n" not in line and line.startswith(f"warning: cache {path} was corrupt")
    assert [p.kind for p in rebuilt.problems] == ["corrupt_cache"]
    assert rebuilt.stats()["records"] == 0
    rebuilt.put_rows(rows(1, 5), "v")
    assert set(rebuilt.get_rows(["5"])) == {"5"}
    rebuilt.close()
    (aside,) = [p for p in tmp_path.glob("cache.sqlite.corrupt-*") if not p.name.endswith("-wal")]
    assert aside.read_bytes() == damaged


def test_disk_full_is_a_clear_error_and_the_cache_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    with RecordCache(path) as c:
        c.put_rows(rows(3), "v")
    cache = RecordCache(path)
    assert cache._conn is not None
    pages = cache._conn.execute("PRAGMA page_count").fetchone()[0]
    cache._conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own "disk full"
    with pytest.raises(CacheError, match="the disk is full") as info:
        cache.put_rows(rows(50, 100, size=400), "v")
    assert info.value.exit_code == 2 and "left as it was" in str(info.value)
    cache.close()
    assert not list(tmp_path.glob("*.corrupt-*"))
    with RecordCache(path) as again:
        assert again.stats()["records"] == 3


def test_a_read_only_cache_reads_but_refuses_writes_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    with RecordCache(path) as c:
        c.put_rows(rows(2), "v")
    before = path.read_bytes()
    with RecordCache(path, readonly=True) as ro:
        assert set(ro.get_rows(["1", "2"])) == {"1", "2"}
        with pytest.raises(CacheError, match="read-only"):
            ro.put_rows(rows(1, 9), "v")
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


def test_sqlite_read_only_error_is_told_from_corruption(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    RecordCache(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as info:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert fault_kind(info.value) == "read-only"
    assert fault_kind(sqlite3.DatabaseError("database disk image is malformed")) == "corrupt"


def test_a_cache_that_cannot_be_opened_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dir.sqlite").mkdir()  # a folder where the file should be
    with pytest.raises(CacheError, match="cannot open it") as info:
        RecordCache(tmp_path / "dir.sqlite")
    assert info.value.exit_code == 2
    assert (tmp_path / "dir.sqlite").is_dir() and not list(tmp_path.glob("*.corrupt-*"))
    (tmp_path / "file").write_text("x")
    with pytest.raises(CacheError, match="cannot create the cache folder"):
        RecordCache(tmp_path / "file" / "c.sqlite")


def test_a_held_lock_is_waited_for_with_a_message_then_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cache.sqlite"
    cache = RecordCache(path, lock_wait=1.5)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, and not letting go
    try:
        started = time.monotonic()
        with (
            caplog.at_level(logging.WARNING, logger="refgraph.cache"),
            pytest.raises(CacheError, match=r"stayed locked .* for 1\.5 s"),
        ):
            cache.put_rows(rows(1), "v")
        assert 1.4 < time.monotonic() - started < 6.0
        assert "is locked by another process; waiting up to 1.5 s" in caplog.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cache.put_rows(rows(1), "v") == 1  # released: the same cache works again
    cache.close()


def test_a_lock_released_in_time_is_no_error(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    cache = RecordCache(path, lock_wait=20)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(1.5, lambda: holder.execute("ROLLBACK"))
    timer.start()
    try:
        assert cache.put_rows(rows(1), "v") == 1
    finally:
        timer.join()
        holder.close()
        cache.close()


def _writer(path: str, start: int, count: int) -> None:
    cache = RecordCache(path)
    for i in range(start, start + count, 10):
        cache.put_rows(rows(10, i), "v")
        cache.get_rows([str(i)])
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
