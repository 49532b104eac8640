"""Running queries on the embedded store: hand-checked answers on the tiny fixture graph,
parameters, output formats, DataFrames, the rdflib view, persistence and bad input."""

from __future__ import annotations

import io
import json
import sys

import pytest

from cdkg.cli import main as cli
from cdkg.core.errors import CdkgError, InputError
from cdkg.query import QueryLibrary, run, run_library, query_dataframe
from cdkg.core.settings import Settings
from cdkg.store import GraphStore, open_store
from query_support import FIXTURE, fixture_files, fixture_store


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def test_city_networks_with_emphasised_functions(store):
    rows = run_library("city_networks_functions", store, params={"city": "copenhagen"}).compact_rows()
    assert rows == [
        ("network:100-resilient-cities", '"100 Resilient Cities"@en', "", ""),
        ("network:c40", '"C40"@en', "", ""),
        ("network:eurocities", '"Eurocities"@en', "fn:knowledge-sharing", '"knowledge sharing"@en'),
        ("network:greater-copenhagen", '"Greater Copenhagen"@en', "", ""),
    ]


def test_co_membership_counts_shared_networks(store):
    general = Settings().queries_dir / "general" / "004_co_membership.rq"  # the library's 004 reads ties
    rows = run(general.read_text(encoding="utf-8"), store=store).compact_rows()
    pairs = {(a, b): n for a, _, b, _, n, _ in rows}
    assert pairs == {
        ("gov:aarhus", "gov:copenhagen"): "1",
        ("gov:aarhus", "gov:oslo"): "1",
        ("gov:copenhagen", "gov:oslo"): "1",
        ("gov:copenhagen", "gov:vejle"): "1",
    }


def test_partners_of_a_city_with_kind_themes_and_year(store):
    result = run_library("city_partners", store, params={"city": "aarhus"})
    rows = result.compact_rows()
    assert len(rows) == 1
    partnership, kind, partner, _, year, themes = rows[0]
    assert (partnership, kind, partner, year) == (
        "partnership:aarhus-harbin", "cdkg:Twinning", "gov:harbin", '"1984"^^xsd:gYear')
    assert sorted(json.loads(themes).split(", ")) == ["business and export", "culture"]


def test_events_hosted_uses_the_most_specific_type(store):
    rows = run_library("events_hosted", store).compact_rows()
    assert [(r[0], r[2], r[4], r[6]) for r in rows] == [
        ("gov:copenhagen", "event:c40-summit-2019", "cdkg:Summit", '"2019"^^xsd:gYear')]


def test_disagreeing_editions_are_found_with_their_sources(store):
    rows = run_library("source_disagreements", store).compact_rows()
    assert rows == [("city:copenhagen", "measure:population-growth", "130000", "source:003", "160000", "source:004")]


def test_provenance_of_a_fact(store):
    rows = run_library("fact_provenance", store, params={"subject": "network:100-resilient-cities"}).compact_rows()
    assert ("cdkg:sponsor", "orgn:rockefeller-foundation", "source:001", "20", "25") in rows
    assert {r[2] for r in rows} == {"source:001"}


def test_missing_param_names_the_variable(store):
    with pytest.raises(CdkgError, match=r"missing --param city=VALUE"):
        run_library("city_partners", store)


def test_param_binding_is_portable_values(store):
    rows = run("SELECT ?label WHERE { ?c rdfs:label ?label }", store=store, params={"c": "city:oslo"}).compact_rows()
    assert rows == [('"Oslo"@en',)]


def test_unknown_param_is_refused(store):
    with pytest.raises(CdkgError, match=r"no variable \?town"):
        run("SELECT ?c WHERE { ?c a cdkg:City }", store=store, params={"town": "oslo"})


def test_unknown_query_name_lists_close_ones():
    with pytest.raises(CdkgError) as err:
        QueryLibrary(Settings().queries_dir).get("city_partner")
    assert "did you mean" in str(err.value) and "city_partners" in str(err.value)


def test_syntax_error_shows_line_column_and_problem(store):
    text = "SELECT ?x WHERE {\n  ?x a cdkg:City .\n  ?x rdfs:label \n}"
    with pytest.raises(InputError) as err:
        run(text, store=store, source="mine.rq")
    message = str(err.value)
    assert message.startswith("mine.rq:4:1: SPARQL syntax error")
    assert err.value.location.line == 4


def test_unknown_prefix_is_named(store):
    with pytest.raises(InputError, match=r"unknown prefix 'foo:'"):
        run("SELECT * WHERE { ?x foo:bar ?y }", store=store)


@pytest.mark.parametrize("fmt,check", [
    ("csv", lambda s: s.splitlines()[0] == "network,networkLabel,foundingYear"),
    ("tsv", lambda s: s.splitlines()[0] == "?network\t?networkLabel\t?foundingYear"),
    ("json", lambda s: json.loads(s)["results"]["bindings"][0]["foundingYear"]["value"] == "1986"),
    ("xml", lambda s: "<sparql" in s and "1986" in s),
    ("table", lambda s: "Eurocities" in s and "2 rows" in s),
])
def test_select_output_formats(store, fmt, check):
    result = run_library("networks_by_founding_year", store)
    assert check(result.serialize(fmt).decode("utf-8"))


