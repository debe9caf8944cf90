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
from systemtools import apt_line

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
    return tmp_path


# -- the README typed into a fresh clone ------------------------------------------------------
#
# Every ``sh`` block of the README, in order, cut at its blank lines into steps, is run by bash
# in a copy of the repository as ``git clone`` gives it (the tracked files, as they are in the
# work tree), with a PATH that holds no refgraph: nothing is set up that the README does not
# say. Three things are not typed: ``make test`` (the suite this test is part of), the
# ``sudo apt-get`` line (checked against the packages the tests need instead), and the
# network: NCBI is the local fake (``REFGRAPH_EUTILS_URL``), the cache a temporary folder.
# The clone's ``.venv`` is this one (``make`` finds it up to date, so ``make demo`` does not
# reinstall what ``make test`` just installed): the steps run this tree's code. The long
# developer targets (``make fuzz``, ``make test-repeat``, ...) are typed as ``make -n``: the
# target must exist and its recipe expand, but running it is its own job, not this test's.

SKIPPED = ("make test",)
LONG_TARGETS = ("fuzz", "faults", "test-repeat", "bench", "screenshots", "tagger-model")


def _steps() -> list[tuple[str, str]]:
    steps = []
    for n, block in enumerate(_blocks("sh")):
        for m, chunk in enumerate(re.split(r"\n[ \t]*\n", block.strip())):
            steps.append((f"{n}.{m}", chunk))
    return steps


STEPS = _steps()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = ROOT / ".venv"
    stamp = venv / ".installed"
    if not stamp.exists() or stamp.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        pytest.fail(".venv is missing or older than pyproject.toml: run `make test`")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True, timeout=60).stdout.decode().split("\0")  # fmt: skip
    target = tmp_path_factory.mktemp("fresh") / "refgraph"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():  # (a file deleted in the work tree is not in the next commit)
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)  # times kept: make sees .venv up to date
    assert not (target / "out").exists() and not (target / "my-templates").exists()
    (target / ".venv").symlink_to(venv)
    return target


def _user_env(home: Path, eutils_url: str) -> dict[str, str]:
    """The environment of a user who has typed nothing yet: no refgraph on PATH."""
    bin_dir = str(BIN)
    path = [p for p in os.environ["PATH"].split(os.pathsep)
            if p and p != bin_dir and not p.endswith(f"{os.sep}.venv{os.sep}bin")]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    return {**env, "PATH": os.pathsep.join(path), "XDG_CACHE_HOME": str(home / "cache"),
            "REFGRAPH_EUTILS_URL": eutils_url}  # fmt: skip


def _typed(script: str, activated: bool) -> str:
    lines = []
    for line in script.splitlines():
        command = line.split("  #")[0].strip()
        if command in SKIPPED:
            continue
        words = command.split()
        if words[:1] == ["make"] and len(words) > 1 and words[1] in LONG_TARGETS:
            lines.append(f"make -n {' '.join(words[1:])} >/dev/null")
            continue
        if line.startswith("sudo apt-get"):
            assert line == apt_line()  # the one line: every package the tests need
            continue
        lines.append(line)
    # one terminal session: what an earlier step activated is still active
    head = ". .venv/bin/activate\n" if activated else ""
    return f"set -eo pipefail\n{head}" + "\n".join(lines) + "\n"


RAN: dict[str, subprocess.CompletedProcess[str]] = {}


@pytest.mark.parametrize(("step", "script"), STEPS, ids=[s for s, _ in STEPS])
def test_every_readme_command_runs_in_a_fresh_clone(
    clone: Path, step: str, script: str, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    fake = fake_eutils_factory(records_dir=ROOT / "refs" / "pubmed", rate_limit=None)
    before = [text for name, text in STEPS[: [name for name, _ in STEPS].index(step)]]
    activated = any(". .venv/bin/activate" in text for text in before)
    done = subprocess.run(["bash", "-c", _typed(script, activated)], cwd=clone,
                          env=_user_env(clone.parent, fake.url), capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    RAN[step] = done
    assert done.returncode == 0, f"{script}\n--- stderr:\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, script


def test_the_readme_runs_left_the_outputs_it_shows(clone: Path) -> None:
    if len(RAN) < len(STEPS):
        pytest.skip("runs after test_every_readme_command_runs_in_a_fresh_clone (all steps)")
    out = clone / "out"
    assert (out / "graph.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    plain = (out / "plain.html").read_text()
    assert "Iowan Old Style" in plain and "--accent" not in plain  # only that block replaced
    assert "PubMed PMID" in plain or "pubmed.ncbi.nlm.nih.gov/27292104" in plain
    assert (out / "all" / "build.json").exists()
    assert (out / "check.html").read_text().startswith("<!DOCTYPE html>")
    demo = next(done for step, done in RAN.items() if step.startswith("0."))
    shown = _blocks("text")[0].splitlines()
    for line in shown:  # `make demo` printed what the README shows
        if line.startswith(("references:", "check:", "graph:", "enrich:")):
            assert line in demo.stdout.splitlines(), line
        elif line.startswith("refs/"):
            assert line.rstrip(". ")[:100] in demo.stderr, line
    assert _blocks("bibtex")[0] in (out / "inotuzumab-ozogamicin.bib").read_text()
    livertox = (out / "bibliography.livertox.txt").read_text()
    for paragraph in _blocks("text")[2].strip().split("\n\n"):
        assert paragraph in livertox


def test_the_readme_says_how_to_run_refgraph_before_it_runs_it() -> None:
    activate = COMMANDS.index(". .venv/bin/activate")
    assert activate == 2  # right after the two set-up commands
    assert all(COMMANDS.index(c) > activate for c in REFGRAPH_COMMANDS)
    assert README.count(apt_line()) == 1


def test_ci_installs_every_package_the_tests_need() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    installed = {word for line in ci.splitlines() if "apt-get install" in line
                 for word in line.split("apt-get install", 1)[1].split()
                 if not word.startswith(("-", ">"))}  # fmt: skip
    assert set(apt_line().split("apt-get install ", 1)[1].split()) <= installed


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
