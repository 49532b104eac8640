"""Property-based fuzzing (Hypothesis) of the SPARQL entry points, the importers and the HTTP
servers: no unhandled exception, no 5xx. A fixed, small budget here (profile ``ci``: 40
examples each, no deadline, derandomised so CI is repeatable); ``CDKG_FUZZ_PROFILE=long`` for
more, and ``benchmarks/bench_hardening.py`` for the 10,000-query / 5,000-row runs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdkg.publish import make_site_server
from cdkg.store import open_store
from cdkg.store.proxy import SparqlProxy, make_wsgi_server, start_in_thread
from cdkg.store.server import OxigraphServer
from fuzzing import (HEADERS, METHODS, PARAM_VALUES, PATHS, QUERIES, ROWS, check_http, check_import, check_param,
                     check_query_text, check_rows)
from query_support import fixture_files, fixture_store

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("CDKG_FUZZ_PROFILE", "ci"))

STORE = fixture_store()


@given(QUERIES)
def test_fuzz_sparql_text(text):
    check_query_text(STORE, text)


@given(PARAM_VALUES)
def test_fuzz_param_values(value):
    check_param(STORE, value)


@given(ROWS)
def test_fuzz_csv_rows(rows):
    with tempfile.TemporaryDirectory() as tmp:
        check_rows(Path(tmp), rows)


@pytest.fixture(scope="module")
def import_session(tmp_path_factory):
    from test_importers import GRAPH
    from cdkg.core.settings import Settings
    from cdkg.importers import open_session

    out = tmp_path_factory.mktemp("imports")
    return lambda: open_session("fuzz.csv", "fuzz", out, Settings(), graph=GRAPH, gazetteer_population=None)


@settings(max_examples=15)
@given(ROWS)
def test_fuzz_membership_import(import_session, rows):
    with tempfile.TemporaryDirectory() as tmp:
        check_import(Path(tmp), import_session, rows)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    store = open_store(data=fixture_files(), persist=tmp_path_factory.mktemp("store"))
    location = store.path
    del store
    site_folder = tmp_path_factory.mktemp("site")
    (site_folder / "cdkg-site.json").write_text("{}")
    (site_folder / "index.html").write_text("home")
    with OxigraphServer(location, read_only=True, timeout_s=10) as engine:
        proxy = make_wsgi_server(SparqlProxy(engine.query_url, limit=20, timeout=10, upstream=engine.url,
                                             on_timeout=engine.restart))
        site = make_site_server(site_folder, port=0, mounts={"sparql": SparqlProxy(engine.query_url, limit=20,
                                                                                   timeout=10)})
        for server in (proxy, site):
            start_in_thread(server)
        yield [proxy.server_port, site.server_port]
        for server in (proxy, site):
            server.shutdown()
            server.server_close()


@settings(max_examples=60)
@given(METHODS, PATHS, st.one_of(st.none(), QUERIES), HEADERS, st.binary(max_size=64), st.integers(0, 1))
def test_fuzz_http_servers(servers, method, path, query, headers, body, which):
    check_http(servers[which], method, path, query, headers, body)
