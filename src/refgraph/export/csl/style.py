"""A compiled CSL style and its bibliography: sort, citation numbers, year suffixes, entries.

:func:`compiled_style` parses and compiles a ``.csl`` file once per process (cached by
path, modification time and output format); :meth:`CompiledStyle.bibliography` renders
CSL-JSON items with it.

Decisions where refgraph renders a bibliography without citations:

- citation numbers follow the input order, or the bibliography's order when the style
  sorts its bibliography by something other than the citation number;
- year suffixes (``2016a``) are given, when the style's citations ask for them, to works
  whose citations would read the same even with every author named (what adding names
  cannot tell apart), in bibliography order;
- ``subsequent-author-substitute`` replaces a name list that repeats the previous entry's
  whole list (the ``complete-all`` rule; the other rules are applied the same way).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from refgraph.errors import TemplateError
from refgraph.export.csl.compile import NAME_OPTIONS, Compiler, Ctx, Node, name_sort_keys
from refgraph.export.csl.locale import CSL_NS, load_locale
from refgraph.export.csl.names import is_et_al, sort_name
from refgraph.export.csl.text import Formatter
from refgraph.export.csl.values import date_sort_key, is_numeric
from refgraph.pubmed.safexml import declares_entity, safe_parser
from refgraph.text import fold, without_controls

__all__ = ["CompiledStyle", "compiled_style"]

_NAME_VARIABLES = frozenset(
    [
        "author",
        "chair",
        "collection-editor",
        "compiler",
        "composer",
        "container-author",
        "contributor",
        "curator",
        "director",
        "editor",
        "editorial-director",
        "executive-producer",
        "guest",
        "host",
        "illustrator",
        "interviewer",
        "narrator",
        "organizer",
        "original-author",
        "performer",
        "producer",
        "recipient",
        "reviewed-author",
        "script-writer",
        "series-creator",
        "translator",
    ]
)
_DATE_VARIABLES = frozenset(
    ["accessed", "available-date", "event-date", "issued", "original-date", "submitted"]
)
_SORT_CLEAN_RE = re.compile(r"<[^>]+>")
_WORD_SEPARATORS_RE = re.compile(r"[\s'’,ʾʿ]+")
#: Letters without a decomposition that collation sorts with their base letters.
_SORT_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d",
                               "þ": "th", "ð": "d", "ı": "i", "ŋ": "n"})  # fmt: skip


class _SortKey:
    __slots__ = ("descending", "node", "variable")

    def __init__(self, variable: str, node: Node | None, descending: bool) -> None:
        self.variable = variable
        self.node = node
        self.descending = descending


class CompiledStyle:
    """One CSL style, compiled for plain text or HTML output."""

    def __init__(self, path: Path, html_output: bool) -> None:
        data = path.read_bytes()
        if declares_entity(data):
            raise TemplateError(f"CSL style {path.name} declares XML entities: refused")
        try:
            root = etree.fromstring(data, safe_parser(remove_comments=True))
        except etree.XMLSyntaxError as exc:
            raise TemplateError(f"CSL style {path.name} is not well-formed XML: {exc}") from None
        if root.tag != CSL_NS + "style":
            raise TemplateError(f"{path.name} is not a CSL style (root <{root.tag}>)")
        self.name = path.stem
        self.demote = root.get("demote-non-dropping-particle") in ("sort-only", "display-and-sort")
        locales = root.findall(CSL_NS + "locale")
        self.locale = load_locale(root.get("default-locale") or "en-US", locales)
        self.fmt = Formatter(html_output)
        macros = {m.get("name", ""): m for m in root.findall(CSL_NS + "macro")}
        style_options = {k: v for k, v in root.attrib.items() if k in NAME_OPTIONS}
        bibliography = root.find(CSL_NS + "bibliography")
        if bibliography is None or bibliography.find(CSL_NS + "layout") is None:
            raise TemplateError(f"CSL style {path.name} has no bibliography")
        options = style_options | {k: v for k, v in bibliography.attrib.items()
                                   if k in NAME_OPTIONS}  # fmt: skip
        compiler = Compiler(root, self.locale, self.fmt, options, macros)
        layout = bibliography.find(CSL_NS + "layout")
        self.layout = compiler.element(layout)
        if bibliography.get("second-field-align") in ("flush", "margin"):
            self.layout = _aligned(compiler, layout, self.fmt.html)
        self.substitute = bibliography.get("subsequent-author-substitute")
        self.substitute_rule = bibliography.get("subsequent-author-substitute-rule",
                                                "complete-all")  # fmt: skip
        self.sort_keys = self._sort_keys(root, bibliography, options, macros)
        self.year_suffix_layout: Node | None = None
        self.add_names = False
        citation = root.find(CSL_NS + "citation")
        if citation is not None and citation.get("disambiguate-add-year-suffix") == "true":
            cite_options = style_options | {k: v for k, v in citation.attrib.items()
                                            if k in NAME_OPTIONS}  # fmt: skip
            plain = Compiler(root, self.locale, Formatter(False), cite_options, macros)
            layout = citation.find(CSL_NS + "layout")
            if layout is not None:
                self.year_suffix_layout = plain.children(layout)
            self.add_names = citation.get("disambiguate-add-names") == "true"
        close = self.locale.term("close-quote") or "”"
        self.close_quote = close
        self.quote_re = (
            re.compile(f"({re.escape(close)})([.,])") if self.locale.punctuation_in_quote else None
        )

    def _sort_keys(self, root: Any, bibliography: Any, options: dict[str, str],
                   macros: dict[str, Any]) -> list[_SortKey]:  # fmt: skip
        sort = bibliography.find(CSL_NS + "sort")
        if sort is None:
            return []
        keys = []
        for key in sort.findall(CSL_NS + "key"):
            descending = key.get("sort") == "descending"
            if key.get("macro"):
                forced = {}
                for attr, target in (("names-min", "et-al-min"),
                                     ("names-use-first", "et-al-use-first"),
                                     ("names-use-last", "et-al-use-last")):  # fmt: skip
                    if key.get(attr):
                        forced[target] = key.get(attr, "")
                compiler = Compiler(root, self.locale, Formatter(False), options, macros, forced)
                keys.append(_SortKey("", compiler.macro(key.get("macro", "")), descending))
            elif key.get("variable"):
                keys.append(_SortKey(key.get("variable", ""), None, descending))
        return keys

    # ------------------------------------------------------------------ rendering

    def _sort_value(self, key: _SortKey, item: dict[str, Any], number: int) -> list[str] | None:
        """The item's value for one sort key, as a list of words compared one by one (as
        pandoc's citeproc compares them); ``None`` (sorts last) for a missing variable,
        ``[]`` (sorts first) for a macro that renders nothing."""
        if key.node is not None:
            return _sort_words(key.node(Ctx(item, number, sort_mode=True)))
        if key.variable == "citation-number":
            return [f"{number:09d}"]
        if key.variable in _NAME_VARIABLES:
            names = item.get(key.variable) or []
            value = ",".join(sort_name(n, self.demote) for n in names
                             if not is_et_al(n))  # fmt: skip
        elif key.variable in _DATE_VARIABLES:
            date = date_sort_key(item.get(key.variable))
            return [date] if date else None
        else:
            raw = item.get(key.variable, "")
            if is_numeric(raw) and str(raw).strip().isdigit():
                return [f"{int(str(raw)):09d}"]
            value = str(raw)
        return _sort_words(value) if value else None

    def _order(self, items: Sequence[dict[str, Any]]) -> list[int]:
        if not self.sort_keys:
            return list(range(len(items)))
        values = [[self._sort_value(k, item, i + 1) for k in self.sort_keys]
                  for i, item in enumerate(items)]  # fmt: skip
        directions = [k.descending for k in self.sort_keys]

        def compare(a: int, b: int) -> int:
            for va, vb, descending in zip(values[a], values[b], directions, strict=True):
                if va == vb:
                    continue
                if va is None or vb is None:  # a missing variable sorts last either way
                    return 1 if va is None else -1
                return (1 if va > vb else -1) * (-1 if descending else 1)
            return a - b

        return sorted(range(len(items)), key=functools.cmp_to_key(compare))

    def _year_suffixes(self, items: Sequence[dict[str, Any]], order: list[int],
                       numbers: list[int]) -> list[str]:  # fmt: skip
        suffixes = [""] * len(items)
        if self.year_suffix_layout is None:
            return suffixes
        groups: dict[str, list[int]] = {}
        for index in order:
            item = items[index]
            key = self.year_suffix_layout(Ctx(item, numbers[index]))
            if self.add_names:
                key += "\x00" + name_sort_keys(item, "author") + name_sort_keys(item, "editor")
            groups.setdefault(key, []).append(index)
        for members in groups.values():
            if len(members) > 1:
                for n, index in enumerate(members):
                    suffixes[index] = _letters(n)
        return suffixes

    def _finish(self, text: str) -> str:
        text = without_controls(text)  # no terminal escape or control byte reaches an output
        if "'" in text:  # the typographic apostrophe, as CSL processors print it
            text = text.replace("'", "’")
        if self.quote_re is not None and self.close_quote in text:
            text = self.quote_re.sub(_move_punctuation, text)
        return text

    def bibliography(self, items: Sequence[dict[str, Any]]) -> list[tuple[int, str]]:
        """Return ``(index into items, entry text)`` in bibliography order."""
        items = [_note_variables(item) if "note" in item else item for item in items]
        order = self._order(items)
        numbers = list(range(1, len(items) + 1))
        if self.sort_keys and not any(k.variable == "citation-number" for k in self.sort_keys):
            for position, index in enumerate(order, 1):
                numbers[index] = position
        suffixes = self._year_suffixes(items, order, numbers)
        out: list[tuple[int, str]] = []
        previous: tuple[str | None, list[str]] = (None, [])
        substitute = self.fmt.escape(self.substitute) if self.substitute is not None else None
        for index in order:
            ctx = Ctx(items[index], numbers[index], suffixes[index])
            text = self._finish(self.layout(ctx))
            if substitute is not None and ctx.first_names:
                text = _substitute_names(text, ctx, previous, substitute, self.substitute_rule)
            previous = (ctx.first_names, ctx.name_list)
            out.append((index, text))
        return out


def _substitute_names(text: str, ctx: Ctx, previous: tuple[str | None, list[str]],
                      substitute: str, rule: str) -> str:  # fmt: skip
    """Apply ``subsequent-author-substitute`` to one entry (CSL 1.0.2's four rules)."""
    names, before = ctx.first_names or "", previous[1]
    current = ctx.name_list
    same_list = names == previous[0]
    if rule == "complete-all":
        return text.replace(names, substitute, 1) if same_list else text
    if rule == "complete-each":
        replaced = current if same_list else []
    elif rule == "partial-first":
        replaced = current[:1] if current[:1] == before[:1] else []
    else:  # partial-each: every leading name the previous list has in the same place
        replaced = []
        for mine, theirs in zip(current, before, strict=False):
            if mine != theirs:
                break
            replaced.append(mine)
    start = text.find(names)
    if not replaced or start < 0:
        return text
    segment, position = names, 0
    for name in replaced:
        found = segment.find(name, position)
        if found < 0:
            break
        segment = segment[:found] + substitute + segment[found + len(name) :]
        position = found + len(substitute)
    return text[:start] + segment + text[start + len(names) :]


def _sort_words(text: str) -> list[str]:
    """A sort key's words: case and accents folded, split at spaces, apostrophes, commas."""
    folded = fold(_SORT_CLEAN_RE.sub("", text)).translate(_SORT_LETTERS)
    return [w for w in _WORD_SEPARATORS_RE.split(folded) if w]


def _aligned(compiler: Compiler, layout: Any, html_output: bool) -> Node:
    """``second-field-align``: the first field (the number) set apart from the rest."""
    fields = [c for c in layout if isinstance(c.tag, str)]
    first = compiler.element(fields[0])
    rest_layout = etree.Element(layout.tag, layout.attrib)
    rest_layout.extend(fields[1:])  # moves them: the original layout is not used again
    rest = compiler.element(rest_layout)

    def node(ctx: Ctx) -> str:
        left, right = first(ctx), rest(ctx)
        if html_output:
            return (f'<div class="csl-left-margin">{left}</div>'
                    f'<div class="csl-right-inline">{right}</div>')  # fmt: skip
        return f"{left} {right}" if left and right else left or right

    return node


_NOTE_LINE_RE = re.compile(r"^\s*\{?:?([A-Za-z][A-Za-z -]*?)\}?:\s*(.+?)\s*$")
_UPPER_VARIABLES = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "isbn": "ISBN",
                    "issn": "ISSN", "url": "URL"}  # fmt: skip


