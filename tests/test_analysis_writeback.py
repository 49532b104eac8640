"""`cdkg analyze` writes results back as RDF a SPARQL query can rank by, and as tables."""

import datetime as dt
import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset

from cdkg.analysis import analysis_graph_name, analyze, project, to_rdf
from cdkg.cli import main
from cdkg.core.namespaces import CDKG, sparql_prologue
from cdkg.load import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"

RANKING = sparql_prologue() + """
SELECT ?label ?value ?rank ?params ?when WHERE {
  GRAPH <https://w3id.org/cdkg/id/graph/analysis> {
    ?r a cdkg:MeasureResult ; cdkg:resultFor ?city ; cdkg:ofMeasure ?m ; cdkg:onProjection ?p ;
       cdkg:resultValue ?value ; cdkg:rank ?rank ; cdkg:parameters ?params ; prov:generatedAtTime ?when .
    ?m rdfs:label "betweenness" . ?p rdfs:label "comembership" .
  }
  GRAPH ?any { ?city rdfs:label ?label . FILTER(lang(?label) = "en") }
} ORDER BY ?rank ?label
"""


def test_results_as_rdf_rank_cities_in_sparql():
    ds = parse_file(FIXTURE)
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
    a = analyze(project(ds, "comembership"), ["betweenness", "louvain"], computed_at=when)
    to_rdf(a, into=ds)
    rows = list(ds.query(RANKING))
    assert [str(r.label) for r in rows] == ["Charlie", "Alpha", "Bravo", "Delta"]
    assert [int(r.rank) for r in rows] == [1, 2, 2, 2]
    assert float(rows[0].value) == pytest.approx(2 / 3)
    assert json.loads(str(rows[0].params)) == {"exact": True}
    assert rows[0].when.toPython() == when
    communities = ds.query(sparql_prologue() + """
      SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?r cdkg:ofMeasure/rdfs:label "louvain" ; cdkg:community ?c } }""")
    assert int(next(iter(communities))[0]) == 2


def test_projection_parameters_recorded():
    ds = parse_file(FIXTURE)
    a = analyze(project(ds, "comembership", country="aland"), ["degree"])
    out = to_rdf(a)
    params = {str(o) for o in out.graph(analysis_graph_name()).objects(None, CDKG.parameters)}
    # every setting that shapes the result, defaults included (kinds, scope, weighting)
    assert '{"country": ["aland"], "kinds": ["city"], "scope": "induced", "weighting": "count"}' in params
    whole = to_rdf(analyze(project(ds, "comembership", country="aland", scope="whole"), ["degree"]))
    params = {str(o) for o in whole.graph(analysis_graph_name()).objects(None, CDKG.parameters)}
    assert any('"scope": "whole"' in x for x in params)
    results = set(whole.graph(analysis_graph_name()).objects(None, CDKG.resultFor))
    assert {str(x).rsplit("/", 1)[-1] for x in results} == {"a", "b"}  # measured on all, Aland reported


def test_cli_analyze_writes_rdf_tables_and_gephi_files(tmp_path, capsys):
    out = tmp_path / "an"
    code = main(["analyze", "-i", str(FIXTURE), "-o", str(out), "-m", "betweenness,degree",
                 "--gexf", str(tmp_path / "g.gexf"), "--graphml", str(tmp_path / "g.graphml")])
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[2].startswith("| Charlie | city | Beland | 0.6667 | 1 |")
    store = pyoxigraph.Store()
    store.load(path=str(out / "comembership.trig"), format=pyoxigraph.RdfFormat.TRIG)
    top = list(store.query(RANKING.replace("GRAPH ?any { ?city rdfs:label ?label . FILTER(lang(?label) = \"en\") }",
                                           "BIND(STR(?city) AS ?label)")))
    assert top[0]["label"].value.endswith("/city/c")
    csv = (out / "comembership.csv").read_text().splitlines()
    assert csv[0] == "node,label,kind,country,betweenness,degree"
    assert "Charlie" in csv[1]
    import networkx as nx

    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.nodes["https://w3id.org/cdkg/id/city/c"]["betweenness"] == pytest.approx(2 / 3)
    g = nx.read_gexf(tmp_path / "g.gexf")
    assert len(g) == 4


@pytest.mark.parametrize("argv, message", [
    (["-p", "cities"], "unknown projection 'cities'; valid: bipartite, comembership, multilayer, partnership"),
    (["-m", "centrality"], "unknown measure 'centrality'"),
    (["--country", "XX"], "unknown country 'XX'; valid: Aland, Beland"),
    (["--year", "1800"], "has no nodes"),
    (["-p", "comembership", "-m", "bipartite_degree"], "needs the bipartite projection"),
])
def test_cli_bad_input_is_a_clear_message_and_writes_nothing(tmp_path, capsys, argv, message):
    out = tmp_path / "an"
    code = main(["analyze", "-i", str(FIXTURE), "-o", str(out), *argv])
    err = capsys.readouterr().err
    assert code != 0 and message in err and "Traceback" not in err
    assert not out.exists()


def test_cli_bad_rdf_names_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.trig"
    bad.write_text("@prefix ex: <http://e/> .\nex:a ex:b .\n")
    assert main(["analyze", "-i", str(bad)]) == 2
    assert f"{bad}:2" in capsys.readouterr().err


@pytest.mark.parametrize("projection", ["comembership", "bipartite"])
def test_trig_writer_gives_the_same_triples_as_rdflib(tmp_path, projection):
    from rdflib.compare import to_isomorphic

    from cdkg.analysis.writeback import write_trig

    a = analyze(project(parse_file(FIXTURE), projection), ["degree", "betweenness", "louvain"])
    path = tmp_path / "a.trig"
    n = write_trig(a, path)
    written = Dataset()
    written.parse(path, format="trig")
    expected = to_rdf(a).graph(analysis_graph_name())
    got = written.graph(analysis_graph_name())
    assert n == len(got) == len(expected)
    assert to_isomorphic(got) == to_isomorphic(expected)
    assert set(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG))  # a second parser agrees
