"""PDF input: a LiverTox PDF reads as its text does; unreadable PDFs are refused whole."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from benchmarks.pdfmaker import image_only_pdf, monograph_pdf
from click.testing import CliRunner

from conftest import SEED
from refgraph.cli import cli
from refgraph.errors import UnreadableInputError
from refgraph.sources import expand_inputs, livertox, load
from refgraph.sources.pdf import extract_text, strip_running_lines


def _plain(refs):
    return [replace(r, origins=()) for r in refs]


@pytest.mark.parametrize("spacing", ["tj", "tw"])
def test_livertox_pdf_reads_exactly_as_the_seed_text(tmp_path: Path, spacing: str) -> None:
    seed = SEED.read_text(encoding="utf-8")
    path = tmp_path / "inotuzumab.pdf"
    path.write_bytes(monograph_pdf(seed, spacing=spacing))
    result = load(path)
    want = livertox.parse(seed, str(path))
    assert result.format == "livertox"
    assert _plain(result.references) == _plain(want.references)
    assert [(p.kind, p.text) for p in result.problems] == [(p.kind, p.text)
                                                           for p in want.problems]
    assert result.references[0].origin.path == str(path)


def test_running_headers_and_page_numbers_are_dropped() -> None:
    text = extract_text(monograph_pdf(SEED.read_text(encoding="utf-8")), "x.pdf")
    assert "Clinical and Research Information" not in text
    assert "\n1\n" not in text and "\n2\n" not in text


def test_a_line_on_one_page_only_is_kept() -> None:
    pages = ["Head\nAlpha\n1", "Head\nBeta\n2", "Head\nGamma\nonly here"]
    assert strip_running_lines(pages) == ["Alpha", "Beta", "Gamma\nonly here"]


def test_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(monograph_pdf("Lamb YN. Drugs. 2017;77:1603-10.", encrypt="secret"))
    with pytest.raises(UnreadableInputError, match=r"locked\.pdf: the PDF is encrypted"):
        load(path)


def test_image_only_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_only_pdf())
    with pytest.raises(UnreadableInputError, match="no text layer"):
        load(path)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", b"%PDF-1.4\n" + b"\x00" * 50,
                                  b"not a pdf at all"])
def test_damaged_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(UnreadableInputError, match=r"broken\.pdf: "):
        load(path)


@pytest.mark.parametrize("kind", ["encrypted", "image-only", "damaged"])
def test_cli_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, kind: str) -> None:
    data = {"encrypted": monograph_pdf("x", encrypt="pw"), "image-only": image_only_pdf(),
            "damaged": b"%PDF-1.5 broken"}[kind]
    path = tmp_path / "in.pdf"
    path.write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out), "--offline"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(path) in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_a_folder_reads_pdfs(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(monograph_pdf(SEED.read_text(encoding="utf-8")))
    assert [p.name for p in expand_inputs([tmp_path])] == ["a.pdf"]


def _one_page_pdf(content: bytes) -> bytes:
    """A minimal PDF whose one page's content stream is ``content``, Flate-compressed."""
    import zlib

    payload = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_a_decompression_bomb_is_refused_in_one_line(tmp_path: Path) -> None:
    """A page whose content unpacks to 100 MB (a few hundred kB on disk): pypdf stops at its
    limit, and that is an unreadable input, not a traceback."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 712 Td (x) Tj ET\n" + b" " * 100_000_000))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(UnreadableInputError, match="limits"):
        load(path)
    small = tmp_path / "small.pdf"  # the same PDF, small: read
    small.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 712 Td (PMID: 27292104) Tj ET\n"))
    assert "27292104" in extract_text(small.read_bytes())


def test_text_saved_under_a_pdf_or_word_name_is_read_as_text(tmp_path: Path) -> None:
    # it was refused: "not a readable PDF (Stream has ended unexpectedly)"
    for name in ("refs.pdf", "refs.docx"):
        path = tmp_path / name
        path.write_bytes(SEED.read_bytes())
        result = load(path)
        assert len(result.references) == 10
        (note,) = [p for p in result.problems if p.kind == "format"]
        assert (note.line, note.text.split(" but")[0]) == (1, f"named {path.suffix}")


def test_a_damaged_pdf_is_refused_without_pypdfs_own_log_lines(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # pypdf logged "invalid pdf header" and "EOF marker not found" on stderr besides the refusal
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    with caplog.at_level("DEBUG"), pytest.raises(UnreadableInputError, match="not a readable PDF"):
        load(path)
    assert [r.name for r in caplog.records if r.name.startswith("pypdf")] == []
