"""CSL ``<date>``: localized (``form="text"``/``"numeric"``) and style-defined dates (pure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from refgraph.export.csl.locale import CSL_NS
from refgraph.export.csl.values import date_parts, ordinal

if TYPE_CHECKING:
    from refgraph.export.csl.compile import Compiler, Ctx, Node

__all__ = ["compile_date"]

_PART_INDEX = {"year": 0, "month": 1, "day": 2}


def _parts(comp: Compiler, el: Any) -> tuple[list[dict[str, str]], str]:
    """The date-parts to render, in order, and the delimiter between them."""
    own = {p.get("name", ""): dict(p.attrib) for p in el if p.tag == CSL_NS + "date-part"}
    form = el.get("form")
    if not form:
        return [dict(p.attrib) for p in el if p.tag == CSL_NS + "date-part"], el.get(
            "delimiter", "")  # fmt: skip
    attrs, localized = comp.locale.dates.get(form, ({}, []))
    wanted = el.get("date-parts", "year-month-day").split("-")
    parts = []
    for part in localized:
        name = part.get("name", "")
        if name in wanted:
            merged = dict(part)
            # the style may change a localized part's form, formatting and case, not its affixes
            merged.update({k: v for k, v in own.get(name, {}).items()
                           if k not in ("prefix", "suffix")})  # fmt: skip
            parts.append(merged)
    return parts, attrs.get("delimiter", "")


def _part(comp: Compiler, attrs: dict[str, str]) -> Callable[[list[int], Ctx], str]:
    name, form = attrs.get("name", ""), attrs.get("form", "")
    index = _PART_INDEX.get(name, 3)
    decorate = comp.string_decorator(attrs)
    locale, esc = comp.locale, comp.esc
    limit_ordinals = locale.options.get("limit-day-ordinals-to-day-1") == "true"

    def render(parts: list[int], ctx: Ctx) -> str:
        if index >= len(parts) or not parts[index]:
            return ""
        value = parts[index]
        if name == "year":
            text = str(abs(value)) if form != "short" else f"{abs(value) % 100:02d}"
            if value < 0:
                text += esc(locale.term("bc") or "BC")
            if ctx.year_suffix and not ctx.year_suffix_done and not comp.uses_year_suffix:
                ctx.year_suffix_done = True
                text += esc(ctx.year_suffix)
        elif name == "month":
            if 13 <= value <= 16:
                text = esc(locale.term(f"season-{value - 12:02d}") or "")
            elif form == "numeric":
                text = str(value)
            elif form == "numeric-leading-zeros":
                text = f"{value:02d}"
            else:
                term = locale.term(f"month-{value:02d}", "short" if form == "short" else "long")
                text = esc(term or str(value))
        else:
            if form == "numeric-leading-zeros":
                text = f"{value:02d}"
            elif form == "ordinal" and (value == 1 or not limit_ordinals):
                text = ordinal(value, locale)
            else:
                text = str(value)
        return decorate(text)

    return render


def compile_date(comp: Compiler, el: Any) -> Node:
    """Compile one ``<date>`` element (its own decoration is the caller's)."""
    variable = el.get("variable", "")
    specs, delimiter = _parts(comp, el)
    renderers = [_part(comp, spec) for spec in specs]
    delimiter = comp.esc(delimiter)
    esc = comp.esc

    def node(ctx: Ctx) -> str:
        value = ctx.value(variable)
        if not value:
            return ""
        parts, literal = date_parts(value)
        if not parts:
            return esc(literal)
        rendered = [text for text in (r(parts, ctx) for r in renderers) if text]
        return delimiter.join(rendered)

    return node
