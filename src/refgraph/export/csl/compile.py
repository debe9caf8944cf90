"""CSL style elements -> Python closures, compiled once per style (pure).

Each rendering element (``text``, ``number``, ``label``, ``date``, ``names``, ``group``,
``choose``) becomes a function ``node(ctx) -> str``. Rendering an item is then a few
hundred calls, with no XML look-up, attribute parsing or term search left to do: those all
happen here, once. The context (:class:`Ctx`) carries the item and the CSL 1.0.2 state:
variable calls and hits (a ``group`` whose variables are all empty is suppressed),
variables already used by ``substitute`` (suppressed for the rest of the entry), the
citation number and year suffix, and the first rendered name list (for
``subsequent-author-substitute``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from refgraph.errors import TemplateError
from refgraph.export.csl.dates import compile_date
from refgraph.export.csl.locale import CSL_NS, Locale
from refgraph.export.csl.names import is_et_al, sort_name
from refgraph.export.csl.text import Formatter, apply_case, join, strip_periods
from refgraph.export.csl.values import (
    format_number,
    format_page_range,
    is_numeric,
    is_plural,
)

__all__ = ["NAME_OPTIONS", "Compiler", "Ctx", "Node"]

#: The inheritable name options (CSL 1.0.2, "Inheritable Name Options").
NAME_OPTIONS = (
    "and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min",
    "et-al-use-first", "et-al-use-last", "initialize", "initialize-with",
    "name-as-sort-order", "sort-separator", "name-form", "name-delimiter", "names-delimiter",
    "demote-non-dropping-particle", "initialize-with-hyphen",
)  # fmt: skip
_SHORT_FORMS = {"title": "title-short", "container-title": "container-title-short"}


class Ctx:
    """The state of rendering one item."""

    __slots__ = ("calls", "first_names", "hits", "item", "name_list", "number", "sort_mode",
                 "suppressed", "track", "year_suffix", "year_suffix_done")  # fmt: skip

    def __init__(self, item: dict[str, Any], number: int = 0, year_suffix: str = "",
                 sort_mode: bool = False) -> None:  # fmt: skip
        self.item = item
        self.number = number
        self.year_suffix = year_suffix
        self.year_suffix_done = False
        self.sort_mode = sort_mode
        self.calls = 0
        self.hits = 0
        self.suppressed: set[str] = set()
        self.track: set[str] | None = None
        self.first_names: str | None = None
        #: the names of the first rendered name list, each as printed
        self.name_list: list[str] = []

    def value(self, name: str) -> Any:
        """The raw value of variable ``name`` (counted as a call; "" when suppressed)."""
        self.calls += 1
        if name in self.suppressed:
            return ""
        if name == "citation-number":
            value: Any = self.number or ""
        elif name == "year-suffix":
            value = self.year_suffix
        elif name == "page-first":
            value = str(self.item.get("page-first") or self.item.get("page", "")).split("-")[0]
            value = value.split("–")[0].split(",")[0].strip()
        else:
            value = self.item.get(name, "")
        if value:
            self.hits += 1
            if self.track is not None:
                self.track.add(name)
        return value


Node = Callable[[Ctx], str]


def _empty(ctx: Ctx) -> str:
    return ""


def _sequence(nodes: list[Node], delimiter: str = "") -> Node:
    if not nodes:
        return _empty
    if len(nodes) == 1 and not delimiter:
        return nodes[0]

    def node(ctx: Ctx) -> str:
        out = ""
        for child in nodes:
            text = child(ctx)
            if text:
                out = join(join(out, delimiter), text) if out and delimiter else join(out, text)
        return out

    return node


class Compiler:
    """Compiles the elements of one style for one context (bibliography or citation)."""

    def __init__(self, style: Any, locale: Locale, fmt: Formatter, inherited: dict[str, str],
                 macros: dict[str, Any], forced: dict[str, str] | None = None) -> None:  # fmt: skip
        self.style = style
        #: name options that win over every <name> element's own (a sort key's names-min)
        self.forced = forced or {}
        self.locale = locale
        self.fmt = fmt
        self.inherited = inherited
        self.macro_elements = macros
        self.macros: dict[str, Node] = {}
        self.esc = fmt.escape
        self.page_format = style.get("page-range-format", "")
        self.page_delimiter = locale.term("page-range-delimiter") or "–"
        self.open_quote = self.esc(locale.term("open-quote") or "“")
        self.close_quote = self.esc(locale.term("close-quote") or "”")
        self.uses_year_suffix = False

    # ------------------------------------------------------------------ structure

    def children(self, element: Any, delimiter: str = "") -> Node:
        """The element's children joined by ``delimiter`` (also inside a ``choose`` branch:
        CSL applies the enclosing delimiter to the chosen branch's children)."""
        nodes = [self.element(child, delimiter) for child in element if isinstance(child.tag, str)]
        return _sequence([n for n in nodes if n is not _empty], self.esc(delimiter))

    def element(self, el: Any, delimiter: str = "") -> Node:
        tag = el.tag.replace(CSL_NS, "")
        if tag == "choose":
            return self.c_choose(el, delimiter)
        method = getattr(self, "c_" + tag.replace("-", "_"), None)
        if method is None:
            if tag in ("sort", "info"):
                return _empty
            raise TemplateError(f"unsupported CSL element <{tag}> (line {el.sourceline})")
        node: Node = method(el)
        return node

    def macro(self, name: str) -> Node:
        if name not in self.macros:
            element = self.macro_elements.get(name)
            if element is None:
                raise TemplateError(f"CSL macro {name!r} is not defined")
            self.macros[name] = _empty  # a macro calling itself renders nothing
            body = self.children(element)

            def compiled(ctx: Ctx) -> str:
                # a macro is an implicit group (as citeproc-js and pandoc treat it): terms
                # around variables that are all empty are not printed alone
                calls, hits = ctx.calls, ctx.hits
                text = body(ctx)
                if ctx.calls > calls and ctx.hits == hits and not ctx.sort_mode:
                    return ""
                return text

            self.macros[name] = compiled
        macros = self.macros
        return lambda ctx: macros[name](ctx)

    def decorate(self, el: Any, inner: Node, affixes: bool = True) -> Node:
        """Wrap ``inner`` in the element's text-case, periods, formatting, quotes, affixes."""
        case = el.get("text-case", "")
        strip = el.get("strip-periods") == "true"
        formatting = self.fmt.formatting(el.attrib)
        quotes = el.get("quotes") == "true"
        prefix = self.esc(el.get("prefix", "")) if affixes else ""
        suffix = self.esc(el.get("suffix", "")) if affixes else ""
        display = self.fmt.display(el.get("display", ""))
        if not (case or strip or formatting or quotes or prefix or suffix or display):
            return inner
        open_q, close_q = self.open_quote, self.close_quote

        def node(ctx: Ctx) -> str:
            text = inner(ctx)
            if not text or ctx.sort_mode:  # a sort key is the bare text
                return text
            if case and not (case == "title" and _not_english(ctx.item)):
                text = apply_case(text, case)
            if strip:
                text = strip_periods(text)
            if formatting is not None:
                text = formatting(text)
            if quotes:
                text = open_q + text + close_q
            if prefix:
                text = join(prefix, text)
            if suffix:
                text = join(text, suffix)
            if display is not None:
                text = display(text)
            return text

        return node

    def string_decorator(self, attrs: dict[str, str]) -> Callable[[str], str]:
        """Like :meth:`decorate` for a plain string (date parts, name parts)."""
        case = attrs.get("text-case", "")
        strip = attrs.get("strip-periods") == "true"
        formatting = self.fmt.formatting(attrs)
        prefix, suffix = self.esc(attrs.get("prefix", "")), self.esc(attrs.get("suffix", ""))

        def apply(text: str) -> str:
            if not text:
                return ""
            if case:
                text = apply_case(text, case)
            if strip:
                text = strip_periods(text)
            if formatting is not None:
                text = formatting(text)
            return join(join(prefix, text), suffix) if prefix or suffix else text

        return apply

    # ------------------------------------------------------------------ elements

    def c_layout(self, el: Any) -> Node:
        return self.decorate(el, self.children(el, el.get("delimiter", "")))

    def c_text(self, el: Any) -> Node:
        variable, macro, term = el.get("variable"), el.get("macro"), el.get("term")
        if variable:
            inner = self._variable_text(variable, el.get("form", "long"))
        elif macro:
            inner = self.macro(macro)
        elif term:
            text = self.locale.term(term, el.get("form", "long"), el.get("plural") == "true")
            value = self.esc(text or "")
            inner = (lambda ctx: value) if value else _empty
        else:
            value = self.esc(el.get("value", ""))
            inner = (lambda ctx: value) if value else _empty
        return self.decorate(el, inner)

    def _variable_text(self, variable: str, form: str) -> Node:
        esc = self.esc
        if variable == "year-suffix":
            self.uses_year_suffix = True
        if variable in ("page", "locator"):
            page_format, delimiter = self.page_format, self.esc(self.page_delimiter)

            def page(ctx: Ctx) -> str:
                value = ctx.value(variable)
                return format_page_range(esc(str(value)), page_format, delimiter) if value else ""

            return page
        short = _SHORT_FORMS.get(variable) if form == "short" else None
        if short:

            def shortened(ctx: Ctx) -> str:
                if variable in ctx.suppressed:
                    ctx.calls += 1
                    return ""
                if ctx.item.get(short):
                    value = ctx.value(short)
                    if ctx.track is not None:
                        ctx.track.add(variable)
                    return esc(str(value))
                if short == "container-title-short" and ctx.item.get("journalAbbreviation"):
                    return esc(str(ctx.value("journalAbbreviation")))
                return esc(str(ctx.value(variable) or ""))

            return shortened
        return lambda ctx: esc(str(ctx.value(variable) or ""))

    def c_number(self, el: Any) -> Node:
        variable, form, locale = el.get("variable", ""), el.get("form", "numeric"), self.locale
        esc = self.esc

        def inner(ctx: Ctx) -> str:
            value = ctx.value(variable)
            return esc(format_number(value, form, locale)) if value else ""

        return self.decorate(el, inner)

    def c_label(self, el: Any) -> Node:
        variable = el.get("variable", "")
        form, plural_rule = el.get("form", "long"), el.get("plural", "contextual")
        terms = (self.locale.term(variable, form), self.locale.term(variable, form, True))
        if terms == (None, None) or variable == "locator":
            return _empty
        single, multiple = (self.esc(t or "") for t in terms)

        def inner(ctx: Ctx) -> str:
            value = ctx.item.get(variable, "") if variable not in ctx.suppressed else ""
            if not value:
                return ""
            if plural_rule == "always":
                return multiple
            if plural_rule == "never":
                return single
            if variable == "number-of-pages":
                plural = str(value).strip().isdigit() and int(str(value)) > 1
            else:
                plural = is_plural(value)
            return multiple if plural else single

        return self.decorate(el, inner)

    def c_group(self, el: Any) -> Node:
        body = self.children(el, el.get("delimiter", ""))

        def inner(ctx: Ctx) -> str:
            calls, hits = ctx.calls, ctx.hits
            text = body(ctx)
            if ctx.calls > calls and ctx.hits == hits:
                return ""  # called variables, all empty: the group is suppressed
            return text

        return self.decorate(el, inner)

    def c_choose(self, el: Any, delimiter: str = "") -> Node:
        branches: list[tuple[Callable[[Ctx], bool] | None, Node]] = []
        for branch in el:
            if not isinstance(branch.tag, str):
                continue
            tag = branch.tag.replace(CSL_NS, "")
            condition = None if tag == "else" else self._condition(branch)
            branches.append((condition, self.children(branch, delimiter)))

        def node(ctx: Ctx) -> str:
            for condition, body in branches:
                if condition is None or condition(ctx):
                    return body(ctx)
            return ""

        return node

    def _condition(self, el: Any) -> Callable[[Ctx], bool]:
        tests: list[Callable[[Ctx], bool]] = []
        for attr in ("type", "variable", "is-numeric", "is-uncertain-date", "locator",
                     "position", "disambiguate"):  # fmt: skip
            tests.extend(_test(attr, value) for value in el.get(attr, "").split())
        match = el.get("match", "all")
        if match == "any":
            return lambda ctx: any(t(ctx) for t in tests)
        if match == "none":
            return lambda ctx: not any(t(ctx) for t in tests)
        return lambda ctx: all(t(ctx) for t in tests)

    def c_date(self, el: Any) -> Node:
        return self.decorate(el, compile_date(self, el))

    def c_names(self, el: Any, parent: dict[str, Any] | None = None) -> Node:
        from refgraph.export.csl.names_node import compile_names

        return compile_names(self, el, parent)


