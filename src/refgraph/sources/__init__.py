"""Input formats: text -> :class:`~refgraph.model.ParseResult`, one module per format.

Every format module exposes:

- ``NAME``: the ``--from`` name; ``EXTENSIONS``: file name endings it usually has;
- ``sniff(text: str) -> bool``: does this text look like the format (cheap: look at the start);
- ``parse(text: str, source: str) -> ParseResult``: pure, never raises for bad *content*
  (bad pieces become diagnostics with line numbers); raises only
  :class:`~refgraph.errors.SourceError` when the whole input is unusable.

:func:`parse_text` picks the format (explicit, then by sniffing in :data:`FORMATS` order,
then by extension); :func:`load` reads a file and calls it; :func:`load_many` reads many
inputs (files or folders) and merges them into one library (see :mod:`refgraph.library`).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from refgraph.errors import SourceError, UnknownFormatError, UnreadableInputError
from refgraph.files import Decoded, decode, read_bytes, read_stream
from refgraph.model import Diagnostic, ParseResult
from refgraph.sources._citation import GROUP_WORDS, parse_authors
from refgraph.sources._controls import clean_input, plain_lines, single_spaced, strip_controls
from refgraph.sources._pmids import check_pmids

__all__ = [
    "CONTAINERS",
    "FORMATS",
    "GROUP_WORDS",
    "STDIN",
    "FileReport",
    "detect_format",
    "encoding_problems",
    "expand_inputs",
    "load",
    "load_many",
    "parse_authors",
    "parse_text",
    "snapshot_dirs",
]

#: Format name -> module, in sniffing order (most specific first).
FORMATS: dict[str, str] = {
    "pubmed-xml": "refgraph.sources.pubmed_xml",
    "jats": "refgraph.sources.jats",
    "endnote-xml": "refgraph.sources.endnote_xml",
    "zotero-json": "refgraph.sources.zoterojson",
    "csl-json": "refgraph.sources.csljson",
    "bibtex": "refgraph.sources.bibtex",
    "ris": "refgraph.sources.ris",
    "medline": "refgraph.sources.medline",
    "pubmed-abstract": "refgraph.sources.pubmed_abstract",
    "table": "refgraph.sources.table",
    "wos": "refgraph.sources.wos",
    "refer": "refgraph.sources.refer",
    "livertox": "refgraph.sources.livertox",
    "bookshelf": "refgraph.sources.bookshelf",
    "vancouver": "refgraph.sources.vancouver",
    "pmids": "refgraph.sources.pmids",
    "text": "refgraph.sources.text",
}

#: Container formats: binary files (PDF, Word) whose text the text readers above read.
#: Each module exposes ``NAME``, ``EXTENSIONS``, ``sniff_bytes(head: bytes) -> bool`` and
#: ``extract_text(data: bytes, source: str) -> str`` (raises only ``SourceError``).
CONTAINERS: dict[str, str] = {
    "pdf": "refgraph.sources.pdf",
    "docx": "refgraph.sources.docx",
}

#: File endings refgraph reads when given a folder; any other file there is looked at too
#: and read when it is text refgraph can read (else skipped, with the reason).
INPUT_SUFFIXES = (
    ".txt", ".bib", ".bibtex", ".biblatex", ".nbib", ".ris", ".xml", ".medline", ".nxml",
    ".json", ".pdf", ".docx", ".md", ".markdown", ".html", ".htm", ".rst", ".text", ".csv",
    ".tsv", ".ciw", ".enw",
)  # fmt: skip
#: Endings of files that are never reference lists (a folder's pictures, archives, program
#: code and settings, LaTeX's by-products ...): the general reader would find "citations"
#: in a script's dates and names.
SKIPPED_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".bmp", ".tif", ".tiff", ".zip", ".gz", ".tar",
    ".7z", ".xlsx", ".xls", ".pptx", ".ppt", ".doc", ".odt", ".exe", ".dll", ".so", ".pyc",
    ".db", ".sqlite", ".mp3", ".mp4", ".mov", ".avi",
    ".py", ".pyi", ".ipynb", ".js", ".mjs", ".ts", ".jsx", ".tsx", ".css", ".scss", ".c",
    ".h", ".cc", ".cpp", ".hpp", ".java", ".go", ".rs", ".rb", ".php", ".pl", ".sh", ".bat",
    ".ps1", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".lock", ".log", ".aux", ".blg",
    ".bst", ".sty", ".cls", ".toc", ".out",
)  # fmt: skip


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(FORMATS[name])
    except KeyError:
        known = ", ".join([*FORMATS, *CONTAINERS])
        raise UnknownFormatError(f"unknown input format {name!r} (known: {known})") from None


#: Something a citation has: a year, a PMID, a DOI, or a line that starts with an author
#: (``Surname AB,`` / ``Surname, A.``).
_CITATION_HINT_RE = re.compile(
    r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|\bPMID\b|\b10\.\d{4,9}/"
    r"|^\W{0,4}[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?,? (?:[A-Z]{1,3}|[A-Z]\.(?: ?[A-Z]\.)*),",
    re.M,
)


def detect_format(text: str, name: str = "") -> str:
    """Return the format name for ``text`` (file ``name`` breaks ties), or raise."""
    for fmt in FORMATS:
        if _module(fmt).sniff(text):
            return fmt
    suffix = os.path.splitext(name)[1].lower()
    claimed = [f for f in FORMATS if suffix and suffix in getattr(_module(f), "EXTENSIONS", ())]
    if len(claimed) == 1 and claimed[0] != "text":  # an unambiguous ending (.bib, .ris, .xml)
        return claimed[0]
    # a reference list shows a year or an identifier early: look at the first megabyte only
    if "\x00" not in text[:4000] and _CITATION_HINT_RE.search(text, 0, 1_000_000):
        return "text"  # any other text with a year or an identifier: the general reader
    raise UnknownFormatError(
        f"{name or '<input>'}: cannot tell the format (no year, PMID or DOI in a text, and not"
        " BibTeX, RIS, MEDLINE, PubMed XML/CSV, EndNote, Web of Science or a PMID list); use"
        " --from FORMAT"
    )


def parse_text(text: str, source: str = "<input>", fmt: str | None = None) -> ParseResult:
    """Parse ``text`` in format ``fmt`` (auto-detected when ``None``).

    Control characters are removed before reading, and reported with their lines
    (:mod:`refgraph.sources._controls`); a PMID that cannot be one is kept as text and
    reported (:func:`refgraph.sources._pmids.check_pmids`).
    """
    if not text.strip():
        return ParseResult(
            (), (Diagnostic(source, 1, "empty", "the input has no content"),), fmt or ""
        )
    text, cleaned = clean_input(plain_lines(text), source)
    spaced = single_spaced(text) if fmt is None or fmt in _LINE_FORMATS else None
    name = ""
    if spaced is not None:
        try:
            name = fmt or detect_format(spaced[0], source)
        except UnknownFormatError:
            name = ""  # then as given, below
    if spaced is not None and name in _LINE_FORMATS:
        result = _on_original_lines(_module(name).parse(spaced[0], source), spaced[1])
    else:
        name = fmt or detect_format(text, source)
        result = _module(name).parse(text, source)
    result = ParseResult(result.references, cleaned + result.problems, result.format)
    return check_pmids(strip_controls(result, text))


#: Formats read line by line, where a blank line means something (double-spaced text is
#: read single-spaced: :func:`refgraph.sources._controls.single_spaced`).
_LINE_FORMATS = ("livertox", "bookshelf", "vancouver", "text")


def _on_original_lines(result: ParseResult, where: list[int]) -> ParseResult:
    """``result`` of single-spaced text, its line numbers those of the text as given."""

    def line(n: int) -> int:
        return where[n - 1] if 0 < n <= len(where) else n

    refs = tuple(
        replace(r, origins=tuple(replace(o, line=line(o.line)) for o in r.origins))
        for r in result.references
    )
    problems = tuple(replace(p, line=line(p.line)) for p in result.problems)
    return ParseResult(refs, problems, result.format)


#: The input name that means standard input.
STDIN = "-"


def _container(raw: bytes, path: str, fmt: str | None) -> ModuleType | None:
    """The container module for ``raw`` (by ``fmt``, its first bytes, or the name's ending)."""
    if fmt in CONTAINERS:
        return importlib.import_module(CONTAINERS[fmt])
    if fmt is not None:
        return None
    head = raw[:65536]
    for module in map(importlib.import_module, CONTAINERS.values()):
        if module.sniff_bytes(head):
            return module
    named = _named_container(path)  # a damaged file is refused as what its name says it is
    return named if named is not None and not _plain_text(head) else None


def _plain_text(head: bytes) -> bool:
    """Text, whatever the file's name says (a list saved as ``refs.pdf``): UTF-8 (a
    character cut at the end of ``head`` aside) without NUL bytes."""
    if not head.strip() or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3
    return True


def _named_container(path: str) -> ModuleType | None:
    """The container (PDF, Word) the file's name says it is, if any."""
    suffix = os.path.splitext(path)[1].lower()
    modules = (importlib.import_module(m) for m in CONTAINERS.values())
    return next((m for m in modules if suffix and suffix in m.EXTENSIONS), None)


def encoding_problems(decoded: Decoded, source: str) -> tuple[Diagnostic, ...]:
    """Report how input that was not UTF-8 was read: once for the file, or per mixed line."""
    if decoded.encoding in ("utf-8", "utf-16", "utf-32"):
        return ()
    lines = decoded.legacy_lines or (1,)
    if decoded.encoding == "cp1252":
        text = "not UTF-8; read as Windows-1252 (cp1252): check accented names"
        return (Diagnostic(source, lines[0], "encoding", text),)
    shown = [
        Diagnostic(source, n, "encoding", "not UTF-8 (the rest of the file is); this line "
                   "read as Windows-1252 (cp1252): check its accented names")
        for n in lines[:_ENCODING_LINES_SHOWN]
    ]  # fmt: skip
    if len(lines) > _ENCODING_LINES_SHOWN:
        rest = len(lines) - _ENCODING_LINES_SHOWN
        text = f"and {rest} more line(s) read as Windows-1252 (cp1252)"
        shown.append(Diagnostic(source, lines[_ENCODING_LINES_SHOWN], "encoding", text))
    return tuple(shown)


_ENCODING_LINES_SHOWN = 20


def load(path: str | os.PathLike[str], fmt: str | None = None) -> ParseResult:
    """Read one file (``-``: standard input) and parse it; text that is not UTF-8 is
    reported as diagnostics (:func:`encoding_problems`).

    A PDF or Word file (:data:`CONTAINERS`) is turned into text first, which is then read
    like any text (``fmt`` may name the container or the text format).
    """
    # read once: a pipe (``refgraph build <(curl ...)``) cannot be read again after a sniff
    if str(path) == STDIN:
        if sys.stdin is None:  # run with standard input closed (``<&-``, some daemons)
            raise UnreadableInputError("<stdin>: standard input is closed")
        name, raw = "<stdin>", read_stream(sys.stdin.buffer, "<stdin>")
    else:
        name, raw = str(path), read_bytes(path)
    container = _container(raw, name if name != "<stdin>" else "", fmt)
    if container is not None:
        text = container.extract_text(raw, name)
        return parse_text(text, name, None if fmt in CONTAINERS else fmt)
    decoded = decode(raw, name)
    named = _named_container(name) if fmt is None else None
    try:
        result = parse_text(decoded.text, name, fmt)
    except UnknownFormatError:
        if named is not None:  # no reference list: refused as what its name says it is
            named.extract_text(raw, name)
        raise
    notes = encoding_problems(decoded, name)
    if named is not None:  # text saved under a PDF or Word name ("refs.pdf")
        suffix = os.path.splitext(name)[1].lower()
        what = f"named {suffix} but holds text, not a {named.__name__.rsplit('.')[-1].upper()}"
        notes += (Diagnostic(name, 1, "format", f"{what} file: read as text"),)
    if notes:
        result = ParseResult(result.references, (*notes, *result.problems), result.format)
    return result


#: A folder of this name inside an input folder is an offline PubMed snapshot (record data
#: for ``check``/``build``), not a reference list: folder expansion skips it.
SNAPSHOT_FOLDER = "pubmed"


def expand_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders into the files they hold (sorted, recursively).

    Hidden files and folders, and ``pubmed/`` snapshot folders, are left out; every other
    file is listed (:func:`load_many` decides whether it is read); files named explicitly
    (and ``-``) are always listed.

    Raises:
        UnreadableInputError: a folder holds no file at all.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            before = len(out)
            for f in sorted(p.rglob("*")):
                parts = f.relative_to(p).parts
                if (
                    f.is_file()
                    and not any(part.startswith(".") for part in parts)
                    and SNAPSHOT_FOLDER not in parts[:-1]
                ):
                    out.append(f)
            if len(out) == before:
                raise UnreadableInputError(f"{p}: folder holds no reference files")
        else:
            out.append(p)
    return out


def snapshot_dirs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[Path, ...]:
    """Offline PubMed snapshots that travel with the inputs: a ``pubmed/`` folder of XML files
    beside an input file (``refs/pubmed/`` for ``refs/x.txt``) or inside an input folder."""
    found: list[Path] = []
    for item in inputs:
        if str(item) == STDIN:
            continue
        p = Path(item)
        candidate = p / SNAPSHOT_FOLDER if p.is_dir() else p.parent / SNAPSHOT_FOLDER
        if candidate.is_dir() and any(candidate.glob("*.xml")) and candidate not in found:
            found.append(candidate)
    return tuple(found)


#: ``on_file(path, decision)``: told, for every input file, what was done with it.
FileReport = Callable[[str, str], None]


def load_many(
    paths: Iterable[str | os.PathLike[str]],
    fmt: str | None = None,
    *,
    on_file: FileReport | None = None,
) -> ParseResult:
    """Read every input (folders expanded, ``-`` for standard input) and merge them into one
    library.

    The same work cited in several documents becomes one reference (identified by PMID
    where it has one) that keeps every origin; see :func:`refgraph.library.merge`.

    Every file found in a folder gets a decision: it is read, or it is skipped with the
    reason (a picture or archive by its ending; a file whose format cannot be told, a
    damaged or encrypted PDF, ...). A skipped file is a ``skipped`` problem (its path, line
    0) and never stops the others. ``on_file`` (the CLI's summary) is told each decision:
    ``"read: 12 references (livertox)"`` or ``"skipped: <reason>"``. Files named directly
    are read as they are: one that cannot be read is an error (exit 2), as before.
    """
    from refgraph.library import merge

    paths = list(paths)
    named = {str(p) for p in paths if str(p) == STDIN or not Path(p).is_dir()}
    results: list[ParseResult] = []
    for path in expand_inputs(paths):
        name = str(path)
        if name not in named and path.suffix.lower() in SKIPPED_SUFFIXES:
            reason = f"not a reference list ({path.suffix.lower()} file)"
            results.append(_skipped(name, reason))
            if on_file is not None:
                on_file(name, f"skipped: {reason}")
            continue
        try:
            result = load(path, fmt)
        except SourceError as exc:
            if name in named:
                raise
            reason = str(exc).removeprefix(f"{name}: ")
            results.append(_skipped(name, reason))
            if on_file is not None:
                on_file(name, f"skipped: {reason}")
            continue
        results.append(result)
        if on_file is not None:
            count = len(result.references)
            on_file(name, f"read: {count} reference{'s' if count != 1 else ''}"
                          f" ({result.format or 'unknown format'})")  # fmt: skip
    return merge(results)


def _skipped(path: str, reason: str) -> ParseResult:
    return ParseResult((), (Diagnostic(path, 0, "skipped", reason),), "")
