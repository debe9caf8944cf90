"""``refgraph parse`` end to end: outputs, problems, exit codes, bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import DATA, SEED, SEED_PMIDS
from refgraph.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_seed_to_stdout_bibtex_with_warnings_on_stderr() -> None:
    result = run("parse", str(SEED))
    assert result.exit_code == 0
    assert result.stdout.count("@article{") == 10
    assert "@article{Kantarjian2016a," in result.stdout
    assert "Gökbuget" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{SEED}:64: warning: fragment: factors for this complication being HCT, concurrent "
        "cytotoxic therapies, higher and more frequent doses and",
        f"{SEED}:65: warning: orphan_annotation: (Review of management of SOS).",
        lines[2],
    ]
    assert lines[2].startswith(f"{SEED}:75: warning: orphan_annotation: (Among 63 patients")


def test_json_is_one_object_with_references_and_problems() -> None:
    result = run("parse", str(SEED), "--json", "--quiet")
    payload = json.loads(result.stdout)
    assert set(payload) == {"references", "problems"}
    assert tuple(r["pmid"] for r in payload["references"]) == SEED_PMIDS
    first = payload["references"][0]
    for field in ("key", "pmid", "authors", "title", "journal", "year", "volume", "issue",
                  "pages", "doi", "pmcid", "annotation", "source", "line"):  # fmt: skip
        assert field in first
    assert first["authors"][:2] == ["Kantarjian H", "Thomas D"]
    assert [(p["kind"], p["line"]) for p in payload["problems"]] == [
        ("fragment", 64), ("orphan_annotation", 65), ("orphan_annotation", 75),
    ]  # fmt: skip
    assert result.stderr == ""


def test_output_file_and_strict(tmp_path: Path) -> None:
    out = tmp_path / "seed.bib"
    result = run("parse", str(SEED), "-o", str(out), "--strict", "-q")
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").count("@article{") == 10
    assert result.stdout == ""


def test_ascii_spells_accents_as_latex() -> None:
    result = run("parse", str(SEED), "--ascii", "-q")
    assert "Gökbuget" not in result.stdout
    assert 'G{\\"o}kbuget' in result.stdout or 'G{\\"{o}}kbuget' in result.stdout


def test_many_inputs_one_library_with_all_origins(tmp_path: Path) -> None:
    result = run(
        "parse", str(SEED), str(DATA / "sources" / "vancouver-inotuzumab.txt"), "--json", "-q"
    )
    refs = json.loads(result.stdout)["references"]
    by_pmid = {r["pmid"]: r for r in refs}
    assert len(by_pmid["27292104"]["origins"]) == 2
    assert by_pmid["27292104"]["pmcid"] == "PMC5594743"  # filled from the second list
    assert len({r["key"] for r in refs}) == len(refs)


def test_from_forces_the_format() -> None:
    result = run("parse", "--from", "pmids", str(DATA / "sources" / "pmids-mixed.txt"), "--json")
    keys = [r["key"] for r in json.loads(result.stdout)["references"]]
    assert keys[:2] == ["pmid22357140", "pmid27292104"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no references found"),
        (b"\x00\x01\x02binary\x00data" * 50, "binary data"),
        (b"a" * (5 * 1024 * 1024), "error: "),  # medline's sniffer claims it: "no references"
    ],
    ids=["empty", "binary", "5MB-junk-line"],
)
def test_unusable_input_exits_2_and_writes_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    out = tmp_path / "out" / "x.bib"
    result = run("parse", str(src), "-o", str(out))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert not any(out.parent.glob("*")) if out.parent.exists() else True


def test_missing_file_exits_2() -> None:
    result = run("parse", "/nonexistent/refs.txt")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "latin1.txt"
    src.write_bytes(SEED.read_text(encoding="utf-8").replace("–", "-").encode("latin-1"))
    result = run("parse", str(src), "--json")
    assert result.exit_code == 0
    refs = json.loads(result.stdout)["references"]
    assert "Gökbuget N" in refs[1]["authors"]
    text = src.read_bytes().decode("latin-1").splitlines()
    first = next(i for i, line in enumerate(text, 1) if not line.isascii())  # Gökbuget's line
    assert f"{src}:{first}: warning: encoding: not UTF-8; read as Windows-1252" in result.stderr
    assert result.stderr.count("warning: encoding") == 1  # one warning for the whole file


def test_one_latin1_line_in_a_utf8_file_spoils_nothing_else(tmp_path: Path) -> None:
    src = tmp_path / "mixed.txt"
    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    odd = next(i for i, line in enumerate(lines) if "Lamb YN" in line)
    lines[odd] = lines[odd].replace("Lamb YN", "Lämb YN")
    src.write_bytes(b"".join(
        line.encode("cp1252") if i == odd else line.encode("utf-8") for i, line in enumerate(lines)
    ))  # fmt: skip
    result = run("parse", str(src), "--json")
    assert result.exit_code == 0
    refs = json.loads(result.stdout)["references"]
    assert "Gökbuget N" in refs[1]["authors"] and refs[0]["pages"] == "403-411"
    assert any("Lämb YN" in r["authors"] for r in refs)
    assert not any("Ã" in json.dumps(r, ensure_ascii=False) for r in refs)  # no mojibake
    assert f"{src}:{odd + 1}: warning: encoding: not UTF-8 (the rest of the file is)" in (
        result.stderr
    )


def test_5mb_single_line_of_citations(tmp_path: Path) -> None:
    from benchmarks.generate import livertox_corpus

    text = " ".join(livertox_corpus(6000, seed=3).split("\n"))
    while len(text) < 5 * 1024 * 1024:
        text += " " + text
    src = tmp_path / "one-line.txt"
    src.write_text(text[: 5 * 1024 * 1024], encoding="utf-8")
    result = run("parse", "--from", "livertox", str(src), "-o", str(tmp_path / "o.bib"), "-q")
    assert result.exit_code == 0
    assert (tmp_path / "o.bib").read_text(encoding="utf-8").count("@article{") > 5000


def test_a_file_name_with_a_line_break_and_escapes_keeps_every_message_one_safe_line(
    tmp_path: Path,
) -> None:
    """A folder from elsewhere may hold any name: one with ESC[2J and a line break cleared
    the terminal and cut each of its problems in two."""
    folder = tmp_path / "in"
    folder.mkdir()
    named = folder / "a\x1b[2J\nb\u202e.txt"
    named.write_bytes(SEED.read_bytes())
    result = run("parse", str(folder), "-o", str(tmp_path / "o.bib"))
    assert result.exit_code == 0, result.stderr
    shown = str(folder / "a\\x1b[2J\\nb\\u202e.txt")
    lines = result.stderr.splitlines()
    assert lines[0] == f"{shown}: read: 10 references (livertox)"
    assert all(line.startswith((shown + ":", "wrote ")) for line in lines), lines
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    missing = run("parse", str(folder / "gone\n.txt"))
    assert missing.exit_code == 2
    assert missing.stderr == f"error: {folder}/gone\\n.txt: no such file\n"