def _test(attr: str, value: str) -> Callable[[Ctx], bool]:
    """One test of a ``<if>``: ``type="book"``, ``variable="DOI"``, ``is-numeric`` ..."""

    def test(ctx: Ctx) -> bool:
        if attr == "type":
            return ctx.item.get("type") == value
        if attr == "variable":
            return bool(_present(ctx, value))
        if attr == "is-numeric":
            return is_numeric(_present(ctx, value))
        if attr == "is-uncertain-date":
            date = ctx.item.get(value)
            return isinstance(date, dict) and bool(date.get("circa"))
        return False  # locator, position, disambiguate: a bibliography has none of them

    return test


def _present(ctx: Ctx, name: str) -> Any:
    if name in ctx.suppressed:
        return ""
    if name == "citation-number":
        return ctx.number
    if name == "year-suffix":
        return ctx.year_suffix
    return ctx.item.get(name, "")


def _not_english(item: dict[str, Any]) -> bool:
    language = str(item.get("language", "")).strip().lower()
    return bool(language) and not language.startswith("en")


def name_sort_keys(item: dict[str, Any], variable: str, demote: bool = True) -> str:
    """The sort key of a name variable: every name's ``family given``, joined."""
    names = item.get(variable) or []
    return " ".join(sort_name(n, demote) for n in names if not is_et_al(n))
