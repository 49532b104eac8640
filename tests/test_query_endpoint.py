"""A real `oxigraph serve` on 127.0.0.1: the same library answers through `--endpoint`,
`cdkg load` by SPARQL Update and by the Graph Store Protocol, the protocol's features, and
clear errors when an endpoint is down, slow or refuses."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from cdkg.cli import main as cli
from cdkg.core.errors import CdkgError
from cdkg.query import QueryLibrary, run
from cdkg.core.settings import Settings
from cdkg.store import GraphStore, load_remote, open_store
from cdkg.store.server import OxigraphServer, free_port
from query_support import fixture_files, fixture_store, normalise as _normalise

LIBRARY = QueryLibrary(Settings().queries_dir)




@pytest.fixture(scope="module")
def local():
    return fixture_store()


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    store = open_store(data=fixture_files(), persist=folder)
    location = store.path
    del store
    with OxigraphServer(location, read_only=True, timeout_s=10) as server:
        yield server


@pytest.fixture(scope="module")
def loaded_server(local):
    """An empty read-write server filled by `load_remote` (SPARQL Update in small batches)."""
    with OxigraphServer(None, read_only=False) as server:
        requests = load_remote(local, server.update_url, batch=40)
        assert requests > 1
        yield server


@pytest.mark.parametrize("query", LIBRARY.queries, ids=lambda q: q.id)
def test_library_answers_the_same_on_the_endpoint(query, local, read_only_server, loaded_server):
    params = query.example_bindings()
    expected = run(query.text, store=local, params=params, declared=query.params)
    for server in (read_only_server, loaded_server):
        remote = run(query.text, endpoint=server.query_url, params=params, declared=query.params)
        assert remote.kind == expected.kind
        assert _normalise(remote.compact_rows()) == _normalise(expected.compact_rows())


def test_gsp_load_keeps_named_graphs(local):
    with OxigraphServer(None, read_only=False) as server:
        load_remote(local, server.store_url, protocol="gsp")
        result = run("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=server.query_url)
        assert result.compact_rows() == [(str(len(local.graphs())),)]
        load_remote(local, server.store_url, protocol="gsp", replace=True)  # PUT replaces: no duplicates
        count = run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=server.query_url)
        named = sum(1 for q in local.oxigraph.quads_for_pattern(None, None, None, None) if q.graph_name.__class__.__name__ != "DefaultGraph")
        assert count.compact_rows() == [(str(named),)]


def test_cli_load_then_query(capsys):
    with OxigraphServer(None, read_only=False) as server:
        data = [f"--data={f}" for f in fixture_files()]
        assert cli(["load", "--endpoint", server.update_url, *data]) == 0
        assert "quads sent" in capsys.readouterr().out
        code = cli(["query", "network_sponsors", "--endpoint", server.query_url, "-f", "csv"])
        out = capsys.readouterr().out
        assert code == 0 and "rockefeller-foundation" in out


def _get(url, accept):
    request = urllib.request.Request(url, headers={"Accept": accept, "Origin": "http://example.org"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def test_protocol_get_post_accept_and_cors(read_only_server):
    query = "SELECT ?l WHERE { <https://w3id.org/cdkg/id/city/oslo> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    url = read_only_server.query_url + "?" + urllib.parse.urlencode({"query": query})
    headers, body = _get(url, "text/csv")
    assert body.splitlines() == ["l", "Oslo"]
    assert headers.get("Access-Control-Allow-Origin")
    headers, body = _get(url, "application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["l"]["xml:lang"] == "en"
    request = urllib.request.Request(read_only_server.query_url, data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.read().decode().splitlines()[1] == '"Oslo"@en'


def test_read_only_endpoint_refuses_updates(read_only_server):
    request = urllib.request.Request(read_only_server.update_url, data=b"INSERT DATA { <a:b> <a:c> <a:d> }",
                                     method="POST", headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 403
    with pytest.raises(CdkgError, match="HTTP 403 Forbidden: The server is read-only"):
        load_remote(GraphStore.from_files(fixture_files()), read_only_server.update_url)


def test_cli_query_refuses_an_update():
    with pytest.raises(CdkgError, match="SPARQL Update"):
        run("INSERT DATA { <a:b> <a:c> <a:d> }", endpoint="http://127.0.0.1:9/query")


def test_update_words_in_comments_do_not_make_a_query_an_update(local, read_only_server):
    # SPARQLWrapper takes the first keyword it finds, and its comment filter skips every second
    # line of a comment block
    text = ("# title: which networks\n# note: copy of a question to add\n# tags: load, insert\n"
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/cdkg/ontology#CityNetwork> }\n")
    remote = run(text, endpoint=read_only_server.query_url)
    assert remote.kind == "select"
    assert remote.compact_rows() == run(text, store=local).compact_rows()


def test_endpoint_down_gives_a_clear_error(capsys):
    url = f"http://127.0.0.1:{free_port()}/query"
    code = cli(["query", "networks_by_founding_year", "--endpoint", url])
    err = capsys.readouterr().err
    assert code == 1 and "cannot reach the endpoint" in err and "Traceback" not in err


def test_endpoint_error_answer_is_reported(read_only_server, capsys):
    with pytest.raises(CdkgError, match="refused the query|HTTP 400"):
        run("SELECT * WHERE { ?s ?p }", endpoint=read_only_server.query_url)


def test_slow_endpoint_times_out():
    # A socket that accepts connections and never answers.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    port = sock.getsockname()[1]
    try:
        with pytest.raises(CdkgError, match="did not answer within 1 s"):
            run("ASK {}", endpoint=f"http://127.0.0.1:{port}/query", timeout=1)
    finally:
        sock.close()


def test_serve_command_starts_a_read_only_endpoint_with_the_editor(tmp_path):
    port = free_port()
    data = [f"--data={f}" for f in fixture_files()]
    code = "import sys; from cdkg.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--store", str(tmp_path / "store"), *data],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(4)]
        assert "read-only" in lines[0], lines
        headers, body = _get(f"http://127.0.0.1:{port}/query?query=ASK%7B%3Fs%20a%20%3Chttps%3A%2F%2Fw3id.org%2Fcdkg%2Fontology%23City%3E%7D",
                             "application/sparql-results+json")
        assert json.loads(body)["boolean"] is True
        editor = (tmp_path / "store" / "editor.html").read_text()
        assert "city_networks_functions" in editor and f"127.0.0.1:{port}/yasgui.min.js" in editor
    finally:
        process.terminate()
        process.wait(timeout=10)
