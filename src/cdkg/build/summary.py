"""Counts of the built graph: per class, per source document, and the findings."""

from __future__ import annotations

from collections import Counter

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS

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


def summarise(ds: Dataset, union: Graph, findings: list, inferred: int) -> dict:
    """A JSON-ready summary of a build.

    Examples
    --------
    >>> from rdflib import Namespace
    >>> ds = Dataset(); EX = Namespace("http://e/")
    >>> g = ds.graph(URIRef("https://w3id.org/cdkg/id/source/001/L1-2"))
    >>> _ = g.add((EX.a, RDF.type, CDKG.City))
    >>> s = summarise(ds, g, [], 0)
    >>> s["classes"]["cities"], s["sources"]["001"]["triples"]
    (1, 1)
    """
    classes = {name: len(set(union.subjects(RDF.type, cls))) for name, cls in SUMMARY_CLASSES}
    per_doc: dict[str, Counter] = {}
    for ctx in ds.graphs():
        citation = parse_citation(str(ctx.identifier))
        if citation is None:
            continue
        counter = per_doc.setdefault(citation.document, Counter())
        counter["citations"] += 1
        counter["triples"] += len(ctx)
        counter["entities"] += len({s for s in ctx.subjects() if isinstance(s, URIRef)})
    severities = Counter(f.severity for f in findings)
    return {
        "triples": len(union),
        "inferred_triples": inferred,
        "classes": classes,
        "sources": {doc: dict(c) for doc, c in sorted(per_doc.items())},
        "violations": severities.get("violation", 0),
        "warnings": severities.get("warning", 0),
        "findings": [str(f) for f in findings],
    }
