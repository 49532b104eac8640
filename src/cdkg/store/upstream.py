"""Pooled HTTP/1.1 connections to the SPARQL server behind a proxy, with a deadline per request.

Opening a TCP connection per request costs as much as a small query; :class:`Upstream` keeps
idle keep-alive connections and reuses them (a connection the server closed meanwhile is
replaced and the request sent again once). Every read waits at most until the request's
deadline; then :class:`UpstreamTimeout` is raised and the connection is dropped.

Examples
--------
>>> pool = Upstream("http://127.0.0.1:9/query")
>>> pool.host, pool.port, pool.path
('127.0.0.1', 9, '/query')
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from urllib.parse import urlsplit


class UpstreamTimeout(Exception):
    """The server did not answer (or finish answering) before the deadline."""


class UpstreamDown(Exception):
    """The server cannot be reached."""


class Upstream:
    """A pool of keep-alive connections to the server of ``url`` (its path is :attr:`path`)."""

    def __init__(self, url: str, size: int = 64):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        self.size = size
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def _take(self) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        return http.client.HTTPConnection(self.host, self.port), False

    def give_back(self, conn: http.client.HTTPConnection, response) -> None:
        """Keep ``conn`` for the next request if its answer was read whole and it stays open."""
        if response is not None and response.isclosed() and not response.will_close:
            with self._lock:
                if len(self._idle) < self.size:
                    self._idle.append(conn)
                    return
        conn.close()

    def clear(self) -> None:
        """Close every idle connection (after the server was restarted)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def request(self, method: str, target: str, body: bytes | None, headers: dict, deadline: float):
        """Send a request; the connection and its response (status and headers read).

        Raises
        ------
        UpstreamTimeout, UpstreamDown
        """
        for attempt in (0, 1):
            conn, reused = self._take()
            try:
                conn.timeout = max(0.01, deadline - time.monotonic())
                if conn.sock is not None:
                    conn.sock.settimeout(conn.timeout)
                conn.request(method, target, body=body, headers=headers)
                return conn, conn.getresponse()
            except (socket.timeout, TimeoutError):
                conn.close()
                raise UpstreamTimeout() from None
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as err:
                conn.close()
                if reused and attempt == 0:
                    continue  # the server had closed the idle connection
                raise UpstreamDown(str(err) or type(err).__name__) from None
            except (OSError, http.client.HTTPException) as err:
                conn.close()
                raise UpstreamDown(str(err) or type(err).__name__) from None
        raise UpstreamDown("no connection")  # pragma: no cover


def read_some(conn: http.client.HTTPConnection, response, size: int, deadline: float, fill: bool = False) -> bytes:
    """Up to ``size`` bytes of ``response``, waiting no later than ``deadline`` (for each read
    from the socket); ``fill``: as many as there are up to ``size`` (fewer only at the end).

    Raises
    ------
    UpstreamTimeout
    """
    left = deadline - time.monotonic()
    if left <= 0:
        raise UpstreamTimeout()
    if conn.sock is not None:
        conn.sock.settimeout(left)
    try:
        return response.read(size) if fill else response.read1(size)
    except (socket.timeout, TimeoutError):
        raise UpstreamTimeout() from None
