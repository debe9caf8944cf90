"""HTTP plumbing of the fake E-utilities server: rate limiter, threaded server, request handler."""

from __future__ import annotations

import contextlib
import socket
import struct
import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from refgraph.testing._faults import Reply
from refgraph.testing._params import Params, split_ids

__all__ = ["BASE_PATH", "ENDPOINTS", "Handler", "RateLimiter", "RecordedRequest", "Server"]

BASE_PATH = "/entrez/eutils/"
ENDPOINTS = {
    "efetch.fcgi": "efetch",
    "esummary.fcgi": "esummary",
    "elink.fcgi": "elink",
    "esearch.fcgi": "esearch",
    "epost.fcgi": "epost",
    "ecitmatch.cgi": "ecitmatch",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake server saw and answered it."""

    time: float
    method: str
    endpoint: str
    params: dict[str, list[str]]
    status: int
    fault: str | None
    client: str

    @property
    def ids(self) -> list[str]:
        """Every id in the request: comma lists and repeated ``id=`` flattened, in order."""
        return [token for group in split_ids(self.params) for token in group]


class RateLimiter:
    """Requests per client key in a sliding one-second window."""

    def __init__(self, limit: float | None, key_limit: float | None) -> None:
        self.limit, self.key_limit = limit, key_limit
        self._windows: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, client: str, keyed: bool) -> tuple[bool, int, int]:
        """Count one request; return (allowed, count in window, advertised limit)."""
        limit = self.key_limit if keyed else self.limit
        advertised = int(limit) if limit is not None else (10 if keyed else 3)
        now = time.monotonic()
        with self._lock:
            window = self._windows[client]
            while window and window[0] <= now - 1.0:
                window.popleft()
            window.append(now)
            count = len(window)
        return (limit is None or count <= limit), count, advertised


class Server(ThreadingHTTPServer):
    """A threading HTTP server that knows its open connections and whom to ask for replies."""

    daemon_threads = True
    serve: Callable[[Handler, str, str, bool, Params], None]
    connections: set[socket.socket]

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # a dropped connection is not news
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class Handler(BaseHTTPRequestHandler):
    """Parses GET/POST parameters and hands the request to ``server.serve``."""

    protocol_version = "HTTP/1.1"
    server_version = "refgraph-fake-eutils/1"
    timeout = 60
    server: Server

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: requests are recorded in ``FakeEutils.requests`` instead."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        params: Params = parse_qs(url.query, keep_blank_values=True)
        if method == "POST":
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if "multipart" not in self.headers.get("Content-Type", ""):
                for key, values in parse_qs(
                    body.decode("utf-8", "replace"), keep_blank_values=True
                ).items():
                    params.setdefault(key, []).extend(values)
        name = url.path[len(BASE_PATH) :] if url.path.startswith(BASE_PATH) else None
        endpoint = ENDPOINTS.get(name or "")
        self.server.serve(self, method, endpoint or url.path, endpoint is not None, params)

    def send_reply(
        self,
        reply: Reply,
        headers: Sequence[tuple[str, str]],
        cut: bool = False,
        drip: float = 0.0,
        stopping: threading.Event | None = None,
    ) -> None:
        """Write ``reply``; with ``cut``, announce the full length but send half and hang up;
        with ``drip``, send the body one byte every ``drip`` seconds (until ``stopping``)."""
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for key, value in (*headers, *reply.headers):
            self.send_header(key, value)
        if cut or drip:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if drip:
            self.wfile.flush()
            for at in range(len(reply.body)):
                if stopping is not None and stopping.wait(drip):
                    return
                self.wfile.write(reply.body[at : at + 1])
                self.wfile.flush()
            return
        self.wfile.write(reply.body[: len(reply.body) // 2] if cut else reply.body)

    def send_huge(
        self, size: int, headers: Sequence[tuple[str, str]], stopping: threading.Event
    ) -> None:
        """A 200 reply of ``size`` bytes (a PubmedArticleSet padded with a comment), streamed."""
        head = b'<?xml version="1.0" ?>\n<PubmedArticleSet><!-- '
        tail = b" --></PubmedArticleSet>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=UTF-8")
        self.send_header("Content-Length", str(size))
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        self.wfile.write(head)
        left = size - len(head) - len(tail)
        chunk = b"x" * 65536
        while left > 0 and not stopping.is_set():
            piece = chunk[: min(left, len(chunk))]
            self.wfile.write(piece)
            left -= len(piece)
        self.wfile.write(tail)

    def reset(self) -> None:
        """Close the socket without a reply, with an RST (SO_LINGER 0)."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
