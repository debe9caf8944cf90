"""CSL name lists (pure): one name, and a whole list with its et al., as CSL 1.0.2 lays them out.

Options are the inheritable name options (``and``, ``delimiter``, ``et-al-min`` ...),
resolved once per ``<name>`` element. A list whose last name is ``{"literal": "others"}``
is incomplete as cited (the form pandoc gives BibTeX's ``and others``): it always ends in
the style's "et al.", never in that name, and never with ``et-al-use-last``'s "… last"
(the cited list has no last author to show).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["NameOptions", "format_name", "initialize", "is_et_al", "names_text", "sort_name"]


class NameOptions:
    """The resolved attributes of one ``<name>`` element (and what it inherits)."""

    __slots__ = (
        "and_term",
        "delimiter",
        "delimiter_precedes_et_al",
        "delimiter_precedes_last",
        "demote_particle",
        "each",
        "et_al_min",
        "et_al_use_first",
        "et_al_use_last",
        "family_fmt",
        "form",
        "given_fmt",
        "initialize",
        "initialize_with",
        "initialize_with_hyphen",
        "name_as_sort_order",
        "sort_separator",
    )  # fmt: skip

    def __init__(self, attrs: dict[str, str], and_word: str) -> None:
        self.and_term = {"text": and_word, "symbol": "&"}.get(attrs.get("and", ""), "")
        self.delimiter = attrs.get("delimiter", ", ")
        self.delimiter_precedes_et_al = attrs.get("delimiter-precedes-et-al", "contextual")
        self.delimiter_precedes_last = attrs.get("delimiter-precedes-last", "contextual")
        self.et_al_min = int(attrs.get("et-al-min", "0") or 0)
        self.et_al_use_first = int(attrs.get("et-al-use-first", "0") or 0)
        self.et_al_use_last = attrs.get("et-al-use-last") == "true"
        self.form = attrs.get("form", "long")
        self.initialize = attrs.get("initialize", "true") != "false"
        self.initialize_with = attrs.get("initialize-with")
        self.initialize_with_hyphen = attrs.get("initialize-with-hyphen", "true") != "false"
        self.name_as_sort_order = attrs.get("name-as-sort-order", "")
        self.sort_separator = attrs.get("sort-separator", ", ")
        # absent: particles stay in front, as pandoc's citeproc prints them
        self.demote_particle = attrs.get("demote-non-dropping-particle", "never")
        self.family_fmt: Callable[[str], str] | None = None
        self.given_fmt: Callable[[str], str] | None = None
        self.each: Callable[[str], str] | None = None


def initialize(given: str, with_: str, hyphen: bool, full: bool = True) -> str:
    """Return ``given`` as initials: ``"Hagop M."`` -> ``"H. M."`` (``with_ = ". "``).

    With ``full`` false (``initialize="false"``) only parts that are already initials are
    re-punctuated; whole given names stay.

    >>> initialize("Hagop M.", ". ", True), initialize("Jean-Pierre", ".", True)
    ('H. M.', 'J.-P.')
    >>> initialize("H. M.", "", True), initialize("Hagop M", ". ", True, full=False)
    ('HM', 'Hagop M.')
    """
    out: list[str] = []
    for word in given.replace(".", " ").split():
        parts = [p for p in word.split("-") if p]
        if not full and any(len(p) > 1 and not p.isupper() for p in parts):
            out.append(word + " ")  # a given name, not initials: kept whole
            continue
        letters: list[str] = []
        for part in parts:
            letters.extend(part if part.isupper() and len(part) <= 3 else part[0])
        if len(parts) > 1 and hyphen:
            out.append((with_.rstrip() + "-").join(letters) + with_)
        else:
            out.append("".join(c + with_ for c in letters))
    return "".join(out).rstrip()


def _parts(name: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (
        str(name.get("family", "")),
        str(name.get("given", "")),
        str(name.get("non-dropping-particle", "")),
        str(name.get("dropping-particle", "")),
        str(name.get("suffix", "")),
    )


def format_name(name: dict[str, Any], opts: NameOptions, inverted: bool, esc: Callable[[str], str]
                ) -> str:  # fmt: skip
    """Return one name in the options' form (``inverted``: family first)."""
    text = _format_name(name, opts, inverted, esc)
    return opts.each(text) if opts.each is not None else text


def _format_name(name: dict[str, Any], opts: NameOptions, inverted: bool,
                 esc: Callable[[str], str]) -> str:  # fmt: skip
    literal = name.get("literal")
    if literal:
        return esc(str(literal))
    family, given, particle, dropping, suffix = _parts(name)
    if not family:
        return esc(given)
    if not particle:
        particle, family = split_particle(family)
    demoted = bool(particle) and inverted and opts.demote_particle == "display-and-sort"
    if particle and not demoted:
        family = f"{particle} {family}"
    if opts.form == "short":
        text = esc(family)
        return opts.family_fmt(text) if opts.family_fmt else text
    if given and opts.initialize_with is not None:
        given = initialize(given, opts.initialize_with, opts.initialize_with_hyphen,
                           full=opts.initialize)  # fmt: skip
    if dropping:
        given = f"{given} {dropping}".strip()
    if demoted:
        given = f"{given} {particle}".strip()  # "Rorilergar, P. de"
    fam, giv = esc(family), esc(given)
    if opts.family_fmt:
        fam = opts.family_fmt(fam)
    if giv and opts.given_fmt:
        giv = opts.given_fmt(giv)
    if inverted:
        out = fam
        if giv:
            out += opts.sort_separator + giv
        if suffix:
            out += opts.sort_separator + esc(suffix)
        return out
    out = f"{giv} {fam}" if giv else fam
    return f"{out}, {esc(suffix)}" if suffix else out


