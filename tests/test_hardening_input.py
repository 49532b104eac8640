"""Hardening of the query entry points: parameters bound as terms (no injection), and every bad
input to `cdkg query`, `cdkg serve` and `cdkg import` refused with a message, never a traceback."""

from __future__ import annotations

import io

import pytest

from cdkg.cli import main
from cdkg.core.errors import CdkgError
from cdkg.query import run
from cdkg.query.params import bind_params, term_for
from query_support import FIXTURE, fixture_store

LABEL = "SELECT ?l WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


@pytest.fixture(scope="module")
def store():
    return fixture_store()


INJECTIONS = [
    "<https://w3id.org/cdkg/id/city/aarhus> <https://w3id.org/cdkg/id/city/oslo>",
    "<https://w3id.org/cdkg/id/city/aarhus> } FILTER(true) {",
    "https://w3id.org/cdkg/id/city/aarhus> } UNION { ?c ?p ?l } #",
    "http://ex.org/a b",
    "<http://ex.org/{x}>",
    "https://ex.org/\"x",
    "<>",
    "<not an iri>",
    "<http://ex.org/a>>",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_an_iri_value_is_one_iri_or_refused(value):
    with pytest.raises(CdkgError, match="--param c: .*not one IRI"):
        bind_params(LABEL, {"c": value})


@pytest.mark.parametrize("value", ['x" } ?c ?p ?l . FILTER("a', "x\\", "line\nbreak", "tab\there", "#", "'", '"""'])
def test_a_literal_value_cannot_change_the_query(store, value):
    bound = bind_params("SELECT ?c WHERE { ?c ?p ?name }", {"name": value})
    assert bound.count("VALUES") == 1
    assert run("SELECT ?c WHERE { ?c ?p ?name }", store=store, params={"name": value}).compact_rows() == []


def test_a_valid_iri_still_binds(store):
    rows = run(LABEL, store=store, params={"c": "<https://w3id.org/cdkg/id/city/aarhus>"}).compact_rows()
    assert rows and all(len(r) == 1 for r in rows)
    assert term_for("https://w3id.org/cdkg/id/city/aarhus") == "<https://w3id.org/cdkg/id/city/aarhus>"


def _cli(capsys, monkeypatch, *argv, stdin="SELECT * WHERE { ?s ?p ?o } LIMIT 1"):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize("argv, stdin, message", [
    (["--limit", "-1"], None, "--limit -1: give a number of rows"),
    (["--endpoint", "localhost:7878"], None, "is not an http(s) URL"),
    (["--endpoint", "http://[::1"], None, "is not a URL"),
    (["--endpoint", "ftp://example.org/sparql"], None, "is not an http(s) URL"),
    ([], "", "the query is empty"),
    ([], "   # just a comment\n", "the query is empty"),
    ([], "INSERT DATA { <a:b> <a:c> <a:d> }", "updates are not run here"),
    ([], "PREFIX ex: <http://ex.org/>\nDELETE WHERE { ?s ?p ?o }", "updates are not run here"),
    ([], "LOAD <http://example.org/x.ttl>", "updates are not run here"),
    ([], "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE call to http://127.0.0.1:9/"),
    (["--param", "c=<http://ex.org/a> <http://ex.org/b>"], LABEL, "not one IRI"),
    (["--param", "novar=1"], LABEL, "has no variable ?novar"),
    (["--param", "justaname"], LABEL, "takes NAME=VALUE"),
])
def test_cdkg_query_bad_input_is_a_message(capsys, monkeypatch, argv, stdin, message):
    code, err = _cli(capsys, monkeypatch, "query", "-", "--data", str(FIXTURE), *argv,
                     **({"stdin": stdin} if stdin is not None else {}))
    assert code != 0 and message in err


def test_store_pointing_at_a_file_is_a_message(capsys, monkeypatch, tmp_path):
    (tmp_path / "file").write_text("x")
    code, err = _cli(capsys, monkeypatch, "query", "-", "--data", str(FIXTURE), "--store", str(tmp_path / "file"))
    assert code != 0 and "is a file, not a folder" in err


def test_an_output_name_over_255_bytes_is_a_message(capsys, monkeypatch, tmp_path):
    code, err = _cli(capsys, monkeypatch, "query", "-", "--data", str(FIXTURE), "--format", "csv",
                     "--output", str(tmp_path / ("a" * 300 + ".csv")))
    assert code != 0 and "over 255 bytes" in err


@pytest.mark.parametrize("flag, value", [("--twins-of", "Q1; DROP"), ("--twins-of", "Berlin"), ("--network", "q")])
def test_a_malformed_wikidata_id_is_a_message(capsys, monkeypatch, tmp_path, flag, value):
    monkeypatch.chdir(tmp_path)
    code, err = _cli(capsys, monkeypatch, "import", "wikidata", flag, value, "--endpoint", "http://127.0.0.1:9/sparql",
                     "--out", str(tmp_path / "imports"))
    assert code != 0 and f"{flag} {value!r} is not a Wikidata id" in err


@pytest.mark.parametrize("argv, message", [
    (["--port", "99999"], "99999 is not a port"),
    (["--port", "http"], "'http' is not a port number"),
    (["--site-port", "-1"], "-1 is not a port"),
])
def test_cdkg_serve_bad_ports_are_messages(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", *argv])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--limit", "-1"], "--limit -1"),
    (["--timeout", "-3"], "--timeout -3"),
    (["--federate", "not a url"], "is not an http(s) URL"),
    (["--store", "FILE"], "is a file, not a folder"),
])
def test_cdkg_serve_bad_options_are_messages(capsys, monkeypatch, tmp_path, argv, message):
    (tmp_path / "FILE").write_text("x")
    argv = [str(tmp_path / "FILE") if a == "FILE" else a for a in argv]
    code, err = _cli(capsys, monkeypatch, "serve", "--data", str(FIXTURE), "--port", "0", *argv)
    assert code == 1 and message in err
