"""The README is honest: every command it shows runs, and the outputs it shows are real."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from refgraph.testing.fake_eutils import FakeEutils

README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.DOTALL)


def _commands() -> list[str]:
    lines = []
    for block in _blocks("sh"):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


COMMANDS = _commands()
REFGRAPH_COMMANDS = [c for c in COMMANDS if c.startswith("refgraph ")]


def test_readme_shows_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    assert COMMANDS[:2] == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)


def test_every_cli_command_appears_in_the_readme() -> None:
    from refgraph.cli import COMMANDS as CLI

    shown = {shlex.split(c)[1] for c in REFGRAPH_COMMANDS}
    assert set(CLI) <= shown


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "refs", tmp_path / "refs")
    (tmp_path / "out").mkdir()
    jinja = _blocks("jinja")[0]
    target = tmp_path / re.match(r"\{# (\S+) #\}", jinja).group(1)  # type: ignore[union-attr]
    target.parent.mkdir(parents=True)
    target.write_text(jinja)
    return tmp_path


def test_every_refgraph_command_in_the_readme_runs(
    workdir: Path, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    fake = fake_eutils_factory(records_dir=ROOT / "refs" / "pubmed", rate_limit=None)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "REFGRAPH_CACHE": str(workdir / "cache.sqlite"),
        "REFGRAPH_EUTILS_URL": fake.url,  # commands that go online reach the local fake
    }
    for command in REFGRAPH_COMMANDS:
        res = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=workdir, env=env,
                             capture_output=True, text=True, timeout=120, check=False)
        assert res.returncode == 0, f"{command}\n{res.stderr}"
        assert "Traceback" not in res.stderr, command
    assert (workdir / "out" / "graph.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    plain = (workdir / "out" / "plain.html").read_text()
    assert "Iowan Old Style" in plain and "--accent" not in plain  # only that block replaced
    assert "PubMed PMID" in plain or "pubmed.ncbi.nlm.nih.gov/27292104" in plain
    assert (workdir / "out" / "all" / "build.json").exists()


def test_make_demo_output_matches_the_readme(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    res = subprocess.run(["make", "-s", "demo"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300, check=False)
    assert res.returncode == 0, res.stderr
    shown = _blocks("text")[0].splitlines()
    for line in shown:
        if line.startswith(("references:", "check:", "graph:", "enrich:")):
            assert line in res.stdout.splitlines(), line
        elif line.startswith("refs/"):
            assert line.rstrip(". ") [:100] in res.stderr, line
    bib = (ROOT / "out" / "inotuzumab-ozogamicin.bib").read_text()
    assert _blocks("bibtex")[0] in bib
    livertox = (ROOT / "out" / "bibliography.livertox.txt").read_text()
    for paragraph in _blocks("text")[2].strip().split("\n\n"):
        assert paragraph in livertox


def test_make_bench_runs(tmp_path: Path) -> None:
    args = f"BENCH_ARGS=--quick --only keys --output {tmp_path / 'r.json'}"
    res = subprocess.run(["make", "-s", "bench", args], cwd=ROOT, capture_output=True,
                         text=True, timeout=300, check=False)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "r.json").exists()


def test_benchmark_table_comes_from_the_saved_results() -> None:
    res = subprocess.run([sys.executable, "-m", "benchmarks", "--markdown",
                          "benchmarks/results.json"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=False)
    assert res.returncode == 0, res.stderr
    assert "| parse | LiverTox text -> references" in res.stdout
    assert "| build | build end to end, cached | 100,000 |" in res.stdout


def test_the_python_api_example_runs_and_prints_what_the_readme_shows(workdir: Path) -> None:
    code = _blocks("python")[0]
    shown = README.split(code, 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    res = subprocess.run([sys.executable, "-c", code], cwd=workdir, capture_output=True,
                         text=True, timeout=120, check=False)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stdout == shown
    assert (workdir / "out" / "seed.ris").read_text().startswith("TY  - JOUR")
    assert len([line for line in code.splitlines() if line.strip()]) <= 12
