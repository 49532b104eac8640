"""Counts of the built graph: per class, per source document, and the findings."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
from rdflib.namespace import SKOS

from cdkg.core.namespaces import CDKG, ORG
from cdkg.load import parse_citation

#: The classes a researcher counts, in the order they are shown.
SUMMARY_CLASSES = (
    ("cities", CDKG.City), ("local governments", CDKG.LocalGovernment), ("regions", CDKG.Region),
    ("countries", CDKG.Country), ("city networks", CDKG.CityNetwork),
    ("regional cooperations", CDKG.RegionalCooperation), ("sub-networks", CDKG.SubNetwork),
    ("governing bodies", CDKG.GoverningBody), ("memberships", ORG.Membership),
    ("partnerships", CDKG.Partnership), ("projects", CDKG.Project), ("programmes", CDKG.Programme),
    ("events", CDKG.Event), ("titles", CDKG.Title), ("strategies", CDKG.InternationalStrategy),
    ("strategy items", CDKG.StrategyItem), ("organisations", CDKG.Organisation), ("offices", CDKG.Office),
    ("people", CDKG.Person), ("membership criteria", CDKG.MembershipCriterion),
    ("stated quantities", CDKG.StatedQuantity), ("concepts", SKOS.Concept),
    ("source documents", CDKG.SourceDocument), ("citations", CDKG.Citation),
)


def _count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query)))[0].value)


def _citation_graphs(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if "/id/source/" in g.value)


def summarise(store: ox.Store, findings: list, inferred: int, triples: int | None = None,
              citation_graphs=None, imported_quads: int = 0) -> dict:
    """A JSON-ready summary of a built store (``triples``: the number of distinct triples, when
    the caller knows it already; ``False`` to leave it out; otherwise it is counted;
    ``citation_graphs``: the names of the curated citation graphs, when known).

    Examples
    --------
    >>> store = ox.Store()
    >>> g = ox.NamedNode("https://w3id.org/cdkg/id/source/001/L1-2")
    >>> rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), rdf_type, ox.NamedNode(str(CDKG.City)), g))
    >>> s = summarise(store, [], 0)
    >>> s["classes"]["cities"], s["sources"]["001"]["triples"]
    (1, 1)
    """
    values = " ".join(f"<{cls}>" for _, cls in SUMMARY_CLASSES)
    counts = {row["class"].value: int(row["n"].value) for row in store.query(
        f"SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?class {{ {values} }} GRAPH ?g {{ ?x a ?class }} }} GROUP BY ?class")}
    classes = {name: counts.get(str(cls), 0) for name, cls in SUMMARY_CLASSES}
    per_doc: dict[str, Counter] = {}
    for name in sorted(citation_graphs) if citation_graphs is not None else _citation_graphs(store):
        citation = parse_citation(name)
        if citation is None:
            continue
        graph = ox.NamedNode(name)
        subjects = set()
        n = 0
        for q in store.quads_for_pattern(None, None, None, graph):
            n += 1
            if isinstance(q.subject, ox.NamedNode):
                subjects.add(q.subject.value)
        counter = per_doc.setdefault(citation.document, Counter())
        counter["citations"] += 1
        counter["triples"] += n
        counter["entities"] += len(subjects)
    severities = Counter(f.severity for f in findings)
    summary = {
        "triples": None if triples is False else triples if triples is not None else _count(
            store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"),
        "quads": len(store),
        "inferred_triples": inferred,
        "classes": classes,
        "sources": {doc: dict(c) for doc, c in sorted(per_doc.items())},
        "violations": severities.get("violation", 0),
        "warnings": severities.get("warning", 0),
        "findings": [str(f) for f in findings],
    }
    if imported_quads:
        summary["imported_quads"] = imported_quads
    return summary
