"""CSL ``<names>``: name lists with their label, et al. and ``<substitute>`` (pure).

``<substitute>`` renders the first of its children that gives any text in place of the
empty name list, and the variables that child used are suppressed for the rest of the
entry (CSL 1.0.2): a work without authors shows its title in the author's place and not a
second time where the title would go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from refgraph.export.csl.locale import CSL_NS
from refgraph.export.csl.names import NameOptions, names_text

if TYPE_CHECKING:
    from refgraph.export.csl.compile import Compiler, Ctx, Node

__all__ = ["compile_names"]

_STYLE_NAME_OPTIONS = {"name-form": "form", "name-delimiter": "delimiter"}


def _child(el: Any, tag: str) -> Any:
    return next((c for c in el if c.tag == CSL_NS + tag), None)


def _options(comp: Compiler, name_el: Any) -> NameOptions:
    attrs: dict[str, str] = {}
    for key, value in comp.inherited.items():
        attrs[_STYLE_NAME_OPTIONS.get(key, key)] = value
    if name_el is not None:
        attrs.update(name_el.attrib)
    attrs.update(comp.forced)
    opts = NameOptions(attrs, comp.locale.term("and") or "and")
    if name_el is not None:
        for part in name_el:
            if part.tag != CSL_NS + "name-part":
                continue
            decorate = comp.string_decorator(dict(part.attrib))
            if part.get("name") == "family":
                opts.family_fmt = decorate
            elif part.get("name") == "given":
                opts.given_fmt = decorate
    return opts


def compile_names(comp: Compiler, el: Any, parent: dict[str, Any] | None = None) -> Node:
    """Compile one ``<names>`` element (``parent``: the enclosing one, for the shorthand
    ``<names variable="editor"/>`` inside ``<substitute>``, which inherits its children)."""
    variables = el.get("variable", "").split()
    name_el, et_al_el = _child(el, "name"), _child(el, "et-al")
    label_el, substitute_el = _child(el, "label"), _child(el, "substitute")
    if parent is not None and name_el is None and et_al_el is None and label_el is None:
        name_el, et_al_el, label_el = parent["name"], parent["et_al"], parent["label"]
    children = [c for c in el if isinstance(c.tag, str)]
    label_after = label_el is not None and (
        name_el is None or (label_el in children and name_el in children
                            and children.index(label_el) > children.index(name_el)))  # fmt: skip
    opts = _options(comp, name_el)
    esc = comp.esc
    name_attrs = dict(name_el.attrib) if name_el is not None else {}
    # a <name>'s affixes and formatting go around each name (as pandoc's citeproc applies them)
    opts.each = comp.string_decorator(
        {k: v for k, v in name_attrs.items() if k in ("prefix", "suffix", "font-style",
                                                       "font-weight", "font-variant",
                                                       "text-decoration", "vertical-align")}
    )  # fmt: skip
    et_al_term = "et-al" if et_al_el is None else et_al_el.get("term", "et-al")
    et_al = esc(comp.locale.term(et_al_term) or "")
    if et_al and et_al_el is not None:
        et_al = comp.string_decorator(dict(et_al_el.attrib))(et_al)
    label_form = label_el.get("form", "long") if label_el is not None else ""
    label_decorate = comp.string_decorator(dict(label_el.attrib)) if label_el is not None else None
    delimiter = esc(el.get("delimiter", comp.inherited.get("names-delimiter", "")))
    substitutes: list[Node] = []
    if substitute_el is not None:
        inherited = {"name": name_el, "et_al": et_al_el, "label": label_el}
        for child in substitute_el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == CSL_NS + "names":
                substitutes.append(compile_names(comp, child, inherited))
            else:
                substitutes.append(comp.element(child))
    locale = comp.locale
    count_form = opts.form == "count"

    def label(variable: str, plural: bool) -> str:
        if label_decorate is None:
            return ""
        return label_decorate(esc(locale.term(variable, label_form, plural) or ""))

    def inner(ctx: Ctx) -> str:
        parts: list[str] = []
        total = 0
        for variable in variables:
            names = ctx.value(variable)
            if not names or not isinstance(names, list):
                continue
            collect = ctx.name_list if ctx.first_names is None and not parts else None
            text, shown = names_text(names, opts, et_al, esc, sort_form=ctx.sort_mode,
                                     collect=collect)  # fmt: skip
            if not text:
                continue
            total += shown
            if count_form:
                continue
            if ctx.sort_mode:
                parts.append(text)
                continue
            term = label(variable, shown > 1)
            if term:
                text = text + term if label_after else term + text
            parts.append(text)
        if count_form:
            return str(total) if total else ""
        if parts:
            out = delimiter.join(parts)
            if ctx.first_names is None:
                ctx.first_names = out
            return out
        for substitute in substitutes:
            outer, ctx.track = ctx.track, set()
            text = substitute(ctx)
            used, ctx.track = ctx.track, outer
            if text:
                ctx.suppressed |= used
                ctx.hits += 1  # what stands in for the names counts as rendered (a term too)
                if outer is not None:
                    outer |= used
                return text
        return ""

    return comp.decorate(el, inner)
