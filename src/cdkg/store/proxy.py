"""A SPARQL 1.1 Protocol proxy that limits the size of query answers (``cdkg serve --limit``).

The Oxigraph server has a query timeout and a read-only mode but no result limit, so
``cdkg serve`` puts :class:`SparqlProxy`, a WSGI app (PEP 3333), in front of it:

- a query (GET or HEAD with ``?query=``, POST with a form or an ``application/sparql-query``
  body) goes on to Oxigraph, asking for SPARQL results JSON or N-Triples; the answer is parsed
  as it streams in (pyoxigraph), at most ``limit`` solutions or triples are kept (one more is
  read to know whether the answer was cut, and the rest is never read), and they are written in
  the format the client's ``Accept`` header asks for: SPARQL results JSON, XML, CSV or TSV;
  Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads or TriG. ``ASK`` answers are never cut;
- a cut answer says so in the headers ``X-Cdkg-Result-Limit: N`` and ``X-Cdkg-Truncated: true``
  (exposed to browser scripts by CORS) and is still a complete document of its format;
- Oxigraph's errors (400 with the message for a syntax error, 403 for an update to a read-only
  server, 406) reach the client unchanged; an unreachable server gives 502; a query over the
  timeout gives 504 and ``on_timeout`` (``cdkg serve`` restarts the engine, freeing its CPU);
- ``SERVICE`` and ``LOAD`` are refused (403) unless their endpoint is allowed (``federate``);
- every other path (the YASGUI editor at ``/``, ``/update``, ``/store``) and every answer
  without a limit (``limit=0``) is passed through as it streams; only query answers carry
  ``Access-Control-Allow-Origin: *``; writes from another origin are refused (:func:`check_write`).

The answer within the limit is passed on as the server's bytes (counted, not parsed:
:mod:`cdkg.store.cutting`), over pooled keep-alive connections (:mod:`cdkg.store.upstream`).

Examples
--------
>>> choose_format("text/csv, */*;q=0.1", RESULTS_FORMATS)
<QueryResultsFormat SPARQL Results in CSV>
>>> choose_format("application/sparql-results+json", GRAPH_FORMATS) is None
True
>>> cut(iter("abcde"), 3)
(['a', 'b', 'c'], True)
>>> cut(iter("ab"), 3)
(['a', 'b'], False)
"""

from __future__ import annotations

import functools
import http.client
import threading
import time
from http import HTTPStatus
from itertools import islice
from socketserver import ThreadingMixIn
from typing import Iterable, Iterator
from urllib.parse import parse_qs, quote, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import pyoxigraph as ox
from rdflib import Variable
from rdflib.query import Result

from cdkg.build.oxigraph import from_ox
from cdkg.core.accept import parse_accept, quality
from cdkg.store.cutting import RowCounter
from cdkg.store.policy import Refused, check_query
from cdkg.store.upstream import Upstream, UpstreamDown, UpstreamTimeout, read_some

#: The result limit of ``cdkg serve`` unless ``--limit`` says otherwise.
DEFAULT_LIMIT = 10000
LIMIT_HEADER, TRUNCATED_HEADER = "X-Cdkg-Result-Limit", "X-Cdkg-Truncated"
#: The formats a SELECT or ASK answer can be written in, in order of preference for ``*/*``.
RESULTS_FORMATS = (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV,
                   ox.QueryResultsFormat.TSV)
#: The formats a CONSTRUCT or DESCRIBE answer can be written in, in order of preference.
GRAPH_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD,
                 ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
#: Other names clients use for these formats.
ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
           "text/xml": "application/sparql-results+xml", "application/x-turtle": "text/turtle",
           "text/plain": "application/n-triples"}
#: What the proxy can count as bytes (:mod:`cdkg.store.cutting`), by the server's media type.
_KINDS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
          "text/tab-separated-values": "tsv", "text/csv": "csv", "application/n-triples": "nt"}
