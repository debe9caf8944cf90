"""The package reads as the pipeline: imports follow the arrows (house style §1).

Every module of ``src/refgraph`` has a layer (:data:`LAYERS`, longest prefix wins); a
module may import its own layer and the layers below it, never one above. Readers
(``refgraph.sources``) and writers (``refgraph.export``, ``refgraph.render``, the graph's
``export``/``html``/``formats``) never import each other. No module imports another
package's private name (``_name``) or private module (``_module``). There are no import
cycles, the CLI imports only the public API (``refgraph``), and no module is longer than
400 lines.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

import refgraph

SRC = Path(refgraph.__file__).resolve().parent

#: Module prefix -> layer, lowest first. A module may import only modules of its own layer or
#: of lower ones. A new module without a layer fails :func:`test_every_module_has_a_layer`.
LAYERS: dict[str, int] = {
    # the core: the model and the small pure helpers everything uses
    "refgraph.errors": 0,
    "refgraph.ids": 0,
    "refgraph.text": 0,
    "refgraph.model": 0,
    "refgraph.fastmodel": 0,
    "refgraph.version": 0,
    # neutral building blocks: tables, codecs, file I/O, settings, the template machinery
    "refgraph.latex": 1,
    "refgraph.journals": 1,
    "refgraph.keys": 1,
    "refgraph.files": 1,
    "refgraph.config": 1,
    "refgraph.bibfields": 1,
    "refgraph.bibscan": 1,
    "refgraph.matching": 1,
    "refgraph.pubmed": 1,
    "refgraph.sandbox": 1,
    "refgraph.filters": 1,
    "refgraph.jinja": 1,
    # one library out of many inputs
    "refgraph.library": 2,
    # readers, and the citation tagger some of them use (trained on what readers read)
    "refgraph.sources": 3,
    "refgraph.tagger": 3,
    # stores of PubMed records
    "refgraph.cache": 4,
    "refgraph.pubmed.index": 4,
    # what speaks HTTP: E-utilities, and NLM's file server for the index; the index as a
    # record source in front of E-utilities
    "refgraph.eutils": 5,
    "refgraph.pubmed.download": 5,
    "refgraph.pubmed.index.source": 5,
    # check and enrich
    "refgraph.check": 6,
    "refgraph.enrich": 6,
    # the follow-up graph
    "refgraph.graph": 7,
    # writers and the .bib editor
    "refgraph.render": 8,
    "refgraph.export": 8,
    "refgraph.graph.export": 8,
    "refgraph.graph.html": 8,
    "refgraph.graph.formats": 8,
    "refgraph.bibedit": 8,
    "refgraph.bibappend": 8,
    # the whole job (one folder, or documents in bulk over the index); the test tool
    "refgraph.build": 9,
    "refgraph.pubmed.index.bulk": 9,
    "refgraph.pubmed.index.precheck": 9,
    "refgraph.testing": 9,
    # the public API and the command line
    "refgraph": 10,
    "refgraph.__main__": 10,
    "refgraph.cli": 10,
}
READERS = ("refgraph.sources",)
WRITERS = ("refgraph.export", "refgraph.render", "refgraph.graph.export",
           "refgraph.graph.html", "refgraph.graph.formats")  # fmt: skip
MAX_LINES = 400
#: Modules still over :data:`MAX_LINES`, each with the reason; the test fails once one is
#: short enough, so the list only shrinks.
OVER_MAX_LINES: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the refgraph module imported (a submodule when a name is one)
    names: tuple[str, ...]  # the names taken from it (empty for ``import x``)
    line: int


def _modules(src: Path = SRC) -> dict[str, Path]:
    """Module name -> file of the ``refgraph`` package at ``src``."""
    out = {}
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        out[".".join(["refgraph", *parts])] = path
    return out


MODULES = _modules()


def _package(module: str, modules: dict[str, Path] = MODULES) -> str:
    """The package a module belongs to (a package belongs to itself)."""
    if modules[module].name == "__init__.py":
        return module
    return module.rpartition(".")[0]


def _resolve(importer: str, node: ast.ImportFrom, modules: dict[str, Path]) -> str:
    if not node.level:
        return node.module or ""
    base = _package(importer, modules).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(module: str, modules: dict[str, Path] = MODULES) -> Iterator[Import]:
    """Every refgraph import of ``module`` (in functions too; not under TYPE_CHECKING)."""
    tree = ast.parse(modules[module].read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "refgraph":
                    yield Import(alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, modules)
            if target.split(".")[0] != "refgraph":
                continue
            plain: list[str] = []
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    yield Import(sub, (), node.lineno)
                else:
                    plain.append(alias.name)
            if plain:
                yield Import(target, tuple(plain), node.lineno)


def layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def _is(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


# -- the rules, each a function of a module tree (the self-test below plants violations) --


def upward_imports(modules: dict[str, Path]) -> list[str]:
    """Imports of a higher layer."""
    return [f"{name}:{i.line} (layer {layer(name)}) imports {i.module} (layer {layer(i.module)})"
            for name in modules for i in imports_of(name, modules)
            if layer(i.module) > layer(name)]  # fmt: skip


def reader_writer_imports(modules: dict[str, Path]) -> list[str]:
    """A reader importing a writer, or a writer a reader."""
    wrong = []
    for name in modules:
        for imp in imports_of(name, modules):
            if (_is(name, READERS) and _is(imp.module, WRITERS)) or (
                _is(name, WRITERS) and _is(imp.module, READERS)
            ):
                wrong.append(f"{name} imports {imp.module}")
    return wrong


def private_imports(modules: dict[str, Path]) -> list[str]:
    """Another package's private module (``_module``) or private name (``_name``)."""
    wrong = []
    for name in modules:
        for imp in imports_of(name, modules):
            own = _package(name, modules)
            theirs = _package(imp.module, modules) if imp.module in modules else imp.module
            foreign = theirs != own and not imp.module.startswith(own + ".")
            private_module = any(p.startswith("_") and p != "__main__"
                                 for p in imp.module.split("."))  # fmt: skip
            if foreign and private_module and not name.startswith(theirs):
                wrong.append(f"{name} imports the private module {imp.module}")
            if foreign and any(n.startswith("_") and n != "__version__" for n in imp.names):
                wrong.append(f"{name} imports {imp.names} from {imp.module}")
    return wrong


