"""Names in any language, on the command line: a place, network, function or country may be
named by any label (English, Danish, alternate), slug or IRI, case and accents aside; a name that
matches nothing is an error that suggests the nearest names, never an empty answer."""

from __future__ import annotations

import pytest

from conftest import run_cli


@pytest.fixture(scope="module")
def nq(built):
    return str(built.written[0].parent / "cdkg.nq")


def test_ego_by_its_danish_name(nq, tmp_path):
    done = run_cli("view", "-i", nq, "-p", "comembership", "--ego", "København", "-o", str(tmp_path / "ego.html"))
    assert done.returncode == 0, done.stderr
    english = run_cli("view", "-i", nq, "-p", "comembership", "--ego", "copenhagen", "-o", str(tmp_path / "en.html"))
    shown = lambda d: d.stderr.rsplit("(", 1)[-1]   # "(N nodes, M edges)"
    assert shown(done) == shown(english) and "nodes" in shown(done)


def test_param_by_a_lower_case_danish_name(nq):
    danish = run_cli("query", "city_networks_functions", "--param", "city=københavn", "--data", nq, "-f", "csv")
    slug = run_cli("query", "city_networks_functions", "--param", "city=copenhagen", "--data", nq, "-f", "csv")
    assert danish.returncode == 0, danish.stderr
    assert danish.stdout == slug.stdout and "C40" in danish.stdout


def test_country_by_its_danish_name(nq, tmp_path):
    danish = run_cli("analyze", "-i", nq, "-p", "comembership", "--country", "Danmark", "-o", str(tmp_path / "a"))
    code = run_cli("analyze", "-i", nq, "-p", "comembership", "--country", "DK", "-o", str(tmp_path / "b"))
    assert danish.returncode == 0, danish.stderr
    assert danish.stdout == code.stdout and "Copenhagen" in danish.stdout and "Oslo" not in danish.stdout


@pytest.mark.parametrize("args", [
    ("view", "-p", "comembership", "--ego", "copenhgen"),
    ("query", "city_networks_functions", "--param", "city=copenhgen"),
    ("analyze", "-p", "bipartite", "--network", "eurocites"),
    ("analyze", "-p", "comembership", "--country", "Danmrak"),
])
def test_a_typo_is_an_error_with_a_suggestion(nq, tmp_path, args):
    source = ["--data", nq] if args[0] == "query" else ["-i", nq, "-o", str(tmp_path / "x")]
    done = run_cli(*args, *source)
    assert done.returncode != 0 and done.stdout == ""
    expected = {"copenhgen": "Copenhagen", "eurocites": "Eurocities", "Danmrak": "Danmark"}[args[-1].split("=")[-1]]
    assert "did you mean:" in done.stderr and expected in done.stderr.split("did you mean:")[1].split("?")[0]
    assert "Traceback" not in done.stderr


def test_python_api_takes_names_and_what_the_cli_produces(built, nq):
    from cdkg.analysis import analyze, project
    from cdkg.store import open_store
    from cdkg.views import ego

    store = open_store(data=[nq])
    by_store = project(store, "comembership", country="danmark")
    by_file = project(nq, "comembership", country="Danmark")
    by_build = project(built, "comembership", country="DK")
    by_dataset = project(store.rdflib(), "comembership", country="Denmark")
    assert set(by_store) == set(by_file) == set(by_build) == set(by_dataset) and len(by_store) > 1
    assert ego(by_store, "KØBENHAVN").graph["ego"] == "Copenhagen"
    assert analyze(nq, ["degree"], projection="bipartite").values["degree"]
