"""Every cited line range exists in its document and names the entities it supports; every
curated fact can be traced to a document and lines with SPARQL."""

from __future__ import annotations

import pytest
from rdflib import Dataset, URIRef

from cdkg.load import check_mentions, load_sources, parse_file
from cdkg.load.citations import parse_citation

from conftest import PREFIXES, ROOT, SOURCES, need_shared


@pytest.fixture(scope="module")
def curated() -> Dataset:
    ds = Dataset()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        parse_file(path, into=ds)
    for path in sorted((ROOT / "graph").glob("*.trig")):
        parse_file(path, into=ds)
    return ds


@pytest.fixture(scope="module")
def sources():
    need_shared(SOURCES)
    return load_sources(SOURCES)


def test_every_cited_range_exists_and_names_its_entities(curated, sources):
    problems = check_mentions(curated, sources)
    assert [str(p) for p in problems] == []


def test_every_source_document_is_cited(curated):
    documents = {parse_citation(str(g.identifier)).document for g in curated.graphs() if parse_citation(str(g.identifier))}
    assert documents == {"000", "001", "002", "003", "004"}


def _check(text: str, sources) -> list[str]:
    ds = Dataset()
    ds.parse(data=PREFIXES + text, format="trig")
    return [str(p) for p in check_mentions(ds, sources)]


def test_a_range_that_does_not_name_the_entity_is_caught(sources):
    # line 1 of 001 is blank; lines 308-309 name Eurocities
    bad = 's001:L1 { network:eurocities rdfs:label "Eurocities"@en . }'
    good = 's001:L308-309 { network:eurocities rdfs:label "Eurocities"@en . }'
    assert len(_check(bad, sources)) == 1 and "does not name it" in _check(bad, sources)[0]
    assert _check(good, sources) == []


def test_a_range_beyond_the_document_is_caught(sources):
    problems = _check('s000:L390-9999 { city:vejle rdfs:label "Vejle"@en . }', sources)
    assert len(problems) == 1 and "no lines 390-9999" in problems[0]


def test_nary_nodes_are_named_through_their_links(sources):
    text = '''s001:L83-86 { membership:m a org:Membership ; org:member gov:vejle ; org:organization network:x .
      gov:vejle rdfs:label "Vejle Municipality"@en , "Vejle"@da . }'''
    assert _check(text, sources) == []
    moved = text.replace("s001:L83-86", "s001:L2")
    assert any("names none of the entities" in p for p in _check(moved, sources))


def test_provenance_of_any_fact_by_sparql(built):
    """The source document and lines behind every curated triple are one query away."""
    from cdkg.core.namespaces import sparql_prologue

    query = sparql_prologue() + """
    SELECT (COUNT(*) AS ?n) WHERE {
      GRAPH ?g { ?s ?p ?o }
      FILTER NOT EXISTS { ?g cdkg:sourceDocument ?doc ; cdkg:startLine ?a ; cdkg:endLine ?b }
      FILTER NOT EXISTS { ?g a cdkg:Dataset }
      FILTER (!REGEX(STR(?g), "/id/graph/"))
    }"""
    ds = built.dataset
    ds.default_union = True
    assert int(next(iter(ds.query(query)))[0]) == 0
