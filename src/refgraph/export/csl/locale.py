"""CSL locales: terms, date formats and options, merged as CSL 1.0.2 says (pure but for reads).

The locale files are those citeproc-py ships (``citeproc/data/locales``, CC BY-SA 3.0, the
Citation Style Language project's). A style's own ``<locale>`` elements override them:
first those for the exact language (``en-US``), then the language (``en``), then those
without ``xml:lang``; the file for the exact language, then its primary dialect
(``locales-en-US.xml`` for ``en``) come after (CSL 1.0.2, "Locale Fallback").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from refgraph.errors import ConfigError
from refgraph.pubmed.safexml import safe_parser

__all__ = ["CSL_NS", "Locale", "load_locale"]

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PRIMARY_DIALECTS = {
    "af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "cy": "cy-GB",
    "da": "da-DK", "de": "de-DE", "el": "el-GR", "en": "en-US", "es": "es-ES", "et": "et-EE",
    "eu": "eu", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL", "hr": "hr-HR",
    "hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT", "ja": "ja-JP", "km": "km-KH",
    "ko": "ko-KR", "la": "la", "lt": "lt-LT", "lv": "lv-LV", "mn": "mn-MN", "nb": "nb-NO",
    "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO", "ru": "ru-RU",
    "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR",
    "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}  # fmt: skip

#: (name, form) -> (singular, plural)
Terms = dict[tuple[str, str], tuple[str, str]]


@dataclass
class Locale:
    """Merged terms, date formats and style options of one language."""

    lang: str
    terms: Terms = field(default_factory=dict)
    #: "text" / "numeric" -> the ``<date>`` element's date-parts as attribute dicts
    dates: dict[str, tuple[dict[str, str], list[dict[str, str]]]] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)

    def term(self, name: str, form: str = "long", plural: bool = False) -> str | None:
        """Return a term, falling back through forms (verb-short -> verb -> long,
        symbol -> short -> long, short -> long); ``None`` when undefined."""
        for candidate in _FORM_FALLBACK.get(form, (form, "long")):
            found = self.terms.get((name, candidate))
            if found is not None:
                return found[1] if plural else found[0]
        return None

    @property
    def punctuation_in_quote(self) -> bool:
        return self.options.get("punctuation-in-quote") == "true"


_FORM_FALLBACK = {
    "long": ("long",),
    "short": ("short", "long"),
    "verb": ("verb", "long"),
    "verb-short": ("verb-short", "verb", "long"),
    "symbol": ("symbol", "short", "long"),
}


def _locale_dir() -> Path:
    import citeproc

    return Path(citeproc.__file__).resolve().parent / "data" / "locales"


def _merge(locale: Locale, element: Any) -> None:
    """Merge one ``<locale>`` element (from a file or a style) into ``locale`` (it wins)."""
    for child in element:
        tag = child.tag.replace(CSL_NS, "") if isinstance(child.tag, str) else ""
        if tag == "style-options":
            locale.options.update(child.attrib)
        elif tag == "date":
            form = child.get("form", "text")
            parts = [dict(p.attrib) for p in child if p.tag == CSL_NS + "date-part"]
            locale.dates[form] = (dict(child.attrib), parts)
        elif tag == "terms":
            for term in child:
                if term.tag != CSL_NS + "term":
                    continue
                name, form = term.get("name", ""), term.get("form", "long")
                single = term.find(CSL_NS + "single")
                multiple = term.find(CSL_NS + "multiple")
                if single is not None or multiple is not None:
                    one = (single.text if single is not None else "") or ""
                    many = (multiple.text if multiple is not None else one) or ""
                else:
                    one = many = term.text or ""
                locale.terms[(name, form)] = (one, many)
                if term.get("match"):
                    locale.options[f"match:{name}"] = term.get("match", "")


@functools.lru_cache(maxsize=16)
def _file_element(lang: str) -> Any:
    path = _locale_dir() / f"locales-{lang}.xml"
    if not path.is_file():
        return None
    return etree.parse(str(path), safe_parser(remove_comments=True)).getroot()


def load_locale(lang: str, style_locales: list[Any]) -> Locale:
    """Return the locale ``lang`` merged with the style's ``<locale>`` overrides.

    Raises:
        ConfigError: no locale file for ``lang`` or its language.
    """
    primary = lang.split("-")[0]
    dialect = _PRIMARY_DIALECTS.get(primary, lang)
    files = [f for f in dict.fromkeys((lang, dialect, "en-US")) if _file_element(f) is not None]
    if not files:
        raise ConfigError(f"no CSL locale for {lang!r}")
    locale = Locale(lang)
    for name in reversed(files):  # en-US first, the exact language last: it wins
        _merge(locale, _file_element(name))
    # the style's own locales: those without xml:lang, then the language, then the exact one
    ranked = sorted(
        (el for el in style_locales if el.get(XML_LANG) in (None, "", primary, lang)),
        key=lambda el: {None: 0, "": 0, primary: 1, lang: 2}.get(el.get(XML_LANG), 0),
    )
    for element in ranked:
        _merge(locale, element)
    return locale