def test_construct_as_turtle_and_jsonld(store):
    result = run_library("city_profile", store, params={"city": "vejle"})
    turtle = result.serialize("turtle").decode()
    assert "city:vejle" in turtle and "membership:vejle-100rc" in turtle
    doc = json.loads(result.serialize("jsonld"))
    assert doc  # JSON-LD parses
    with pytest.raises(CdkgError, match="CONSTRUCT"):
        result.serialize("csv")


def test_dataframe():
    from cdkg.build.figures import write_summary_graph

    store = fixture_store()
    write_summary_graph(store.oxigraph)  # query 016 reads the build's summary graph
    frame = query_dataframe("cities_by_network_count", store)
    assert list(frame.columns) == ["city", "cityLabel", "networks"]
    assert frame.iloc[0].to_dict() == {
        "city": "https://w3id.org/cdkg/id/city/copenhagen", "cityLabel": "Copenhagen", "networks": 4}


def test_rdflib_view_shares_the_store(store):
    ds = store.rdflib()
    from rdflib import URIRef
    labels = {str(o) for o in ds.objects(URIRef("https://w3id.org/cdkg/id/city/oslo"),
                                          URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert labels == {"Oslo"}


def test_persisted_store_is_reused_and_refreshed(tmp_path):
    data = tmp_path / "g.nq"
    data.write_text('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\n')
    first = open_store(data=[data], persist=tmp_path / "db")
    assert len(first) == 1
    del first
    data.write_text('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\n'
                    '<https://ex.org/b> <https://ex.org/p> "2" <https://ex.org/g> .\n')
    assert len(open_store(data=[data], persist=tmp_path / "db")) == 2


def test_missing_built_graph_says_what_to_do(tmp_path):
    with pytest.raises(CdkgError, match="run `cdkg build` first"):
        open_store(Settings(root=tmp_path))


# -- the command line ------------------------------------------------------------------------

def _cli(args, capsys, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_list(capsys):
    code, out, _ = _cli(["query", "--list"], capsys)
    assert code == 0
    assert "001  city_networks_functions" in out and "--param city=copenhagen" in out


def test_cli_library_query_as_csv(capsys):
    data = [f"--data={f}" for f in fixture_files()]
    code, out, _ = _cli(["query", "network_sponsors", "--format", "csv", *data], capsys)
    assert code == 0
    assert out.splitlines()[1].startswith("https://w3id.org/cdkg/id/network/100-resilient-cities,")


def test_cli_stdin_with_param(capsys, monkeypatch):
    data = [f"--data={f}" for f in fixture_files()]
    code, out, _ = _cli(["query", "-", "--param", "c=city:vejle", "-f", "tsv", *data], capsys,
                        stdin="SELECT ?l WHERE { ?c rdfs:label ?l }", monkeypatch=monkeypatch)
    assert code == 0 and out.splitlines()[1] == '"Vejle"@en'


def test_cli_query_file_and_output(tmp_path, capsys):
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?c a cdkg:City }")
    target = tmp_path / "out.json"
    code, _, _ = _cli(["query", str(rq), "-f", "json", "-o", str(target), f"--data={FIXTURE}"], capsys)
    assert code == 0
    assert json.loads(target.read_text())["results"]["bindings"][0]["n"]["value"] == "7"


def test_cli_errors_are_clear_and_non_zero(tmp_path, capsys):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT * WHERE {\n ?s ?p \n}")
    code, _, err = _cli(["query", str(rq), f"--data={FIXTURE}"], capsys)
    assert code == 2 and "bad.rq:3:1: SPARQL syntax error" in err and "Traceback" not in err
    code, _, err = _cli(["query", "networks_by_founding", f"--data={FIXTURE}"], capsys)
    assert code == 1 and "networks_by_founding_year" in err
    code, _, err = _cli(["query", "city_partners", f"--data={FIXTURE}"], capsys)
    assert code == 1 and "missing --param city=VALUE" in err


def test_a_large_answer_is_a_plain_table_with_every_row_and_csv_keeps_every_term():
    """Above PLAIN_TABLE_ROWS the table is plain aligned text (rich took 188 s for 200,037 rows),
    nothing cut; CSV and TSV go from the terms' N-Triples forms through Oxigraph's writers."""
    import pyoxigraph as ox

    from cdkg.query.results import PLAIN_TABLE_ROWS, QueryResult

    n = PLAIN_TABLE_ROWS + 1
    rows = [(ox.NamedNode(f"https://w3id.org/cdkg/id/city/c{i}"), ox.Literal(f"City {i}", language="en"),
             ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")) if i % 2 else None)
            for i in range(n)]
    rows.append((ox.BlankNode("b"), ox.Literal('say "hi"\tthere\n'), ox.Literal("x" * 80)))
    result = QueryResult("select", ["city", "label", "n"], rows)
    lines = result.table().splitlines()
    assert len(lines) == 2 + n + 1 + 1 and lines[-1] == f"{n + 1} rows"
    assert lines[2].split() == ["city:c0", "City", "0"] and lines[3].split() == ["city:c1", "City", "1", "1"]
    assert "x" * 80 in result.table()  # a long cell is written whole
    csv_rows = result.serialize("csv").decode("utf-8").split("\r\n")
    assert csv_rows[0] == "city,label,n" and csv_rows[2] == "https://w3id.org/cdkg/id/city/c1,City 1,1"
    assert '_:b,"say ""hi""\tthere\n",' + "x" * 80 in result.serialize("csv").decode("utf-8")
    tsv = result.serialize("tsv").decode("utf-8").splitlines()
    assert tsv[1] == '<https://w3id.org/cdkg/id/city/c0>\t"City 0"@en\t'