_COUNTABLE_RESULTS = (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV,
                      ox.QueryResultsFormat.CSV)
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "trailers", "transfer-encoding", "upgrade", "access-control-allow-origin"}
_FORWARDED = {"HTTP_ACCEPT": "Accept", "CONTENT_TYPE": "Content-Type", "HTTP_ORIGIN": "Origin",
              "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "Access-Control-Request-Method",
              "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "Access-Control-Request-Headers"}
MAX_REQUEST_BYTES = 16 * 1024 * 1024


class _Failure(Exception):
    """An answer the proxy gives itself (status line and plain-text message)."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


def choose_format(accept: str | None, offers: Iterable):
    """The format among ``offers`` (pyoxigraph formats) that ``accept`` prefers, or None.

    Ties go to the earlier offer; :data:`ALIASES` count as the formats they name.
    """
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = quality(offer.media_type.split(";")[0], ranges, ALIASES)
        if q > best_q:
            best, best_q = offer, q
    return best


@functools.lru_cache(maxsize=256)
def _formats(accept: str | None) -> dict:
    """The results and graph formats an Accept header prefers (cached: clients repeat theirs)."""
    return {"results": choose_format(accept, RESULTS_FORMATS), "graph": choose_format(accept, GRAPH_FORMATS)}


def cut(items: Iterator, limit: int) -> tuple[list, bool]:
    """At most ``limit`` of ``items`` (reading one more, no further) and whether any were left."""
    kept = list(islice(items, limit + 1))
    return kept[:limit], len(kept) > limit


def serialize_solutions(variables, rows, format: ox.QueryResultsFormat) -> bytes:
    """SELECT solutions (pyoxigraph terms, None where unbound) in a SPARQL results format.

    rdflib writes a JSON document (pyoxigraph cannot make its results object from a list) and
    pyoxigraph rewrites it in the format asked for (rdflib writes no TSV, and puts the JSON
    document's head after its results, where a streaming client cannot use it).

    Examples
    --------
    >>> x = ox.NamedNode("http://example.org/x")
    >>> serialize_solutions([ox.Variable("s"), ox.Variable("o")], [(x, None)], ox.QueryResultsFormat.CSV)
    b's,o\\r\\nhttp://example.org/x,\\r\\n'
    """
    result = Result("SELECT")
    result.vars = [Variable(v.value) for v in variables]
    result.bindings = [{var: from_ox(term) for var, term in zip(result.vars, row) if term is not None}
                       for row in rows]
    data = result.serialize(format="json")
    return ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=format)


def _status_line(code: int) -> str:
    return f"{code} {HTTPStatus(code).phrase}" if code in HTTPStatus._value2member_map_ else str(code)


def request_text(environ, body: bytes | None) -> tuple[str | None, bool]:
    """The query (or update) text of a SPARQL Protocol request, and whether it is an update."""
    fields = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if body is not None:
        text = body.decode("utf-8", "replace")
        if ctype == "application/sparql-query":
            return text, False
        if ctype == "application/sparql-update":
            return text, True
        if ctype == "application/x-www-form-urlencoded":
            fields = parse_qs(text, keep_blank_values=True)
    if "update" in fields:
        return "\n".join(fields["update"]), True
    return ("\n".join(fields["query"]) if "query" in fields else None), False


def _same_origin(environ) -> bool:
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return environ.get("HTTP_SEC_FETCH_SITE", "same-origin") in ("same-origin", "none")
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    return urlsplit(origin).netloc.lower() == host.lower()


#: Content types of writes; a browser sends none of them cross-site without asking first.
WRITE_TYPES = ("application/sparql-update", "application/x-www-form-urlencoded", "application/n-triples",
               "text/turtle", "application/n-quads", "application/trig", "application/rdf+xml", "application/ld+json")


def check_write(environ, path: str, body: bytes | None, federate=()) -> None:
    """Refuse a write from another site (CSRF), of a type a form can send, or that fetches URLs.

    A request with an ``Origin`` (or ``Sec-Fetch-Site``) of another site is refused (browsers
    send ``Origin`` with every cross-site POST, also from an HTML form; clients that are not
    browsers send none), and so is a body of another type than SPARQL Update or RDF (what a
    form can send besides: ``text/plain``, ``multipart/form-data``).
    """
    if not _same_origin(environ):
        raise _Failure("403 Forbidden", f"a write from another site ({environ.get('HTTP_ORIGIN', 'unknown')}) "
                       "is refused: send it from this origin, or without a browser")
    ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if body is not None and ctype not in WRITE_TYPES:
        raise _Failure("415 Unsupported Media Type", f"a write takes one of {', '.join(WRITE_TYPES)}, not "
                       f"{ctype or 'no Content-Type'}")
    if path.rstrip("/") == "/update":
        text, _ = request_text(environ, body)
        if text is not None:
            check_query(text, federate)


class SparqlProxy:
    """The WSGI app: SPARQL Protocol requests on to ``query_url``, answers cut to ``limit``.

    Parameters
    ----------
    query_url : str
        The query endpoint of the Oxigraph server (``OxigraphServer.query_url``).
    limit : int
        The most solutions or triples an answer holds; 0 passes answers through unchanged.
    timeout : float
        Seconds a query may take (its whole answer when it is cut to the limit; between two
        reads otherwise); then 504 and ``on_timeout`` is called.
    upstream : str, optional
        The server's root URL: the proxy then stands for the whole server, answering queries
        only at the query endpoint's path and passing other paths on to ``upstream``. Without
        it every request is a query request (as for a ``/sparql`` mount).
    federate : sequence of str
        Endpoints that ``SERVICE`` may call (:mod:`cdkg.store.policy`); none by default.
    on_timeout : callable, optional
        Called with the time (``time.monotonic()``) the timed-out request began: ``cdkg serve``
        restarts the engine there, which stops the query and frees its CPU.
    """

    def __init__(self, query_url: str, limit: int = DEFAULT_LIMIT, timeout: float = 120.0,
                 upstream: str | None = None, federate=(), on_timeout=None):
        self.query_url, self.limit, self.timeout = query_url, max(0, int(limit)), timeout
        self.upstream = upstream.rstrip("/") if upstream else None
        self.query_path = urlsplit(query_url).path or "/"
        self.federate = tuple(federate)
        self.on_timeout = on_timeout
        self.pool = Upstream(query_url)

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO") or "/"
        started = time.monotonic()
        query_request = self.upstream is None or path == self.query_path
        try:
            if not query_request:
                if method == "OPTIONS":
                    raise _Failure("403 Forbidden", "cross-origin requests are answered at the query endpoint "
                                   f"{self.query_path} only; writes are taken from this origin only")
                writing = path.rstrip("/") == "/update" or (path.rstrip("/") == "/store"
                                                            and method not in ("GET", "HEAD"))
                if self.limit and path.rstrip("/") == "/store" and method in ("GET", "HEAD"):
                    # a Graph Store read is a whole graph: no result limit could hold
                    raise _Failure("403 Forbidden", f"reading graphs through /store is off while the result "
                                   f"limit ({self.limit}) is on: ask with a CONSTRUCT query at {self.query_path}, "
                                   "use the dumps of `cdkg publish`, or serve with --limit 0")
                body = self._body(environ, method)
                if writing:
                    check_write(environ, path, body, self.federate)
                target = quote(path.encode("latin-1"), safe="/!$&'()*+,;=:@~")
                return self._relay(start_response, self._send(environ, target, method, body, started), method,
                                   cors=False)
            if method == "OPTIONS":
                return self._preflight(start_response)
            if method not in ("GET", "HEAD", "POST"):
                raise _Failure("405 Method Not Allowed", f"the query endpoint takes GET, HEAD and POST, not {method}")
            body = self._body(environ, method)
            text, is_update = request_text(environ, body)
            if is_update:
                raise _Failure("403 Forbidden", "updates are sent to /update, not to the query endpoint")
            if text is not None:
                check_query(text, self.federate)
            if not self.limit:
                response = self._send(environ, self.pool.path, "GET" if method == "HEAD" else method, body, started)
                return self._relay(start_response, response, method)
            return self._limited(environ, start_response, method, body, started)
        except Refused as err:
            return self._plain(start_response, "403 Forbidden", str(err), method, query_request)
        except _Failure as failure:
            return self._plain(start_response, failure.status, str(failure), method, query_request)

    def _body(self, environ, method: str) -> bytes | None:
        if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return None
        raw = (environ.get("CONTENT_LENGTH") or "0").strip()
        if not raw.isdigit():
            raise _Failure("400 Bad Request", f"Content-Length {raw[:40]!r} is not a number of bytes")
        length = int(raw)
        if length > MAX_REQUEST_BYTES:
            raise _Failure("413 Content Too Large", f"the request body is over {MAX_REQUEST_BYTES} bytes")
        return environ["wsgi.input"].read(length) if length else b""

    def _timed_out(self, started: float) -> _Failure:
        if self.on_timeout is not None:
            self.on_timeout(started)
            self.pool.clear()
        return _Failure("504 Gateway Timeout", f"the query did not finish within {self.timeout:g} s "
                        "and was stopped; ask for less (LIMIT, a narrower pattern), or run it on a local store")

    def _send(self, environ, target: str, method: str, body, started: float, accept: str | None = None):
        """``(connection, response)``: the request sent on to the server (error statuses included)."""
        headers = {name: environ[key] for key, name in _FORWARDED.items() if environ.get(key)}
        if accept is not None:
            headers["Accept"] = accept
        query = environ.get("QUERY_STRING", "")
        target = target + ("?" + query if query else "")
        try:
            return self.pool.request(method, target, body, headers, started + self.timeout)
        except UpstreamTimeout:
            raise self._timed_out(started) from None
        except UpstreamDown as err:
            raise _Failure("502 Bad Gateway", f"the SPARQL endpoint {self.query_url} did not answer: {err}") from None

    def _limited(self, environ, start_response, method: str, body, started: float) -> Iterable[bytes]:
        formats = _formats(environ.get("HTTP_ACCEPT"))
        if not any(formats.values()):
            offered = ", ".join(f.media_type.split(";")[0] for f in RESULTS_FORMATS + GRAPH_FORMATS)
            raise _Failure("406 Not Acceptable", f"none of the Accept header's types is on offer: {offered}")
        results = formats["results"]
        asked = results if results in _COUNTABLE_RESULTS else ox.QueryResultsFormat.JSON
        wanted = ", ".join(m for m, on in ((asked.media_type, results), ("application/n-triples", formats["graph"])) if on)
        conn, response = self._send(environ, self.pool.path, "GET" if method == "HEAD" else method, body, started,
                                    wanted)
        kind = _KINDS.get(response.headers.get_content_type())
        fmt = formats["graph" if kind == "nt" else "results"] if kind else None
        if response.status != 200 or fmt is None:
            return self._relay(start_response, (conn, response), method)
        document, counter, truncated = bytearray(), RowCounter(kind), False
        try:
            while chunk := read_some(conn, response, 1 << 20, started + self.timeout, fill=True):
                document += chunk
                if counter.feed(document) > self.limit:
                    truncated = True
                    break
        except UpstreamTimeout:
            conn.close()
            raise self._timed_out(started) from None
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            raise _Failure("502 Bad Gateway", f"the SPARQL endpoint's answer broke off: {err}") from None
        if truncated:
            conn.close()  # the rest is never read
            data = counter.cut(document, self.limit)
        else:
            self.pool.give_back(conn, response)
            data = bytes(document)
        try:
            if kind == "nt" and fmt != ox.RdfFormat.N_TRIPLES:
                data = ox.serialize((q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)), format=fmt)
            elif kind != "nt" and fmt != asked:
                data = ox.parse_query_results(data, asked).serialize(format=fmt)
        except (SyntaxError, ValueError) as err:
            raise _Failure("502 Bad Gateway", f"the SPARQL endpoint's answer is not well-formed: {err}") from None
        headers = [("Content-Type", fmt.media_type), ("Content-Length", str(len(data))), ("Vary", "Accept"),
                   ("Access-Control-Allow-Origin", "*"), (LIMIT_HEADER, str(self.limit)),
                   ("Access-Control-Expose-Headers", f"{LIMIT_HEADER}, {TRUNCATED_HEADER}")]
        if truncated:
            headers.append((TRUNCATED_HEADER, "true"))
        start_response("200 OK", headers)
        return [b"" if method == "HEAD" else data]

    def _relay(self, start_response, sent, method: str, cors: bool = True) -> Iterable[bytes]:
        """The server's answer as it is (streamed), without hop-by-hop headers; CORS for reads."""
        conn, response = sent
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _HOP_BY_HOP]
        start_response(_status_line(response.status), headers + ([("Access-Control-Allow-Origin", "*")] if cors else []))
        if method == "HEAD":
            conn.close()
            return [b""]
        return self._stream(conn, response)

    def _stream(self, conn, response) -> Iterator[bytes]:
        finished = False
        try:
            while chunk := read_some(conn, response, 64 * 1024, time.monotonic() + self.timeout):
                yield chunk
            finished = True
        except UpstreamTimeout:
            self._timed_out(time.monotonic())
        except (OSError, http.client.HTTPException):
            pass
        finally:  # also when the client goes away half-way (the iterator is closed)
            if finished:
                self.pool.give_back(conn, response)
            else:
                conn.close()

    def _preflight(self, start_response) -> Iterable[bytes]:
        start_response("204 No Content", [("Access-Control-Allow-Origin", "*"),
                                          ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
                                          ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                                          ("Access-Control-Max-Age", "600"), ("Content-Length", "0")])
        return [b""]

    def _plain(self, start_response, status: str, message: str, method: str, cors: bool = True) -> Iterable[bytes]:
        body = (message + "\n").encode("utf-8")
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
                       + ([("Access-Control-Allow-Origin", "*")] if cors else []))
        return [b"" if method == "HEAD" else body]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request (HTTP/1.0: one connection per request)."""

    daemon_threads = True
    allow_reuse_address = True


class WaitressServer:
    """A waitress server (HTTP/1.1 with keep-alive, a pool of worker threads, checked request
    parsing) with the interface of ``socketserver``: ``serve_forever``, ``shutdown``,
    ``server_close`` and ``server_port``.

    Examples
    --------
    >>> import urllib.request
    >>> server = WaitressServer(lambda env, start: (start("200 OK", []), [b"hi"])[1], port=0)
    >>> _ = start_in_thread(server)
    >>> urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/").read()
    b'hi'
    >>> server.shutdown(); server.server_close()
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, threads: int = 16, verbose: bool = False):
        import logging

        from waitress import create_server

        if not verbose:
            logging.getLogger("waitress").setLevel(logging.ERROR)
        self._map: dict = {}
        self._done = threading.Event()
        self._server = create_server(app, map=self._map, host=host, port=port, threads=threads, ident="cdkg",
                                     asyncore_loop_timeout=0.2, channel_timeout=120, expose_tracebacks=False,
                                     max_request_body_size=MAX_REQUEST_BYTES)
        self.server_port = self._server.effective_port
        self.verbose = verbose

    def serve_forever(self) -> None:
        try:
            self._server.run()
        finally:
            self._done.set()

    def shutdown(self) -> None:
        """Stop serving: close the listening socket and every connection, end the workers."""
        def close_all():  # run by the server's own loop thread (never under its select)
            for channel in list(self._map.values()):
                if channel is not self._server.trigger:
                    try:
                        channel.close()
                    except OSError:
                        pass
            self._map.pop(self._server.trigger._fileno, None)

        if not self._done.is_set():
            self._server.trigger.pull_trigger(close_all)
            self._done.wait(timeout=5)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)

    def server_close(self) -> None:
        try:
            self._server.trigger.close()
        except OSError:
            pass
        self._map.clear()


def make_wsgi_server(app, host: str = "127.0.0.1", port: int = 0, verbose: bool = False) -> WaitressServer:
    """A threaded HTTP/1.1 server for a WSGI app (waitress; call ``serve_forever()``; port 0
    picks a free port).

    Raises
    ------
    OSError
        The address cannot be bound (the port is taken).
    """
    return WaitressServer(app, host, port, verbose=verbose)


def start_in_thread(server) -> threading.Thread:
    """Run ``server.serve_forever`` in a daemon thread (for ``cdkg serve``, notebooks and tests)."""
    thread = threading.Thread(target=server.serve_forever, name="cdkg-wsgi-server", daemon=True)
    thread.start()
    return thread
