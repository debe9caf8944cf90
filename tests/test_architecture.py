"""The package reads as the pipeline: imports follow the arrows (house style §1)."""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import refgraph

SRC = Path(refgraph.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        out[".".join(["refgraph", *parts])] = path
    return out


def _refgraph_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("refgraph"))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith("refgraph")
        ):
            found.add(str(node.module))
    return found


MODULES = _modules()


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.mark.parametrize(
    "name", ["refgraph.model", "refgraph.errors", "refgraph.ids", "refgraph.text"]
)
def test_core_modules_import_nothing_but_the_core(name: str) -> None:
    allowed = {"refgraph.model", "refgraph.errors", "refgraph.ids", "refgraph.text"}
    assert _refgraph_imports(MODULES[name]) <= allowed


def test_only_cli_imports_cli() -> None:
    for name, path in MODULES.items():
        if _layer(name) in {"cli", "__main__"}:
            continue
        assert not any(i.startswith("refgraph.cli") for i in _refgraph_imports(path)), name


def test_graph_never_imports_eutils() -> None:
    for name, path in MODULES.items():
        if _layer(name) == "graph":
            assert not any(i.startswith("refgraph.eutils") for i in _refgraph_imports(path)), name


def test_eutils_imports_only_lower_layers() -> None:
    allowed = ("refgraph.model", "refgraph.errors", "refgraph.ids", "refgraph.cache",
               "refgraph.config", "refgraph.pubmed", "refgraph.eutils")
    for name, path in MODULES.items():
        if _layer(name) == "eutils":
            for imported in _refgraph_imports(path):
                assert imported.startswith(allowed), f"{name} imports {imported}"


def test_only_cli_and_config_read_the_environment() -> None:
    for name, path in MODULES.items():
        if _layer(name) in {"cli", "config", "testing"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert "os.environ" not in text and "getenv(" not in text, name


def test_doctests_pass() -> None:
    failures = 0
    for info in pkgutil.walk_packages(refgraph.__path__, "refgraph."):
        if info.name.startswith(("refgraph.testing", "refgraph.cli")):
            continue
        module = importlib.import_module(info.name)
        failures += doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed
    assert failures == 0