def import_cycles(modules: dict[str, Path]) -> list[str]:
    """The first import cycle found (as ``a -> b -> a``), or none."""
    graph = {name: {i.module for i in imports_of(name, modules) if i.module in modules} - {name}
             for name in modules}  # fmt: skip
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> str | None:
        if node in path:
            return " -> ".join([*path[path.index(node) :], node])
        if node in done:
            return None
        path.append(node)
        for nxt in sorted(graph[node]):
            cycle = visit(nxt)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for name in sorted(graph):
        cycle = visit(name)
        if cycle:
            return [cycle]
    return []


def cli_imports(modules: dict[str, Path]) -> list[str]:
    """CLI imports of anything but the public API (``refgraph``) and the CLI itself."""
    return [f"{name}:{i.line} imports {i.module}"
            for name in modules if _is(name, ("refgraph.cli",))
            for i in imports_of(name, modules)
            if not (i.module == "refgraph" or _is(i.module, ("refgraph.cli",)))]  # fmt: skip


def long_modules(modules: dict[str, Path], exempt: Mapping[str, str]) -> list[str]:
    """Modules over :data:`MAX_LINES` not in ``exempt``, and exempt ones short enough now."""
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines())
               for name, path in modules.items()}  # fmt: skip
    too_long = [f"{n}: {count} lines (split it, max {MAX_LINES})" for n, count in lengths.items()
                if count > MAX_LINES and n not in exempt]  # fmt: skip
    fixed = [f"{n}: short enough, remove it from OVER_MAX_LINES" for n in exempt
             if lengths.get(n, 0) <= MAX_LINES]  # fmt: skip
    return too_long + fixed


def test_every_module_has_a_layer() -> None:
    lost = [m for m in MODULES if not any(m == p or m.startswith(p + ".") for p in LAYERS)]
    assert not lost, f"give these modules a layer in LAYERS: {lost}"


def test_imports_follow_the_layers() -> None:
    assert upward_imports(MODULES) == []


