"""The SHACL shapes compiled to SPARQL checks, for included data at any scale.

pySHACL validates the curated core (thousands of triples) but not millions; included and
imported data get the same rules as SPARQL queries run on the build's Oxigraph store. Each
property constraint of a node shape becomes one query that returns the resources breaking it,
reported with the shape's own ``sh:message`` (the same words as for the curated graph).

Compiled: targets ``sh:targetClass`` and ``sh:targetSubjectsOf``; paths that are an IRI or an
``sh:inversePath``; ``sh:minCount``, ``sh:maxCount``, ``sh:datatype`` (well-formed lexical form
included: ``"abc"^^xsd:integer`` is refused), ``sh:class``, ``sh:pattern``,
``sh:minInclusive``/``sh:maxInclusive``, ``sh:hasValue``, ``sh:uniqueLang``,
``sh:lessThanOrEquals``, and ``sh:node`` whose shape requires values (``sh:hasValue``).
Not compiled (reported by :func:`uncompiled`): ``sh:or``/``sh:and`` and ``sh:sparql`` node
constraints; ``queries/checks`` holds SPARQL checks for what they cover at scale.

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(data='''
... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://ex.org/> .
... ex:S a sh:NodeShape ; sh:targetClass ex:M ;
...   sh:property [ sh:path ex:member ; sh:minCount 1 ; sh:message "has no member" ] .''', format="turtle")
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://ex.org/m1"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
...                   ox.NamedNode("https://ex.org/M"), ox.NamedNode("https://ex.org/g")))
>>> [(f.focus, f.message) for f in check_shapes(store, compile_shapes(shapes))]
[('<https://ex.org/m1>', 'has no member')]
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from cdkg.build.validate import SEVERITY, Finding, _short_ox

_CASTS = {"integer", "decimal", "double", "float", "boolean", "gYear", "date", "dateTime", "nonNegativeInteger",
          "positiveInteger", "gYearMonth"}


@dataclass(frozen=True)
class Check:
    """One compiled constraint: the query, and how to report its rows."""

    rule: str
    severity: str
    path: str | None
    message: str
    query: str


def _n3(term) -> str:
    return term.n3()


def _target(shapes: Graph, shape) -> str | None:
    classes = sorted(shapes.objects(shape, SH.targetClass))
    subjects_of = sorted(shapes.objects(shape, SH.targetSubjectsOf))
    parts = []
    if classes:
        parts.append(f"{{ VALUES ?class {{ {' '.join(map(_n3, classes))} }} ?focus a ?class }}")
    for prop in subjects_of:
        parts.append(f"{{ ?focus {_n3(prop)} [] }}")
    return " UNION ".join(parts) if parts else None


def _path(shapes: Graph, prop) -> tuple[str, str] | None:
    path = shapes.value(prop, SH.path)
    if isinstance(path, URIRef):
        return f"?focus {_n3(path)} ?v", _n3(path)
    inverse = shapes.value(path, SH.inversePath) if path is not None else None
    if isinstance(inverse, URIRef):
        return f"?v {_n3(inverse)} ?focus", f"^{_n3(inverse)}"
    return None


def _required_values(shapes: Graph, node) -> list[tuple[str, str]]:
    """``(path, value)`` pairs a ``sh:node`` shape requires with ``sh:hasValue`` (else [])."""
    pairs = []
    for prop in shapes.objects(node, SH.property):
        path, value = shapes.value(prop, SH.path), shapes.value(prop, SH.hasValue)
        if isinstance(path, URIRef) and value is not None:
            pairs.append((_n3(path), _n3(value)))
    return pairs


def _constraints(shapes: Graph, prop, target: str, pattern: str) -> list[str]:
    """The SELECT queries (``?focus``, maybe ``?v``) for one property shape."""
    queries = []
    head = f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {pattern} ."
    min_count, max_count = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    if min_count is not None and int(min_count) == 1:
        queries.append(f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER NOT EXISTS {{ {pattern} }} }}")
    elif min_count is not None and int(min_count) > 1:
        queries.append(f"SELECT ?focus WHERE {{ {target} OPTIONAL {{ {pattern} }} }} GROUP BY ?focus "
                       f"HAVING (COUNT(DISTINCT ?v) < {int(min_count)})")
    if max_count is not None:
        queries.append(f"SELECT ?focus WHERE {{ {{ SELECT DISTINCT ?focus ?v WHERE {{ {target} {pattern} }} }} }} "
                       f"GROUP BY ?focus HAVING (COUNT(?v) > {int(max_count)})")
    datatype = shapes.value(prop, SH.datatype)
    if datatype is not None:
        local = str(datatype).rsplit("#", 1)[-1]
        cast = (f" || !BOUND(?cast)" if local in _CASTS and str(datatype).startswith(str(_XSD)) else "")
        bind = f" BIND({_n3(datatype)}(STR(?v)) AS ?cast)" if cast else ""
        queries.append(f"{head}{bind} FILTER(!isLiteral(?v) || datatype(?v) != {_n3(datatype)}{cast}) }}")
    cls = shapes.value(prop, SH["class"])
    if cls is not None:
        queries.append(f"{head} FILTER NOT EXISTS {{ ?v a {_n3(cls)} }} }}")
    regex = shapes.value(prop, SH.pattern)
    if regex is not None:
        flags = shapes.value(prop, SH.flags)
        queries.append(f"{head} FILTER(isBlank(?v) || !REGEX(STR(?v), {Literal(str(regex)).n3()}"
                       f"{', ' + Literal(str(flags)).n3() if flags else ''})) }}")
    for key, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
        bound = shapes.value(prop, key)
        if bound is not None:
            queries.append(f"{head} FILTER(!COALESCE(?v {op} {_n3(bound)}, false)) }}")
    has_value = shapes.value(prop, SH.hasValue)
    if has_value is not None:
        queries.append(f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER NOT EXISTS {{ "
                       f"{pattern.replace('?v', _n3(has_value))} }} }}")
    if shapes.value(prop, SH.uniqueLang) == Literal(True):
        queries.append(f"SELECT ?focus ?lang WHERE {{ {{ SELECT DISTINCT ?focus ?v WHERE {{ {target} "
                       f"{pattern} FILTER(LANG(?v) != \"\") }} }} }} GROUP BY ?focus (LANG(?v) AS ?lang) "
                       f"HAVING (COUNT(?v) > 1)")
    other = shapes.value(prop, SH.lessThanOrEquals)
    if other is not None:
        queries.append(f"{head} ?focus {_n3(other)} ?w FILTER(!COALESCE(?v <= ?w, false)) }}")
    node = shapes.value(prop, SH.node)
    if node is not None:
        for path, value in _required_values(shapes, node):
            queries.append(f"{head} FILTER NOT EXISTS {{ ?v {path} {value} }} }}")
    return queries


_XSD = URIRef("http://www.w3.org/2001/XMLSchema#")


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every compilable constraint of the targeted node shapes, as :class:`Check` queries."""
    checks = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        target = _target(shapes, shape)
        if target is None:
            continue
        label = shapes.value(shape, RDFS.label)
        rule = f"{label or shape} shape"
        default = SEVERITY.get(shapes.value(shape, SH.severity), "violation")
        for prop in shapes.objects(shape, SH.property):
            found = _path(shapes, prop)
            if found is None:
                continue
            pattern, path = found
            severity = SEVERITY.get(shapes.value(prop, SH.severity), default)
            message = str(shapes.value(prop, SH.message) or "does not meet the rule")
            for query in _constraints(shapes, prop, target, pattern):
                checks.append(Check(rule, severity, path, message, query))
    return checks


