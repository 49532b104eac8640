"""Hardening of the served endpoint: SERVICE/LOAD refused (SSRF), the timeout stops the query
and frees its CPU, writes from other sites refused (CSRF) and CORS for reads only, bad requests
answered 4xx (never 5xx), the server's children end with it. Real Oxigraph servers and real
HTTP requests on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest

from cdkg.publish import make_site_server
from cdkg.store import open_store
from cdkg.store.proxy import SparqlProxy, make_wsgi_server, start_in_thread
from cdkg.store.server import OxigraphServer, free_port
from query_support import fixture_files
from test_serve_limit import request

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    store = open_store(data=fixture_files(), persist=tmp_path_factory.mktemp("store"))
    path = store.path
    del store
    return path


@pytest.fixture(scope="module")
def oxigraph(location):
    with OxigraphServer(location, read_only=True, timeout_s=60) as server:
        yield server


@pytest.fixture
def listener():
    """A TCP port that records whether anything connected to it (the SSRF target)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.5)
    yield sock
    sock.close()


def _connected(sock) -> bool:
    try:
        conn, _ = sock.accept()
        conn.close()
        return True
    except OSError:
        return False


def serving(app):
    server = make_wsgi_server(app, port=0)
    start_in_thread(server)
    return server, f"http://127.0.0.1:{server.server_port}"


def stop(*servers):
    for server in servers:
        server.shutdown()
        server.server_close()


def q(url, text):
    return url + "?" + urllib.parse.urlencode({"query": text})


SERVICE_FORMS = [
    "SELECT * WHERE { SERVICE <{target}> { ?s ?p ?o } }",
    "select * where { service silent <{target}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\\u0049CE <{target}> { ?s ?p ?o } }",
    "PREFIX t: <{target}> SELECT * WHERE { SERVICE t: { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{target}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment\n SERVICE\n<{target}>{ ?s ?p ?o } }",
]


@pytest.mark.parametrize("form", SERVICE_FORMS)
@pytest.mark.parametrize("how", ["get", "form", "body"])
def test_service_is_refused_and_nothing_is_sent(oxigraph, listener, form, how):
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    text = form.replace("{target}", target)
    proxy, url = serving(SparqlProxy(oxigraph.query_url, limit=10, upstream=oxigraph.url))
    try:
        if how == "get":
            status, headers, body = request(q(url + "/query", text), "application/sparql-results+json")
        elif how == "form":
            status, headers, body = request(url + "/query", "text/csv", "POST",
                                            urllib.parse.urlencode({"query": text}).encode(),
                                            "application/x-www-form-urlencoded")
        else:
            status, headers, body = request(url + "/query", "text/csv", "POST", text.encode(), "application/sparql-query")
        assert status == 403 and b"SERVICE" in body and b"refused" in body
        assert not _connected(listener)
    finally:
        stop(proxy)


def test_service_in_a_string_or_comment_is_not_a_service(oxigraph):
    proxy, url = serving(SparqlProxy(oxigraph.query_url, limit=10, upstream=oxigraph.url))
    try:
        text = 'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:1/>" } # SERVICE <http://127.0.0.1:1/>'
        status, _, _ = request(q(url + "/query", text), "text/csv")
        assert status == 200
    finally:
        stop(proxy)


def test_federate_allows_the_listed_endpoint_only(oxigraph, location, listener):
    with OxigraphServer(location, read_only=True) as other:
        proxy, url = serving(SparqlProxy(oxigraph.query_url, limit=10, upstream=oxigraph.url,
                                         federate=[other.query_url]))
        try:
            allowed = f"SELECT ?s WHERE {{ SERVICE <{other.query_url}> {{ ?s ?p ?o }} }} LIMIT 2"
            status, _, body = request(q(url + "/query", allowed), "text/csv")
            assert status == 200 and len(body.splitlines()) == 3
            refused = f"SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/> {{ ?s ?p ?o }} }}"
            status, _, body = request(q(url + "/query", refused), "text/csv")
            assert status == 403 and b"allowed (--federate)" in body
            assert not _connected(listener)
        finally:
            stop(proxy)


def test_load_in_an_update_is_refused(listener):
    with OxigraphServer(None, read_only=False) as writable:
        proxy, url = serving(SparqlProxy(writable.query_url, limit=10, upstream=writable.url))
        try:
            update = f"LOAD <http://127.0.0.1:{listener.getsockname()[1]}/data.ttl>"
            status, _, body = request(url + "/update", None, "POST", update.encode(), "application/sparql-update")
            assert status == 403 and b"LOAD" in body
            assert not _connected(listener)
        finally:
            stop(proxy)


def test_timeout_stops_the_query_and_frees_the_engine(location):
    with OxigraphServer(location, read_only=True, timeout_s=600) as server:
        first = server.process.pid
        proxy, url = serving(SparqlProxy(server.query_url, limit=10, upstream=server.url, timeout=2,
                                         on_timeout=server.restart))
        try:
            status, _, body = request(q(url + "/query", SLOW), "text/csv", timeout=120)
            assert status == 504 and b"was stopped" in body
            assert server.restarts == 1 and server.process.pid != first
            with pytest.raises(ProcessLookupError):  # the process that ran it is gone: no core kept busy
                os.kill(first, 0)
            status, _, body = request(q(url + "/query", ALL + " LIMIT 1"), "text/csv")
            assert status == 200 and len(body.splitlines()) == 2, body
        finally:
            stop(proxy)


