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


class _Context:
    """What every result of one analysis shares: projection, run, time, and per measure its IRI,
    parameters and ranks."""

    def __init__(self, analysis: Analysis, base: str):
        self.base = base
        self.proj_params = analysis.projection_record
        self.proj = str(projection_iri(analysis.projection, analysis.projection_parameters, base))
        self.reported = set(analysis.nodes()) if analysis.graph.graph.get("focus") is not None else None
        self.when = analysis.computed_at.isoformat()
        self.run = f"{base}id/analysis/run/{_hash(self.proj, self.when, sorted(analysis.values))}"
        self.node_keys: dict[str, str] = {}

    def measure(self, analysis: Analysis, name: str) -> tuple[str, str, str, dict | None]:
        """The measure's IRI, its parameters as JSON, the results' key, and the ranks."""
        params = json.dumps(analysis.parameters.get(name, {}), sort_keys=True)
        ranks = None if MEASURES[name].partition else analysis.ranks(name)
        return f"{self.base}id/analysis/measure/{name}", params, _hash(self.proj, name, params), ranks

    def results(self, values: dict, key: str):
        """``(result IRI, node, value)`` of the nodes that are IRIs and have a value (plain
        NetworkX graphs' other nodes, NaN values and, under the whole scope, the nodes the place
        filters leave out are left out)."""
        node_keys = self.node_keys
        prefix = f"{self.base}id/analysis/result/{key}/"
        reported = self.reported
        for node, value in values.items():
            if not isinstance(node, str) or "://" not in node or value != value:
                continue
            if reported is not None and node not in reported:
                continue
            h = node_keys.get(node)
            if h is None:
                h = node_keys[node] = hashlib.sha1(node.encode()).hexdigest()[:16]
            yield prefix + h, node, value


def _head(analysis: Analysis, c: _Context):
    """The statements on the projection, the run and the measures."""
    a = _iri(str(RDF.type))
    proj, run, when = _iri(c.proj), _iri(c.run), _lit(c.when, XSD.dateTime)
    yield proj, a, _iri(str(CDKG.Projection))
    yield proj, _iri(str(RDFS.label)), _lit(analysis.projection)
    yield proj, _iri(str(CDKG.parameters)), _lit(json.dumps(c.proj_params, sort_keys=True))
    yield run, a, _iri(str(CDKG.AnalysisRun))
    yield run, _iri(str(CDKG.onProjection)), proj
    yield run, _iri(str(PROV.endedAtTime)), when
    run_params = {"engine": analysis.engine, "engines": analysis.engines, "measures": analysis.parameters}
    yield run, _iri(str(CDKG.parameters)), _lit(json.dumps(run_params, sort_keys=True))
    for name in analysis.values:
        m = _iri(f"{c.base}id/analysis/measure/{name}")
        yield m, a, _iri(str(CDKG.NetworkMeasure))
        yield m, _iri(str(RDFS.label)), _lit(name)
        yield m, _iri(str(RDFS.comment)), _lit(MEASURES[name].description, lang="en")
        ref = reference(name)
        if ref:
            yield m, _iri(str(DCTERMS.bibliographicCitation)), _lit(ref)


