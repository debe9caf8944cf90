"""What every command shares: ``-q``/``-v``, "did you mean" for names, the documented exit
codes, and no HTML page dumped on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from conftest import ROOT, SEED
from refgraph.cli import COMMANDS, cli
from refgraph.testing.fake_eutils import FakeEutils


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _leaves() -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            for sub, leaf in command.commands.items():
                yield f"{name} {sub}", leaf
        else:
            yield name, command


@pytest.mark.parametrize(("name", "command"), list(_leaves()), ids=lambda v: str(v))
def test_every_command_has_quiet_and_verbose(name: str, command: click.Command) -> None:
    opts = {opt for param in command.params for opt in param.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= opts, name
    helped = run(*name.split(), "--help")
    assert "-q, --quiet" in helped.stdout and "-v, --verbose" in helped.stdout


@pytest.mark.parametrize("args", [
    ["parse", str(SEED)],
    ["render", str(SEED), "-t", "livertox"],
    ["export", str(SEED), "-f", "ris"],
    ["check", str(SEED), "--offline"],
    ["graph", str(SEED), "--offline", "--format", "json"],
])  # fmt: skip
def test_quiet_keeps_stderr_to_errors_and_changes_nothing_else(args: list[str]) -> None:
    loud, quiet = run(*args), run(*args, "-q")
    assert loud.stderr != "" and quiet.stderr == ""
    assert quiet.exit_code == loud.exit_code == 0
    assert quiet.stdout == loud.stdout


def test_quiet_still_prints_errors(tmp_path: Path) -> None:
    result = run("render", str(SEED), "-t", "nosuch", "-q")
    assert result.exit_code == 2 and result.stderr.startswith("error: template 'nosuch'")


def test_verbose_on_the_command_logs_each_request(
    tmp_path: Path, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    fake = fake_eutils_factory(records_dir=ROOT / "refs" / "pubmed", rate_limit=None)
    seed = tmp_path / "seed.txt"  # no snapshot beside it: the records come over HTTP
    seed.write_bytes(SEED.read_bytes())
    env = {**os.environ, "REFGRAPH_EUTILS_URL": fake.url,
           "REFGRAPH_CACHE": str(tmp_path / "cache.sqlite")}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "refgraph", "check", str(seed), "-q", "-v"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert fake.requests and "efetch" in done.stderr  # -v logs, -q only hides the chatter
    assert "orphan_annotation" not in done.stderr


@pytest.mark.parametrize(("args", "hint"), [
    (["chek"], "Did you mean 'check'"),
    (["export", str(SEED), "-f", "ri"], "Did you mean 'ris'?"),
    (["graph", str(SEED), "--format", "graphm"], "Did you mean 'graphml'?"),
    (["parse", str(SEED), "--from", "livertx"], "Did you mean 'livertox'?"),
    (["render", str(SEED), "-t", "livertx"], "did you mean 'livertox'?"),
    (["render", str(SEED), "--group-by", "trail", "-t", "livertox"], "Did you mean 'trial'?"),
    (["render", str(SEED), "--csl", "apaa"], "did you mean apa"),
    (["templates", "copy", "vancover", "x"], "did you mean 'vancouver'?"),
])  # fmt: skip
def test_a_misspelt_name_exits_2_with_a_suggestion(args: list[str], hint: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and hint in result.stderr, result.stderr


def test_html_is_never_dumped_on_a_terminal(tmp_path: Path) -> None:
    """Under a pseudo-terminal, ``render -t bibliography.html`` writes a file and says where;
    piped, the page goes to standard output as asked."""
    command = [sys.executable, "-m", "refgraph", "render", str(SEED), "-t",
               "bibliography.html", "--offline", "-q"]  # fmt: skip
    first = tmp_path / "refgraph-bibliography.html"
    first.write_text("not mine to overwrite")
    chunks: list[bytes] = []

    def read(fd: int) -> bytes:
        data = os.read(fd, 65536)
        chunks.append(data)
        return data

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        status = pty.spawn(command, read)
    finally:
        os.chdir(cwd)
    shown = b"".join(chunks).decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0
    assert "<html" not in shown.lower() and "refgraph-bibliography-1.html" in shown
    assert first.read_text() == "not mine to overwrite"
    assert (tmp_path / "refgraph-bibliography-1.html").read_text().startswith("<!DOCTYPE html>")
    piped = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert piped.returncode == 0 and piped.stdout.startswith("<!DOCTYPE html>")
