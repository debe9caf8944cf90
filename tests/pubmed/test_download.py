"""``refgraph pubmed download`` against a local HTTP server serving synthetic files."""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.pubmed.download import download
from refgraph.testing.baseline import write_baseline


class _Files(http.server.SimpleHTTPRequestHandler):
    """Static files with ``Range`` support (what NLM's HTTPS server gives); logs requests."""

    log: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).log.append((self.path, self.headers.get("Range", "")))
        path = Path(self.translate_path(self.path))
        match = re.match(r"bytes=(\d+)-$", self.headers.get("Range", ""))
        if path.is_file() and match:
            data = path.read_bytes()[int(match.group(1)):]
            self.send_response(206)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "pubmed"
    syn = write_baseline(tmp_path / "made", files=3, records=20, updates=1, edge=False)
    root.mkdir()
    syn.baseline.rename(root / "baseline")
    syn.updates.rename(root / "updatefiles")
    _Files.log = []
    handler = lambda *a: _Files(*a, directory=str(root))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", root
    httpd.shutdown()
    httpd.server_close()


def test_download_verifies_md5_skips_present_files_and_resumes(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    url, root = server
    out = tmp_path / "out"
    report = download(out, base_url=url)
    names = sorted(p.name for p in (root / "baseline").glob("*.xml.gz"))
    assert report.fetched == names and not report.failed
    for name in names:
        assert (out / name).read_bytes() == (root / "baseline" / name).read_bytes()
    # a rerun fetches nothing; a half-downloaded file is resumed with a Range request
    (out / names[1]).unlink()
    whole = (root / "baseline" / names[1]).read_bytes()
    (out / (names[1] + ".part")).write_bytes(whole[: len(whole) // 2])
    _Files.log = []
    again = download(out, base_url=url)
    assert again.skipped == [names[0], names[2]] and again.resumed == [names[1]]
    assert (out / names[1]).read_bytes() == whole
    data_requests = [(p, r) for p, r in _Files.log if p.endswith(".xml.gz")]
    assert data_requests == [(f"/baseline/{names[1]}", f"bytes={len(whole) // 2}-")]


def test_a_file_whose_md5_never_matches_is_reported_and_not_kept(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    url, root = server
    name = sorted((root / "baseline").glob("*.xml.gz"))[0].name
    (root / "baseline" / (name + ".md5")).write_text(f"MD5({name})= {'0' * 32}\n")
    result = CliRunner().invoke(cli, ["pubmed", "download", str(tmp_path / "out"), "--url", url])
    assert result.exit_code == 1
    assert f"{name}: MD5 differs" in result.stderr
    assert not (tmp_path / "out" / name).exists()
    assert not (tmp_path / "out" / (name + ".part")).exists()


def test_updates_come_from_updatefiles(server: tuple[str, Path], tmp_path: Path) -> None:
    url, root = server
    report = download(tmp_path / "u", base_url=url, updates=True)
    (only,) = sorted(p.name for p in (root / "updatefiles").glob("*.xml.gz"))
    assert report.fetched == [only]
    digest = hashlib.md5((tmp_path / "u" / only).read_bytes()).hexdigest()
    assert digest in (tmp_path / "u" / (only + ".md5")).read_text()
