"""The query library is portable: every SELECT/ASK query gives the same rows on the embedded
store, on a real Oxigraph server (``--union-default-graph``) and on a real Virtuoso 7 (the
CONSTRUCT query too, as triples), all on
127.0.0.1 over the curated graph. Virtuoso is loaded by ``cdkg load``'s loader as the ``dba``
user with HTTP Digest authentication (the anonymous SPARQL user is granted nothing)."""

from __future__ import annotations

import os
import shutil

import pytest

from cdkg.core.settings import Settings
from cdkg.query import QueryLibrary, run
from cdkg.query.library import parse_query_file
from cdkg.store import GraphStore
from cdkg.store.server import OxigraphServer
from cdkg.store.upload import upload
from conftest import run_cli
from query_support import curated_store, normalise

LIBRARY = QueryLibrary(Settings().queries_dir)


def need_virtuoso():
    if shutil.which("virtuoso-t") is None:
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is missing in CI (.ci/install-system-deps.sh installs it)")
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")


@pytest.fixture(scope="module")
def curated():
    return curated_store()


class _Stop(Exception):
    pass


def _count(url: str) -> int:
    """Quads in the cdkg graphs of a store, asked as the anonymous user."""
    text = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/cdkg/")) }"""
    return int(run(text, endpoint=url).compact_rows()[0][0])


@pytest.fixture(scope="module")
def virtuoso(curated, tmp_path_factory):
    """A Virtuoso filled as a publisher would: `cdkg load` with no credentials is refused; a load
    as dba (Digest, from the environment) stopped after a few batches; `cdkg load` run again
    resumes it. What happened is kept in ``server.events``."""
    need_virtuoso()
    from cdkg.store.virtuoso import VirtuosoServer

    work = tmp_path_factory.mktemp("load")
    data, journal, empty = work / "cdkg.nq", work / "load.journal", work / "netrc"
    curated.dump(data)
    empty.write_text("machine example.org login someone password other\n")
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        events = {}
        args = ["load", "--endpoint", server.update_url, "--data", str(data), "--journal", str(journal), "--batch", "500"]
        events["no credentials"] = run_cli(*args, "--netrc", str(empty))
        seen = []

        def stop_after_five(done, total, quads):
            seen.append(done)
            if len(seen) == 5:
                raise _Stop

        os.environ["CDKG_TEST_VIRTUOSO_AUTH"] = "dba:dba"
        with pytest.raises(_Stop):
            upload(curated, server.update_url, auth_env="CDKG_TEST_VIRTUOSO_AUTH", batch=500, journal=journal,
                   progress=stop_after_five)
        events["after the interruption"] = _count(server.query_url)
        events["batches done"] = sum('"done"' in line for line in journal.read_text().splitlines())
        os.environ["CDKG_ENDPOINT_AUTH"] = "dba:dba"
        try:
            events["resumed"] = run_cli(*args)
        finally:
            del os.environ["CDKG_ENDPOINT_AUTH"]
        events["quads"] = _count(server.query_url)
        server.events = events
        yield server


@pytest.fixture(scope="module")
def oxigraph(curated, tmp_path_factory):
    saved = GraphStore(tmp_path_factory.mktemp("oxigraph") / "db")
    saved.oxigraph.extend(curated.oxigraph.quads_for_pattern(None, None, None, None))
    saved.flush()
    location = saved.path
    del saved
    with OxigraphServer(location, read_only=True, union_default_graph=True) as server:
        yield server


def _cell(cell: str) -> str:
    """Engine differences that are not differences of answer: Virtuoso writes a double with six
    significant digits (``0.357143``, ``1.0``), and a GROUP_CONCAT with no members as ``""``
    where Oxigraph leaves it unbound (an empty set either way)."""
    if cell == '""':
        return ""
    if cell.endswith("^^xsd:double"):
        value = float(cell.split('"')[1])
        return f"{value:.6g}^^xsd:double"
    return cell


def _rows(result):
    return normalise([tuple(_cell(c) for c in row) for row in result.compact_rows()])


@pytest.mark.parametrize("query", LIBRARY.queries, ids=lambda q: q.id)
def test_same_rows_on_every_engine(query, curated, oxigraph, virtuoso):
    params = query.example_bindings()
    expected = run(query.text, store=curated, params=params, declared=query.params)
    for name, server in (("oxigraph", oxigraph), ("virtuoso", virtuoso)):
        remote = run(query.text, endpoint=server.query_url, params=params, declared=query.params, timeout=120)
        assert remote.kind == expected.kind, name
        assert _rows(remote) == _rows(expected), f"{query.id} differs on {name}"


