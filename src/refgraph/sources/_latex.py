"""A LaTeX bibliography pasted as text -> the plain text a reader sees.

A ``thebibliography`` block (written by hand or by BibTeX into a ``.bbl``) marks each
citation with ``\\bibitem[label]{key}``, its blocks with ``\\newblock``, its journal with
``{\\em ...}`` and its accents with ``\\"o`` or ``{\\v{c}}``; ``~`` is a space and ``--`` a
dash. :func:`plain_latex` turns such a text into lines the general reader knows: every
``\\bibitem`` starts a citation after a blank line, and the markup is taken off. Text without
``\\bibitem`` or ``\\newblock`` is returned as it is.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["plain_latex"]

_SIGNAL_RE = re.compile(r"\\(?:bibitem|newblock)\b")
_ENVIRONMENT_RE = re.compile(
    r"^[ \t]*\\(?:begin|end)\{thebibliography\}(?:\{[^}]*\})?[ \t]*$", re.M
)
_BIBITEM_RE = re.compile(r"^[ \t]*\\bibitem(?:\[[^\]\n]*\])?\{[^}\n]*\}[ \t]*", re.M)
_NEWBLOCK_RE = re.compile(r"\\newblock\b[ \t]*")
_FONT_GROUP_RE = re.compile(r"\{\\(?:em|it|bf|sl|sc|rm|tt)\b\s*([^{}]*)\}")
_FONT_COMMAND_RE = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textsl|textrm|texttt|url)\{([^{}]*)\}"
)
_HREF_RE = re.compile(r"\\href\{[^{}]*\}\{([^{}]*)\}")
#: an accent command and the mark it puts on its letter (\"o, \'{e}, {\v c}, \c{c})
_MARKS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
          "=": "\u0304", ".": "\u0307", "v": "\u030c", "u": "\u0306", "H": "\u030b",
          "c": "\u0327", "k": "\u0328", "r": "\u030a"}  # fmt: skip
_ACCENT_RE = re.compile(
    r"\{?\\(?:([\"'`^~=.])\s*|([vuHckr])(?:\s+|(?=\{)))\{?\s*([A-Za-z])\s*\}?\}?"
)
_LETTERS = {r"\ss": "ß", r"\o": "ø", r"\O": "Ø", r"\aa": "å", r"\AA": "Å", r"\ae": "æ",
            r"\AE": "Æ", r"\l": "ł", r"\L": "Ł", r"\i": "i"}  # fmt: skip
_LETTER_RE = re.compile(r"\\(?:ss|o|O|aa|AA|ae|AE|l|L|i)\b\s*")
_ESCAPED_RE = re.compile(r"\\([&%_$#])")
_TIE_RE = re.compile(r"(?<!/)~")  # a tie is a space ("J.~B. Burt"), not a web address's "/~"
_BRACES_RE = re.compile(r"\{([^{}\\]*)\}")


def plain_latex(text: str) -> str:
    """``text`` with a LaTeX bibliography's markup taken off (see the module docstring): from
    the first ``\\begin{thebibliography}``, ``\\bibitem`` or ``\\newblock`` to the end of
    the environment (the text around it, a README's links with ``/~user/``, is left alone)."""
    first = _SIGNAL_RE.search(text)
    if first is None:
        return text
    start = text.rfind("\n", 0, first.start()) + 1
    begin = text.find("\\begin{thebibliography}")
    if 0 <= begin < start:
        start = begin
    end = text.find("\\end{thebibliography}", start)
    end = len(text) if end < 0 else end + len("\\end{thebibliography}")
    return text[:start] + _plain(text[start:end]) + text[end:]


def _plain(text: str) -> str:
    text = _ENVIRONMENT_RE.sub("", text)
    text = _BIBITEM_RE.sub("\n", text)  # each item after a blank line
    text = _NEWBLOCK_RE.sub("", text)
    text = _LETTER_RE.sub(lambda m: _LETTERS[m.group().strip()], text)
    text = _ACCENT_RE.sub(_accented, text)
    for _ in range(3):  # nested groups: {\em {X}-ray studies}
        text = _HREF_RE.sub(r"\1", text)
        text = _FONT_COMMAND_RE.sub(r"\1", text)
        text = _FONT_GROUP_RE.sub(r"\1", text)
        text = _BRACES_RE.sub(r"\1", text)
    text = _ESCAPED_RE.sub(r"\1", text)
    return _TIE_RE.sub(" ", text).replace("---", "—").replace("--", "–")


def _accented(match: re.Match[str]) -> str:
    mark = _MARKS[match.group(1) or match.group(2)]
    return unicodedata.normalize("NFC", match.group(3) + mark)
