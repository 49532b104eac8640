"""The result limit of `cdkg serve`: a real `cdkg serve --limit 3` process answers through its
result-limiting proxy (every results and graph format cut to 3, with the headers that say so;
ASK, errors, refused updates, the editor page and CORS as Oxigraph gives them), and the WSGI app
(`cdkg.store.proxy.SparqlProxy`) is checked in-process against a real Oxigraph server: no limit,
HEAD, the `/sparql` mount of the site, an endless answer, a server that is down or silent."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from cdkg.publish import make_site_server, sparql_proxy
from cdkg.store import open_store
from cdkg.store.proxy import SparqlProxy, make_wsgi_server, start_in_thread
from cdkg.store.server import OxigraphServer, free_port
from query_support import fixture_files

LIMIT = 3
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
OSLO = "SELECT ?l WHERE { <https://w3id.org/cdkg/id/city/oslo> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def request(url, accept=None, method="GET", data=None, content_type=None, headers=None, timeout=30):
    """(status, headers, body) of one request; error statuses are answers too."""
    sent = dict(headers or {}, **({"Accept": accept} if accept else {}))
    if content_type:
        sent["Content-Type"] = content_type
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=sent),
                                    timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def query_url(endpoint: str, query: str) -> str:
    return endpoint + "?" + urllib.parse.urlencode({"query": query})


def assert_cut(headers, cut: bool = True):
    assert headers["X-Cdkg-Result-Limit"] == str(LIMIT)
    assert headers.get("X-Cdkg-Truncated") == ("true" if cut else None)
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Cdkg-Truncated" in headers["Access-Control-Expose-Headers"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`cdkg serve --limit 3` in its own process; yields its root URL and its banner."""
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    code = "import sys; from cdkg.cli import main; sys.exit(main(sys.argv[1:]))"
    with open(tmp / "serve.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--port", str(port), "--limit", str(LIMIT),
             "--store", str(tmp / "store"), *[f"--data={f}" for f in fixture_files()]],
            stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        banner = [process.stdout.readline() for _ in range(4)]
        assert banner[-1], (tmp / "serve.log").read_text()
        yield {"url": f"http://127.0.0.1:{port}", "banner": banner, "store": tmp / "store"}
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    store = open_store(data=fixture_files(), persist=tmp_path_factory.mktemp("store"))
    location = store.path
    del store
    with OxigraphServer(location, read_only=True, timeout_s=10) as server:
        yield server


def test_banner_names_the_limit(served):
    assert "read-only" in served["banner"][0] and f"result limit {LIMIT}" in served["banner"][0]
    assert served["url"] + "/query" in served["banner"][1]