def test_kind_hierarchies_are_one_level_deep(curated):
    """Queries 005, 012 and 024 read the kinds under cdkg:Partnership and cdkg:Event as the
    class or a direct subclass (see their headers): true while no kind has a subclass."""
    deeper = run("""SELECT ?sub ?kind WHERE { VALUES ?top { cdkg:Partnership cdkg:Event }
                    ?kind rdfs:subClassOf ?top . ?sub rdfs:subClassOf ?kind FILTER(?sub != ?kind) }""", store=curated)
    assert deeper.compact_rows() == []


GENERAL = sorted((Settings().queries_dir / "general").glob("*.rq"))


@pytest.mark.parametrize("path", GENERAL, ids=lambda p: p.stem)
def test_general_form_gives_the_same_rows(path, curated):
    """Each query that reads the summary graph (or the written-back ties) has a slow, fully
    general form beside it, which counts at every call: both give the same rows."""
    fast = LIBRARY.get(path.stem)
    general = parse_query_file(path)
    assert general.columns == fast.columns or fast.number == "004"  # 004's general form names the networks
    want = run(general.text, store=curated).compact_rows()
    if fast.number == "004":  # the ties of the co-membership projection are the pairs of cities
        pairs = {(r[0], r[2]): r[4] for r in run(fast.text, store=curated).compact_rows()}
        assert len(pairs) == len(run(fast.text, store=curated).compact_rows())  # one projection here
        assert pairs  # the curated graph has a written-back SDSM backbone (query_support)
        governed = {r[0]: r[1] for r in run("SELECT ?g ?c WHERE { ?g cdkg:governs ?c }", store=curated).compact_rows()}
        by_city = {}
        for a, _, b, _, shared, _ in want:
            key = tuple(sorted((governed.get(a, a), governed.get(b, b))))
            by_city[key] = max(by_city.get(key, "0"), shared, key=int)
        for (a, b), shared in pairs.items():
            assert int(shared) >= int(by_city.get((a, b), "0")) and (a, b) in by_city
        return
    assert normalise(run(fast.text, store=curated).compact_rows()) == normalise(want)


def test_cli_lists_the_same_formats_as_the_results():
    from cdkg.cli.query import FORMATS as listed
    from cdkg.query.results import FORMATS

    assert listed == FORMATS


def test_load_without_credentials_is_refused_clearly(virtuoso):
    done = virtuoso.events["no credentials"]
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "401 Unauthorized: set CDKG_ENDPOINT_AUTH=user:password" in done.stderr


def test_an_interrupted_load_resumes_to_exactly_the_built_quads(curated, virtuoso):
    """Virtuoso's default dba user, Digest authentication on /sparql-auth; nothing granted to the
    anonymous SPARQL user. The re-run sends only what the journal does not list, and the store
    ends with exactly the graph's quads (Virtuoso counts them, the loader checks the count)."""
    assert 0 < virtuoso.events["after the interruption"] < len(curated)
    resumed = virtuoso.events["resumed"]
    assert resumed.returncode == 0, resumed.stderr
    done = virtuoso.events["batches done"]
    assert done > 5  # small graphs go several to a request
    assert f"{done} batch(es) already loaded before" in resumed.stdout and "counted there" in resumed.stdout
    assert virtuoso.events["quads"] == len(curated)


def test_the_anonymous_user_cannot_write(virtuoso):
    import httpx

    answer = httpx.post(virtuoso.query_url, data={"query": "INSERT DATA { GRAPH <https://w3id.org/cdkg/x> { <a:b> <a:c> <a:d> } }"})
    assert answer.status_code >= 400


