"""The E-utilities endpoints of the fake server, as functions of the request parameters.

:class:`Backend` holds the records, links, canned searches and the History server (WebEnv /
query_key); each endpoint method takes the merged GET/POST parameters and returns a
:class:`~refgraph.testing._faults.Reply`. Nothing here touches sockets.
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from refgraph.testing._faults import JSON, TEXT, XML, Reply, error_reply, prolog
from refgraph.testing._records import RecordInfo, RecordStore, normalise_journal
from refgraph.testing._summary import docsum, docsum_v1_xml, docsum_v2_xml, missing_v2_xml

__all__ = ["LINKNAMES", "Backend", "Params", "split_ids"]

Params = dict[str, list[str]]
LINKNAMES = ("pubmed_pubmed_citedin", "pubmed_pubmed_refs")
_DIGITS = re.compile(r"[0-9]+")
_MAX_ID = 18446744073709551615
_EMPTY_FETCH = "ID list is empty! Possibly it has no correct IDs."
_CLAUSE = re.compile(r"^\s*(?P<value>.+?)\s*(?:\[(?P<tag>[^\]]+)\])?\s*$")
_AND = re.compile(r"\s+AND\s+")


def split_ids(params: Params) -> list[list[str]]:
    """The ``id`` parameters, each split on commas (one inner list per ``id=``)."""
    groups = []
    for value in params.get("id", []):
        tokens = [t.strip() for t in re.split(r"[,\s]+", value) if t.strip()]
        if tokens:
            groups.append(tokens)
    return groups


def _valid(token: str) -> str | None:
    """A PMID as NCBI reads it: digits, non-zero, normalised; ``-1`` reads as ``1`` (observed)."""
    if token == "-1":
        return "1"
    if _DIGITS.fullmatch(token) and 0 < int(token) <= _MAX_ID:
        return str(int(token))
    return None


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _first(params: Params, name: str, default: str = "") -> str:
    values = params.get(name)
    return values[0].strip() if values else default


def _int(params: Params, name: str, default: int) -> int:
    try:
        return int(_first(params, name, str(default)))
    except ValueError:
        return default


def _json(payload: object) -> Reply:
    return Reply(200, JSON, json.dumps(payload).encode())


class Backend:
    """Records, links, canned searches and a History server, shared by all request threads."""

    def __init__(
        self,
        store: RecordStore,
        links: Mapping[tuple[str, str], Sequence[str]] | None,
        searches: Mapping[str, Sequence[str]] | None,
        seed: int,
    ) -> None:
        self.store = store
        self.links = {(str(p), n): [str(x) for x in v] for (p, n), v in (links or {}).items()}
        self.searches = {k: [str(x) for x in v] for k, v in (searches or {}).items()}
        self._history: dict[str, list[list[str]]] = {}
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    # -- History server ------------------------------------------------------------------

    def post(self, ids: list[str], webenv: str = "") -> tuple[str, int]:
        """Store ``ids``; return ``(WebEnv, query_key)``."""
        with self._lock:
            if webenv not in self._history:
                webenv = "MCID_" + "".join(self._random.choices("0123456789abcdef", k=24))
                self._history[webenv] = []
            self._history[webenv].append(list(ids))
            return webenv, len(self._history[webenv])

    def _history_ids(self, params: Params) -> list[str] | None:
        webenv, key = _first(params, "WebEnv"), _first(params, "query_key")
        if not webenv or not key:
            return None
        with self._lock:
            queries = self._history.get(webenv, [])
            if key.isdigit() and 1 <= int(key) <= len(queries):
                return list(queries[int(key) - 1])
        raise LookupError(f"Unable to obtain query #{key}")

    def _ids(self, params: Params) -> tuple[list[str], bool]:
        """(valid unique ids, whether any id tokens were given at all)."""
        groups = split_ids(params)
        if groups:
            tokens = [t for g in groups for t in g]
            return _unique([v for v in map(_valid, tokens) if v]), True
        history = self._history_ids(params)
        return (history, True) if history is not None else ([], False)

    # -- efetch --------------------------------------------------------------------------

    def efetch(self, params: Params) -> Reply:
        if _first(params, "rettype") == "full":
            return Reply(200, XML, b"")  # NCBI since 2022: 200 with an empty body
        try:
            ids, _ = self._ids(params)
        except LookupError as exc:
            return error_reply("efetch", str(exc))
        if not ids:
            return error_reply("efetch", _EMPTY_FETCH, status=400)
        start = max(_int(params, "retstart", 0), 0)
        ids = ids[start : start + min(max(_int(params, "retmax", 10000), 0), 10000)]
        records = [raw for raw in map(self.store.raw, ids) if raw is not None]
        head = prolog("efetch").encode()
        if not records:
            return Reply(200, XML, head + b"<PubmedArticleSet></PubmedArticleSet>")
        body = b"".join([head, b"<PubmedArticleSet>\n", *records, b"</PubmedArticleSet>"])
        return Reply(200, XML, body)

    # -- esummary ------------------------------------------------------------------------

    def esummary(self, params: Params) -> Reply:
        json_mode = _first(params, "retmode") == "json"
        try:
            ids, given = self._ids(params)
        except LookupError as exc:
            return error_reply("esummary", str(exc), json_mode=json_mode)
        if not given:
            return error_reply(
                "esummary", "Neither query_key nor id specified", json_mode=json_mode
            )
        if not ids:
            return error_reply("esummary", "Empty id list - nothing todo", json_mode=json_mode)
        start = max(_int(params, "retstart", 1) - 1, 0)  # esummary's retstart is 1-based
        ids = ids[start : start + max(_int(params, "retmax", 10000), 0)]
        infos = {pmid: self.store.info(pmid) for pmid in ids}
        if json_mode:
            if len(ids) > 500:
                return _json(
                    {
                        "header": {"type": "esummary", "version": "0.3"},
                        "error": "Too many UIDs in request. Maximum number of UIDs is 500 for JSON "
                        "format output.",
                    }
                )
            result: dict[str, object] = {"uids": ids}
            for pmid, info in infos.items():
                result[pmid] = (
                    self._docsum(info)
                    if info
                    else {"uid": pmid, "error": "cannot get document summary"}
                )
            return _json({"header": {"type": "esummary", "version": "0.3"}, "result": result})
        if _first(params, "version") == "2.0":
            parts = [
                docsum_v2_xml(self._docsum(info)) if info else missing_v2_xml(pmid)
                for pmid, info in infos.items()
            ]
            body = "".join(
                [
                    prolog("esummary2"),
                    '<eSummaryResult>\n<DocumentSummarySet status="OK">\n',
                    *parts,
                    "</DocumentSummarySet>\n</eSummaryResult>\n",
                ]
            )
            return Reply(200, XML, body.encode())
        parts = [
            docsum_v1_xml(self._docsum(info))
            if info
            else f"<ERROR>UID={escape(pmid)}: cannot get document summary</ERROR>\n"
            for pmid, info in infos.items()
        ]
        body = "".join([prolog("esummary"), "<eSummaryResult>\n", *parts, "</eSummaryResult>\n"])
        return Reply(200, XML, body.encode())

    def _docsum(self, info: RecordInfo) -> dict[str, object]:
        cited = self.links.get((info.pmid, "pubmed_pubmed_citedin"))
        return docsum(info, None if cited is None else len(cited))

    # -- elink ---------------------------------------------------------------------------

    def link_targets(self, pmid: str, linkname: str) -> list[str]:
        """Links of one PMID: the ``links`` mapping, plus ReferenceList PMIDs for ``_refs``."""
        found = list(self.links.get((pmid, linkname), []))
        if linkname == "pubmed_pubmed_refs":
            info = self.store.info(pmid)
            if info is not None:
                found += info.references
        return found

    def elink(self, params: Params) -> Reply:
        json_mode = _first(params, "retmode") == "json"
        groups = [_unique([v for v in map(_valid, g) if v]) for g in split_ids(params)]
        groups = [g for g in groups if g]
        if not groups:
            try:
                history = self._history_ids(params)
            except LookupError as exc:
                return error_reply("elink", str(exc), json_mode=json_mode)
            groups = [history] if history else []
        if not groups:
            return error_reply("elink", "Empty id list - nothing todo", json_mode=json_mode)
        wanted = _first(params, "linkname")
        names = [wanted] if wanted else list(LINKNAMES)
        dbfrom = _first(params, "dbfrom", "pubmed")
        linksets = []
        for group in groups:
            dbs = []
            for name in names:
                merged = {t for pmid in group for t in self.link_targets(pmid, name)}
                if merged:
                    dbs.append((name, sorted(merged, key=int, reverse=True)))
            linksets.append((group, dbs))
        if json_mode:
            out = []
            for group, dbs in linksets:
                entry: dict[str, object] = {"dbfrom": dbfrom, "ids": group}
                if dbs:
                    entry["linksetdbs"] = [
                        {"dbto": "pubmed", "linkname": n, "links": ls} for n, ls in dbs
                    ]
                out.append(entry)
            return _json({"header": {"type": "elink", "version": "0.3"}, "linksets": out})
        xml = [prolog("elink"), "<eLinkResult>\n"]
        for group, dbs in linksets:
            xml.append(f"\n  <LinkSet>\n    <DbFrom>{escape(dbfrom)}</DbFrom>\n    <IdList>\n")
            xml += [f"      <Id>{i}</Id>\n" for i in group]
            xml.append("    </IdList>\n")
            for name, ids in dbs:
                xml.append(
                    f"    <LinkSetDb>\n      <DbTo>pubmed</DbTo>\n"
                    f"      <LinkName>{escape(name)}</LinkName>\n"
                )
                xml += [f"        <Link>\n\t\t\t\t<Id>{i}</Id>\n\t\t\t</Link>\n" for i in ids]
                xml.append("    </LinkSetDb>\n")
            xml.append("  </LinkSet>\n")
        xml.append("</eLinkResult>\n")
        return Reply(200, XML, "".join(xml).encode())

    # -- esearch -------------------------------------------------------------------------

    def search(self, term: str) -> list[str]:
        """PMIDs matching ``term`` (canned searches first), newest (highest PMID) first."""
        if term in self.searches:
            return list(self.searches[term])
        result: set[str] | None = None
        for clause in _AND.split(term.strip()):
            hits = {i.pmid for i in self.store.all_info() if self._matches(i, clause)}
            result = hits if result is None else result & hits
        return sorted(result or set(), key=int, reverse=True)

    def _matches(self, info: RecordInfo, clause: str) -> bool:
        match = _CLAUSE.match(clause)
        if not match:
            return False
        value = match.group("value").strip().strip('"')
        tag = (match.group("tag") or "").strip().lower()
        if tag in ("si", "secondary source id"):
            return value.upper() in {t.upper() for t in info.trial_numbers}
        if tag in ("pmid", "uid"):
            return value == info.pmid
        if tag in ("ta", "journal", "jour"):
            wanted = normalise_journal(value)
            names = (info.iso_abbreviation, info.medline_ta, info.journal_title)
            return wanted in {normalise_journal(n) for n in names if n}
        if tag in ("au", "author"):
            return any(n.casefold().startswith(value.casefold()) for n, _ in info.authors)
        if tag in ("", "ti", "title", "tiab", "all fields"):
            words = set(re.findall(r"\w+", info.title.casefold()))
            return all(w in words for w in re.findall(r"\w+", value.casefold()))
        return False

    def esearch(self, params: Params) -> Reply:
        json_mode = _first(params, "retmode") == "json"
        term = _first(params, "term")
        retstart = max(_int(params, "retstart", 0), 0)
        retmax = max(_int(params, "retmax", 20), 0)
        if retstart >= 9999:
            message = (
                f"Search Backend failed: Exception: Position {retstart} is out of acceptable"
                " range [9999,9998]"
            )
            return error_reply("esearch", message, json_mode=json_mode)
        ids = self.search(term)
        page = ids[retstart : retstart + min(retmax, 9999)]
        history = None
        if _first(params, "usehistory") == "y":
            history = self.post(ids, _first(params, "WebEnv"))
        count_only = _first(params, "rettype") == "count"
        if json_mode:
            result: dict[str, object] = {"count": str(len(ids))}
            if not count_only:
                result.update(
                    retmax=str(len(page)),
                    retstart=str(retstart),
                    idlist=page,
                    translationset=[],
                    querytranslation=term,
                )
            if history:
                result.update(webenv=history[0], querykey=str(history[1]))
            return _json({"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result})
        xml = [prolog("esearch"), f"<eSearchResult><Count>{len(ids)}</Count>"]
        if not count_only:
            xml.append(f"<RetMax>{len(page)}</RetMax><RetStart>{retstart}</RetStart>")
            if history:
                xml.append(f"<QueryKey>{history[1]}</QueryKey><WebEnv>{history[0]}</WebEnv>")
            xml.append("<IdList>\n" + "".join(f"<Id>{i}</Id>\n" for i in page) + "</IdList>")
            xml.append(f"<TranslationSet/><QueryTranslation>{escape(term)}</QueryTranslation>")
            if not ids:
                xml.append(
                    f"<ErrorList><PhraseNotFound>{escape(term)}</PhraseNotFound></ErrorList>"
                    "<WarningList><OutputMessage>No items found.</OutputMessage>"
                    "</WarningList>"
                )
        xml.append("</eSearchResult>\n")
        return Reply(200, XML, "".join(xml).encode())

    # -- epost ---------------------------------------------------------------------------

    def epost(self, params: Params) -> Reply:
        tokens = [t for g in split_ids(params) for t in g]
        ids = _unique([v for v in map(_valid, tokens) if v])
        if not ids:
            errors = "\t<ERROR>Empty ID list; Nothing to store</ERROR>\n"
            if tokens:
                errors += (
                    "\t<ERROR>Some IDs have invalid value and were omitted. Maximum ID "
                    f"value {_MAX_ID}</ERROR>"
                )
            return Reply(
                200, XML, f"{prolog('epost')}<ePostResult>\n{errors}</ePostResult>\n".encode()
            )
        webenv, key = self.post(ids, _first(params, "WebEnv"))
        body = (
            f"{prolog('epost')}<ePostResult>\n\t<QueryKey>{key}</QueryKey>\n"
            f"\t<WebEnv>{webenv}</WebEnv>\n</ePostResult>\n"
        )
        return Reply(200, XML, body.encode())

    # -- ecitmatch -----------------------------------------------------------------------

    def citation(self, fields: list[str]) -> str:
        """The 7th field for one citation: PMID, NOT_FOUND[;INVALID_JOURNAL] or AMBIGUOUS (n)."""
        journal, year, volume, page, author = (fields + [""] * 5)[:5]
        wanted = normalise_journal(journal)
        candidates = [
            i
            for i in self.store.all_info()
            if wanted
            and wanted
            in {
                normalise_journal(n)
                for n in (i.iso_abbreviation, i.medline_ta, i.journal_title)
                if n
            }
        ]
        if not candidates:
            return "NOT_FOUND;INVALID_JOURNAL"
        for given, attr in ((year, "year"), (volume, "volume"), (page, "first_page")):
            if given.strip():
                candidates = [
                    c for c in candidates if getattr(c, attr).casefold() == given.strip().casefold()
                ]
        located = bool(volume.strip() or page.strip())
        if len(candidates) > 1 and author.strip() and located:
            last = author.strip().split()[0].casefold()
            narrowed = [
                c for c in candidates if any(n.casefold().startswith(last) for n, _ in c.authors)
            ]
            candidates = narrowed or candidates
        if len(candidates) > 1:
            return f"AMBIGUOUS ({len(candidates)} citations)"
        if len(candidates) == 1 and located:
            return candidates[0].pmid
        return "NOT_FOUND"

    def ecitmatch(self, params: Params, drop: random.Random | None = None) -> Reply:
        lines = [
            line
            for value in params.get("bdata", [])
            for line in re.split(r"\r\n|\r|\n", value)
            if line.strip()
        ]
        out = []
        for line in lines:
            fields = line.split("|")
            if fields and fields[-1] == "":
                fields = fields[:-1]
            out.append("|".join([*fields[:6], self.citation(fields)]) + "\n")
        if drop is not None and out:
            kept = [line for line in out if drop.random() >= 0.5]
            out = kept if len(kept) < len(out) else kept[1:]
        return Reply(200, TEXT, "".join(out).encode())
