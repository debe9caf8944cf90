"""Robustness tests: kills, corrupt caches, concurrency, fuzzing, faults, hostile input, secrets.

Shared helpers for the test modules of this folder: run ``refgraph`` in a subprocess, write the
seed or a generated corpus somewhere *without* a ``pubmed/`` snapshot folder beside it (so
builds really ask the fake server), and compare build outputs minus their timing fields.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
SNAPSHOT = ROOT / "refs" / "pubmed"

#: Files of a build whose content is compared between runs (build.json carries timings).
COMPARED = (
    "inotuzumab-ozogamicin.bib",
    "inotuzumab-ozogamicin.enriched.bib",
    "check.txt",
    "graph.json",
    "graph.graphml",
    "bibliography.livertox.txt",
    "bibliography.md",
)


def refgraph_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a ``refgraph`` subprocess: no user key/cache/URL, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NCBI_API_KEY", "REFGRAPH_EMAIL", "REFGRAPH_CACHE", "REFGRAPH_EUTILS_URL")
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra or {})
    return env


def run_refgraph(
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m refgraph ARGS`` and wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "refgraph", *args],
        cwd=cwd,
        env=refgraph_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def popen_refgraph(*args: str, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``python -m refgraph ARGS`` without waiting (stdout/stderr piped)."""
    return subprocess.Popen(
        [sys.executable, "-m", "refgraph", *args],
        cwd=ROOT,
        env=refgraph_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def lone_seed(folder: Path) -> Path:
    """Copy the seed into ``folder`` with no ``pubmed/`` snapshot beside it; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(SEED, folder / SEED.name))


def check_without_timing(path: Path) -> Any:
    """``check.json`` with any timing field removed (for comparing two builds)."""
    data = json.loads(path.read_text(encoding="utf-8"))

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: strip(v)
                for k, v in value.items()
                if k not in ("seconds", "elapsed", "time", "started", "finished")
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


def build_outputs(out: Path, names: tuple[str, ...] = COMPARED) -> dict[str, Any]:
    """The comparable content of a build folder: files by name, ``check.json`` minus timing."""
    found: dict[str, Any] = {name: (out / name).read_bytes() for name in names}
    found["check.json"] = check_without_timing(out / "check.json")
    return found
