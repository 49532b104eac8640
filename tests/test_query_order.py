"""Rows sorted in Python (cdkg.query.order) come out as the engine's ORDER BY would give them."""

from __future__ import annotations

import pytest

from cdkg.query.order import split_order
from cdkg.query.run import run
from cdkg.store import GraphStore

DATA = """
@prefix ex: <https://ex.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:label "Århus"@da ; ex:n 10 ; ex:d "2017-01-01"^^xsd:date .
ex:b ex:label "Aalborg"@en ; ex:n 9 ; ex:d "2016-05-01"^^xsd:date .
ex:c ex:label "aarhus" ; ex:n 10 .
ex:d ex:label "Zürich"@de ; ex:n 2.5 .
ex:e ex:label "Ørsted"@da .
ex:f ex:n -1 .
ex:g ex:label "Aalborg"@da ; ex:n 9 .
"""

QUERIES = [
    "SELECT ?s ?l WHERE { ?s ex:label ?l } ORDER BY ?l ?s",
    "SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY DESC(?n) ?s",
    "SELECT ?s ?l ?n WHERE { ?s ?p [] OPTIONAL { ?s ex:label ?l } OPTIONAL { ?s ex:n ?n } } ORDER BY ?l DESC(?n) ?s",
    "SELECT DISTINCT ?s ?d WHERE { ?s ?p [] OPTIONAL { ?s ex:d ?d } } ORDER BY DESC(?d) ?s",
    "SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY ?n ?s LIMIT 3",
    "SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY ?n ?s LIMIT 2 OFFSET 2",
    "SELECT * WHERE { ?s ex:label ?l } ORDER BY ASC(?l) DESC(?s)",
]


@pytest.fixture(scope="module")
def store():
    s = GraphStore()
    s.load_data(DATA, "ttl")
    return s


@pytest.mark.parametrize("query", QUERIES)
def test_python_order_equals_the_engine_order(store, query):
    text = "PREFIX ex: <https://ex.org/>\n" + query
    assert split_order(text) is not None, "the query should be sorted in Python"
    engine = [tuple(s) for s in store._ox.query(text, use_default_graph_as_union=True)]
    ours = run(text, store=store).rows
    assert [tuple(map(str, r)) for r in ours] == [tuple(map(str, r)) for r in engine]


def test_a_limit_given_by_the_caller_cuts_after_sorting(store):
    text = "PREFIX ex: <https://ex.org/>\nSELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY DESC(?n) ?s"
    result = run(text, store=store, limit=2)
    assert [r[0].value.rsplit("/", 1)[1] for r in result.rows] == ["a", "c"] and result.truncated


@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s ex:n ?n } ORDER BY ?n",                       # not projected
    "SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY STR(?n)",               # an expression
    "SELECT (COUNT(?n) AS ?c) WHERE { ?s ex:n ?n } ORDER BY ?n",        # ?n only inside an aggregate
    "ASK { ?s ex:n ?n }",
])
def test_what_python_cannot_sort_is_left_to_the_engine(query):
    assert split_order("PREFIX ex: <https://ex.org/>\n" + query) is None
