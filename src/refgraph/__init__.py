"""refgraph: parse, check, link and render PubMed-bearing reference lists.

The public API (what the ``refgraph`` command line itself uses)::

    import refgraph

    library = refgraph.load(["refs/inotuzumab-ozogamicin.txt"])
    with refgraph.EutilsClient(offline=True, cache=refgraph.RecordCache("pubmed.sqlite")) as pubmed:
        checked = refgraph.check_references(library.references, pubmed)
    print(checked.report.summary_line())
    graph = refgraph.build_graph(library.references, checked.cited.records).graph
    print(refgraph.render_bibliography(library.references, "vancouver", graph=graph))
    print(refgraph.export_references(library.references, "ris"))

The functions are named ``verb_object`` where a plain verb would shadow a subpackage
(``refgraph.check``, ``refgraph.enrich``, ``refgraph.render``, ``refgraph.export``). Names
are imported on first use, so ``import refgraph`` stays cheap.

The package reads as the pipeline: ``sources`` -> ``model`` -> ``files``/``cache`` ->
``pubmed``/``eutils`` -> ``check``/``enrich`` -> ``graph`` -> ``render``/``export`` -> ``cli``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from refgraph.version import __version__

#: public name -> "module:attribute" it comes from
_EXPORTS: dict[str, str] = {
    # reading
    "load": "refgraph.sources:load_many",
    "parse": "refgraph.sources:parse_text",
    "snapshot_dirs": "refgraph.sources:snapshot_dirs",
    "expand_inputs": "refgraph.sources:expand_inputs",
    "INPUT_FORMATS": "refgraph.sources:FORMATS",
    # the model
    "Author": "refgraph.model:Author",
    "Diagnostic": "refgraph.model:Diagnostic",
    "Origin": "refgraph.model:Origin",
    "ParseResult": "refgraph.model:ParseResult",
    "PubmedRecord": "refgraph.model:PubmedRecord",
    "Reference": "refgraph.model:Reference",
    # settings, files
    "Settings": "refgraph.config:Settings",
    "resolve_settings": "refgraph.config:resolve_settings",
    "atomic_write": "refgraph.files:atomic_write",
    "read_text": "refgraph.files:read_text",
    "refuse_overwriting_inputs": "refgraph.files:refuse_overwriting_inputs",
    # PubMed records
    "RecordSource": "refgraph.pubmed.source:RecordSource",
    "CitedRecords": "refgraph.pubmed.source:CitedRecords",
    "fetch_cited": "refgraph.pubmed.source:fetch_cited",
    "fetch_citations": "refgraph.pubmed.source:fetch_citations",
    "cited_pmids": "refgraph.pubmed.source:cited_pmids",
    "EutilsClient": "refgraph.eutils.client:EutilsClient",
    "RecordCache": "refgraph.cache:RecordCache",
    # the local PubMed index
    "PubmedIndex": "refgraph.pubmed.index.store:PubmedIndex",
    "build_index": "refgraph.pubmed.index.build:build_index",
    "update_index": "refgraph.pubmed.index.build:update_index",
    "open_executor": "refgraph.pubmed.index.engine:open_executor",
    "PARTITION_SIZE": "refgraph.pubmed.index.layout:PARTITION_SIZE",
    "IndexSource": "refgraph.pubmed.index.source:IndexSource",
    "open_record_source": "refgraph.pubmed.index.source:open_record_source",
    "check_documents": "refgraph.pubmed.index.bulk:check_documents",
    "download_pubmed": "refgraph.pubmed.download:download",
    "DEFAULT_PUBMED_URL": "refgraph.pubmed.download:DEFAULT_PUBMED_URL",
    # check and enrich
    "check_references": "refgraph.check.run:check_references",
    "CheckRun": "refgraph.check.run:CheckRun",
    "CheckReport": "refgraph.check.results:CheckReport",
    "CheckResult": "refgraph.check.results:CheckResult",
    "report_text": "refgraph.check.report:report_text",
    "report_rows": "refgraph.check.report:report_rows",
    "enrich_references": "refgraph.enrich:enrich",
    "EnrichReport": "refgraph.enrich:EnrichReport",
    "enrich_bib": "refgraph.bibedit:enrich_bib",
    "fix_pmids": "refgraph.bibedit:fix_pmids",
    "append_references": "refgraph.bibappend:append_references",
    "EditResult": "refgraph.bibedit:EditResult",
    "BibEnrichment": "refgraph.bibedit:BibEnrichment",
    # the graph
    "build_graph": "refgraph.graph.build:build_graph",
    "GraphResult": "refgraph.graph.build:GraphResult",
    "GRAPH_FORMATS": "refgraph.graph.formats:FORMATS",
    "write_graph": "refgraph.graph.formats:write_graph",
    "render_graph_html": "refgraph.graph.html:render_graph_html",
    "discover_publications": "refgraph.graph.discover:discover_publications",
    "suggestions_to_references": "refgraph.graph.discover:suggestions_to_references",
    # output
    "render_bibliography": "refgraph.render:render",
    "render_check": "refgraph.render:render_check",
    "render_csl": "refgraph.export.csl:render_csl",
    "list_templates": "refgraph.jinja:list_templates",
    "copy_template": "refgraph.jinja:copy_template",
    "resolve_template_name": "refgraph.jinja:resolve_template_name",
    "did_you_mean": "refgraph.errors:did_you_mean",
    "terminal_safe": "refgraph.text:terminal_safe",
    "export_references": "refgraph.export:export_text",
    "EXPORT_FORMATS": "refgraph.export:EXPORTERS",
    # the whole job
    "run_build": "refgraph.build:run_build",
    "build_output_paths": "refgraph.build:output_paths",
    "BuildReport": "refgraph.build:BuildReport",
    "link_library": "refgraph.build:link_library",
    "LinkedLibrary": "refgraph.build:LinkedLibrary",
    # errors and warnings
    "RefgraphError": "refgraph.errors:RefgraphError",
    "SourceError": "refgraph.errors:SourceError",
    "UnreadableInputError": "refgraph.errors:UnreadableInputError",
    "UnknownFormatError": "refgraph.errors:UnknownFormatError",
    "ParseError": "refgraph.errors:ParseError",
    "StoreError": "refgraph.errors:StoreError",
    "EutilsError": "refgraph.errors:EutilsError",
    "EutilsHTTPError": "refgraph.errors:EutilsHTTPError",
    "EutilsResponseError": "refgraph.errors:EutilsResponseError",
    "RateLimitError": "refgraph.errors:RateLimitError",
    "FetchIncompleteError": "refgraph.errors:FetchIncompleteError",
    "OfflineError": "refgraph.errors:OfflineError",
    "TemplateError": "refgraph.errors:TemplateError",
    "TemplateNotFoundError": "refgraph.errors:TemplateNotFoundError",
    "ConfigError": "refgraph.errors:ConfigError",
    "OutputIsInputError": "refgraph.errors:OutputIsInputError",
    "RefgraphWarning": "refgraph.errors:RefgraphWarning",
    "ParseWarning": "refgraph.errors:ParseWarning",
    "CacheWarning": "refgraph.errors:CacheWarning",
    "EnrichmentWarning": "refgraph.errors:EnrichmentWarning",
}

# The public names, written out (not errors.__all__ spliced in) so that readers and type
# checkers see the API in one place; tests/test_exported_members.py pins the list.
__all__ = [
    "DEFAULT_PUBMED_URL",
    "EXPORT_FORMATS",
    "GRAPH_FORMATS",
    "INPUT_FORMATS",
    "PARTITION_SIZE",
    "Author",
    "BibEnrichment",
    "BuildReport",
    "CacheWarning",
    "CheckReport",
    "CheckResult",
    "CheckRun",
    "CitedRecords",
    "ConfigError",
    "Diagnostic",
    "EditResult",
    "EnrichReport",
    "EnrichmentWarning",
    "EutilsClient",
    "EutilsError",
    "EutilsHTTPError",
    "EutilsResponseError",
    "FetchIncompleteError",
    "GraphResult",
    "IndexSource",
    "LinkedLibrary",
    "OfflineError",
    "Origin",
    "OutputIsInputError",
    "ParseError",
    "ParseResult",
    "ParseWarning",
    "PubmedIndex",
    "PubmedRecord",
    "RateLimitError",
    "RecordCache",
    "RecordSource",
    "Reference",
    "RefgraphError",
    "RefgraphWarning",
    "Settings",
    "SourceError",
    "StoreError",
    "TemplateError",
    "TemplateNotFoundError",
    "UnknownFormatError",
    "UnreadableInputError",
    "__version__",
    "append_references",
    "atomic_write",
    "build_graph",
    "build_index",
    "build_output_paths",
    "check_documents",
    "check_references",
    "cited_pmids",
    "copy_template",
    "did_you_mean",
    "discover_publications",
    "download_pubmed",
    "enrich_bib",
    "enrich_references",
    "expand_inputs",
    "export_references",
    "fetch_citations",
    "fetch_cited",
    "fix_pmids",
    "link_library",
    "list_templates",
    "load",
    "open_executor",
    "open_record_source",
    "parse",
    "read_text",
    "refuse_overwriting_inputs",
    "render_bibliography",
    "render_check",
    "render_csl",
    "render_graph_html",
    "report_rows",
    "report_text",
    "resolve_settings",
    "resolve_template_name",
    "run_build",
    "snapshot_dirs",
    "suggestions_to_references",
    "terminal_safe",
    "update_index",
    "write_graph",
]


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'refgraph' has no attribute {name!r}")
    module_name, attr = target.split(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # what type checkers and editors see; the same names as _EXPORTS
    from refgraph.bibappend import append_references as append_references
    from refgraph.bibedit import BibEnrichment, EditResult
    from refgraph.bibedit import enrich_bib as enrich_bib
    from refgraph.bibedit import fix_pmids as fix_pmids
    from refgraph.build import BuildReport, LinkedLibrary, link_library, run_build
    from refgraph.build import output_paths as build_output_paths
    from refgraph.cache import RecordCache
    from refgraph.check.report import report_rows, report_text
    from refgraph.check.results import CheckReport, CheckResult
    from refgraph.check.run import CheckRun, check_references
    from refgraph.config import Settings, resolve_settings
    from refgraph.enrich import EnrichReport
    from refgraph.enrich import enrich as enrich_references
    from refgraph.errors import (
        CacheWarning,
        ConfigError,
        EnrichmentWarning,
        EutilsError,
        EutilsHTTPError,
        EutilsResponseError,
        FetchIncompleteError,
        OfflineError,
        OutputIsInputError,
        ParseError,
        ParseWarning,
        RateLimitError,
        RefgraphError,
        RefgraphWarning,
        SourceError,
        StoreError,
        TemplateError,
        TemplateNotFoundError,
        UnknownFormatError,
        UnreadableInputError,
        did_you_mean,
    )
    from refgraph.eutils.client import EutilsClient
    from refgraph.export import EXPORTERS as EXPORT_FORMATS
    from refgraph.export import export_text as export_references
    from refgraph.export.csl import render_csl
    from refgraph.files import atomic_write, read_text, refuse_overwriting_inputs
    from refgraph.graph.build import GraphResult, build_graph
    from refgraph.graph.discover import discover_publications, suggestions_to_references
    from refgraph.graph.formats import FORMATS as GRAPH_FORMATS
    from refgraph.graph.formats import write_graph
    from refgraph.graph.html import render_graph_html
    from refgraph.jinja import copy_template, list_templates, resolve_template_name
    from refgraph.model import Author, Diagnostic, Origin, ParseResult, PubmedRecord, Reference
    from refgraph.pubmed.download import DEFAULT_PUBMED_URL
    from refgraph.pubmed.download import download as download_pubmed
    from refgraph.pubmed.index.build import build_index, update_index
    from refgraph.pubmed.index.bulk import check_documents
    from refgraph.pubmed.index.engine import open_executor
    from refgraph.pubmed.index.layout import PARTITION_SIZE
    from refgraph.pubmed.index.source import IndexSource, open_record_source
    from refgraph.pubmed.index.store import PubmedIndex
    from refgraph.pubmed.source import (
        CitedRecords,
        RecordSource,
        cited_pmids,
        fetch_citations,
        fetch_cited,
    )
    from refgraph.render import render as render_bibliography
    from refgraph.render import render_check
    from refgraph.sources import FORMATS as INPUT_FORMATS
    from refgraph.sources import expand_inputs, snapshot_dirs
    from refgraph.sources import load_many as load
    from refgraph.sources import parse_text as parse
    from refgraph.text import terminal_safe
