"""The public API (``refgraph.__all__``) is pinned: a name is added or removed on purpose."""

from __future__ import annotations

import subprocess
import sys

import refgraph

EXPORTED = {
    "__version__",
    # reading
    "load", "parse", "snapshot_dirs", "expand_inputs", "INPUT_FORMATS", "read_text",
    # the model
    "Author", "Diagnostic", "Origin", "ParseResult", "PubmedRecord", "Reference",
    # settings, files
    "Settings", "resolve_settings", "atomic_write", "build_output_paths",
    "refuse_overwriting_inputs",
    # PubMed records
    "RecordSource", "CitedRecords", "cited_pmids", "fetch_cited", "fetch_citations",
    "EutilsClient", "RecordCache",
    "PubmedIndex", "build_index", "update_index", "open_executor", "PARTITION_SIZE",
    "IndexSource", "open_record_source", "check_documents", "download_pubmed",
    "DEFAULT_PUBMED_URL",
    # check and enrich
    "check_references", "CheckRun", "CheckReport", "CheckResult", "report_text", "report_rows",
    "enrich_references", "EnrichReport", "enrich_bib", "fix_pmids", "EditResult",
    "append_references",
    "BibEnrichment",
    # the graph
    "build_graph", "GraphResult", "GRAPH_FORMATS", "write_graph", "render_graph_html",
    "discover_publications", "suggestions_to_references",
    # output
    "render_bibliography", "render_check", "render_csl", "list_templates", "copy_template",
    "resolve_template_name", "export_references", "EXPORT_FORMATS", "did_you_mean",
    "terminal_safe",
    # the whole job
    "run_build", "BuildReport", "link_library", "LinkedLibrary",
    # errors and warnings
    "RefgraphError", "SourceError", "UnreadableInputError", "UnknownFormatError", "ParseError",
    "StoreError", "EutilsError", "EutilsHTTPError", "EutilsResponseError", "RateLimitError",
    "FetchIncompleteError", "OfflineError", "OutputIsInputError", "TemplateError",
    "TemplateNotFoundError",
    "ConfigError", "RefgraphWarning", "ParseWarning", "CacheWarning", "EnrichmentWarning",
}  # fmt: skip


def test_the_exported_names_are_pinned() -> None:
    assert set(refgraph.__all__) == EXPORTED
    assert len(refgraph.__all__) == len(EXPORTED)  # no name twice


def test_every_exported_name_resolves_to_a_refgraph_object() -> None:
    for name in refgraph.__all__:
        value = getattr(refgraph, name)
        module = getattr(value, "__module__", None)
        if module is not None and callable(value):
            assert module.startswith("refgraph."), (name, module)
    assert refgraph.check_references.__name__ == "check_references"
    assert issubclass(refgraph.OfflineError, refgraph.EutilsError)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        refgraph.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("refgraph.no_such_name resolved")


def test_importing_refgraph_imports_none_of_the_heavy_libraries() -> None:
    code = ("import sys, refgraph; heavy = {'networkx', 'lxml', 'requests', 'jinja2', 'click'};"
            " print(sorted(heavy & set(sys.modules)))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
