"""The live Wikidata path, against a real `oxigraph serve` on 127.0.0.1 loaded with a small
fixture shaped like Wikidata's RDF."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest

from cdkg.cli import main

FIX = Path(__file__).parent / "fixtures" / "importers"
GRAPH = FIX / "graph" / "cities.trig"


def _oxigraph() -> str | None:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    return found if Path(found).exists() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    binary = _oxigraph()
    if binary is None:
        pytest.skip("the oxigraph server binary (PyPI package 'oxigraph') is not installed")
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(FIX / "wikidata_fixture.ttl")],
                   check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _store(path: Path) -> pyoxigraph.Store:
    st = pyoxigraph.Store()
    st.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
    return st


def test_live_twins_and_memberships(endpoint, tmp_path, capsys):
    out = tmp_path / "imports"
    args = ["import", "wikidata", "--endpoint", endpoint, "--twins-of", "Q25319", "--twins-of", "Q42956",
            "--network", "Q1378375", "--graph", str(GRAPH), "--out", str(out)]
    assert main(args) == 0
    trig = out / "wikidata.trig"
    st = _store(trig)
    pre = ("PREFIX cdkg: <https://w3id.org/cdkg/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
           "PREFIX gov: <https://w3id.org/cdkg/id/government/> PREFIX dcterms: <http://purl.org/dc/terms/> ")
    twins = list(st.query(pre + "SELECT DISTINCT ?p { GRAPH ?g { ?p a cdkg:Twinning ; cdkg:partner gov:aarhus } }"))
    assert len(twins) == 2  # Harbin (claimed both ways) and Oslo: one node per pair
    members = {r[0].value.rsplit("/", 1)[-1] for r in st.query(
        pre + "SELECT ?g { GRAPH ?x { ?m a org:Membership ; org:member ?g } }")}
    assert {"copenhagen", "aarhus"} <= members
    assert bool(st.query(pre + "ASK { GRAPH ?x { ?m org:member gov:copenhagen ; cdkg:startYear ?y FILTER(str(?y) = '1991') } }"))
    sources = {r[0].value for r in st.query(pre + "SELECT DISTINCT ?s { GRAPH ?c { ?g a cdkg:Citation ; dcterms:source ?s ; cdkg:sourceItem ?i } }")}
    assert sources == {endpoint}
    before = trig.read_bytes()
    assert main(args) == 0
    assert trig.read_bytes() == before
    assert "unchanged" in capsys.readouterr().out


def test_bad_query_target_is_a_clear_error(endpoint, tmp_path, capsys):
    code = main(["import", "wikidata", "--endpoint", endpoint.replace("/query", "/nothing-here"),
                 "--twins-of", "Q25319", "--graph", str(GRAPH), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "HTTP 404" in err and "Traceback" not in err
