"""Included data is validated against the SHACL shapes (compiled to SPARQL), with the same words
as the curated graph: a membership with no member, an ill-formed integer, a bad latitude."""

from __future__ import annotations

import pytest

from cdkg.build import BuildFailed, build
from cdkg.build.shapes_sparql import check_shapes, compile_shapes, uncompiled
from cdkg.build.validate import load_shapes, run_shacl
from cdkg.core.settings import Settings

HEAD = """@prefix org: <http://www.w3.org/ns/org#> . @prefix cdkg: <https://w3id.org/cdkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> . @prefix ex: <https://w3id.org/cdkg/id/city/> .
"""
BAD = {
    "membership without member": ("[] a org:Membership ; org:organization <https://w3id.org/cdkg/id/network/eurocities> .",
                                  "org:member"),
    "ill-formed integer": ('ex:testville a cdkg:City ; rdfs:label "Testville"@en ; cdkg:geonamesId "abc"^^xsd:integer .',
                           "cdkg:geonamesId"),
    "latitude out of range": ('ex:testville a cdkg:City ; rdfs:label "Testville"@en ; wgs:lat "95.0"^^xsd:decimal .',
                              "wgs:lat"),
    "two English labels": ('ex:testville a cdkg:City ; rdfs:label "Testville"@en , "Other"@en .', "rdfs:label"),
    "country code pattern": ('ex:testville a cdkg:City ; rdfs:label "Testville"@en ; cdkg:countryCode "dk" .',
                             "cdkg:countryCode"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_included_data_fails_the_build(tmp_path, scratch, case):
    text, path = BAD[case]
    include = tmp_path / "bad.ttl"
    include.write_text(HEAD + text + "\n")
    with pytest.raises(BuildFailed) as err:
        build(Settings(root=scratch, output=tmp_path / "out"), include=[include], check_sources=False)
    violations = [f for f in err.value.findings if f.severity == "violation"]
    assert any(f.path == path for f in violations), [str(f) for f in violations]
    assert not (tmp_path / "out").exists()


def test_good_included_data_builds(tmp_path, scratch):
    include = tmp_path / "good.ttl"
    include.write_text(HEAD + 'ex:testville a cdkg:City ; rdfs:label "Testville"@en ; cdkg:geonamesId 42 ; '
                       'wgs:lat "55.1"^^xsd:decimal .\n'
                       '<https://w3id.org/cdkg/id/graph/include/good> a cdkg:Dataset .\n')
    result = build(Settings(root=scratch, output=tmp_path / "out"), include=[include], check_sources=False,
                   write=False)
    assert not result.violations


def test_compiled_checks_say_what_pyshacl_says(scratch):
    """Same data, both validators: the same resources, properties and words."""
    from rdflib import Graph
    import pyoxigraph as ox

    shapes = load_shapes(Settings(root=scratch).ontology_dir / "shapes.ttl")
    data = HEAD + "\n".join(text for text, _ in BAD.values() if "membership" not in text) + \
        '\nex:m a org:Membership ; org:organization ex:testville .\n'
    graph = Graph().parse(data=data, format="turtle")
    expected = {(f.focus, f.path, f.message.split(" (value:")[0]) for f in run_shacl(graph, shapes)
                if f.severity == "violation"}
    store = ox.Store()
    store.load(data.encode(), ox.RdfFormat.TURTLE)
    found = {(f.focus, f.path, f.message.split(" (value:")[0]) for f in check_shapes(store, compile_shapes(shapes))
             if f.severity == "violation"}
    assert expected and found == expected


def test_what_is_not_compiled_is_named(scratch):
    names = uncompiled(load_shapes(Settings(root=scratch).ontology_dir / "shapes.ttl"))
    assert "stated quantity" in names


def test_many_findings_of_one_rule_are_capped_with_a_note():
    from rdflib import Graph
    import pyoxigraph as ox

    shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://ex.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "no p" ] .''',
                           format="turtle")
    store = ox.Store()
    for i in range(30):
        store.add(ox.Quad(ox.NamedNode(f"https://ex.org/x{i}"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode("https://ex.org/C"), ox.NamedNode("https://ex.org/g")))
    found = check_shapes(store, compile_shapes(shapes), cap={"warning": 5})
    assert len(found) == 6 and sum(f.focus == "(more)" for f in found) == 1
    assert "more than 5 resources" in next(f.message for f in found if f.focus == "(more)")
