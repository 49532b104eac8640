"""The inference a user of the graph expects, materialised into ``<base>id/graph/inferred``.

- symmetric partnership: every two parties of a partnership or project are ``cdkg:partnerOf``
  each other, and each party links back to it with ``cdkg:partnership``;
- inverse links: ``org:hasMembership`` and the ``org:memberOf`` shortcut for memberships,
  ``cdkg:governedBy``, ``cdkg:hosted``, ``cdkg:hasOffice``, ``org:hasSubOrganization``,
  ``cdkg:quantity``, and every ``owl:inverseOf`` pair the ontology declares;
- the class and property hierarchy: ``rdf:type`` of every superclass and the triples of every
  super-property (so ``?x a cdkg:Partnership`` finds twinnings and ``cdkg:partner`` finds lead
  partners), and ``owl:SymmetricProperty`` links both ways.

Only triples not already asserted are added. The rules run as SPARQL updates on an Oxigraph
store, so the same code serves the curated graph and graphs of millions of triples.

References: RDFS 1.1 entailment rules rdfs7 and rdfs9
(https://www.w3.org/TR/rdf11-mt/#rdfs-entailment); OWL 2 RL rules prp-inv and prp-symp
(https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cdkg.build.oxigraph import from_ox, graph_size, to_ox
from cdkg.core.namespaces import CDKG, ORG

#: inverse pairs the build adds besides the ontology's owl:inverseOf axioms
EXTRA_INVERSES = (
    (ORG.member, ORG.hasMembership), (CDKG.governs, CDKG.governedBy),
    (ORG.subOrganizationOf, ORG.hasSubOrganization), (CDKG.officeOf, CDKG.hasOffice),
    (CDKG.quantityOf, CDKG.quantity), (CDKG.host, CDKG.hosted), (CDKG.partner, CDKG.partnership),
)


def _closure(pairs: dict) -> dict:
    """Transitive closure of a child -> set(parents) map (no self links).

    Examples
    --------
    >>> sorted(_closure({"a": {"b"}, "b": {"c"}})["a"])
    ['b', 'c']
    """
    out = {}
    for start in pairs:
        seen, todo = set(), list(pairs[start])
        while todo:
            node = todo.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            todo.extend(pairs.get(node, ()))
        out[start] = seen
    return out


def rules(ontology: Graph, target: str) -> list[str]:
    """The SPARQL updates that materialise the inference of ``ontology`` into graph ``target``."""
    supers_c = _closure({c: set(ontology.objects(c, RDFS.subClassOf)) for c in ontology.subjects(RDFS.subClassOf)})
    supers_p = _closure({p: set(ontology.objects(p, RDFS.subPropertyOf)) for p in ontology.subjects(RDFS.subPropertyOf)})
    inverses = set()
    for p, q in list(ontology.subject_objects(OWL.inverseOf)) + list(EXTRA_INVERSES):
        inverses |= {(p, q), (q, p)}
    symmetric = sorted(ontology.subjects(RDF.type, OWL.SymmetricProperty))

    def values(pairs) -> str:
        return " ".join(f"(<{a}> <{b}>)" for a, b in sorted(pairs) if isinstance(a, URIRef) and isinstance(b, URIRef))

    g = f"<{target}>"
    updates = []
    sub_p = values((p, q) for p, qs in supers_p.items() for q in qs)
    if sub_p:
        updates.append(f"""INSERT {{ GRAPH {g} {{ ?s ?super ?o }} }} WHERE {{
  VALUES (?sub ?super) {{ {sub_p} }}
  GRAPH ?a {{ ?s ?sub ?o }} FILTER NOT EXISTS {{ GRAPH ?b {{ ?s ?super ?o }} }} }}""")
    sub_c = values((c, d) for c, ds in supers_c.items() for d in ds)
    if sub_c:
        updates.append(f"""INSERT {{ GRAPH {g} {{ ?s a ?super }} }} WHERE {{
  VALUES (?sub ?super) {{ {sub_c} }}
  GRAPH ?a {{ ?s a ?sub }} FILTER NOT EXISTS {{ GRAPH ?b {{ ?s a ?super }} }} }}""")
    updates.append(f"""INSERT {{ GRAPH {g} {{ ?o ?inv ?s }} }} WHERE {{
  VALUES (?p ?inv) {{ {values(inverses)} }}
  GRAPH ?a {{ ?s ?p ?o }} FILTER (isIRI(?o)) FILTER NOT EXISTS {{ GRAPH ?b {{ ?o ?inv ?s }} }} }}""")
    if symmetric:
        sym = " ".join(f"<{p}>" for p in symmetric)
        updates.append(f"""INSERT {{ GRAPH {g} {{ ?o ?p ?s }} }} WHERE {{
  VALUES ?p {{ {sym} }}
  GRAPH ?a {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?b {{ ?o ?p ?s }} }} }}""")
    updates.append(f"""INSERT {{ GRAPH {g} {{ ?member <{ORG.memberOf}> ?organisation }} }} WHERE {{
  GRAPH ?a {{ ?m <{ORG.member}> ?member }} GRAPH ?b {{ ?m <{ORG.organization}> ?organisation }}
  FILTER NOT EXISTS {{ GRAPH ?c {{ ?member <{ORG.memberOf}> ?organisation }} }} }}""")
    updates.append(f"""INSERT {{ GRAPH {g} {{ ?a <{CDKG.partnerOf}> ?b }} }} WHERE {{
  GRAPH ?x {{ ?n <{CDKG.partner}> ?a }} GRAPH ?y {{ ?n <{CDKG.partner}> ?b }}
  FILTER (?a != ?b) FILTER NOT EXISTS {{ GRAPH ?c {{ ?a <{CDKG.partnerOf}> ?b }} }} }}""")
    return updates


def infer_store(store: ox.Store, ontology: Graph, target: str) -> int:
    """Run the rules on ``store`` (all its named graphs); return how many triples were added."""
    before = graph_size(store, target)
    for update in rules(ontology, target):
        store.update(update)
    return graph_size(store, target) - before


def infer(data: Graph, ontology: Graph) -> Graph:
    """Return the triples implied by ``data`` (a graph) under ``ontology``.

    Examples
    --------
    >>> from rdflib import Namespace
    >>> EX = Namespace("http://example.org/")
    >>> onto = Graph()
    >>> _ = onto.add((CDKG.Twinning, RDFS.subClassOf, CDKG.Partnership))
    >>> g = Graph()
    >>> for t in [(EX.p, RDF.type, CDKG.Twinning), (EX.p, CDKG.partner, EX.a), (EX.p, CDKG.partner, EX.b)]:
    ...     _ = g.add(t)
    >>> new = infer(g, onto)
    >>> (EX.a, CDKG.partnerOf, EX.b) in new and (EX.b, CDKG.partnerOf, EX.a) in new
    True
    >>> (EX.p, RDF.type, CDKG.Partnership) in new, (EX.a, CDKG.partnership, EX.p) in new
    (True, True)
    """
    store = ox.Store()
    data_graph = ox.NamedNode("urn:cdkg:data")
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), data_graph) for s, p, o in data)
    target = "urn:cdkg:inferred"
    infer_store(store, ontology, target)
    out = Graph()
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(target)):
        out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return out


def apply_inference(ds: Dataset, ontology_graph: URIRef, inferred_graph: URIRef) -> int:
    """Add the inferred triples to the rdflib ``ds`` in their own graph; return how many."""
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    new = infer(union, ds.graph(ontology_graph))
    target = ds.graph(inferred_graph)
    for triple in new:
        target.add(triple)
    return len(new)
