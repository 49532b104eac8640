"""The summary graph: figures about everything (counts per city, per network, per source
document, per kind of partnership), computed once by the build, so the library's overview
queries read them instead of aggregating millions of quads at every call.

The figures live in their own named graph, ``{base}id/graph/summary``, described in that graph
as a ``void:Dataset`` generated (``prov:wasGeneratedBy``) by the build's summary activity, the
way VoID statistics describe a dataset. Each figure is a triple on the thing counted, with a
property of the ontology (``cdkg:networkCount``, ``cdkg:memberCount``, ...). Each is defined
by one SPARQL query below, run over the union of the other graphs; the library keeps the
slow, fully general query beside each fast one (``queries/general/``), and a test checks that
both give the same rows.

Examples
--------
>>> store = ox.Store()
>>> c = "https://w3id.org/cdkg/"
>>> def q(s, p, o, g="https://w3id.org/cdkg/id/source/001/L1"):
...     store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(g)))
>>> q(c + "id/gov/x", c + "ontology#governs", ox.NamedNode(c + "id/city/x"))
>>> q(c + "id/m/1", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode("http://www.w3.org/ns/org#Membership"))
>>> q(c + "id/m/1", "http://www.w3.org/ns/org#member", ox.NamedNode(c + "id/gov/x"))
>>> q(c + "id/m/1", "http://www.w3.org/ns/org#organization", ox.NamedNode(c + "id/network/n"))
>>> write_summary_graph(store) > 0
True
>>> [t.object.value for t in store.quads_for_pattern(ox.NamedNode(c + "id/city/x"), None, None, None)]
['1']
"""

from __future__ import annotations

import pyoxigraph as ox

from cdkg.core.namespaces import DEFAULT_BASE

_PREFIXES = """PREFIX cdkg: <https://w3id.org/cdkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: The figures: each query selects ``?s`` and one column per property (``cdkg:`` + its name).
#: Each triple pattern has a ``GRAPH`` of its own: the same answers as the union default graph
#: (which keeps every copy of a triple), several times faster on Oxigraph.
FIGURES = {
    "networks per city": """
SELECT ?s (COUNT(DISTINCT ?network) AS ?networkCount) WHERE {
  GRAPH ?g1 { ?gov cdkg:governs ?s }
  GRAPH ?g2 { ?membership org:member ?gov }
  GRAPH ?g3 { ?membership org:organization ?network }
  GRAPH ?g4 { ?membership a org:Membership }
} GROUP BY ?s""",
    "members and functions per network": """
SELECT ?s (COUNT(DISTINCT ?member) AS ?memberCount) (COUNT(DISTINCT ?function) AS ?functionCount) WHERE {
  VALUES ?kind { cdkg:CityNetwork cdkg:RegionalCooperation }
  GRAPH ?g1 { ?s a ?kind }
  OPTIONAL { GRAPH ?g2 { ?membership org:organization ?s } GRAPH ?g3 { ?membership org:member ?member } }
  OPTIONAL { GRAPH ?g4 { ?s cdkg:providesFunction ?function } }
} GROUP BY ?s""",
    "citations and statements per source document": """
SELECT ?s (COUNT(DISTINCT ?g) AS ?citationCount) (COUNT(*) AS ?statementCount) WHERE {
  GRAPH ?g1 { ?g a cdkg:Citation }
  GRAPH ?g2 { ?g cdkg:sourceDocument ?s }
  GRAPH ?g { ?x ?y ?z }
} GROUP BY ?s""",
    "partnerships per kind": """