def test_select_is_cut_in_every_results_format(served):
    url = query_url(served["url"] + "/query", ALL)
    status, headers, body = request(url, "application/sparql-results+json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == LIMIT
    assert_cut(headers)
    status, headers, body = request(url, "text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert headers["Content-Type"].startswith("text/csv") and rows[0] == ["s", "p", "o"] and len(rows) == LIMIT + 1
    assert_cut(headers)
    for accept, fmt in (("text/tab-separated-values", ox.QueryResultsFormat.TSV),
                        ("application/sparql-results+xml", ox.QueryResultsFormat.XML)):
        status, headers, body = request(url, accept)
        assert status == 200 and len(list(ox.parse_query_results(body, fmt))) == LIMIT, accept
        assert_cut(headers)


def test_posted_queries_are_cut_too(served):
    form = urllib.parse.urlencode({"query": ALL}).encode()
    for body, content_type in ((form, "application/x-www-form-urlencoded"), (ALL.encode(), "application/sparql-query")):
        status, headers, answer = request(served["url"] + "/query", "application/sparql-results+json", "POST",
                                          body, content_type)
        assert status == 200 and len(json.loads(answer)["results"]["bindings"]) == LIMIT
        assert_cut(headers)


def test_an_answer_within_the_limit_is_complete(served):
    status, headers, body = request(query_url(served["url"] + "/query", OSLO), "text/csv")
    assert body.decode().splitlines() == ["l", "Oslo"]
    assert_cut(headers, cut=False)
    status, headers, body = request(query_url(served["url"] + "/query", f"{ALL} LIMIT {LIMIT}"), "application/json")
    assert len(json.loads(body)["results"]["bindings"]) == LIMIT
    assert_cut(headers, cut=False)


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                         ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                         ("application/ld+json", ox.RdfFormat.JSON_LD),
                                         ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_construct_is_cut(served, accept, fmt):
    status, headers, body = request(query_url(served["url"] + "/query", "CONSTRUCT WHERE { ?s ?p ?o }"), accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert len(list(ox.parse(body, fmt))) == LIMIT
    assert_cut(headers)


def test_ask_errors_and_updates_reach_the_client(served):
    ask = query_url(served["url"] + "/query", "ASK { ?s a <https://w3id.org/cdkg/ontology#City> }")
    status, headers, body = request(ask, "application/sparql-results+json")
    assert json.loads(body)["boolean"] is True and "X-Cdkg-Truncated" not in headers
    assert bool(ox.parse_query_results(request(ask, "application/sparql-results+xml")[2], ox.QueryResultsFormat.XML))
    status, headers, body = request(query_url(served["url"] + "/query", "SELECT * WHERE { ?s ?p }"), "text/csv")
    assert status == 400 and b"error at 1:" in body and headers["Access-Control-Allow-Origin"] == "*"
    status, _, body = request(served["url"] + "/update", method="POST", data=b"INSERT DATA { <a:b> <a:c> <a:d> }",
                              content_type="application/sparql-update")
    assert status == 403 and b"read-only" in body
    status, _, body = request(query_url(served["url"] + "/query", ALL), "image/png")
    assert status == 406 and b"text/csv" in body


def test_editor_and_cors_through_the_proxy(served):
    status, headers, body = request(served["url"] + "/", "text/html")
    assert status == 200 and b"yasgui.min.js" in body
    status, headers, body = request(served["url"] + "/yasgui.min.js")
    assert status == 200 and len(body) > 100_000
    preflight = {"Origin": "http://example.org", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = request(served["url"] + "/query", method="OPTIONS", headers=preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    editor = (served["store"] / "editor.html").read_text()
    assert f"{served['url']}/yasgui.min.js" in editor


# -- the WSGI app in-process --------------------------------------------------------------------


def serving(app):
    server = make_wsgi_server(app, port=0)
    start_in_thread(server)
    return server, f"http://127.0.0.1:{server.server_port}"


def test_app_cuts_and_passes_through(oxigraph):
    limited, url = serving(SparqlProxy(oxigraph.query_url, limit=LIMIT, upstream=oxigraph.url))
    plain, plain_url = serving(SparqlProxy(oxigraph.query_url, limit=0, upstream=oxigraph.url))
    try:
        status, headers, body = request(query_url(url + "/query", ALL), "text/csv", method="HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
        assert_cut(headers)
        direct = request(query_url(oxigraph.query_url, ALL), "text/tab-separated-values")
        status, headers, body = request(query_url(plain_url + "/query", ALL), "text/tab-separated-values")
        assert body == direct[2] and len(body.splitlines()) > 100 and "X-Cdkg-Result-Limit" not in headers
        assert headers["Access-Control-Allow-Origin"] == "*"
    finally:
        for server in (limited, plain):
            server.shutdown()
            server.server_close()


def test_updates_and_graph_store_pass_through_to_a_writable_server():
    with OxigraphServer(None, read_only=False) as writable:
        proxy, url = serving(SparqlProxy(writable.query_url, limit=LIMIT, upstream=writable.url))
        try:
            triples = " ".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(5))
            status, _, _ = request(url + "/update", method="POST", data=f"INSERT DATA {{ {triples} }}".encode(),
                                   content_type="application/sparql-update")
            assert status == 204
            status, _, _ = request(url + "/store?default", method="POST", content_type="application/n-triples",
                                   data=b'<http://example.org/t> <http://example.org/p> "9" .\n')
            assert status in (201, 204)
            status, headers, body = request(query_url(url + "/query", ALL), "application/sparql-results+json")
            assert len(json.loads(body)["results"]["bindings"]) == LIMIT
            assert_cut(headers)
            # a Graph Store read is a whole graph, which no limit could hold: refused while the
            # limit is on (writes above went through), answered without one
            status, _, body = request(url + "/store?default", "application/n-triples")
            assert status == 403 and b"--limit 0" in body
            plain, plain_url = serving(SparqlProxy(writable.query_url, limit=0, upstream=writable.url))
            try:
                status, _, body = request(plain_url + "/store?default", "application/n-triples")
                assert status == 200 and len(body.splitlines()) == 6
            finally:
                plain.shutdown()
                plain.server_close()
        finally:
            proxy.shutdown()
            proxy.server_close()


def test_site_mount_has_the_limit(oxigraph, tmp_path):
    (tmp_path / "cdkg-site.json").write_text("{}")
    site = make_site_server(tmp_path, port=0, mounts={"sparql": sparql_proxy(oxigraph.query_url, limit=LIMIT)})
    start_in_thread(site)
    try:
        status, headers, body = request(query_url(f"http://127.0.0.1:{site.server_port}/sparql", ALL), "text/csv")
        assert status == 200 and len(body.decode().splitlines()) == LIMIT + 1
        assert_cut(headers)
    finally:
        site.shutdown()
        site.server_close()


def test_an_endless_answer_is_cut_without_reading_it_all():
    """A real HTTP server that streams N-Triples for as long as it is read: the proxy must stop."""
    stop, sent = threading.Event(), [0]

    def endless(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/n-triples")])
        while not stop.is_set():
            sent[0] += 1
            yield f"<http://example.org/s{sent[0]}> <http://example.org/p> \"{sent[0]}\" .\n".encode() * 100

    upstream, upstream_url = serving(endless)
    proxy, url = serving(SparqlProxy(upstream_url + "/query", limit=LIMIT, timeout=5))
    try:
        started = time.monotonic()
        status, headers, body = request(query_url(url, "CONSTRUCT WHERE { ?s ?p ?o }"), "application/n-triples",
                                        timeout=20)
        assert status == 200 and len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) == LIMIT
        assert_cut(headers)
        assert time.monotonic() - started < 10
    finally:
        stop.set()
        for server in (proxy, upstream):
            server.shutdown()
            server.server_close()


def test_down_or_silent_server_gives_502_or_504():
    proxy, url = serving(SparqlProxy(f"http://127.0.0.1:{free_port()}/query", limit=LIMIT, timeout=1))
    sock = socket.socket()  # accepts connections and never answers
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    silent, silent_url = serving(SparqlProxy(f"http://127.0.0.1:{sock.getsockname()[1]}/query", limit=LIMIT,
                                             timeout=1))
    try:
        status, headers, body = request(query_url(url, ALL), "text/csv")
        assert status == 502 and b"did not answer" in body and headers["Content-Type"].startswith("text/plain")
        status, _, body = request(query_url(silent_url, ALL), "text/csv")
        assert status == 504 and b"within 1 s" in body
    finally:
        sock.close()
        for server in (proxy, silent):
            server.shutdown()
            server.server_close()
