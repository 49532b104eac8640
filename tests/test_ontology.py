"""The term-documentation rule and the ontology header."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, DCTERMS

from cdkg import __version__
from cdkg.core.namespaces import CDKG, ONTOLOGY_IRI

from conftest import ROOT

ONTOLOGY = ROOT / "ontology" / "cdkg.ttl"
VOCABULARIES = ROOT / "ontology" / "vocabularies.ttl"
VANN = "http://purl.org/vocab/vann/"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


def terms(graph: Graph):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(str(CDKG))})


def undocumented(graph: Graph, term) -> list[str]:
    problems = []
    if not any(l.language == "en" for l in graph.objects(term, RDFS.label)):
        problems.append("no rdfs:label@en")
    if not any(d.language == "en" for d in graph.objects(term, SKOS.definition)):
        problems.append("no skos:definition@en")
    if (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) not in graph:
        problems.append("no rdfs:isDefinedBy")
    local = str(term).split("#")[-1]
    is_class = (term, RDF.type, OWL.Class) in graph
    if is_class and not re.fullmatch(r"[A-Z][A-Za-z0-9]*", local):
        problems.append("class name not UpperCamelCase")
    if not is_class and not re.fullmatch(r"[a-z][A-Za-z0-9]*", local):
        problems.append("property name not lowerCamelCase")
    return problems


def test_every_term_is_documented(onto):
    found = {str(t): undocumented(onto, t) for t in terms(onto)}
    assert len(found) > 80
    assert {t: p for t, p in found.items() if p} == {}


def test_the_rule_catches_an_undocumented_term(onto):
    g = Graph()
    for triple in onto:
        g.add(triple)
    g.add((CDKG.badlyNamed_Class, RDF.type, OWL.Class))
    g.remove((CDKG.City, SKOS.definition, None))
    assert set(undocumented(g, CDKG.badlyNamed_Class)) == {
        "no rdfs:label@en", "no skos:definition@en", "no rdfs:isDefinedBy", "class name not UpperCamelCase"}
    assert undocumented(g, CDKG.City) == ["no skos:definition@en"]


def test_danish_labels_where_the_sources_name_the_term(onto):
    # The sources use these Danish words; the ontology must carry them.
    expected = {"City": "by", "CityNetwork": "bynetværk", "LocalGovernment": "kommune", "Twinning": "venskabsby",
                "StrategicSectorCooperation": "strategisk sektorsamarbejde", "Summit": "topmøde",
                "InternationalStrategy": "international strategi", "WorkingGroup": "arbejdsgruppe"}
    for local, danish in expected.items():
        assert danish in {str(l) for l in onto.objects(CDKG[local], RDFS.label) if l.language == "da"}, local


def test_header(onto):
    node = URIRef(ONTOLOGY_IRI)
    assert (node, RDF.type, OWL.Ontology) in onto
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, OWL.versionInfo, OWL.versionIRI):
        assert onto.value(node, prop) is not None, prop
    version = str(onto.value(node, OWL.versionInfo))
    assert version == __version__
    assert str(onto.value(node, OWL.versionIRI)).endswith("/" + version)
    assert str(onto.value(node, URIRef(VANN + "preferredNamespacePrefix"))) == "cdkg"
    assert str(onto.value(node, URIRef(VANN + "preferredNamespaceUri"))) == str(CDKG)


def test_one_version_string():
    # the version literal appears in the ontology header only (and in the versionIRI that must match it)
    hits = [p for p in (ROOT / "src").rglob("*.py") if re.search(r"['\"]\d+\.\d+\.\d+['\"]", p.read_text()) and "version" in p.read_text()]
    assert hits == []
    assert "version =" not in (ROOT / "pyproject.toml").read_text().split("[project]")[1].split("[")[0]


def test_vocabulary_concepts_are_documented():
    g = Graph().parse(VOCABULARIES)
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 40
    for concept in concepts:
        assert any(l.language == "en" for l in g.objects(concept, SKOS.prefLabel)), concept
        assert any(l.language == "da" for l in g.objects(concept, SKOS.prefLabel)), concept
        assert any(d.language == "en" for d in g.objects(concept, SKOS.definition)), concept
        assert g.value(concept, SKOS.inScheme) is not None, concept
    for scheme in g.subjects(RDF.type, SKOS.ConceptScheme):
        assert g.value(scheme, SKOS.definition) is not None, scheme
