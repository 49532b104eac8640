"""The inference a user of the graph expects, materialised into ``<base>id/graph/inferred``.

- symmetric partnership: every two parties of a partnership or project are ``cdkg:partnerOf``
  each other, and each party links back to it with ``cdkg:partnership``;
- inverse links: ``org:hasMembership`` and the ``org:memberOf`` shortcut for memberships,
  ``cdkg:governedBy``, ``cdkg:hosted``, ``cdkg:hasOffice``, ``org:hasSubOrganization``,
  ``cdkg:quantity``, and every ``owl:inverseOf`` pair the ontology declares;
- the class and property hierarchy: ``rdf:type`` of every superclass and the triples of every
  super-property (so ``?x a cdkg:Partnership`` finds twinnings and ``cdkg:partner`` finds lead
  partners), and ``owl:SymmetricProperty`` links both ways.

Only triples not already asserted are added. Reference: RDFS 1.1 entailment rules rdfs7 and
rdfs9 (https://www.w3.org/TR/rdf11-mt/#rdfs-entailment), OWL 2 RL rules prp-inv and prp-symp
(https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules).
"""

from __future__ import annotations

from itertools import permutations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cdkg.core.namespaces import CDKG, ORG


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


def infer(data: Graph, ontology: Graph) -> Graph:
    """Return the triples implied by ``data`` (a union graph) under ``ontology``.

    Examples
    --------
    >>> from rdflib import Namespace
    >>> EX = Namespace("http://example.org/")
    >>> onto = Graph()
    >>> onto.add((CDKG.Twinning, RDFS.subClassOf, CDKG.Partnership))
    >>> g = Graph()
    >>> for t in [(EX.p, RDF.type, CDKG.Twinning), (EX.p, CDKG.partner, EX.a), (EX.p, CDKG.partner, EX.b)]:
    ...     g.add(t)
    >>> new = infer(g, onto)
    >>> (EX.a, CDKG.partnerOf, EX.b) in new and (EX.b, CDKG.partnerOf, EX.a) in new
    True
    >>> (EX.p, RDF.type, CDKG.Partnership) in new, (EX.a, CDKG.partnership, EX.p) in new
    (True, True)
    """
    out = Graph()
    supers_c = _closure({c: set(ontology.objects(c, RDFS.subClassOf)) for c in ontology.subjects(RDFS.subClassOf)})
    supers_p = _closure({p: set(ontology.objects(p, RDFS.subPropertyOf)) for p in ontology.subjects(RDFS.subPropertyOf)})
    inverses = {}
    for p, q in ontology.subject_objects(OWL.inverseOf):
        inverses.setdefault(p, set()).add(q)
        inverses.setdefault(q, set()).add(p)
    for p, q in [(ORG.member, ORG.hasMembership), (CDKG.governs, CDKG.governedBy),
                 (ORG.subOrganizationOf, ORG.hasSubOrganization), (CDKG.officeOf, CDKG.hasOffice),
                 (CDKG.quantityOf, CDKG.quantity), (CDKG.host, CDKG.hosted), (CDKG.partner, CDKG.partnership)]:
        inverses.setdefault(p, set()).add(q)
        inverses.setdefault(q, set()).add(p)
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))

    def add(triple):
        if triple not in data:
            out.add(triple)

    # property hierarchy first, so that inverses and partners see the super-properties
    for p, parents in supers_p.items():
        for s, o in data.subject_objects(p):
            for parent in parents:
                add((s, parent, o))
    view = data + out
    for s, _, cls in view.triples((None, RDF.type, None)):
        for parent in supers_c.get(cls, ()):
            add((s, RDF.type, parent))
    for p, qs in inverses.items():
        for s, o in view.subject_objects(p):
            if isinstance(o, URIRef):
                for q in qs:
                    add((o, q, s))
    for p in symmetric:
        for s, o in view.subject_objects(p):
            add((o, p, s))
    # memberOf shortcut (W3C ORG): member -> organisation of each membership
    for m in view.subjects(RDF.type, ORG.Membership):
        for member in view.objects(m, ORG.member):
            for organisation in view.objects(m, ORG.organization):
                add((member, ORG.memberOf, organisation))
    # symmetric partnership between every two parties of the same partnership or project
    for node in set(view.subjects(CDKG.partner)):
        parties = sorted(set(view.objects(node, CDKG.partner)))
        for a, b in permutations(parties, 2):
            add((a, CDKG.partnerOf, b))
    return out


def apply_inference(ds: Dataset, ontology_graph: URIRef, inferred_graph: URIRef) -> int:
    """Add the inferred triples to ``ds`` in their own graph; return how many were added."""
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    new = infer(union, ds.graph(ontology_graph))
    target = ds.graph(inferred_graph)
    for triple in new:
        target.add(triple)
    return len(new)