def statements(analysis: Analysis, base: str = DEFAULT_BASE, ties: bool = True):
    """The result triples as plain tuples (``("iri", value)`` or ``("lit", value, datatype,
    language)``), so that rdflib can take them (:func:`write_trig` writes the same triples
    as text directly).

    Nodes that are not IRIs (plain NetworkX graphs) are left out.
    """
    c = _Context(analysis, base)
    yield from _head(analysis, c)
    a = _iri(str(RDF.type))
    proj, run, when = _iri(c.proj), _iri(c.run), _lit(c.when, XSD.dateTime)
    result_for, of_measure, on_projection = _iri(str(CDKG.resultFor)), _iri(str(CDKG.ofMeasure)), _iri(str(CDKG.onProjection))
    value_p, community_p, rank_p = _iri(str(CDKG.resultValue)), _iri(str(CDKG.community)), _iri(str(CDKG.rank))
    params_p, generated_at, generated_by = _iri(str(CDKG.parameters)), _iri(str(PROV.generatedAtTime)), _iri(str(PROV.wasGeneratedBy))
    result_type = _iri(str(CDKG.MeasureResult))
    for name, values in analysis.values.items():
        measure, params, key, ranks = c.measure(analysis, name)
        m, params = _iri(measure), _lit(params)
        for result, node, value in c.results(values, key):
            r = _iri(result)
            yield r, a, result_type
            yield r, result_for, _iri(node)
            yield r, of_measure, m
            yield r, on_projection, proj
            yield r, value_p, _lit(repr(float(value)), XSD.double)
            if ranks is None:
                yield r, community_p, _lit(str(int(value)), XSD.integer)
            else:
                yield r, rank_p, _lit(str(ranks[node]), XSD.integer)
            yield r, params_p, params
            yield r, generated_at, when
            yield r, generated_by, run
    if ties:
        from cdkg.analysis import ties as tie_module

        yield from tie_module.statements(analysis.graph, c.proj, c.run, base)


def _rdflib(term):
    if term[0] == "iri":
        return URIRef(term[1])
    _, value, datatype, lang = term
    return Literal(value, lang=lang) if lang else Literal(value, datatype=URIRef(datatype) if datatype else None)


def to_rdf(analysis: Analysis, base: str = DEFAULT_BASE, into: Dataset | None = None, ties: bool = True) -> Dataset:
    """The results as quads in the analysis graph (added to ``into`` when given), with the
    projection's ties (:mod:`cdkg.analysis.ties`) unless ``ties`` is False.

    Nodes that are not IRIs (plain NetworkX graphs) are left out.
    """
    ds = into if into is not None else Dataset()
    for prefix, iri in all_prefixes(base).items():
        ds.bind(prefix, iri, override=False)
    g: Graph = ds.graph(analysis_graph_name(base))
    for s, p, o in statements(analysis, base, ties=ties):
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


def write_trig(analysis: Analysis, path, base: str = DEFAULT_BASE, ties: bool = True) -> int:
    """Write the results as TriG straight to ``path``, without building RDF term objects: the
    triples of :func:`statements`, each result as one line with its predicate list, so that
    millions of results take seconds. Returns the triple count.

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
    c = _Context(analysis, base)
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"<{analysis_graph_name(base)}> {{\n")
        for s, p, o in _head(analysis, c):
            handle.write(f"{_text(s)} {_text(p)} {_text(o)} .\n")
            count += 1
        double, integer, value_p = f"^^<{XSD.double}>", f"^^<{XSD.integer}>", f"<{CDKG.resultValue}>"
        for name, values in analysis.values.items():
            measure, params, key, ranks = c.measure(analysis, name)
            head = f" <{RDF.type}> <{CDKG.MeasureResult}> ; <{CDKG.resultFor}> <"
            tail = (f" ; <{CDKG.ofMeasure}> <{measure}> ; <{CDKG.onProjection}> <{c.proj}>"
                    f" ; <{CDKG.parameters}> {_text(_lit(params))} ; <{PROV.generatedAtTime}> {_text(_lit(c.when, XSD.dateTime))}"
                    f" ; <{PROV.wasGeneratedBy}> <{c.run}> .\n")
            extra = f"> ; <{CDKG.community if ranks is None else CDKG.rank}> \""
            lines = []
            for result, node, value in c.results(values, key):
                order = int(value) if ranks is None else ranks[node]
                lines.append(f'<{result}>{head}{node}{extra}{order}"{integer} ; {value_p} '
                             f'"{float(value)!r}"{double}{tail}')
            handle.writelines(lines)
            count += 9 * len(lines)
        if ties:
            from cdkg.analysis import ties as tie_module

            for s, p, o in tie_module.statements(analysis.graph, c.proj, c.run, base):
                handle.write(f"{_text(s)} {_text(p)} {_text(o)} .\n")
                count += 1
        handle.write("}\n")
    return count
