"""Hostile inputs: injection in titles and annotations, XML bombs and XXE, 50 MB inputs.

Every heavy run happens in a subprocess whose peak memory is measured (``os.wait4`` rusage)
and whose address space is capped with ``RLIMIT_AS``: an entity expansion or a runaway
buffer would die there, not in pytest.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import bibtexparser
import lxml.html
import pytest
from benchmarks.generate import livertox_corpus

from conftest import scale
from refgraph.render import render
from refgraph.sources import bibtex as bibtex_reader
from refgraph.sources import parse_text
from robustness import ROOT, lone_seed, refgraph_env

pytestmark = pytest.mark.fuzz  # `make fuzz` runs these attacks too

LIMIT_AS = 1536 * 1024 * 1024  # 1.5 GB of address space for each child
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
LATEX = r"\input{/etc/passwd} \immediate\write18{touch pwned} 100% done }} unbalanced {"

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">22357140</PMID>
<Article><ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">22357140</PMID>
<Article><ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    maxrss_mb: float


#: A small launcher between pytest and the measured run. A child forked straight from the
#: test process starts with the test process's pages, and Linux keeps that resident size
#: as the child's peak across exec: the peak would grow with the suite, not with refgraph.
#: The launcher is small, so the run it forks reports its own peak (written to argv[2]).
_LAUNCHER = """\
import os, resource, signal, sys
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
    os.execv(sys.executable, [sys.executable, "-m", "refgraph", *sys.argv[3:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[2], "w") as peak:
    peak.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def run_measured(*args: str, tmp: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``python -m refgraph ARGS`` capped at 1.5 GB; return its output and peak RSS."""
    out, err, peak = tmp / "child.out", tmp / "child.err", tmp / "child.maxrss"
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(LIMIT_AS), str(peak), *args],
            cwd=ROOT, env=refgraph_env(env), stdout=o, stderr=e, check=False,
        )  # fmt: skip
    return Run(
        proc.returncode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        int(peak.read_text()) / 1024,
    )


def _one_line_error(run: Run) -> str:
    assert "Traceback" not in run.stderr, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, run.stderr
    return errors[0]


# -- injection ------------------------------------------------------------------------------


def _hostile_bib() -> str:
    return (
        "@article{Evil2020,\n"
        "  author = {Smith, John},\n"
        f"  title = {{{SCRIPT} and {IMG} and 100\\% done}},\n"
        "  journal = {Blood},\n  year = {2020},\n  volume = {1},\n  pages = {1--2},\n"
        "  pmid = {12345678},\n"
        f"  annote = {{Annotation {SCRIPT} {IMG} \\textbackslash{{}}input\\{{/etc/passwd\\}}}},\n"
        "}\n"
    )


def _hostile_livertox() -> str:
    return (
        "REFERENCES\n\n"
        f"Smith J, Doe A. Outcomes {SCRIPT} {IMG} {LATEX}. Blood. 2019;12(3):45-67. "
        "PubMed PMID: 12345678.\n\n"
        f"(Annotation with {SCRIPT} and {IMG} and {LATEX}).\n"
    )


def _injected(doc: lxml.html.HtmlElement) -> list[str]:
    found = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if any(name.lower().startswith("on") for name in el.attrib):
            found.append(f"<{el.tag} {dict(el.attrib)}>")
        if el.tag == "img" and el.get("src") == "x":
            found.append("img src=x")
        if el.tag == "script" and "alert(" in (el.text or "") and len(el.text or "") < 200:
            found.append(f"script {el.text!r}")
    return found


def test_injection_in_titles_and_annotations_is_inert(tmp_path: Path) -> None:
    for name, text in (("evil.bib", _hostile_bib()), ("evil.txt", _hostile_livertox())):
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        out = tmp_path / f"out-{name}"
        run = run_measured(
            "build", str(src), "-o", str(out), "--offline", "--cache", str(tmp_path / "c.sqlite"),
            tmp=tmp_path,
        )  # fmt: skip
        assert run.code == 0, run.stderr
        for html_name in ("bibliography.html", "graph.html"):
            html = (out / html_name).read_text(encoding="utf-8")
            doc = lxml.html.document_fromstring(html)
            assert _injected(doc) == [], html_name
            if html_name == "bibliography.html":  # shown as text, not dropped
                assert "<script>alert(1)</script>" in doc.text_content()
                assert 'onerror="alert(2)"' in doc.text_content()
        bib_path = out / f"{src.stem}.bib"
        bib = bib_path.read_text(encoding="utf-8")
        back = bibtex_reader.parse(bib, str(bib_path))
        original = parse_text(text, name)
        assert [r.title for r in back.references] == [r.title for r in original.references]
        assert [r.annotation for r in back.references] == [
            r.annotation for r in original.references
        ]
        assert not bibtexparser.parse_string(bib).failed_blocks
        tex = render(original.references, "thebibliography.tex")
        assert "\\input{" not in tex and "\\write18" not in tex
        assert "100%" not in tex and "\\%" in tex
        assert tex.count("{") - tex.count("\\{") == tex.count("}") - tex.count("\\}")


# -- XML bombs and XXE ----------------------------------------------------------------------


@contextlib.contextmanager
def _serving(body: bytes) -> Iterator[str]:
    """A hostile E-utilities server answering every request with ``body``."""

    class Hostile(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _reply

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/entrez/eutils/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_xml_bomb_and_xxe_as_input_are_refused(tmp_path: Path) -> None:
    for name, data in (("bomb.xml", BOMB), ("xxe.xml", XXE)):
        src = tmp_path / name
        src.write_bytes(data)
        run = run_measured("parse", str(src), "-o", str(tmp_path / "o.bib"), tmp=tmp_path)
        assert run.code == 2, run.stderr
        line = _one_line_error(run)
        assert name in line and "entit" in line.lower(), line
        assert run.maxrss_mb < 300
        assert not (tmp_path / "o.bib").exists()


def test_xml_bomb_and_xxe_as_server_reply_are_refused(tmp_path: Path) -> None:
    seed = lone_seed(tmp_path / "in")
    for body in (BOMB, XXE):
        with _serving(body) as url:
            run = run_measured(
                "build", str(seed), "-o", str(tmp_path / "out"), "--cache",
                str(tmp_path / "c.sqlite"), tmp=tmp_path, env={"REFGRAPH_EUTILS_URL": url},
            )  # fmt: skip
        assert "Traceback" not in run.stderr, run.stderr
        assert run.maxrss_mb < 300
        # refused: nothing from the hostile reply was used or cached
        assert "lollol" not in run.stdout + run.stderr and "root:" not in run.stdout + run.stderr
        if run.code == 0:
            assert "unchecked:  10 PMID(s) not available" in run.stdout
            check = (tmp_path / "out" / "check.json").read_text(encoding="utf-8")
            assert "lollol" not in check and "root:x" not in check
        else:
            assert "entit" in _one_line_error(run).lower()


# -- 50 MB inputs ---------------------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def test_50mb_junk_line_with_bounded_memory(tmp_path: Path) -> None:
    src = tmp_path / "junk.txt"
    src.write_bytes((b"qz7 {<&%\\ " * (FIFTY_MB // 10 + 1))[:FIFTY_MB])
    run = run_measured("parse", str(src), "-o", str(tmp_path / "o.bib"), tmp=tmp_path)
    assert run.code == 2, run.stderr
    assert "cannot tell the format" in _one_line_error(run)
    forced = run_measured(
        "parse", "--from", "livertox", str(src), "-o", str(tmp_path / "o.bib"), "-q", tmp=tmp_path
    )
    assert "Traceback" not in forced.stderr
    assert forced.code in (0, 2), forced.stderr
    assert max(run.maxrss_mb, forced.maxrss_mb) < 1024


@pytest.mark.slow
def test_50mb_livertox_corpus_with_bounded_memory(tmp_path: Path) -> None:
    """50 MB under `make fuzz`; 10 MB (a few seconds) in `make test`, same memory per MB."""
    size = FIFTY_MB if scale() > 1 else FIFTY_MB // 5
    src = tmp_path / "big.txt"
    unit = livertox_corpus(2000, seed=11)
    with src.open("w", encoding="utf-8") as handle:
        written = 0
        while written < size:  # the same 2,000 works over and over: one big document
            handle.write(unit + "\n\n")
            written += len(unit.encode("utf-8")) + 2
    run = run_measured("parse", str(src), "-o", str(tmp_path / "big.bib"), "-q", tmp=tmp_path)
    assert run.code == 0, run.stderr
    assert run.maxrss_mb < 200 + 36 * size / 2**20  # 2 GB at 50 MB
    assert (tmp_path / "big.bib").read_text(encoding="utf-8").count("@article{") >= 2000