def test_blank_node_graphs_and_replace_leave_no_duplicates(tmp_path):
    """A graph with blank nodes is one batch; when the journal says an earlier run began it (and
    may have sent it), it is cleared and sent again; --replace clears each graph once."""
    store = GraphStore()
    store.load_data('_:a <https://ex.org/p> "1" <https://ex.org/g1> .\n'
                    '<https://ex.org/b> <https://ex.org/p> "2" <https://ex.org/g2> .\n'
                    '<https://ex.org/c> <https://ex.org/p> "3" <https://ex.org/g2> .\n')
    journal = tmp_path / "j"
    with OxigraphServer(None, read_only=False) as server:
        sent = []

        def crash_after_first(done, total, quads):
            sent.append(done)
            raise _Stop

        with pytest.raises(_Stop):  # g1 sent, then stopped before the journal marked it done
            upload(store, server.update_url, journal=journal, batch=1, check_url="",
                   progress=crash_after_first)
        journal.write_text("".join(line + "\n" for line in journal.read_text().splitlines() if '"done"' not in line))
        done = upload(store, server.update_url, journal=journal, batch=1)
        assert done["sent"] == 3 and done["checked"]
        done = upload(store, server.update_url, journal=tmp_path / "other", batch=1, replace=True)
        assert done["checked"]
        count = run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=server.query_url)
        assert count.compact_rows() == [("3",)]


def test_query_a_protected_endpoint_with_digest(virtuoso, monkeypatch):
    """`cdkg query --endpoint` on Virtuoso's /sparql-auth: Digest, credentials from the environment."""
    from cdkg.core.errors import CdkgError

    query = LIBRARY.get("network_sponsors")
    with pytest.raises(CdkgError, match="Unauthorized"):
        run(query.text, endpoint=virtuoso.update_url, declared=query.params)
    monkeypatch.setenv("CDKG_ENDPOINT_AUTH", "dba:dba")
    rows = run(query.text, endpoint=virtuoso.update_url, declared=query.params).compact_rows()
    assert any("rockefeller-foundation" in cell for row in rows for cell in row)


def test_a_saved_store_is_reopened_read_only_without_loading(tmp_path):
    """`cdkg query` keeps the built graph in a store on disk; a second open neither reloads nor
    counts it, and several processes may read it at once (read-only opens)."""
    from cdkg.store import open_store

    data = tmp_path / "g.nq"
    data.write_text('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\n')
    first = open_store(data=[data], persist=tmp_path / "db")
    del first
    again, other = (open_store(data=[data], persist=tmp_path / "db") for _ in range(2))
    assert len(again) == len(other) == 1
    with pytest.raises((OSError, RuntimeError)):  # read-only: the open did not load anything into it
        again.oxigraph.add(next(iter(again.oxigraph.quads_for_pattern(None, None, None, None))))


def test_help_imports_no_command_module():
    import subprocess
    import sys

    code = ("import sys, cdkg.cli; cdkg.cli.make_parser(''); "
            "print(sorted(m for m in sys.modules if m.startswith(('cdkg.cli.', 'rdflib', 'pyoxigraph', 'pyshacl'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_batch_too_large_for_the_store_is_sent_in_halves(virtuoso):
    """Virtuoso's SPARQL compiler refuses an INSERT DATA of some thousands of triples ("memory
    exhausted"): the loader sends such a batch again in halves, and the count still matches."""
    graph = "https://example.org/big"
    store = GraphStore()
    store.load_data("".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> <{graph}> .\n'
                            for i in range(12000)))
    os.environ["CDKG_TEST_VIRTUOSO_AUTH"] = "dba:dba"
    done = upload(store, virtuoso.update_url, auth_env="CDKG_TEST_VIRTUOSO_AUTH", batch=12000)
    assert done["batches"] == 1 and done["checked"]
    count = run(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", endpoint=virtuoso.query_url)
    assert count.compact_rows() == [("12000",)]


def test_the_union_default_graph_on_each_engine(curated, oxigraph, virtuoso, tmp_path):
    """The citations are named graphs: a library query reads their union as its default graph.
    Virtuoso does so for a query without FROM; Oxigraph server only with --union-default-graph
    (without it the default graph is empty, and only GRAPH ?g reaches the facts)."""
    query = LIBRARY.get("networks_by_founding_year")
    expected = run(query.text, store=curated).compact_rows()
    assert expected
    for server in (oxigraph, virtuoso):
        assert run(query.text, endpoint=server.query_url).compact_rows() == expected
    saved = GraphStore(tmp_path / "db")
    saved.oxigraph.extend(curated.oxigraph.quads_for_pattern(None, None, None, None))
    saved.flush()
    location = saved.path
    del saved
    with OxigraphServer(location, read_only=True, union_default_graph=False) as plain:
        assert run(query.text, endpoint=plain.query_url).compact_rows() == []
        cities = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a cdkg:City } }"
        assert run(cities, endpoint=plain.query_url).compact_rows() == run(cities, store=curated).compact_rows()
