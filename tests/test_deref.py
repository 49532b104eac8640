"""The published site over HTTP: `cdkg serve --site` runs in its own process on 127.0.0.1, and
the tests dereference the IRIs the data itself names (the site is published under a base at the
server's address), follow 303 redirects by Accept header, fetch pages, data and dumps, query the
endpoint at /sparql with SPARQLWrapper, get 404 pages that link home, and open a resource IRI in
a real headless Chromium. `cdkg publish --serve` serves a site alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pyoxigraph as ox
import pytest
from pyld import jsonld

from _publishing import FIXTURE, chromium_dom, fixture_project, free_port, http_loader, need_tool


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_plain = urllib.request.build_opener(NoRedirect)


def fetch(url: str, accept: str | None = None, method: str = "GET", follow: bool = False):
    """(status, headers, body) of one request; redirects are not followed unless asked."""
    request = urllib.request.Request(url, method=method, headers={"Accept": accept} if accept else {})
    opener = urllib.request.build_opener() if follow else _plain
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def start(command: list[str], env: dict, url: str, wait: float = 300):
    """Start a long-running `cdkg` command and wait until ``url`` answers."""
    process = subprocess.Popen([sys.executable, "-m", "cdkg.cli", *command], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + wait
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"cdkg {command[0]} stopped: {process.stderr.read()[-3000:]}")
        try:
            fetch(url)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail(f"cdkg {command[0]} did not start")


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_cdkg(*args, env) -> None:
    done = subprocess.run([sys.executable, "-m", "cdkg.cli", *args], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`cdkg serve --site`: the SPARQL endpoint and the published site, with resource IRIs minted
    under the site's own address (so the IRIs in the data dereference on this machine)."""
    port, sparql_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}/"
    project = fixture_project(tmp_path_factory.mktemp("project"))
    env = dict(os.environ, CDKG_HOME=str(project))
    run_cdkg("build", "--base", base, "--no-source-check", "-q", env=env)
    run_cdkg("publish", "--from-output", "--base", base, "--date", "2026-11-22", "--analysis",
             str(FIXTURE / "analysis.ttl"), "-q", env=env)
    process = start(["serve", "--port", str(sparql_port), "--site", "--site-port", str(port)], env, base)
    yield {"base": base, "site": project / "site", "port": port}
    stop(process)


def iri(server, path: str) -> str:
    return server["base"] + "id/" + path