def uncompiled(shapes: Graph) -> list[str]:
    """Node shapes with constraints this compiler leaves to pySHACL (``sh:or``, ``sh:and``, ``sh:sparql``)."""
    return sorted(str(shapes.value(s, RDFS.label) or s) for s in shapes.subjects(RDF.type, SH.NodeShape)
                  if any(shapes.value(s, key) is not None for key in (SH["or"], SH["and"], SH.sparql)))


#: The most findings one check reports (then one more finding says there are more): a
#: million bad rows need one message per rule, not a million lines.
CAP = {"violation": 1000, "warning": 20, "info": 20}


def check_shapes(store, checks: list[Check], cap: dict | None = None) -> list[Finding]:
    """Run the compiled checks on an Oxigraph store (default graph: the union of its graphs).

    Each check reports at most ``cap[severity]`` findings (:data:`CAP`), and then one finding
    saying that more resources break the same rule (the query stops there).
    """
    from cdkg.core.namespaces import all_prefixes

    prefixes = all_prefixes()
    cap = CAP if cap is None else cap

    def evaluate(check: Check):
        limit = cap.get(check.severity)
        text = check.query + (f" LIMIT {limit + 1}" if limit is not None else "")
        return list(store.query(text, use_default_graph_as_union=True, prefixes=prefixes))

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        answers = list(pool.map(evaluate, checks))
    findings = []
    for check, rows in zip(checks, answers):
        limit = cap.get(check.severity)
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            findings.append(Finding(check.severity, check.rule, "(more)", _shown_path(check.path),
                                    f"{check.message} (more than {limit} resources; the first {limit} are listed)"))
        for row in rows:
            message = check.message
            value = _value(row)
            if value is not None:
                message += f" (value: {_short(value)})"
            findings.append(Finding(check.severity, check.rule, _short(row["focus"]), _shown_path(check.path),
                                    message))
    unique = {(f.severity, f.rule, f.focus, f.path, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.severity, f.focus, f.path or "", f.message))


def _short(term) -> str:
    """As the curated graph's findings show a resource (a blank node as ``[blank node]``)."""
    import pyoxigraph as ox

    return "[blank node]" if isinstance(term, ox.BlankNode) else _short_ox(term)


def _value(row):
    try:
        return row["v"]
    except (KeyError, IndexError, TypeError):
        return None


def _shown_path(path: str | None) -> str | None:
    if path is None:
        return None
    from cdkg.build.validate import shorten

    inverse = path.startswith("^")
    iri = path.lstrip("^")[1:-1]
    return ("^" if inverse else "") + shorten(URIRef(iri))