def _note_variables(item: dict[str, Any]) -> dict[str, Any]:
    """Move ``Name: value`` lines of ``note`` into variables (Zotero's and pandoc's
    reading of CSL-JSON notes: ``PMID: 123`` is the PMID, not text to print)."""
    kept: list[str] = []
    found: dict[str, str] = {}
    for line in str(item["note"]).splitlines():
        m = _NOTE_LINE_RE.match(line)
        name = m.group(1).strip().lower().replace(" ", "-") if m else ""
        variable = _UPPER_VARIABLES.get(name, name)
        if m and (variable in _UPPER_VARIABLES.values() or variable in _NAME_VARIABLES
                  or variable in _DATE_VARIABLES or variable in _TEXT_VARIABLES):  # fmt: skip
            if not item.get(variable) and variable not in _NAME_VARIABLES | _DATE_VARIABLES:
                found[variable] = m.group(2)
            continue
        kept.append(line)
    out = {k: v for k, v in item.items() if k != "note"} | found
    if any(line.strip() for line in kept):
        out["note"] = "\n".join(kept)
    return out


_TEXT_VARIABLES = frozenset(
    [
        "abstract",
        "annote",
        "archive",
        "archive_location",
        "authority",
        "call-number",
        "collection-title",
        "container-title",
        "container-title-short",
        "dimensions",
        "event",
        "event-place",
        "genre",
        "jurisdiction",
        "language",
        "license",
        "medium",
        "original-publisher",
        "original-title",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-title",
        "scale",
        "section",
        "source",
        "status",
        "title",
        "title-short",
        "version",
        "volume",
        "issue",
        "page",
        "edition",
        "number",
    ]
)


def _letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(97 + rest) + out
    return out


def _move_punctuation(m: re.Match[str]) -> str:
    quotes, mark = m.group(1), m.group(2)
    before = m.string[m.start() - 1 : m.start()] if m.start() else ""
    if before in ".?!" and before:
        return quotes  # "Why?”." -> "Why?”"
    return mark + quotes


@functools.lru_cache(maxsize=32)
def _compiled(path: str, mtime_ns: int, html_output: bool) -> CompiledStyle:
    return CompiledStyle(Path(path), html_output)


def compiled_style(path: Path, *, html_output: bool = False) -> CompiledStyle:
    """Return the compiled style at ``path`` (compiled once per process, per file version)."""
    return _compiled(str(path.resolve()), path.stat().st_mtime_ns, html_output)