def test_browsers_get_the_page_by_303(server):
    url = iri(server, "government/aarhus")
    status, headers, _ = fetch(url, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert status == 303
    assert headers["Location"] == url + ".html"
    assert "Accept" in headers["Vary"]
    status, headers, body = fetch(url, "text/html", follow=True)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Aarhus Kommune" in body.decode("utf-8")


@pytest.mark.parametrize("accept, extension, fmt", [
    ("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", "jsonld", None),
    ("text/html;q=0.1, text/turtle", "ttl", ox.RdfFormat.TURTLE),
])
def test_linked_data_clients_get_the_data_they_ask_for(server, accept, extension, fmt):
    url = iri(server, "government/aarhus")
    status, headers, _ = fetch(url, accept)
    assert status == 303 and headers["Location"] == f"{url}.{extension}"
    status, headers, body = fetch(headers["Location"], accept)
    assert status == 200
    governs = (url, "https://w3id.org/cdkg/ontology#governs",
               iri(server, "city/aarhus"))
    if fmt is not None:
        triples = {(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(body, format=fmt)}
    else:
        assert headers["Content-Type"] == "application/ld+json"
        expanded = jsonld.expand(json.loads(body), {"documentLoader": http_loader})
        nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
        triples = {(q.subject.value, q.predicate.value, q.object.value)
                   for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}
    assert governs in triples


def test_every_iri_in_the_data_dereferences(server):
    """Take the IRIs the Turtle dump names under the base; each answers with its page and data."""
    status, _, body = fetch(server["base"] + "dumps/cdkg.ttl")
    assert status == 200
    names = {t.value for q in ox.parse(body, format=ox.RdfFormat.TURTLE) for t in (q.subject, q.object)
             if isinstance(t, ox.NamedNode) and t.value.startswith(server["base"] + "id/")}
    subjects = {q.subject.value for q in ox.parse(body, format=ox.RdfFormat.TURTLE) if isinstance(q.subject, ox.NamedNode)}
    assert len(names & subjects) > 50
    for name in sorted(names & subjects):
        status, headers, _ = fetch(name, "text/turtle")
        assert status == 303, name
        status, _, data = fetch(headers["Location"])
        assert status == 200, name
        assert any(q.subject.value == name for q in ox.parse(data, format=ox.RdfFormat.TURTLE)), name


def test_the_ontology_and_the_void_description_dereference(server):
    status, headers, _ = fetch(server["base"] + "ontology", "application/rdf+xml")
    assert status == 303 and headers["Location"].endswith("/ontology.rdf")
    status, headers, body = fetch(headers["Location"])
    assert status == 200 and headers["Content-Type"] == "application/rdf+xml"
    assert len(list(ox.parse(body, format=ox.RdfFormat.RDF_XML))) > 1000
    status, headers, _ = fetch(server["base"] + "ontology", "text/html")
    assert headers["Location"].endswith("/ontology.html")
    status, headers, _ = fetch(server["base"] + ".well-known/void")
    assert status == 303 and headers["Location"].endswith("/void.ttl")
    status, headers, body = fetch(headers["Location"])
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    void = {(q.predicate.value, q.object.value) for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert ("http://rdfs.org/ns/void#sparqlEndpoint", server["base"] + "sparql") in void


def test_dumps_and_the_context_are_served_with_their_media_types(server):
    for path, media in (("dumps/cdkg.nq", "application/n-quads"), ("dumps/cdkg.trig", "application/trig"),
                        ("context.jsonld", "application/ld+json"), ("dcat.ttl", "text/turtle; charset=utf-8")):
        status, headers, body = fetch(server["base"] + path)
        assert status == 200 and headers["Content-Type"] == media and body, path
    # the JSON-LD dump refers to the context at the base, which this server answers
    status, _, body = fetch(server["base"] + "dumps/cdkg.jsonld")
    dump = json.loads(body)
    assert dump["@context"] == server["base"] + "context.jsonld"
    expanded = jsonld.expand(dump, {"documentLoader": http_loader})
    assert any(node.get("@id") == iri(server, "city/copenhagen") for node in expanded)


def test_unacceptable_and_unknown_requests(server):
    status, headers, body = fetch(iri(server, "government/aarhus"), "image/png")
    assert status == 406 and b"text/turtle" in body
    status, headers, body = fetch(iri(server, "city/atlantis"), "text/html")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert f'<base href="{server["base"]}">' in page
    assert 'id="home" href="index.html"' in page and "city/atlantis" in page
    status, _, _ = fetch(server["base"] + "../../../etc/passwd")
    assert status == 404
    status, _, _ = fetch(server["base"] + ".htaccess")
    assert status == 404
    status, headers, body = fetch(iri(server, "government/aarhus.html"), method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    status, _, _ = fetch(iri(server, "government/aarhus.html"), method="POST")
    assert status == 405


def test_a_resource_iri_opens_as_a_page_in_headless_chromium(server):
    need_tool("chromium")
    dom = chromium_dom(iri(server, "government/aarhus"))
    assert '<h1 id="label">Aarhus Municipality<span class="da" lang="da" id="label-da">Aarhus Kommune</span></h1>' in dom
    assert "degree centrality" in dom and "001: lines 10–12" in dom
    assert 'type="application/ld+json"' in dom
    dom = chromium_dom(iri(server, "city/atlantis"))
    assert "Not found" in dom and 'id="home"' in dom


def test_the_endpoint_answers_at_sparql_on_the_same_address(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server["base"] + "sparql")
    client.setReturnFormat(JSON)
    client.setQuery(f"""PREFIX cdkg: <https://w3id.org/cdkg/ontology#>
        SELECT ?g ?start ?end WHERE {{
          GRAPH ?g {{ <{iri(server, "government/aarhus")}> cdkg:governs ?city }}
          ?g cdkg:startLine ?start ; cdkg:endLine ?end .
        }}""")
    rows = client.query().convert()["results"]["bindings"]
    assert [(r["g"]["value"], r["start"]["value"], r["end"]["value"]) for r in rows] == [
        (iri(server, "source/001/L10-12"), "10", "12")]
    # the graph a query names is a resource of the site too
    status, headers, _ = fetch(rows[0]["g"]["value"], "text/turtle")
    assert status == 303 and headers["Location"].endswith("/L10-12.ttl")


def test_publish_serve_serves_a_site_alone(tmp_path):
    port = free_port()
    project = fixture_project(tmp_path / "project")
    env = dict(os.environ, CDKG_HOME=str(project))
    process = start(["publish", "--no-source-check", "--date", "2026-11-22", "--output", str(tmp_path / "site"),
                     "--serve", "--port", str(port), "-q"], env, f"http://127.0.0.1:{port}/")
    try:
        status, headers, _ = fetch(f"http://127.0.0.1:{port}/id/city/aarhus", "application/ld+json")
        assert status == 303 and headers["Location"].endswith("/id/city/aarhus.jsonld")
        status, _, body = fetch(f"http://127.0.0.1:{port}/id/city/aarhus.jsonld")
        doc = json.loads(body)
        assert any(node.get("@id") == "https://w3id.org/cdkg/id/city/aarhus" for node in jsonld.expand(doc))
    finally:
        stop(process)


def test_serve_refuses_a_folder_that_is_not_a_site(tmp_path):
    project = fixture_project(tmp_path / "project")
    env = dict(os.environ, CDKG_HOME=str(project))
    run_cdkg("build", "--no-source-check", "-q", env=env)
    (tmp_path / "plain").mkdir()
    done = subprocess.run([sys.executable, "-m", "cdkg.cli", "serve", "--port", str(free_port()), "--site",
                           str(tmp_path / "plain"), "--site-port", str(free_port())],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "not a site written by `cdkg publish`" in done.stderr
    assert "Traceback" not in done.stderr
