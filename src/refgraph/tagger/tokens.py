"""Citation text -> tokens -> CRF features (pure; shared by tagging and training).

**Tokens.** A URL, a DOI (``10.1056/NEJMoa...``) and a PMCID are one token each; a word
is a run of letters and digits that may be joined by hyphens, en dashes or apostrophes
(``Wagner-Johnston``, ``403–11``, ``O'Farrell``, ``e387-e398``); every other
non-space character is a token of its own (``.``, ``;``, ``(``). Each token keeps its
character span, so a field's text is a slice of the citation as written.

**Features** (strings, all with weight 1) describe a token by what it is (lower-cased word,
shape, prefix/suffix, number kind, lexicon classes), where it is (relative position,
how many sentence breaks and which brackets precede it) and what surrounds it (the
neighbouring words and shapes, two either side). What a token is alone is cached per
token string, so tagging a list is mostly dictionary look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["Token", "features", "tokenize"]

#: A token: ``(start, end)`` character offsets into the citation text.
Token = tuple[int, int]

_TOKEN_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"  # a URL
    r"|10\.\d{4,9}/[^\s<>\"]+"  # a DOI
    r"|PMC\d{1,10}\b"  # a PMCID
    r"|\w+(?:['’\-‐‑–]\w+)*"  # a word, hyphen/dash/apostrophe-joined parts included
    r"|[^\w\s]"  # one punctuation character
)
_TRAILING = ".,;:'\"”’>]"


def _trim_link(text: str, start: int, end: int) -> int:
    """End of a URL/DOI token without trailing sentence punctuation or an unopened ``)``."""
    while end > start + 1:
        last = text[end - 1]
        if last in _TRAILING or (
            last == ")" and text.count("(", start, end) < text.count(")", start, end)
        ):
            end -= 1
        else:
            break
    return end


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into token spans.

    >>> t = "Lamb YN. Drugs. 2017;77:1603–10. doi: 10.1007/s40265-017-0802-x."
    >>> [t[a:b] for a, b in tokenize(t)][-6:]
    ['1603–10', '.', 'doi', ':', '10.1007/s40265-017-0802-x', '.']
    """
    out: list[Token] = []
    append = out.append
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        first = text[start]
        if (
            (first == "h" or first == "w" or first == "1")
            and end - start > 7
            and (text.startswith(("http", "www.", "10."), start))
        ):
            trimmed = _trim_link(text, start, end)
            append((start, trimmed))
            for at in range(trimmed, end):  # trailing punctuation: a token per character
                append((at, at + 1))
            continue
        append((start, end))
    return out


_MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "spring", "summer", "autumn", "fall", "winter",
}  # fmt: skip
# Words whose role is (nearly) fixed; each gets its own class feature.
_LEXICON = {
    "et": "etal", "al": "etal", "and": "and", "&": "and", "in": "in", "eds": "ed", "ed": "ed",
    "editor": "ed", "editors": "ed", "edited": "ed", "hrsg": "ed", "pp": "pp", "p": "pp",
    "pages": "pp", "vol": "vol", "volume": "vol", "no": "no", "nr": "no", "issue": "no",
    "suppl": "suppl", "supplement": "suppl", "doi": "doi", "pmid": "pmid", "pubmed": "pmid",
    "pmcid": "pmcid", "pmc": "pmcid", "available": "avail", "accessed": "avail",
    "retrieved": "avail", "cited": "avail", "internet": "internet", "epub": "epub",
    "press": "pub", "university": "pub", "publishers": "pub", "publisher": "pub",
    "publishing": "pub", "verlag": "pub", "inc": "pub", "ltd": "pub", "wiley": "pub",
    "elsevier": "pub", "springer": "pub", "journal": "jour", "j": "jour", "proc": "jour",
    "proceedings": "conf", "conference": "conf", "symposium": "conf", "meeting": "conf",
    "edn": "edn", "edition": "edn", "isbn": "isbn", "thesis": "thesis",
    "dissertation": "thesis", "report": "report", "url": "url", "http": "url",
}  # fmt: skip
_DASHES = "-‐‑–—"


def _shape(tok: str) -> str:
    """A coarse shape: ``Xx``, ``X.``-like initials, ``d4``, ``dd-dd`` ..."""
    if tok.isdigit():
        return f"d{min(len(tok), 5)}"
    if len(tok) == 1 and not tok.isalnum():
        return "p" + tok
    out = []
    prev = ""
    for ch in tok[:12]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else "-"
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)


