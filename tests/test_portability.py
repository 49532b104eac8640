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
from cdkg.store import GraphStore
from cdkg.store.server import OxigraphServer
from cdkg.store.upload import upload
from query_support import curated_store, normalise

LIBRARY = QueryLibrary(Settings().queries_dir)
READS = [q for q in LIBRARY.queries if q.params or "CONSTRUCT" not in q.text.upper().split("WHERE")[0]]


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


def _rows(result):
    return normalise(result.compact_rows())


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
