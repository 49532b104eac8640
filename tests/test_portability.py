"""The query library is portable: every SELECT/ASK query gives the same rows on the embedded
store, on a real Oxigraph server (``--union-default-graph``) and on a real Virtuoso 7, all on
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


@pytest.fixture(scope="module")
def virtuoso(curated, tmp_path_factory):
    need_virtuoso()
    from cdkg.store.virtuoso import VirtuosoServer

    os.environ["CDKG_TEST_VIRTUOSO_AUTH"] = "dba:dba"
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        done = upload(curated, server.update_url, auth_env="CDKG_TEST_VIRTUOSO_AUTH", batch=2000,
                      journal=tmp_path_factory.mktemp("journal") / "load.journal")
        assert done["checked"] and done["sent"] == done["batches"]
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
    if expected.kind not in ("select", "ask"):
        pytest.skip("graph answers (CONSTRUCT/DESCRIBE) are compared by the endpoint tests")
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
    assert general.columns == fast.columns
    want = run(general.text, store=curated).compact_rows()
    if fast.number == "004":  # the ties of the co-membership projection are the pairs of cities
        pairs = {(r[0], r[2]): r[4] for r in run(fast.text, store=curated).compact_rows()}
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
