"""``refgraph build`` through the command line: output, summary, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "refgraph", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_build_prints_a_summary_and_exits_0(tmp_path: Path) -> None:
    res = _run(
        "build",
        str(SEED),
        "-o",
        str(tmp_path / "out"),
        "--offline",
        "--cache",
        str(tmp_path / "c.sqlite"),
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr
    assert "check:      10 references: 10 ok" in res.stdout
    assert "graph:" in res.stdout and "follow_up_of" in res.stdout
    assert "refs/inotuzumab-ozogamicin.txt:64: warning: fragment:" in res.stderr
    assert json.loads((tmp_path / "out" / "build.json").read_text())["references"] == 10


def test_strict_fails_on_input_problems(tmp_path: Path) -> None:
    res = _run(
        "build",
        str(SEED),
        "-o",
        str(tmp_path / "out"),
        "--offline",
        "--strict",
        "--quiet",
        "--cache",
        str(tmp_path / "c.sqlite"),
        cwd=ROOT,
    )
    assert res.returncode == 1
    assert "warning" not in res.stderr  # --quiet


def test_unusable_input_exits_2_without_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    res = _run(
        "build",
        str(binary),
        "-o",
        str(tmp_path / "out"),
        "--offline",
        "--cache",
        str(tmp_path / "c.sqlite"),
        cwd=tmp_path,
    )
    assert res.returncode == 2
    assert res.stderr.startswith("error: ") and "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()


def test_relative_paths_and_environment_cache(tmp_path: Path) -> None:
    res = _run(
        "build",
        "refs/inotuzumab-ozogamicin.txt",
        "-o",
        str(tmp_path / "o"),
        "--offline",
        cwd=ROOT,
        env={"REFGRAPH_CACHE": str(tmp_path / "env.sqlite")},
    )
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "env.sqlite").exists()
