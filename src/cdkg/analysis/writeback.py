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


def _iri(value: str) -> tuple:
    return ("iri", value)


def _lit(value: str, datatype=None, lang: str | None = None) -> tuple:
    return ("lit", value, str(datatype) if datatype else None, lang)


def statements(analysis: Analysis, base: str = DEFAULT_BASE):
    """The result triples as plain tuples (``("iri", value)`` or ``("lit", value, datatype,
    language)``), so that both rdflib and a direct text writer can take them.

    Nodes that are not IRIs (plain NetworkX graphs) are left out.
    """
    proj_params = analysis.projection_parameters
    proj = _iri(str(projection_iri(analysis.projection, proj_params, base)))
    when = _lit(analysis.computed_at.isoformat(), XSD.dateTime)
    run = _iri(f"{base}id/analysis/run/{_hash(proj[1], analysis.computed_at.isoformat(), sorted(analysis.values))}")
    a = _iri(str(RDF.type))
    yield proj, a, _iri(str(CDKG.Projection))
    yield proj, _iri(str(RDFS.label)), _lit(analysis.projection)
    yield proj, _iri(str(CDKG.parameters)), _lit(json.dumps(proj_params, sort_keys=True))
    yield run, a, _iri(str(CDKG.AnalysisRun))
    yield run, _iri(str(CDKG.onProjection)), proj
    yield run, _iri(str(PROV.endedAtTime)), when
    yield run, _iri(str(CDKG.parameters)), _lit(json.dumps({"engine": analysis.engine, "measures": analysis.parameters}, sort_keys=True))
    result_for, of_measure, on_projection = _iri(str(CDKG.resultFor)), _iri(str(CDKG.ofMeasure)), _iri(str(CDKG.onProjection))
    value_p, community_p, rank_p = _iri(str(CDKG.resultValue)), _iri(str(CDKG.community)), _iri(str(CDKG.rank))
    params_p, generated_at, generated_by = _iri(str(CDKG.parameters)), _iri(str(PROV.generatedAtTime)), _iri(str(PROV.wasGeneratedBy))
    result_type = _iri(str(CDKG.MeasureResult))
    for name, values in analysis.values.items():
        m = _iri(f"{base}id/analysis/measure/{name}")
        yield m, a, _iri(str(CDKG.NetworkMeasure))
        yield m, _iri(str(RDFS.label)), _lit(name)
        yield m, _iri(str(RDFS.comment)), _lit(MEASURES[name].description, lang="en")
        ref = reference(name)
        if ref:
            yield m, _iri(str(DCTERMS.bibliographicCitation)), _lit(ref)
        params = _lit(json.dumps(analysis.parameters.get(name, {}), sort_keys=True))
        partition = MEASURES[name].partition
        ranks = None if partition else analysis.ranks(name)
        key = _hash(proj[1], name, params[1])
        for node, value in values.items():
            if not isinstance(node, str) or "://" not in node:
                continue
            r = _iri(f"{base}id/analysis/result/{key}/{hashlib.sha1(node.encode()).hexdigest()[:16]}")
            yield r, a, result_type
            yield r, result_for, _iri(node)
            yield r, of_measure, m
            yield r, on_projection, proj
            yield r, value_p, _lit(repr(float(value)), XSD.double)
            if partition:
                yield r, community_p, _lit(str(int(value)), XSD.integer)
            else:
                yield r, rank_p, _lit(str(ranks[node]), XSD.integer)
            yield r, params_p, params
            yield r, generated_at, when
            yield r, generated_by, run


def _rdflib(term):
    if term[0] == "iri":
        return URIRef(term[1])
    _, value, datatype, lang = term
    return Literal(value, lang=lang) if lang else Literal(value, datatype=URIRef(datatype) if datatype else None)


def to_rdf(analysis: Analysis, base: str = DEFAULT_BASE, into: Dataset | None = None) -> Dataset:
    """The results as quads in the analysis graph (added to ``into`` when given).

    Nodes that are not IRIs (plain NetworkX graphs) are left out.
    """
    ds = into if into is not None else Dataset()
    for prefix, iri in all_prefixes(base).items():
        ds.bind(prefix, iri, override=False)
    g: Graph = ds.graph(analysis_graph_name(base))
    for s, p, o in statements(analysis, base):
        g.add((_rdflib(s), _rdflib(p), _rdflib(o)))
    return ds


def _text(term) -> str:
    if term[0] == "iri":
        return f"<{term[1]}>"
    _, value, datatype, lang = term
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def write_trig(analysis: Analysis, path, base: str = DEFAULT_BASE) -> int:
    """Write the results as TriG (one graph block, one statement a line) straight to ``path``,
    without building rdflib objects: fast for millions of results. Returns the triple count.

    Examples
    --------
    >>> import io, tempfile, networkx as nx
    >>> from cdkg.analysis import analyze
    >>> g = nx.Graph([("http://e/a", "http://e/b")]); g.graph.update(projection="test", parameters={})
    >>> path = tempfile.mktemp(suffix=".trig")
    >>> n = write_trig(analyze(g, ["degree"]), path)
    >>> ds = Dataset(); _ = ds.parse(path, format="trig"); n == len(ds.graph(analysis_graph_name()))
    True
    """
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"<{analysis_graph_name(base)}> {{\n")
        for s, p, o in statements(analysis, base):
            handle.write(f"{_text(s)} {_text(p)} {_text(o)} .\n")
            count += 1
        handle.write("}\n")
    return count