def test_readers_and_writers_never_import_each_other() -> None:
    assert reader_writer_imports(MODULES) == []


def test_no_module_imports_another_package_s_private_names() -> None:
    assert private_imports(MODULES) == []


def test_no_import_cycles() -> None:
    assert import_cycles(MODULES) == []


def test_the_cli_imports_only_the_public_api() -> None:
    assert cli_imports(MODULES) == []


def test_no_module_is_longer_than_400_lines() -> None:
    assert long_modules(MODULES, OVER_MAX_LINES) == []


@pytest.mark.parametrize("name", ["refgraph.model", "refgraph.errors", "refgraph.ids",
                                  "refgraph.text", "refgraph.fastmodel"])  # fmt: skip
def test_core_modules_import_nothing_but_the_core(name: str) -> None:
    assert all(layer(i.module) == 0 for i in imports_of(name))


def test_graph_never_imports_eutils() -> None:
    for name in MODULES:
        if _is(name, ("refgraph.graph",)):
            assert not any(_is(i.module, ("refgraph.eutils",)) for i in imports_of(name)), name


def test_only_cli_and_config_read_the_environment() -> None:
    for name, path in MODULES.items():
        if _is(name, ("refgraph.cli", "refgraph.config", "refgraph.testing")):
            continue
        text = path.read_text(encoding="utf-8")
        assert "os.environ" not in text and "getenv(" not in text, name


#: A planted tree: each module breaks one rule (the self-test's evidence that the rules bite).
_PLANTED = {
    "__init__.py": "",
    "model.py": "from refgraph.graph import build\n",  # the core imports the graph: upward
    "graph/__init__.py": "",
    "graph/build.py": "from refgraph.graph import cues\n",  # a cycle: build -> cues -> build
    "graph/cues.py": "import refgraph.graph.build\n",
    "sources/__init__.py": "",
    "sources/_latex.py": "_TABLE = {}\n",
    "sources/ris.py": "from refgraph.sources._latex import _TABLE\n",  # its own package: fine
    "sources/bibtex.py": "from refgraph.export.bibtex import write\n",  # a reader, a writer
    "export/__init__.py": "",
    "export/bibtex.py": "from refgraph.sources._latex import _TABLE\nwrite = 1\n",  # private
    "cli/__init__.py": "from refgraph.graph.build import x\n",  # the CLI past the public API
    "filters.py": "x = 1\n" * (MAX_LINES + 1),  # too long
    "ids.py": "if TYPE_CHECKING:\n    import refgraph.cli\n",  # typing only: no import
}


def test_the_rules_catch_what_they_are_for(tmp_path: Path) -> None:
    """Every rule above reports the violation planted for it, and nothing else."""
    for rel, text in _PLANTED.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    planted = _modules(tmp_path)
    assert upward_imports(planted) == [
        "refgraph.model:1 (layer 0) imports refgraph.graph.build (layer 7)",
        "refgraph.sources.bibtex:1 (layer 3) imports refgraph.export.bibtex (layer 8)",
    ]
    assert reader_writer_imports(planted) == [
        "refgraph.export.bibtex imports refgraph.sources._latex",
        "refgraph.sources.bibtex imports refgraph.export.bibtex",
    ]
    assert private_imports(planted) == [
        "refgraph.export.bibtex imports the private module refgraph.sources._latex",
        "refgraph.export.bibtex imports ('_TABLE',) from refgraph.sources._latex",
    ]
    assert import_cycles(planted) == [
        "refgraph.graph.build -> refgraph.graph.cues -> refgraph.graph.build"
    ]
    assert cli_imports(planted) == ["refgraph.cli:1 imports refgraph.graph.build"]
    assert long_modules(planted, {"refgraph.ids": "planted"}) == [
        f"refgraph.filters: {MAX_LINES + 1} lines (split it, max {MAX_LINES})",
        "refgraph.ids: short enough, remove it from OVER_MAX_LINES",
    ]


def test_doctests_pass() -> None:
    failures = 0
    for info in pkgutil.walk_packages(refgraph.__path__, "refgraph."):
        if info.name.startswith(("refgraph.testing", "refgraph.cli")):
            continue
        module = importlib.import_module(info.name)
        failures += doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed
    assert failures == 0
