"""The E-utilities endpoints of the fake server, as functions of the request parameters.

:class:`Backend` holds the records, links, canned searches and the History server (WebEnv /
query_key); each endpoint method takes the merged GET/POST parameters and returns a
:class:`~refgraph.testing._faults.Reply`. Nothing here touches sockets.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from refgraph.testing._faults import TEXT, XML, Reply, error_reply, prolog
from refgraph.testing._params import (
    MAX_ID,
    Params,
    first,
    integer,
    json_reply,
    split_ids,
    unique,
    valid,
)
from refgraph.testing._records import RecordInfo, RecordStore
from refgraph.testing._search import cite
from refgraph.testing._search import search as find
from refgraph.testing._summary import docsum, docsum_v1_xml, docsum_v2_xml, missing_v2_xml

__all__ = ["LINKNAMES", "Backend", "Params", "split_ids"]

LINKNAMES = ("pubmed_pubmed_citedin", "pubmed_pubmed_refs")
_EMPTY_FETCH = "ID list is empty! Possibly it has no correct IDs."


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
        webenv, key = first(params, "WebEnv"), first(params, "query_key")
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
            return unique([v for v in map(valid, tokens) if v]), True
        history = self._history_ids(params)
        return (history, True) if history is not None else ([], False)

    # -- efetch --------------------------------------------------------------------------

    def efetch(self, params: Params) -> Reply:
        if first(params, "rettype") == "full":
            return Reply(200, XML, b"")  # NCBI since 2022: 200 with an empty body
        try:
            ids, _ = self._ids(params)
        except LookupError as exc:
            return error_reply("efetch", str(exc))
        if not ids:
            return error_reply("efetch", _EMPTY_FETCH, status=400)
        start = max(integer(params, "retstart", 0), 0)
        ids = ids[start : start + min(max(integer(params, "retmax", 10000), 0), 10000)]
        records = [raw for raw in map(self.store.raw, ids) if raw is not None]
        head = prolog("efetch").encode()
        if not records:
            return Reply(200, XML, head + b"<PubmedArticleSet></PubmedArticleSet>")
        body = b"".join([head, b"<PubmedArticleSet>\n", *records, b"</PubmedArticleSet>"])
        return Reply(200, XML, body)

    # -- esummary ------------------------------------------------------------------------

    def esummary(self, params: Params) -> Reply:
        json_mode = first(params, "retmode") == "json"
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
        start = max(integer(params, "retstart", 1) - 1, 0)  # esummary's retstart is 1-based
        ids = ids[start : start + max(integer(params, "retmax", 10000), 0)]
        infos = {pmid: self.store.info(pmid) for pmid in ids}
        if json_mode:
            if len(ids) > 500:
                return json_reply(
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
            return json_reply({"header": {"type": "esummary", "version": "0.3"}, "result": result})
        if first(params, "version") == "2.0":
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
        json_mode = first(params, "retmode") == "json"
        groups = [unique([v for v in map(valid, g) if v]) for g in split_ids(params)]
        groups = [g for g in groups if g]
        if not groups:
            try:
                history = self._history_ids(params)
            except LookupError as exc:
                return error_reply("elink", str(exc), json_mode=json_mode)
            groups = [history] if history else []
        if not groups:
            return error_reply("elink", "Empty id list - nothing todo", json_mode=json_mode)
        wanted = first(params, "linkname")
        names = [wanted] if wanted else list(LINKNAMES)
        dbfrom = first(params, "dbfrom", "pubmed")
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
            return json_reply({"header": {"type": "elink", "version": "0.3"}, "linksets": out})
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
        return find(self.store, self.searches, term)

    def esearch(self, params: Params) -> Reply:
        json_mode = first(params, "retmode") == "json"
        term = first(params, "term")
        retstart = max(integer(params, "retstart", 0), 0)
        retmax = max(integer(params, "retmax", 20), 0)
        if retstart >= 9999:
            message = (
                f"Search Backend failed: Exception: Position {retstart} is out of acceptable"
                " range [9999,9998]"
            )
            return error_reply("esearch", message, json_mode=json_mode)
        ids = self.search(term)
        page = ids[retstart : retstart + min(retmax, 9999)]
        history = None
        if first(params, "usehistory") == "y":
            history = self.post(ids, first(params, "WebEnv"))
        count_only = first(params, "rettype") == "count"
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
            return json_reply(
                {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
            )
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
        ids = unique([v for v in map(valid, tokens) if v])
        if not ids:
            errors = "\t<ERROR>Empty ID list; Nothing to store</ERROR>\n"
            if tokens:
                errors += (
                    "\t<ERROR>Some IDs have invalid value and were omitted. Maximum ID "
                    f"value {MAX_ID}</ERROR>"
                )
            return Reply(
                200, XML, f"{prolog('epost')}<ePostResult>\n{errors}</ePostResult>\n".encode()
            )
        webenv, key = self.post(ids, first(params, "WebEnv"))
        body = (
            f"{prolog('epost')}<ePostResult>\n\t<QueryKey>{key}</QueryKey>\n"
            f"\t<WebEnv>{webenv}</WebEnv>\n</ePostResult>\n"
        )
        return Reply(200, XML, body.encode())

    # -- ecitmatch -----------------------------------------------------------------------

    def citation(self, fields: list[str]) -> str:
        """The 7th field for one citation: PMID, NOT_FOUND[;INVALID_JOURNAL] or AMBIGUOUS (n)."""
        return cite(self.store, fields)

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
