"""The main job, end to end: parse -> check (+ enrich) -> graph -> render, into one folder.

:func:`run_build` is the library form of ``refgraph build``. It reads every input into one
library (the same work cited in several documents is one reference), fetches the cited
PubMed records once (cache and offline snapshot first), and derives everything from them:

========================  =====================================================
file in the output folder what it is
========================  =====================================================
``<name>.bib``            the parsed references (annotations in ``annote``)
``<name>.enriched.bib``   the same, with missing fields filled from PubMed
``check.json``/``.txt``   one verdict per reference, plus input problems
``check.html``            the same as a page people read (filters by verdict)
``graph.html``            the interactive follow-up graph (self-contained)
``graph.graphml``/``.json`` the graph for other tools (GraphML, node-link JSON)
``bibliography.*``        the annotated bibliography: LiverTox text, Markdown, HTML
``build.json``            what was done: counts, verdicts, files written
========================  =====================================================

Records that cannot be had (offline and not cached, or NCBI failing past the retry budget)
do not stop the build: their references get the verdict ``unchecked`` and the report
says which PMIDs were missing.

:func:`link_library` is the step every output command shares with the build: the cited
records (cache, offline snapshot, ``--index``, then E-utilities) and the graph built from
them. ``refgraph graph``, ``render`` and ``export --enrich`` call it on the same inputs and
settings, so they see the same records and draw the same graph as ``build``.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refgraph.check import CheckReport
from refgraph.check.report import report_text
from refgraph.check.run import check_references
from refgraph.config import Settings
from refgraph.enrich import merge_records
from refgraph.errors import SourceError
from refgraph.export.bibtex import write_bibtex
from refgraph.files import atomic_write, refuse_overwriting_inputs
from refgraph.graph import build_graph
from refgraph.graph.build import GraphResult
from refgraph.graph.formats import write_graph
from refgraph.graph.inputs import citations_among, without_abstracts
from refgraph.model import Diagnostic, ParseResult, Reference
from refgraph.pubmed.index.source import open_record_source
from refgraph.pubmed.source import (
    CitedRecords,
    RecordSource,
    cited_pmids,
    fetch_cited,
)
from refgraph.render import render, render_check
from refgraph.sources import expand_inputs, load_many

__all__ = [
    "BuildReport",
    "LinkedLibrary",
    "link_library",
    "output_paths",
    "output_stem",
    "run_build",
]

Progress = Callable[[str, int, int], None]

#: bibliography file suffix -> shipped template
BIBLIOGRAPHIES = {
    "livertox.txt": "livertox",
    "md": "bibliography.md",
    "html": "bibliography.html",
}
GRAPH_FORMATS = {"html": "html", "graphml": "graphml", "json": "json"}
#: The HTML bibliography embeds the graph view up to this many nodes; larger graphs are
#: only in graph.html (an embedded view of thousands of nodes helps no reader of a list).
EMBED_GRAPH_MAX_NODES = 2000


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What one build did."""

    out_dir: Path
    references: int
    problems: tuple[Diagnostic, ...]
    check: CheckReport
    missing: tuple[str, ...]
    graph_nodes: int
    graph_edges: int
    relations: dict[str, int]
    files: tuple[Path, ...]
    requests: int
    seconds: float
    graph_problems: tuple[Diagnostic, ...] = ()
    enriched_fields: int = 0
    conflicts: tuple[str, ...] = field(default=())

    @property
    def found_problems(self) -> bool:
        """Anything ``--strict`` fails on: input problems or a verdict other than ``ok``."""
        return bool(self.problems) or not self.check.clean

    def summary_lines(self) -> list[str]:
        relations = ", ".join(f"{n} {rel}" for rel, n in sorted(self.relations.items()))
        lines = [
            f"references: {self.references} ({len(self.problems)} input problem(s))",
            f"check:      {self.check.summary_line()}",
            f"graph:      {self.graph_nodes} nodes, {self.graph_edges} edges"
            + (f" ({relations})" if relations else ""),
            f"enrich:     {self.enriched_fields} field(s) filled from PubMed"
            + (f", {len(self.conflicts)} disagreement(s) reported" if self.conflicts else ""),
        ]
        if self.missing:
            shown = ", ".join(self.missing[:10]) + (" ..." if len(self.missing) > 10 else "")
            lines.append(f"unchecked:  {len(self.missing)} PMID(s) not available: {shown}")
        lines.append(
            f"wrote:      {len(self.files)} files to {self.out_dir}/ "
            f"({self.requests} request(s) to E-utilities, {self.seconds:.1f} s)"
        )
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "references": self.references,
            "problems": [p.as_dict() for p in self.problems],
            "check": self.check.as_dict()["summary"],
            "missing": list(self.missing),
            "graph": {
                "nodes": self.graph_nodes,
                "edges": self.graph_edges,
                "relations": self.relations,
                "problems": [p.as_dict() for p in self.graph_problems],
            },
            "enrich": {"fields_filled": self.enriched_fields, "conflicts": list(self.conflicts)},
            "files": [p.name for p in self.files],
            "requests": self.requests,
        }


def output_stem(inputs: Sequence[str | Path]) -> str:
    """The name of the .bib files: the input's stem, ``stdin`` for ``-``, else ``library``."""
    if len(inputs) != 1:
        return "library"
    return "stdin" if str(inputs[0]) == "-" else Path(str(inputs[0])).stem or "library"