SELECT ?s ?partnershipCount ?earliestStartYear ?latestStartYear WHERE {
  { SELECT ?s (COUNT(DISTINCT ?partnership) AS ?partnershipCount) WHERE {
      GRAPH ?g1 { ?partnership a ?s }
      { GRAPH ?g2 { ?s rdfs:subClassOf cdkg:Partnership } } UNION { BIND(cdkg:Partnership AS ?s) }
      OPTIONAL { GRAPH ?g3 { ?partnership a ?sub } GRAPH ?g4 { ?sub rdfs:subClassOf ?s } FILTER(?sub != ?s) }
      FILTER(!BOUND(?sub))
    } GROUP BY ?s }
  OPTIONAL { SELECT ?s (MIN(?year) AS ?earliestStartYear) (MAX(?year) AS ?latestStartYear) WHERE {
      GRAPH ?g5 { ?partnership a ?s }
      GRAPH ?g6 { ?partnership cdkg:startYear ?year }
      { GRAPH ?g7 { ?s rdfs:subClassOf cdkg:Partnership } } UNION { BIND(cdkg:Partnership AS ?s) }
      OPTIONAL { GRAPH ?g8 { ?partnership a ?sub } GRAPH ?g9 { ?sub rdfs:subClassOf ?s } FILTER(?sub != ?s) }
      FILTER(!BOUND(?sub))
    } GROUP BY ?s }
}""",
}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_CDKG = "https://w3id.org/cdkg/ontology#"


def summary_graph_name(base: str = DEFAULT_BASE) -> str:
    """The IRI of the summary graph.

    Examples
    --------
    >>> summary_graph_name()
    'https://w3id.org/cdkg/id/graph/summary'
    """
    return f"{base}id/graph/summary"


def _provenance(graph: ox.NamedNode, base: str):
    activity = ox.NamedNode(f"{base}id/activity/build-summary")
    a = ox.NamedNode(_RDF + "type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    yield graph, a, ox.NamedNode("http://rdfs.org/ns/void#Dataset")
    yield graph, label, ox.Literal("Summary figures of the built graph", language="en")
    yield graph, comment, ox.Literal(
        "Counts per city, per network, per source document and per kind of partnership, computed once by "
        "cdkg build over the union of the other named graphs (the queries are in cdkg.build.figures).", language="en")
    yield graph, ox.NamedNode("http://www.w3.org/ns/prov#wasGeneratedBy"), activity
    yield activity, a, ox.NamedNode("http://www.w3.org/ns/prov#Activity")
    yield activity, label, ox.Literal("cdkg build: the summary figures", language="en")


def write_summary_graph(store: ox.Store, base: str = DEFAULT_BASE) -> int:
    """Compute the figures over ``store`` (the union of its graphs) and put them in the summary
    graph, replacing an earlier one; returns the number of quads written."""
    graph = ox.NamedNode(summary_graph_name(base))
    store.remove_graph(graph) if store.contains_named_graph(graph) else None
    quads = [ox.Quad(s, p, o, graph) for s, p, o in _provenance(graph, base)]
    for query in FIGURES.values():
        result = store.query(_PREFIXES + query)
        columns = [v.value for v in result.variables]
        for row in result:
            subject = row["s"]
            if not isinstance(subject, ox.NamedNode):
                continue
            for name in columns[1:]:
                value = row[name]
                if value is not None:
                    quads.append(ox.Quad(subject, ox.NamedNode(_CDKG + name), value, graph))
    cities = {q.subject for q in quads if q.predicate.value == _CDKG + "networkCount"}
    cities.update(row["s"] for row in store.query(_CITIES) if isinstance(row["s"], ox.NamedNode))
    quads += [ox.Quad(city, ox.NamedNode(_CDKG + "listingLabel"), label, graph)
              for city, label in listing_labels(store, cities)]
    quads += [ox.Quad(city, ox.NamedNode(_CDKG + "listingCountry"), country, graph)
              for city, country in listing_countries(store, cities)]
    store.extend(quads)
    return len(quads)


_COUNTRIES = """SELECT DISTINCT ?s ?country WHERE { GRAPH ?g { ?s <https://w3id.org/cdkg/ontology#inCountry> ?country } }"""

_CITIES = """SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/cdkg/ontology#City> } }"""

_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?label WHERE { GRAPH ?g { ?s rdfs:label|skos:prefLabel ?label }
  FILTER(langMatches(lang(?label), "en") || lang(?label) = "") }"""


def listing_labels(store: ox.Store, subjects: set) -> list[tuple]:
    """The labels a listing shows for each of ``subjects``: its English labels, else its labels
    without a language tag (what the library's label fallback picks). The build keeps them for
    every city and every city with a network count, so a listing of 200,000 cities reads one
    triple per city instead of joining every label of the graph at each call.

    Examples
    --------
    >>> store = ox.Store()
    >>> lab, g = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.NamedNode("urn:g")
    >>> a, b = ox.NamedNode("urn:a"), ox.NamedNode("urn:b")
    >>> store.extend([ox.Quad(a, lab, ox.Literal("Aarhus", language="en"), g), ox.Quad(a, lab, ox.Literal("Århus"), g),
    ...               ox.Quad(b, lab, ox.Literal("Vejle"), g), ox.Quad(b, lab, ox.Literal("Vejle", language="da"), g)])
    >>> [(s.value, str(l)) for s, l in listing_labels(store, {a, b})]
    [('urn:a', '"Aarhus"@en'), ('urn:b', '"Vejle"')]
    """
    english: dict = {}
    plain: dict = {}
    for row in store.query(_LABELS):
        subject, label = row["s"], row["label"]
        if subject in subjects:
            (english if label.language else plain).setdefault(subject, []).append(label)
    out = []
    for subject in sorted(subjects, key=lambda t: t.value):
        for label in sorted(english.get(subject) or plain.get(subject) or [], key=str):
            out.append((subject, label))
    return out


def listing_countries(store: ox.Store, subjects: set) -> list[tuple]:
    """The countries of each of ``subjects`` (``cdkg:inCountry``, each once however many graphs
    state it), which a listing of 200,000 cities then reads from the summary graph without
    making the union of the graphs distinct at each call.

    Examples
    --------
    >>> store = ox.Store()
    >>> inc, g = ox.NamedNode("https://w3id.org/cdkg/ontology#inCountry"), ox.NamedNode("urn:g")
    >>> a, dk = ox.NamedNode("urn:a"), ox.NamedNode("urn:dk")
    >>> store.extend([ox.Quad(a, inc, dk, g), ox.Quad(a, inc, dk, ox.NamedNode("urn:h"))])
    >>> [(s.value, c.value) for s, c in listing_countries(store, {a})]
    [('urn:a', 'urn:dk')]
    """
    found = [(row["s"], row["country"]) for row in store.query(_COUNTRIES) if row["s"] in subjects]
    return sorted(found, key=lambda pair: (pair[0].value, str(pair[1])))
