"""A local fake NCBI E-utilities server that behaves like the real one (tests, offline demos).

It is a real HTTP/1.1 server (``http.server.ThreadingHTTPServer`` in a daemon thread) on
127.0.0.1 and an ephemeral port, serving PubMed records from XML exactly as NCBI does (see
``docs/eutils-contract.md``): efetch, esummary, elink, esearch, epost and ecitmatch under
``/entrez/eutils/``, GET and form POST, a per-client sliding-window rate limit with NCBI's 429,
414 for over-long GET URLs, and switchable faults (one per row of the contract's failure table).
Every request is recorded in :attr:`FakeEutils.requests`.

Decisions where NCBI is silent or the fake has to choose:

* The rate limit counts every request that reaches the server, **including the ones answered
  with 429** (NCBI's 429 bodies report counts far above the limit, so rejected requests count).
  The window is the last second (a request exactly one second old has left it).
* Order of checks: rate limit, then unknown path (404), then 414, then faults, then the endpoint.
* Fault request numbers (``on=``) count the requests eligible for the plan (endpoint filter
  applied) since :meth:`FakeEutils.set_faults`; 429'd, 404'd and 414'd requests do not count.
* ``RecordedRequest.time`` is ``time.monotonic()`` on the server when the request was decided;
  ``status`` is 0 for ``connection_reset``.
* efetch de-duplicates ids (first occurrence wins) and keeps the request order.
* ``latency`` (seconds) delays every reply after the request was counted and recorded, as a
  busy NCBI does (an efetch of 200 records typically takes about a second).

Run on its own::

    python -m refgraph.testing.fake_eutils --records tests/data/eutils --port 8765
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from refgraph.errors import ConfigError
from refgraph.testing._endpoints import Backend, Params
from refgraph.testing._faults import (
    FAULT_MODES,
    HTML,
    TEXT,
    FaultPlan,
    Reply,
    cut_in_element,
    fault_reply,
    is_json,
    rate_limit_reply,
    request_key,
    rewrite_reply,
)
from refgraph.testing._http import BASE_PATH, Handler, RateLimiter, RecordedRequest, Server
from refgraph.testing._records import RecordStore

__all__ = ["FAULT_MODES", "FakeEutils", "RecordedRequest", "main"]

_TRANSPORT_MODES = {
    "connection_reset",
    "slow",
    "truncated",
    "truncated_xml",
    "drop_lines",
    "drip",
    "huge",
    "redirect",
    "comment_article",
    "cdata_article",
    "ns_root",
}
_REWRITES = {"comment_article", "cdata_article", "ns_root"}
_EXPOSE = "X-RateLimit-Limit,X-RateLimit-Remaining"


class FakeEutils:
    """A fake NCBI E-utilities server; see the module docstring for its behaviour."""

    FAULT_MODES: tuple[str, ...] = FAULT_MODES

    def __init__(
        self,
        records: Mapping[str, bytes] | None = None,
        *,
        records_dir: str | Path | None = None,
        rate_limit: float | None = 3.0,
        key_rate_limit: float | None = 10.0,
        links: Mapping[tuple[str, str], Sequence[str]] | None = None,
        searches: Mapping[str, Sequence[str]] | None = None,
        max_get_url: int = 2000,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 0,
        latency: float = 0.0,
    ) -> None:
        self._store = RecordStore()
        if records:
            self._store.add(records)
        if records_dir is not None:
            self._store.load_dir(records_dir)
        self._backend = Backend(self._store, links, searches, seed)
        self._limiter = RateLimiter(rate_limit, key_rate_limit)
        self.max_get_url = max_get_url
        self.latency = latency  # seconds before each reply (settable at any time)
        self.host, self._port = host, port
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._plan: FaultPlan | None = None
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._server.server_address[1] if self._server else self._port

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:PORT/entrez/eutils/`` (valid once started)."""
        return f"http://{self.host}:{self.port}{BASE_PATH}"

    def start(self) -> FakeEutils:
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = Server((self.host, self._port), Handler)
        self._server.serve = self._serve
        self._server.connections = self._connections
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-eutils:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections and release the port."""
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        for conn in list(self._connections):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeEutils:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- content -------------------------------------------------------------------------

    def add_records(self, records: Mapping[str, bytes]) -> None:
        """Add or replace records: PMID -> bytes of one PubmedArticle/PubmedBookArticle."""
        self._store.add(records)

    def load_dir(self, path: str | Path) -> int:
        """Load records from every ``*.xml`` under ``path``; returns how many were new."""
        return self._store.load_dir(path)

    def add_links(self, links: Mapping[tuple[str, str], Sequence[str]]) -> None:
        """Add elink links keyed ``(pmid, linkname)``."""
        for (pmid, name), targets in links.items():
            self._backend.links[(str(pmid), name)] = [str(t) for t in targets]

    @property
    def pmids(self) -> list[str]:
        return self._store.pmids()

    def record(self, pmid: str) -> bytes | None:
        """The raw bytes served for ``pmid`` (None when unknown)."""
        return self._store.raw(pmid)

    # -- faults, rate limit, recording ---------------------------------------------------

    # FaultPlan's signature written out so that type checkers and help() show the
    # options; the logic is FaultPlan's alone
    def set_faults(
        self,
        modes: str | Sequence[str],
        *,
        rate: float = 1.0,
        on: Collection[int] | None = None,
        endpoints: Collection[str] | None = None,
        seed: int = 0,
        times: int | None = None,
        delay: float = 5.0,
        location: str = "http://127.0.0.1:9/entrez/eutils/",
        size: int = 200 * 2**20,
    ) -> None:
        """Inject faults (rules and options: :class:`~refgraph.testing._faults.FaultPlan`)."""
        # FaultPlan's options passed on by name (a field list, not logic)
        plan = FaultPlan(
            modes,
            rate=rate,
            on=on,
            endpoints=endpoints,
            seed=seed,
            times=times,
            delay=delay,
            location=location,
            size=size,
        )
        with self._lock:
            self._plan = plan

    def clear_faults(self) -> None:
        with self._lock:
            self._plan = None

    @property
    def faults_injected(self) -> int:
        plan = self._plan
        return plan.injected if plan else 0

    def set_rate_limit(self, rate_limit: float | None, key_rate_limit: float | None = 10.0) -> None:
        """Change the limits (None disables) and forget the current window."""
        self._limiter = RateLimiter(rate_limit, key_rate_limit)

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def _record(
        self,
        method: str,
        endpoint: str,
        params: Params,
        status: int,
        fault: str | None,
        client: str,
    ) -> None:
        entry = RecordedRequest(time.monotonic(), method, endpoint, params, status, fault, client)
        with self._lock:
            self.requests.append(entry)

    # -- one request ---------------------------------------------------------------------

    def _dispatch(self, endpoint: str, params: Params, drop_lines: bool) -> Reply:
        try:
            if endpoint == "ecitmatch":
                plan = self._plan
                return self._backend.ecitmatch(
                    params, plan.random() if drop_lines and plan else None
                )
            handler: Callable[[Params], Reply] = getattr(self._backend, endpoint)
            return handler(params)
        except Exception:  # a bug in the fake: show it to the test instead of hanging up
            return Reply(500, TEXT, traceback.format_exc().encode())

    def _serve(
        self, handler: Handler, method: str, endpoint: str, known: bool, params: Params
    ) -> None:
        api_key = (params.get("api_key") or [""])[0]
        client = api_key or handler.client_address[0]
        allowed, count, limit = self._limiter.hit(client, bool(api_key))
        headers = [
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", str(max(limit - count, 0))),
            ("Access-Control-Expose-Headers", _EXPOSE),
            ("Access-Control-Allow-Origin", "*"),
        ]
        mode: str | None = None
        plan = self._plan
        url_length = len(f"http://{self.host}:{self.port}") + len(handler.path)
        if not allowed:
            reply = rate_limit_reply(client, count=count, limit=limit)
        elif not known:
            reply = Reply(404, HTML, b"<html><body><h1>404 Not Found</h1></body></html>\n")
        elif method == "GET" and url_length > self.max_get_url:
            reply = Reply(414, HTML, b"<html><body><h1>414 Request-URI Too Long</h1></body></html>")
        else:
            mode = plan.decide(endpoint, request_key(params)) if plan else None
            if mode is None or mode in _TRANSPORT_MODES:
                reply = self._dispatch(endpoint, params, mode == "drop_lines")
            else:
                reply = fault_reply(
                    mode, endpoint, client, json_mode=is_json(params), keyed=bool(api_key)
                )
            if mode == "truncated_xml":
                reply = Reply(
                    reply.status, reply.content_type, cut_in_element(reply.body), reply.headers
                )
            elif mode in _REWRITES:
                reply = rewrite_reply(mode, reply)
            elif mode == "redirect" and plan is not None:
                reply = Reply(307, HTML, b"", (("Location", plan.location),))
        status = 0 if mode == "connection_reset" else reply.status
        self._record(method, endpoint, params, status, mode, client)
        if mode == "slow" and plan is not None:
            self._stopping.wait(plan.delay)  # recorded first: tests see it at once
        elif self.latency > 0:
            self._stopping.wait(self.latency)
        if mode == "connection_reset":
            handler.reset()
        elif mode == "drip" and plan is not None:
            handler.send_reply(reply, headers, drip=plan.delay, stopping=self._stopping)
        elif mode == "huge" and plan is not None:
            handler.send_huge(plan.size, headers, stopping=self._stopping)
        else:
            handler.send_reply(reply, headers, cut=mode == "truncated")


def _limit(text: str) -> float | None:
    return None if text.lower() in ("none", "off", "0") else float(text)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m refgraph.testing.fake_eutils``: serve until Ctrl-C (or SIGTERM)."""
    parser = argparse.ArgumentParser(
        prog="python -m refgraph.testing.fake_eutils",
        description="Serve a fake NCBI E-utilities locally.",
    )
    parser.add_argument(
        "--records",
        action="append",
        default=[],
        metavar="DIR",
        help="folder of PubMed XML files (repeatable)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--rate-limit", type=_limit, default=3.0, help="requests/s; 'none' = off")
    parser.add_argument("--key-rate-limit", type=_limit, default=10.0)
    parser.add_argument("--fault", action="append", default=[], choices=FAULT_MODES)
    parser.add_argument("--fault-rate", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-get-url", type=int, default=2000)
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="seconds before every reply (NCBI takes about 1 s per efetch)",
    )
    args = parser.parse_args(argv)
    fake = FakeEutils(
        rate_limit=args.rate_limit,
        key_rate_limit=args.key_rate_limit,
        max_get_url=args.max_get_url,
        host=args.host,
        port=args.port,
        seed=args.seed,
        latency=args.latency,
    )
    missing = [folder for folder in args.records if not Path(folder).is_dir()]
    if missing:
        print(f"error: --records: not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        count = sum(fake.load_dir(folder) for folder in args.records)
        if args.fault:
            fake.set_faults(args.fault, rate=args.fault_rate, seed=args.seed)
        fake.start()
    except (OSError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(fake.url, flush=True)
    print(f"fake E-utilities: {count} records; Ctrl-C stops", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
        statuses = [r.status for r in fake.requests]
        print(
            f"fake E-utilities: served {len(statuses)} requests, {statuses.count(429)}"
            " answered 429",
            file=sys.stderr,
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
