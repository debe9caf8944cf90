"""LaTeX text codec for BibTeX field values (pure): Unicode <-> LaTeX, both directions.

Shared by :mod:`refgraph.sources.bibtex` (reading) and :mod:`refgraph.export.bibtex`
(writing) so the two agree exactly. The forms written are:

- the ten LaTeX specials: ``\\& \\% \\$ \\# \\_``, ``\\textbraceleft{}``,
  ``\\textbraceright{}`` (BibTeX counts braces, so ``\\{`` would unbalance an entry),
  ``\\textasciitilde{}``, ``\\textasciicircum{}``, ``\\textbackslash{}``;
- in ASCII mode, accented letters as ``{\\"o}`` (nested for several marks), special
  letters as ``{\\ss}``, ``{\\o}`` ..., dashes as ``\\textendash{}``/``\\textemdash{}``,
  Greek letters as ``$\\alpha$``; a character with no lossless LaTeX spelling here (other
  scripts, IPA ...) is kept as UTF-8 rather than written in a form that reads back wrong.

Decoding understands those forms plus the common variants found in real files
(``\\"{o}``, ``\\"o``, ``{\\'{\\i}}``, ``\\c{c}``, ``~``, ``\\emph{...}``, brace protection
``{DNA}``). Unknown macros are kept verbatim, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from refgraph.text import UNICODE_SPACES, has_controls, without_controls

__all__ = ["ACCENT_MARKS", "decode_latex", "encode_latex", "needs_decoding"]

#: Combining mark -> LaTeX accent command (also used by the template filter ``latex_escape``).
ACCENT_MARKS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0308": '"',
    "\u0304": "=", "\u0307": ".", "\u0327": "c", "\u030c": "v", "\u0306": "u",
    "\u030b": "H", "\u030a": "r", "\u0328": "k", "\u0323": "d", "\u0331": "b",
}  # fmt: skip
_ACCENT_CMDS = {cmd: mark for mark, cmd in ACCENT_MARKS.items()}

#: Letters and symbols written as a bare command (``{\ss}``).
_LETTERS = {
    "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "å": "aa", "Å": "AA", "ł": "l", "Ł": "L", "ı": "i", "ȷ": "j", "đ": "dj", "Đ": "DJ",
    "þ": "th", "Þ": "TH", "ð": "dh", "Ð": "DH", "Ĳ": "IJ", "ĳ": "ij", "Ŋ": "NG", "ŋ": "ng",
}  # fmt: skip
_TEXT_CMDS = {
    "–": "textendash", "—": "textemdash", "\\": "textbackslash", "~": "textasciitilde",
    "^": "textasciicircum", "‘": "textquoteleft", "’": "textquoteright",
    "“": "textquotedblleft", "”": "textquotedblright", "°": "textdegree", "±": "textpm",
    "×": "texttimes", "§": "S", "¶": "P", "©": "textcopyright", "®": "textregistered",
    "™": "texttrademark", "€": "texteuro", "£": "pounds", "•": "textbullet", "…": "dots",
    "¿": "textquestiondown", "¡": "textexclamdown", "«": "guillemotleft",
    "»": "guillemotright", "µ": "textmu", "·": "textperiodcentered",
    "\u00a0": "nobreakspace", "¢": "textcent", "¥": "textyen", "¤": "textcurrency",
    "¦": "textbrokenbar", "¬": "textlnot", "ª": "textordfeminine", "º": "textordmasculine",
    "¹": "textonesuperior", "²": "texttwosuperior", "³": "textthreesuperior",
    "¼": "textonequarter", "½": "textonehalf", "¾": "textthreequarters", "÷": "textdiv",
    "ƒ": "textflorin",
}  # fmt: skip
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta",
    "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Φ": "Phi",
    "Ψ": "Psi", "Ω": "Omega", "≤": "leq", "≥": "geq", "→": "rightarrow", "∞": "infty",
}  # fmt: skip

_SPECIAL_ESCAPES = {
    # BibTeX counts braces literally (``\{`` unbalances an entry), so literal braces are
    # written as commands, which compile in LaTeX and read back as braces
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
}  # fmt: skip
_SPECIAL_TABLE = str.maketrans(_SPECIAL_ESCAPES)
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")


def _ascii_char(char: str) -> str:
    """Return the LaTeX spelling of one non-ASCII character (the character when none)."""
    if char in _LETTERS:
        return "{\\" + _LETTERS[char] + "}"
    if char in _TEXT_CMDS:
        return "\\" + _TEXT_CMDS[char] + "{}"
    if char in _GREEK:
        return "$\\" + _GREEK[char] + "$"
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if marks and base.isascii() and all(m in ACCENT_MARKS for m in marks):
        inner = base
        for mark in marks:
            cmd = ACCENT_MARKS[mark]
            simple = len(inner) == 1 and not cmd.isalpha()
            inner = "\\" + cmd + (inner if simple else "{" + inner + "}")
        return "{" + inner + "}"
    return char  # no lossless LaTeX spelling known: keep the character (UTF-8)


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str]:
    """Translation table for the specials plus every non-ASCII letter of common scripts."""
    table: dict[int, str] = {ord(k): v for k, v in _SPECIAL_ESCAPES.items()}
    chars = {chr(c) for c in range(0xA0, 0x250)} | set(_TEXT_CMDS) | set(_GREEK)
    for char in chars:
        if char.isascii():
            continue
        table[ord(char)] = _ascii_char(char)
    return table


#: Unicode spaces (thin, narrow no-break, em ...) and line/paragraph separators: pdflatex
#: stops at them ("not set up for use with LaTeX"), and every reader reads them as a space.
#: The no-break space stays (LaTeX knows it as ``~``; ``--ascii`` spells it).
_SPACES = dict.fromkeys(map(ord, UNICODE_SPACES), " ")


def encode_latex(text: str, *, ascii: bool = False) -> str:
    """Escape ``text`` for a braced BibTeX value; with ``ascii``, spell non-ASCII in LaTeX.

    >>> encode_latex("R&D 50% of $5 #1 a_b {x}")
    'R\\\\&D 50\\\\% of \\\\$5 \\\\#1 a\\\\_b \\\\textbraceleft{}x\\\\textbraceright{}'
    >>> encode_latex("Gökbuget – Đ", ascii=True)
    'G{\\\\"o}kbuget \\\\textendash{} {\\\\DJ}'
    """
    if not text.isprintable() and has_controls(text):  # never valid LaTeX, nor BibTeX
        text = without_controls(text)
    if not text.isascii():  # Unicode spaces and line breaks: a LaTeX error; read back as " "
        text = text.translate(_SPACES)
    if ascii and not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_ascii_table())
        if not text.isascii():  # characters outside the table (other scripts ...)
            text = "".join(c if c.isascii() else _ascii_char(c) for c in text)
        return text
    if _SPECIAL_RE.search(text):
        return text.translate(_SPECIAL_TABLE)
    return text


# --------------------------------------------------------------------------- decoding

_DECODE_NEEDED = re.compile(r"[\\{}$~]")
_WORD_CMDS = {v: k for k, v in _TEXT_CMDS.items()} | {v: k for k, v in _LETTERS.items()}
_WORD_CMDS |= {"textbar": "|", "textless": "<", "textgreater": ">", "textunderscore": "_",
               "ldots": "…", "textellipsis": "…", "copyright": "©", "o": "ø", "i": "ı",
               "textbraceleft": "{", "textbraceright": "}"}  # fmt: skip
_WORD_CMDS["i"] = "ı"
_MATH_CMDS = {v: k for k, v in _GREEK.items()}
_MATH_CMDS |= {"le": "≤", "ge": "≥", "pm": "±", "times": "×", "circ": "°", "mu": "μ"}
#: Formatting commands whose argument is kept and the command dropped.
_STYLE_CMDS = frozenset(
    (
        "emph",
        "textit",
        "textbf",
        "textsc",
        "textrm",
        "textsf",
        "texttt",
        "textup",
        "textsl",
        "textmd",
        "textnormal",
        "mathrm",
        "mathit",
        "mathbf",
        "mathsf",
        "mathtt",
        "mbox",
        "text",
        "it",
        "bf",
        "em",
        "sc",
        "rm",
        "sf",
        "tt",
        "sl",
        "url",
        "NoCaseChange",
        "textsuperscript",
        "textsubscript",
    )
)
_ESCAPED = set("&%$#_{} ,;:!'\"`^~=.")


def needs_decoding(value: str) -> bool:
    """Return whether ``value`` holds anything :func:`decode_latex` would change."""
    return _DECODE_NEEDED.search(value) is not None


class _Frame:
    """An open group while decoding: its output, and what closes and transforms it."""

    __slots__ = ("accent", "braced", "out", "single")

    def __init__(self, accent: str = "", *, braced: bool = False, single: bool = False) -> None:
        self.out: list[str] = []
        self.accent = accent  # an accent command to apply to the group's text, or ""
        self.braced = braced  # closed by the matching "}"
        self.single = single  # an unbraced accent argument: closed by its first token


class _Decoder:
    """A reader of BibTeX-flavoured LaTeX text with an explicit stack of open groups.

    Nesting (braces, accents on accents) lives on the heap, not the call stack: a field of
    a thousand nested braces or accents decodes like any other (no ``RecursionError``).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.stack = [_Frame()]

    def emit(self, piece: str) -> None:
        """Append ``piece`` to the innermost group; complete single-token groups it ends."""
        stack = self.stack
        while True:
            top = stack[-1]
            top.out.append(piece)
            if not top.single:
                return
            stack.pop()  # an accent's one-token argument is complete: apply the accent
            piece = _accent(top.accent, "".join(top.out))

    def close(self) -> None:
        """Close the innermost group and emit its text into the one around it."""
        frame = self.stack.pop()
        result = "".join(frame.out)
        self.emit(_accent(frame.accent, result) if frame.accent else result)

    def open_argument(self, accent: str) -> None:
        """Start the argument of an accent: a ``{...}`` group or the next single token."""
        if self.text[self.pos : self.pos + 1] == "{":
            self.pos += 1
            self.stack.append(_Frame(accent, braced=True))
        else:
            self.stack.append(_Frame(accent, single=True))

    def command(self) -> None:
        """Read a macro at ``\\``: emit its Unicode meaning (or the macro, kept)."""
        text = self.text
        start = self.pos
        self.pos += 1
        if self.pos >= len(text):
            self.emit("\\")
            return
        char = text[self.pos]
        if not char.isalpha():
            self.pos += 1
            if char in _ACCENT_CMDS and char not in "{}$&%#_":
                self.open_argument(char)
            elif char == "\\":
                self.emit(" ")
            else:
                self.emit(char if char in _ESCAPED else text[start : self.pos])
            return
        end = self.pos
        while end < len(text) and text[end].isalpha():
            end += 1
        name = text[self.pos : end]
        self.pos = end
        if name in _ACCENT_CMDS and len(name) == 1:
            self.open_argument(name)
            return
        if name in _STYLE_CMDS:
            while self.pos < len(text) and text[self.pos] == " ":
                self.pos += 1
            if text[self.pos : self.pos + 1] == "{":
                self.pos += 1
                self.stack.append(_Frame(braced=True))
            else:
                self.emit("")
            return
        meaning = _WORD_CMDS.get(name) or _MATH_CMDS.get(name)
        if meaning is None:
            self.emit(text[start:end])  # unknown macro: keep it, never lose text
            return
        if text[self.pos : self.pos + 2] == "{}":
            self.pos += 2
        elif text[self.pos : self.pos + 1] == " ":
            self.pos += 1
        self.emit(meaning)

    def math(self) -> str:
        """Read ``$...$``: known symbols become Unicode; anything else is kept with its ``$``."""
        text = self.text
        end = text.find("$", self.pos + 1)
        if end < 0:
            self.pos += 1
            return "$"
        body = text[self.pos + 1 : end]
        self.pos = end + 1
        m = re.fullmatch(r"\s*\\([A-Za-z]+)\s*", body)
        if m and m.group(1) in _MATH_CMDS:
            return _MATH_CMDS[m.group(1)]
        return "$" + body + "$"

    def run(self) -> str:
        text, stack = self.text, self.stack
        while self.pos < len(text):
            char = text[self.pos]
            top = stack[-1]
            if char == "\\":
                self.command()
            elif char == "{":
                self.pos += 1
                stack.append(_Frame(braced=True))
            elif top.single:  # an accent's one-token argument (spaces before it skipped)
                self.pos += 1
                if char != " ":
                    self.emit(char)
            elif char == "}":
                self.pos += 1
                if top.braced:
                    self.close()
                # else: a stray closing brace: dropped
            elif char == "$":
                self.emit(self.math())
            elif char == "~":
                self.pos += 1
                self.emit(" ")
            else:
                nxt = _DECODE_NEEDED.search(text, self.pos)
                end = nxt.start() if nxt else len(text)
                self.emit(text[self.pos : end])
                self.pos = end
        while len(stack) > 1:  # unclosed groups keep their text
            self.close()
        return "".join(stack[0].out)


def _accent(cmd: str, base: str) -> str:
    if base in ("ı", "\\i"):
        base = "i"
    if base in ("ȷ", "\\j"):
        base = "j"
    if not base:
        return cmd
    return unicodedata.normalize("NFC", base[0] + _ACCENT_CMDS[cmd]) + base[1:]


def decode_latex(value: str) -> str:
    """Return ``value`` as Unicode text: escapes and accents decoded, protecting braces dropped.

    >>> decode_latex(r'G{\\"o}kbuget \\& {DNA} \\textendash{} \\emph{in vivo} $\\alpha$')
    'Gökbuget & DNA – in vivo α'
    """
    if not needs_decoding(value):
        return value
    if "\\" not in value and "$" not in value and "~" not in value:
        # only braces: protecting groups, stray closers and unclosed groups all leave their
        # text and lose their braces (what the decoder does with them), the usual case
        return value.replace("{", "").replace("}", "")
    return _Decoder(value).run()