def _base(tok: str) -> tuple[str, ...]:
    """What a token is, alone (cached per token string)."""
    low = tok.lower()
    shape = _shape(tok)
    feats = ["s=" + shape]
    if tok.isdigit():
        n = len(tok)
        feats.append(f"num{min(n, 5)}")
        if n == 4 and tok[:2] in ("18", "19", "20"):
            feats.append("year")
        elif n >= 6:
            feats.append("longnum")
    elif len(tok) == 1 and not tok.isalnum():
        feats.append("w=" + tok)
        feats.append("punct")
    else:
        first = tok[0]
        if (first == "h" and low.startswith(("http://", "https://"))) or low.startswith("www."):
            feats.append("url")
        elif first == "1" and low.startswith("10.") and "/" in tok:
            feats.append("doi")
        elif first == "P" and tok.startswith("PMC") and tok[3:].isdigit():
            feats.append("pmcid")
        else:
            feats.append("w=" + (low if len(low) <= 20 else low[:20]))
            if len(tok) > 3:
                feats.append("p3=" + low[:3])
                feats.append("x3=" + low[-3:])
            if tok.isupper() and tok.isalpha():
                feats.append("caps" if len(tok) > 4 else f"initials{len(tok)}")
            elif first.isupper():
                feats.append("cap")
            elif first.islower():
                feats.append("lower")
            if any(d in tok for d in _DASHES):
                parts = re.split(r"[-‐‑–—]", tok)
                if all(p.isdigit() for p in parts if p):
                    feats.append("numrange")
                elif all(p[:1].isalpha() and p[1:].isdigit() for p in parts if p):
                    feats.append("pagerange")
                if len(parts) == 2 and all(len(p) == 4 and p.isdigit() for p in parts):
                    feats.append("yearrange")
            elif tok[0] in "eES" and tok[1:].isdigit():
                feats.append("elocator")
            if low in _MONTHS:
                feats.append("month")
            if not tok.isascii():
                feats.append("nonascii")
    lex = _LEXICON.get(low)
    if lex:
        feats.append("lex=" + lex)
    return tuple(feats)


_CLOSE = {")": "(", "]": "["}


def _word(tok: str) -> str:
    """How a neighbour is named in context features: a number by its size, a word lower-cased."""
    if tok.isdigit():
        return "#" + str(min(len(tok), 5))
    low = tok.lower()
    return low if len(low) <= 12 else low[:12]


#: A token's own features and the context features it gives its neighbours, cached per
#: token string: (own, "w-1=", "w+1=", "w-2=", "w+2=", "s-1=", "s+1=", "s-2=", "s+2=").
_Entry = tuple[tuple[str, ...], str, str, str, str, str, str, str, str]
_CACHE: dict[str, _Entry] = {}
_POS = tuple(f"pos={k}" for k in range(10))
_SENT = tuple(f"sent={k}" for k in range(7))


def _entry(tok: str) -> _Entry:
    base = _base(tok)
    name, shape = _word(tok), base[0]  # "s=Xx": context features read "s-1=s=Xx"
    entry = (base, "w-1=" + name, "w+1=" + name, "w-2=" + name, "w+2=" + name,
             "s-1=" + shape, "s+1=" + shape, "s-2=" + shape, "s+2=" + shape)  # fmt: skip
    if len(_CACHE) > 200_000:
        _CACHE.clear()
    _CACHE[tok] = entry
    return entry


def features(text: str, tokens: Sequence[Token]) -> list[list[str]]:
    """Return the feature strings of every token of ``text`` (see the module docstring)."""
    words = [text[a:b] for a, b in tokens]
    get = _CACHE.get
    entries = [get(w) or _entry(w) for w in words]
    n = len(words)
    out: list[list[str]] = []
    sentence = 0
    depth_round = depth_square = 0
    last = n - 1
    for i, w in enumerate(words):
        f = ["b", _POS[10 * i // n], _SENT[sentence if sentence < 6 else 6], *entries[i][0]]
        if i == 0:
            f.append("first")
        elif i == last:
            f.append("last")
        if depth_round:
            f.append("inround")
        if depth_square:
            f.append("insquare")
        if i > 0:
            e = entries[i - 1]
            f.append(e[1])
            f.append(e[5])
            if i > 1:
                e = entries[i - 2]
                f.append(e[3])
                f.append(e[7])
            if tokens[i][0] == tokens[i - 1][1]:
                f.append("glued")
        else:
            f.append("w-1=^")
        if i < last:
            e = entries[i + 1]
            f.append(e[2])
            f.append(e[6])
            if i + 1 < last:
                e = entries[i + 2]
                f.append(e[4])
                f.append(e[8])
        else:
            f.append("w+1=$")
        out.append(f)
        # state for the next token
        if w == "(":
            depth_round += 1
        elif w == ")" and depth_round:
            depth_round -= 1
        elif w == "[":
            depth_square += 1
        elif w == "]" and depth_square:
            depth_square -= 1
        elif (
            w in ".?!" and i > 0 and len(words[i - 1]) > 1 and i < last
            and tokens[i + 1][0] > tokens[i][1]  # ". " after a word (not an initial)
        ):
            sentence += 1
    return out
