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
  server, 406) reach the client unchanged; an unreachable or silent server gives 502 or 504;
- every other path (the YASGUI editor at ``/``, ``/update``, ``/store``) and every answer
  without a limit (``limit=0``) is passed through as it streams, with
  ``Access-Control-Allow-Origin: *``.

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

import threading
import urllib.error
import urllib.request
from http import HTTPStatus
from itertools import islice
from socketserver import ThreadingMixIn
from typing import Iterable, Iterator
from urllib.parse import quote, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pyoxigraph as ox
from rdflib import Variable
from rdflib.query import Result

from cdkg.build.oxigraph import from_ox
from cdkg.core.accept import parse_accept, quality

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
_FROM_UPSTREAM = {"application/sparql-results+json": "results", "application/n-triples": "graph"}
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


def _stream(response, size: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while chunk := response.read(size):
            yield chunk
    finally:
        response.close()


class SparqlProxy:
    """The WSGI app: SPARQL Protocol requests on to ``query_url``, answers cut to ``limit``.

    Parameters
    ----------
    query_url : str
        The query endpoint of the Oxigraph server (``OxigraphServer.query_url``).
    limit : int
        The most solutions or triples an answer holds; 0 passes answers through unchanged.
    timeout : float
        Seconds to wait for the server (to connect, and between two reads); then 504.
    upstream : str, optional
        The server's root URL: the proxy then stands for the whole server, answering queries
        only at the query endpoint's path and passing other paths on to ``upstream``. Without
        it every request is a query request (as for a ``/sparql`` mount).
    """

    def __init__(self, query_url: str, limit: int = DEFAULT_LIMIT, timeout: float = 120.0,
                 upstream: str | None = None):
        self.query_url, self.limit, self.timeout = query_url, max(0, int(limit)), timeout
        self.upstream = upstream.rstrip("/") if upstream else None
        self.query_path = urlsplit(query_url).path or "/"

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO") or "/"
        try:
            if self.upstream is not None and path != self.query_path:
                if self.limit and path.rstrip("/") == "/store" and method in ("GET", "HEAD"):
                    # a Graph Store read is a whole graph: no result limit could hold
                    raise _Failure("403 Forbidden", f"reading graphs through /store is off while the result "
                                   f"limit ({self.limit}) is on: ask with a CONSTRUCT query at {self.query_path}, "
                                   "use the dumps of `cdkg publish`, or serve with --limit 0")
                target = self.upstream + quote(path.encode("latin-1"), safe="/!$&'()*+,;=:@~")
                return self._relay(start_response, self._open(environ, target, method), method)
            if method not in ("GET", "HEAD", "POST"):
                return self._relay(start_response, self._open(environ, self.query_url, method), method)
            if not self.limit:
                response = self._open(environ, self.query_url, "GET" if method == "HEAD" else method)
                return self._relay(start_response, response, method)
            return self._limited(environ, start_response, method)
        except _Failure as failure:
            return self._plain(start_response, failure.status, str(failure), method)

    def _open(self, environ, url: str, method: str, accept: str | None = None):
        """The server's answer (also an error status) to the request, sent on to ``url``."""
        body = None
        if method not in ("GET", "HEAD", "OPTIONS", "DELETE"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_REQUEST_BYTES:
                raise _Failure("413 Content Too Large", f"the request body is over {MAX_REQUEST_BYTES} bytes")
            body = environ["wsgi.input"].read(length) if length else b""
        headers = {name: environ[key] for key, name in _FORWARDED.items() if environ.get(key)}
        if accept is not None:
            headers["Accept"] = accept
        query = environ.get("QUERY_STRING", "")
        request = urllib.request.Request(url + ("?" + query if query else ""), data=body, method=method,
                                         headers=headers)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as err:
            return err
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise _Failure("504 Gateway Timeout",
                               f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s") from None
            raise _Failure("502 Bad Gateway", f"the SPARQL endpoint {url} did not answer: {reason}") from None

    def _limited(self, environ, start_response, method: str) -> Iterable[bytes]:
        accept = environ.get("HTTP_ACCEPT")
        formats = {"results": choose_format(accept, RESULTS_FORMATS), "graph": choose_format(accept, GRAPH_FORMATS)}
        if not any(formats.values()):
            offered = ", ".join(f.media_type.split(";")[0] for f in RESULTS_FORMATS + GRAPH_FORMATS)
            raise _Failure("406 Not Acceptable", f"none of the Accept header's types is on offer: {offered}")
        wanted = ", ".join(media for media, kind in _FROM_UPSTREAM.items() if formats[kind])
        response = self._open(environ, self.query_url, "GET" if method == "HEAD" else method, wanted)
        kind = _FROM_UPSTREAM.get(response.headers.get_content_type())
        if response.status != 200 or kind is None or formats[kind] is None:
            return self._relay(start_response, response, method)
        fmt = formats[kind]
        try:
            with response:
                if kind == "graph":
                    triples, truncated = cut((q.triple for q in ox.parse(response, ox.RdfFormat.N_TRIPLES)), self.limit)
                    body = ox.serialize(triples, format=fmt)
                else:
                    parsed = ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
                    if isinstance(parsed, ox.QueryBoolean):
                        body, truncated = parsed.serialize(format=fmt), False
                    else:
                        rows, truncated = cut(parsed, self.limit)
                        body = serialize_solutions(parsed.variables, rows, fmt)
        except (SyntaxError, ValueError, OSError) as err:
            if isinstance(err, TimeoutError) or "timed out" in str(err):
                raise _Failure("504 Gateway Timeout",
                               f"the SPARQL endpoint did not finish its answer within {self.timeout:g} s") from None
            raise _Failure("502 Bad Gateway", f"the SPARQL endpoint's answer broke off: {err}") from None
        headers = [("Content-Type", fmt.media_type), ("Content-Length", str(len(body))), ("Vary", "Accept"),
                   ("Access-Control-Allow-Origin", "*"), (LIMIT_HEADER, str(self.limit)),
                   ("Access-Control-Expose-Headers", f"{LIMIT_HEADER}, {TRUNCATED_HEADER}")]
        if truncated:
            headers.append((TRUNCATED_HEADER, "true"))
        start_response("200 OK", headers)
        return [b"" if method == "HEAD" else body]

    def _relay(self, start_response, response, method: str) -> Iterable[bytes]:
        """The server's answer as it is (streamed), with CORS and without hop-by-hop headers."""
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _HOP_BY_HOP]
        start_response(_status_line(response.status), headers + [("Access-Control-Allow-Origin", "*")])
        if method == "HEAD":
            response.close()
            return [b""]
        return _stream(response)

    def _plain(self, start_response, status: str, message: str, method: str) -> Iterable[bytes]:
        body = (message + "\n").encode("utf-8")
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                                ("Access-Control-Allow-Origin", "*")])
        return [b"" if method == "HEAD" else body]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request."""

    daemon_threads = True
    allow_reuse_address = True


def make_wsgi_server(app, host: str = "127.0.0.1", port: int = 0, verbose: bool = False) -> ThreadingWSGIServer:
    """A threaded HTTP server for a WSGI app (call ``serve_forever()``; port 0 picks a free port).

    Raises
    ------
    OSError
        The address cannot be bound (the port is taken).
    """
    server = make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=_QuietHandler)
    server.verbose = verbose
    return server


def start_in_thread(server) -> threading.Thread:
    """Run ``server.serve_forever`` in a daemon thread (for ``cdkg serve``, notebooks and tests)."""
    thread = threading.Thread(target=server.serve_forever, name="cdkg-wsgi-server", daemon=True)
    thread.start()
    return thread