def output_paths(inputs: Sequence[str | Path], out_dir: str | Path) -> list[Path]:
    """Every file a build of ``inputs`` writes into ``out_dir``."""
    stem = output_stem(inputs)
    names = [f"{stem}.bib", f"{stem}.enriched.bib", "check.json", "check.txt", "check.html"]
    names += [f"graph.{suffix}" for suffix in GRAPH_FORMATS]
    names += [f"bibliography.{suffix}" for suffix in BIBLIOGRAPHIES]
    return [Path(out_dir) / name for name in (*names, "build.json")]


@dataclass(frozen=True, slots=True)
class LinkedLibrary:
    """What every output command sees of a library: its cited PubMed records (as far as they
    could be had) and the follow-up graph built from them.

    ``notes`` say what was left out (records not available, citation links not fetched).
    """

    cited: CitedRecords
    graph: GraphResult
    notes: tuple[str, ...] = ()


def link_library(
    refs: Sequence[Reference],
    source: RecordSource,
    *,
    cited: CitedRecords | None = None,
    citations: bool = False,
    abstracts: bool = True,
    offline: bool = False,
) -> LinkedLibrary:
    """Fetch the cited records (unless ``cited`` already holds them) and build the graph.

    The one way an output command gets its graph: ``build``, ``graph``, ``render`` and
    ``export`` all call this, so the same inputs and settings give the same graph in each.
    ``citations`` adds eLink citations among the cited works (``cites`` edges; offline, the
    cached link sets); ``abstracts=False`` leaves the records' abstracts unread. Never raises
    for records that cannot be had: the graph then holds the annotation links only for
    them, and a note says so.
    """
    if cited is None:
        cited = fetch_cited(source, refs)
    notes: list[str] = []
    links: dict[str, list[str]] = {}
    if citations and cited.records:
        links, note = citations_among(source, sorted(cited.records))
        if note:
            notes.append(note)
    if cited.missing:
        lacking = cited.missing
        where = "offline: not in the cache or snapshot" if offline else "not fetched"
        shown = ", ".join(lacking[:10]) + (" ..." if len(lacking) > 10 else "")
        total = len(cited_pmids(refs))
        notes.append(
            f"{len(lacking)} of {total} PubMed records unavailable ({where}): {shown};"
            " for them the graph has annotation links only"
        )
    records = cited.records if abstracts else without_abstracts(cited.records)
    return LinkedLibrary(cited, build_graph(refs, records, citations=links), tuple(notes))


def run_build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    settings: Settings,
    *,
    fmt: str | None = None,
    parsed: ParseResult | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Run the whole pipeline on ``inputs`` and write every output into ``out_dir``.

    Raises:
        SourceError: an input is unusable, or no references were found at all.
        OutputIsInputError: a file the build writes is one of the inputs.
    """
    started = time.perf_counter()
    refuse_overwriting_inputs(output_paths(inputs, out_dir), expand_inputs(inputs))
    parsed = parsed if parsed is not None else load_many(inputs, fmt)
    refs = list(parsed.references)
    if not refs:
        raise SourceError(f"{', '.join(map(str, inputs))}: no references found")
    out = Path(out_dir)
    stem = output_stem(inputs)
    with open_record_source(settings) as client:
        run = check_references(refs, client, progress=progress)
        linked = link_library(refs, client, cited=run.cited, offline=settings.offline)
        requests = client.request_count
    report, records, missing = run.report, run.cited.records, set(run.cited.missing)
    merged = merge_records(refs, records, missing=missing)
    enriched = merged.references
    filled = sum(len(names) for _, names in merged.filled)
    conflicts = [c.format() for c in merged.conflicts]
    graph_result = linked.graph
    graph = graph_result.graph
    relations: dict[str, int] = {}
    for _, _, key in graph.edges(keys=True):
        relations[key] = relations.get(key, 0) + 1

    # Each output is written as soon as it is made, so only one is held in memory at a time.
    makers: list[tuple[str, Callable[[], str]]] = [
        (f"{stem}.bib", lambda: write_bibtex(refs)),
        (f"{stem}.enriched.bib", lambda: write_bibtex(enriched)),
        (
            "check.json",
            lambda: (
                json.dumps(
                    {
                        **report.as_dict(),
                        "problems": [p.as_dict() for p in parsed.problems],
                        "missing": sorted(missing),
                    },
                    indent=2,
                    ensure_ascii=False,
                )
                + "\n"
            ),
        ),
        ("check.txt", lambda: report_text(report, parsed.problems)),
        ("check.html", lambda: render_check(report, parsed.problems)),
    ]
    for suffix, gfmt in GRAPH_FORMATS.items():
        makers.append((f"graph.{suffix}", functools.partial(write_graph, graph, gfmt)))
    embed = graph.number_of_nodes() <= EMBED_GRAPH_MAX_NODES
    for suffix, template in BIBLIOGRAPHIES.items():
        makers.append(
            (
                f"bibliography.{suffix}",
                functools.partial(render, refs, template, graph=graph, embed_graph=embed,
                                  check=report, problems=parsed.problems),
            )
        )
    files = []
    for i, (name, make) in enumerate(makers):
        if progress:
            progress("writing", i, len(makers))
        files.append(atomic_write(out / name, make()))
    result = BuildReport(
        out_dir=out,
        references=len(refs),
        problems=tuple(parsed.problems),
        check=report,
        missing=tuple(sorted(missing)),
        graph_nodes=graph.number_of_nodes(),
        graph_edges=graph.number_of_edges(),
        relations=relations,
        files=(*files, out / "build.json"),
        requests=requests,
        seconds=time.perf_counter() - started,
        graph_problems=graph_result.problems,
        enriched_fields=filled,
        conflicts=tuple(conflicts),
    )
    atomic_write(out / "build.json", json.dumps(result.as_dict(), indent=2) + "\n")
    return result
