"""Measure results back into the graph as RDF, in the ontology's terms.

Each value is a ``cdkg:MeasureResult``: ``cdkg:resultFor`` the node, ``cdkg:ofMeasure`` the
measure (a ``cdkg:NetworkMeasure`` with its label and reference), ``cdkg:onProjection`` the
projection (a ``cdkg:Projection`` whose ``cdkg:parameters`` are the filters, as JSON),
``cdkg:resultValue``, ``cdkg:rank`` (or ``cdkg:community`` for Louvain), ``cdkg:parameters``
of the measure, and ``prov:generatedAtTime``/``prov:wasGeneratedBy`` the ``cdkg:AnalysisRun``.
All of it goes in the named graph ``<base>id/graph/analysis``, so a SPARQL query can rank cities:

.. code-block:: sparql

    SELECT ?city ?value WHERE {
      ?r cdkg:resultFor ?city ; cdkg:ofMeasure/rdfs:label "betweenness" ;
         cdkg:onProjection/rdfs:label "comembership" ; cdkg:resultValue ?value ; cdkg:rank ?rank .
    } ORDER BY ?rank
"""

from __future__ import annotations

import hashlib
import json

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from cdkg.analysis.measures import MEASURES
from cdkg.analysis.results import Analysis, reference
from cdkg.core.namespaces import CDKG, DEFAULT_BASE, all_prefixes


def analysis_graph_name(base: str = DEFAULT_BASE) -> URIRef:
    """The named graph that holds analysis results."""
    return URIRef(f"{base}id/graph/analysis")


def _hash(*parts) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:12]


def projection_iri(name: str, parameters: dict, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a projection with its parameters (the same filters give the same IRI).

    Examples
    --------
    >>> str(projection_iri("comembership", {}))
    'https://w3id.org/cdkg/id/analysis/projection/comembership'
    """
    suffix = f"-{_hash(parameters)}" if parameters else ""
    return URIRef(f"{base}id/analysis/projection/{name}{suffix}")


def to_rdf(analysis: Analysis, base: str = DEFAULT_BASE, into: Dataset | None = None) -> Dataset:
    """The results as quads in the analysis graph (added to ``into`` when given).

    Nodes that are not IRIs (plain NetworkX graphs) are left out.
    """
    ds = into if into is not None else Dataset()
    for prefix, iri in all_prefixes(base).items():
        ds.bind(prefix, iri, override=False)
    g: Graph = ds.graph(analysis_graph_name(base))
    proj_params = analysis.projection_parameters
    proj = projection_iri(analysis.projection, proj_params, base)
    when = Literal(analysis.computed_at.isoformat(), datatype=XSD.dateTime)
    run = URIRef(f"{base}id/analysis/run/{_hash(str(proj), analysis.computed_at.isoformat(), sorted(analysis.values))}")
    g.add((proj, RDF.type, CDKG.Projection))
    g.add((proj, RDFS.label, Literal(analysis.projection)))
    g.add((proj, CDKG.parameters, Literal(json.dumps(proj_params, sort_keys=True))))
    g.add((run, RDF.type, CDKG.AnalysisRun))
    g.add((run, CDKG.onProjection, proj))
    g.add((run, PROV.endedAtTime, when))
    g.add((run, CDKG.parameters, Literal(json.dumps({"engine": analysis.engine, "measures": analysis.parameters}, sort_keys=True))))
    for name, values in analysis.values.items():
        m = URIRef(f"{base}id/analysis/measure/{name}")
        g.add((m, RDF.type, CDKG.NetworkMeasure))
        g.add((m, RDFS.label, Literal(name)))
        g.add((m, RDFS.comment, Literal(MEASURES[name].description, lang="en")))
        ref = reference(name)
        if ref:
            g.add((m, DCTERMS.bibliographicCitation, Literal(ref)))
        params = json.dumps(analysis.parameters.get(name, {}), sort_keys=True)
        partition = MEASURES[name].partition
        ranks = None if partition else analysis.ranks(name)
        key = _hash(str(proj), name, params)
        for node, value in values.items():
            if not isinstance(node, str) or "://" not in node:
                continue
            r = URIRef(f"{base}id/analysis/result/{key}/{hashlib.sha1(node.encode()).hexdigest()[:16]}")
            g.add((r, RDF.type, CDKG.MeasureResult))
            g.add((r, CDKG.resultFor, URIRef(node)))
            g.add((r, CDKG.ofMeasure, m))
            g.add((r, CDKG.onProjection, proj))
            g.add((r, CDKG.resultValue, Literal(float(value), datatype=XSD.double)))
            if partition:
                g.add((r, CDKG.community, Literal(int(value), datatype=XSD.integer)))
            else:
                g.add((r, CDKG.rank, Literal(ranks[node], datatype=XSD.integer)))
            g.add((r, CDKG.parameters, Literal(params)))
            g.add((r, PROV.generatedAtTime, when))
            g.add((r, PROV.wasGeneratedBy, run))
    return ds