def is_et_al(name: dict[str, Any]) -> bool:
    """The *et al.* marker ``{"literal": "others"}`` (not a group called "others", which
    refgraph writes with ``"parse-names": false``)."""
    return name.get("literal") == "others" and "parse-names" not in name


def sort_name(name: dict[str, Any], demote: bool = True) -> str:
    """The sort key of one name: ``family given particle`` (the literal for a group).

    Lower-case words that start a family name are its particle ("de Rorilergar"), which
    sorts after the name, as CSL processors demote it (``Rorilergar P de``), unless the
    style's ``demote-non-dropping-particle`` is ``never`` (``demote`` false).

    >>> sort_name({"family": "van der Berg", "given": "A."}), sort_name({"literal": "WHO"})
    ('Berg A. van der', 'WHO')
    """
    literal = name.get("literal")
    if literal:
        return str(literal)
    family, given, particle, _, suffix = _parts(name)
    if not particle:
        particle, family = split_particle(family)
    if not demote:
        return " ".join(p for p in (particle, family, given, suffix) if p)
    return " ".join(p for p in (family, given, particle, suffix) if p)


def split_particle(family: str) -> tuple[str, str]:
    """Split the lower-case words a family name starts with off as its particle.

    >>> split_particle("van der Berg"), split_particle("DeAngelo"), split_particle("de")
    (('van der', 'Berg'), ('', 'DeAngelo'), ('', 'de'))
    """
    if not family[:1].islower():
        return "", family
    words = family.split()
    cut = 0
    while cut < len(words) - 1 and words[cut][:1].islower():
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def names_text(
    names: list[dict[str, Any]],
    opts: NameOptions,
    et_al: str,
    esc: Callable[[str], str],
    min_override: int | None = None,
    use_first_override: int | None = None,
    sort_form: bool = False,
    collect: list[str] | None = None,
) -> tuple[str, int]:
    """Return the rendered list and the number of names shown.

    ``et_al`` is the rendered "et al." term ("" for none); each rendered name is appended
    to ``collect`` when given (for ``subsequent-author-substitute``).
    """
    explicit = bool(names) and is_et_al(names[-1])
    if explicit:
        names = names[:-1]
    count = len(names)
    et_al_min = opts.et_al_min if min_override is None else min_override
    use_first = opts.et_al_use_first if use_first_override is None else use_first_override
    truncated = bool(et_al_min) and count >= et_al_min and 0 < use_first < count
    shown = names[:use_first] if truncated else names
    use_last = opts.et_al_use_last and truncated and not explicit and use_first < count - 1
    if not shown:
        return "", 0
    if sort_form:  # a sort key: each name's parts in sort order, no "and", no et al.
        demote = opts.demote_particle == "display-and-sort"  # the particle where it is shown
        return " ".join(sort_name(n, demote) for n in shown), len(shown)
    order = opts.name_as_sort_order
    rendered = [
        format_name(n, opts, order == "all" or (order == "first" and i == 0), esc)
        for i, n in enumerate(shown)
    ]
    n_shown = len(rendered)
    if collect is not None:
        collect.extend(rendered)
    if truncated or explicit:
        text = opts.delimiter.join(rendered)
        if use_last:
            last = format_name(names[-1], opts, order == "all", esc)
            return f"{text}{opts.delimiter}… {last}", n_shown
        if not et_al:
            return text, n_shown
        use_delim = _delimiter_precedes(opts.delimiter_precedes_et_al, n_shown, order)
        return text + (opts.delimiter if use_delim else " ") + et_al, n_shown
    if n_shown == 1:
        return rendered[0], 1
    head = opts.delimiter.join(rendered[:-1])
    if not opts.and_term:
        return head + opts.delimiter + rendered[-1], n_shown
    use_delim = _delimiter_precedes(opts.delimiter_precedes_last, n_shown - 1, order)
    joiner = opts.delimiter if use_delim else " "
    return f"{head}{joiner}{opts.and_term} {rendered[-1]}", n_shown


def _delimiter_precedes(rule: str, before: int, order: str) -> bool:
    """CSL's ``delimiter-precedes-et-al`` / ``delimiter-precedes-last``: whether the
    delimiter goes before "et al." / "and" when ``before`` names stand in front of it.

    >>> [_delimiter_precedes("contextual", n, "") for n in (1, 2)]
    [False, True]
    >>> _delimiter_precedes("after-inverted-name", 1, "first"), _delimiter_precedes("never", 3, "")
    (True, False)
    """
    inverted = order == "all" or (order == "first" and before == 1)
    return (
        rule == "always"
        or (rule == "contextual" and before >= 2)
        or (rule == "after-inverted-name" and inverted)
    )