@pytest.fixture
def writable():
    with OxigraphServer(None, read_only=False) as server:
        proxy, url = serving(SparqlProxy(server.query_url, limit=10, upstream=server.url))
        yield url
        stop(proxy)


def _count(url) -> int:
    status, _, body = request(q(url + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), "text/csv")
    return int(body.splitlines()[1])


INSERT = b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"


@pytest.mark.parametrize("headers, ctype, data", [
    ({"Origin": "http://evil.example"}, "application/sparql-update", INSERT),
    ({"Origin": "null"}, "application/x-www-form-urlencoded", b"update=" + urllib.parse.quote(INSERT).encode()),
    ({"Sec-Fetch-Site": "cross-site"}, "application/x-www-form-urlencoded",
     b"update=" + urllib.parse.quote(INSERT).encode()),
    ({}, "text/plain", INSERT),
    ({}, "multipart/form-data; boundary=x", INSERT),
])
def test_cross_site_writes_are_refused(writable, headers, ctype, data):
    status, answer_headers, body = request(writable + "/update", None, "POST", data, ctype, headers=headers)
    assert status in (403, 415) and "Access-Control-Allow-Origin" not in answer_headers
    assert _count(writable) == 0


def test_same_origin_and_non_browser_writes_go_through(writable):
    port = urllib.parse.urlsplit(writable).port
    status, headers, _ = request(writable + "/update", None, "POST", INSERT, "application/sparql-update",
                                 headers={"Origin": f"http://127.0.0.1:{port}"})
    assert status == 204 and "Access-Control-Allow-Origin" not in headers
    status, _, _ = request(writable + "/update", None, "POST", b"update=" + urllib.parse.quote(INSERT).encode(),
                           "application/x-www-form-urlencoded")
    assert status == 204 and _count(writable) == 1


def test_cors_preflight_for_writes_is_refused_and_reads_allowed(writable):
    pre = {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    status, headers, _ = request(writable + "/update", method="OPTIONS", headers=pre)
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = request(writable + "/query", method="OPTIONS", headers=pre)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"


def _raw(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize("length", [b"abc", b"-5", b"1e3", b" "])
def test_a_bad_content_length_is_400(oxigraph, tmp_path, length):
    proxy, url = serving(SparqlProxy(oxigraph.query_url, limit=10, upstream=oxigraph.url))
    (tmp_path / "cdkg-site.json").write_text("{}")
    site = make_site_server(tmp_path, port=0, mounts={"sparql": SparqlProxy(oxigraph.query_url, limit=10)})
    start_in_thread(site)
    try:
        for port, path in ((proxy.server_port, b"/query"), (site.server_port, b"/sparql")):
            answer = _raw(port, b"POST " + path + b" HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                          b"Content-Length: " + length + b"\r\n\r\nASK {}")
            assert answer.split(b" ")[1] == b"400", answer[:200]
    finally:
        stop(proxy, site)


def test_a_path_segment_over_255_bytes_is_404_not_500(tmp_path):
    (tmp_path / "cdkg-site.json").write_text("{}")
    site = make_site_server(tmp_path, port=0)
    start_in_thread(site)
    try:
        for segment in ("a" * 300, "é" * 200):
            status, _, _ = request(f"http://127.0.0.1:{site.server_port}/id/city/" + urllib.parse.quote(segment))
            assert status == 404
    finally:
        stop(site)


def test_an_update_at_the_query_endpoint_is_refused(oxigraph):
    proxy, url = serving(SparqlProxy(oxigraph.query_url, limit=10, upstream=oxigraph.url))
    try:
        status, _, body = request(url + "/query", None, "POST", INSERT, "application/sparql-update")
        assert status == 403 and b"/update" in body
    finally:
        stop(proxy)


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            found += [int(p) for p in open(f"/proc/{pid}/task/{task}/children").read().split()]
        except OSError:
            pass
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_engine_ends_with_cdkg_serve_even_when_killed(tmp_path):
    port = free_port()
    code = "import sys; from cdkg.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port), "--store",
                                str(tmp_path / "store"), *[f"--data={f}" for f in fixture_files()]],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout.readline().startswith("cdkg serve:")
        children = _children(process.pid)
        assert children
        process.send_signal(signal.SIGKILL)
        process.wait()
        for _ in range(100):  # the kernel signals the child at once; it may take a moment to exit
            alive = [c for c in children if os.path.exists(f"/proc/{c}") and
                     open(f"/proc/{c}/stat").read().split()[2] != "Z"]
            if not alive:
                break
            time.sleep(0.1)
        assert not alive
    finally:
        if process.poll() is None:
            process.kill()


def test_a_bad_port_is_a_message_and_leaves_no_process():
    done = subprocess.run([sys.executable, "-m", "cdkg.cli", "serve", "--port", "99999"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "99999 is not a port" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_engine_that_stops_is_started_again(tmp_path):
    """A query that crashes the engine must not take the endpoint down for everyone."""
    port = free_port()
    code = "import sys; from cdkg.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port), "--store",
                                str(tmp_path / "store"), *[f"--data={f}" for f in fixture_files()]],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().startswith("cdkg serve:")
        first = _children(process.pid)
        os.kill(first[0], signal.SIGKILL)  # as a crash would end it
        url = f"http://127.0.0.1:{port}/query"
        for _ in range(100):
            status, _, body = request(q(url, ALL + " LIMIT 1"), "text/csv")
            if status == 200:
                break
            time.sleep(0.1)
        assert status == 200 and len(body.splitlines()) == 2
        assert _children(process.pid) and _children(process.pid) != first
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert "starting it again" in process.stderr.read()
