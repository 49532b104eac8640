"""What the published pages say about a resource: its labels in both languages, every fact with
the named graphs (citations) that state it, the resources that link to it, and its network measures.

:class:`SiteIndex` reads a built dataset once (every quad, so each triple knows its citation
graphs) and answers per-resource questions for the page and RDF writers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from cdkg.core.namespaces import CDKG, DEFAULT_BASE, all_prefixes
from cdkg.load import parse_citation
from cdkg.publish.names import EXTERNAL_LABELS, LABEL_PROPERTIES, NAME_PROPERTIES, Names

__all__ = ["SiteIndex", "Provenance", "Term", "Fact", "MeasureRow", "system_graph", "EXTERNAL_LABELS",
           "LABEL_PROPERTIES", "NAME_PROPERTIES"]

#: Characters a path segment may hold to become a file name of the site.
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")


def system_graph(name: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of one of the build's own named graphs (``ontology``, ``citations``, ``inferred``).

    Examples
    --------
    >>> str(system_graph("analysis"))
    'https://w3id.org/cdkg/id/graph/analysis'
    """
    return URIRef(f"{base}id/graph/{name}")


@dataclass(frozen=True)
class Provenance:
    """Where a triple comes from: a cited line range, a dataset, the build's inference, ..."""

    kind: str            # citation | import | dataset | inferred | ontology | analysis | record | graph
    label: str
    iri: str
    path: str | None = None          # site path (no extension) of its page, if it has one
    document: str | None = None      # citation: the document number, e.g. "001"
    document_label: str | None = None
    start: int | None = None
    end: int | None = None

    @property
    def lines(self) -> str:
        if self.start is None:
            return ""
        return f"line {self.start}" if self.start == self.end else f"lines {self.start}–{self.end}"


@dataclass
class Term:
    """An RDF term ready to show: text, a link (site path or external IRI), language, datatype."""

    text: str
    iri: str | None = None
    path: str | None = None
    lang: str | None = None
    datatype: str | None = None
    nested: list = field(default_factory=list)   # facts of a blank node


@dataclass
class Fact:
    """One property value of a resource, with every graph that states it."""

    prop: Term
    value: Term
    sources: list[Provenance]

    @property
    def inferred_only(self) -> bool:
        return bool(self.sources) and all(s.kind == "inferred" for s in self.sources)


@dataclass
class MeasureRow:
    """A network measure computed for a resource (a ``cdkg:MeasureResult``)."""

    measure: Term
    projection: Term | None
    value: float | None
    rank: int | None
    community: int | None
    run: Term | None


class SiteIndex(Names):
    """An index of a built dataset for publishing.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The built quads: curated citation graphs and the build's own graphs.
    base : str
        The base of resource IRIs (``<base>id/...``); the site's root stands for it.
    extra : rdflib.Graph, optional
        More triples to describe (the VoID/DCAT description), attributed to ``extra_name``.

    Examples
    --------
    >>> ds = Dataset()
    >>> g = ds.graph(URIRef(DEFAULT_BASE + "id/source/001/L3-4"))
    >>> aarhus = URIRef(DEFAULT_BASE + "id/city/aarhus")
    >>> _ = g.add((aarhus, RDFS.label, Literal("Aarhus", lang="en")))
    >>> index = SiteIndex(ds)
    >>> index.path_of(aarhus), index.label(aarhus)
    ('id/city/aarhus', 'Aarhus')
    >>> [p.lines for p in index.sources_of((aarhus, RDFS.label, Literal("Aarhus", lang="en")))]
    ['lines 3–4']
    """

    def __init__(self, dataset: Dataset, base: str = DEFAULT_BASE, extra: Graph | None = None,
                 extra_name: str = "description"):
        self.dataset = dataset
        self.base = base
        self.union = Graph()
        self.graphs_of: dict[tuple, set] = defaultdict(set)
        for s, p, o, g in dataset.quads((None, None, None, None)):
            name = g.identifier if hasattr(g, "identifier") else g
            self.union.add((s, p, o))
            self.graphs_of[(s, p, o)].add(name)
        if extra is not None:
            name = system_graph(extra_name, base)
            for triple in extra:
                self.union.add(triple)
                self.graphs_of[triple].add(name)
        self._init_names(dict(all_prefixes(base), void="http://rdfs.org/ns/void#", spdx="http://spdx.org/rdf/terms#"))
        self._provenance: dict = {}
        self.ontology_iri = URIRef(str(CDKG).rstrip("#"))

    # -- names ---------------------------------------------------------------------------

    def path_of(self, term) -> str | None:
        """The site path (without extension) of a resource IRI under the base, or None."""
        if not isinstance(term, URIRef):
            return None
        text = str(term)
        if text == str(self.ontology_iri):
            return "ontology"
        if not text.startswith(self.base + "id/"):
            return None
        rest = text[len(self.base):]
        segments = rest.split("/")
        if not all(_SAFE_SEGMENT.match(seg) for seg in segments):
            return None
        return rest

    def href(self, term) -> str | None:
        """Where a link to ``term`` points: its page on the site, or the ontology document."""
        path = self.path_of(term)
        if path is not None:
            return path + ".html"
        text = str(term)
        if text.startswith(str(CDKG)):
            return "ontology.html#" + text[len(str(CDKG)):]
        return None

    def provenance(self, graph) -> Provenance:
        """Describe a named graph as the source of the triples it holds."""
        if graph in self._provenance:
            return self._provenance[graph]
        text = str(graph)
        citation = parse_citation(text)
        if citation is not None:
            doc = citation.document_iri()
            doc_label = self.label(doc) if (doc, None, None) in self.union else f"document {citation.document}"
            lines = f"line {citation.start}" if citation.start == citation.end else f"lines {citation.start}–{citation.end}"
            prov = Provenance("citation", f"{citation.document}, {lines}", text, self.path_of(graph),
                              citation.document, doc_label, citation.start, citation.end)
        elif text.endswith("id/graph/inferred"):
            prov = Provenance("inferred", "inferred by the build", text)
        elif text.endswith("id/graph/ontology"):
            prov = Provenance("ontology", "ontology and vocabularies", text, "ontology")
        elif text.endswith("id/graph/citations"):
            prov = Provenance("record", "citation record made by the build", text)
        elif text.endswith("id/graph/analysis"):
            prov = Provenance("analysis", "network analysis (cdkg analyze)", text)
        elif text.endswith("id/graph/description"):
            prov = Provenance("record", "dataset description made by cdkg publish", text)
        elif (graph, RDF.type, CDKG.Dataset) in self.union:
            prov = Provenance("dataset", self.label(graph), text, self.path_of(graph))
        elif (graph, RDF.type, CDKG.Citation) in self.union:   # a record of imported data
            prov = Provenance("import", self.record_label(graph), text, self.path_of(graph))
        else:
            prov = Provenance("graph", self.qname(graph), text, self.path_of(graph))
        self._provenance[graph] = prov
        return prov

    def record_label(self, graph) -> str:
        """An imported record's citation: its file (or endpoint) and row, or its Wikidata item."""
        value = self.union.value
        source = value(graph, DCTERMS.source)
        where = str(source).rstrip("/").rsplit("/", 1)[-1] if source is not None else self.label(graph)
        row, item = value(graph, CDKG.sourceRow), value(graph, CDKG.sourceItem)
        if row is not None:
            return f"{where}, row {row}"
        if item is not None:
            return f"{where}, {str(item).rsplit('/', 1)[-1]}"
        return where

    def sources_of(self, triple) -> list[Provenance]:
        """Where a triple comes from, citations first (in document and line order)."""
        order = {"citation": 0, "import": 1, "dataset": 2, "analysis": 3, "graph": 4, "ontology": 5, "record": 6,
                 "inferred": 7}
        found = [self.provenance(g) for g in self.graphs_of.get(triple, ())]
        return sorted(found, key=lambda p: (order[p.kind], p.document or "", p.start or 0, p.end or 0, p.label))

    # -- terms and facts -----------------------------------------------------------------

    def term(self, node, depth: int = 0) -> Term:
        """A node ready to show; a blank node carries its own facts (two levels deep)."""
        if isinstance(node, Literal):
            datatype = self.qname(node.datatype) if node.datatype else None
            return Term(str(node), lang=node.language, datatype=datatype)
        if isinstance(node, BNode):
            nested = self.facts(node, depth + 1) if depth < 3 else []
            return Term(self.label(node), nested=nested)
        return Term(self.label(node), iri=str(node), path=self.href(node))

    def facts(self, subject, depth: int = 0) -> list[Fact]:
        """Every property value of ``subject`` except its names, in a stable order."""
        rows = []
        for p, o in self.union.predicate_objects(subject):
            if p in NAME_PROPERTIES and depth == 0:
                continue
            sources = self.sources_of((subject, p, o))
            if p == RDF.type and depth == 0 and sources and all(s.kind == "inferred" for s in sources):
                continue  # shown with the types at the top of the page
            rows.append(Fact(self.term(p), self.term(o, depth), sources))
        rows.sort(key=lambda f: (f.prop.iri != str(RDF.type), f.inferred_only, f.prop.text.lower(),
                                 f.value.text.lower(), f.value.iri or ""))
        return rows

    def names(self, subject) -> list[Fact]:
        """The labels of ``subject`` (every language), each with its citations."""
        rows = []
        for p in NAME_PROPERTIES:
            for o in sorted(self.union.objects(subject, p), key=lambda v: (getattr(v, "language", "") or "", str(v))):
                rows.append(Fact(self.term(p), self.term(o), self.sources_of((subject, p, o))))
        return rows

    def incoming(self, obj) -> list[Fact]:
        """The resources that link to ``obj`` (subject as the value), with their citations."""
        rows = []
        for s, p in self.union.subject_predicates(obj):
            if isinstance(s, URIRef):
                rows.append(Fact(self.term(p), self.term(s), self.sources_of((s, p, obj))))
        rows.sort(key=lambda f: (f.inferred_only, f.prop.text.lower(), f.value.text.lower(), f.value.iri or ""))
        return rows

    def measures(self, subject) -> list[MeasureRow]:
        """The network measures computed for ``subject`` (``cdkg:MeasureResult`` nodes)."""
        rows = []
        for result in self.union.subjects(CDKG.resultFor, subject):
            measure = self.union.value(result, CDKG.ofMeasure)
            if measure is None:
                continue
            projection = self.union.value(result, CDKG.onProjection)
            value = self.union.value(result, CDKG.resultValue)
            rank = self.union.value(result, CDKG.rank)
            community = self.union.value(result, CDKG.community)
            run = self.union.value(result, PROV.wasGeneratedBy)
            rows.append(MeasureRow(self.term(measure), self.term(projection) if projection is not None else None,
                                   float(value) if value is not None else None,
                                   int(rank) if rank is not None else None,
                                   int(community) if community is not None else None,
                                   self.term(run) if run is not None else None))
        rows.sort(key=lambda r: (r.measure.text.lower(), r.projection.text.lower() if r.projection else "", r.rank or 0))
        return rows

    def types(self, subject) -> tuple[list[Term], list[Term]]:
        """The asserted and the merely inferred classes of ``subject``."""
        asserted, inferred = [], []
        for cls in sorted(self.union.objects(subject, RDF.type), key=lambda c: self.label(c).lower()):
            sources = self.sources_of((subject, RDF.type, cls))
            (inferred if all(s.kind == "inferred" for s in sources) else asserted).append(self.term(cls))
        return asserted, inferred

    def same_as(self, subject) -> list[str]:
        """External identities (``owl:sameAs``): GeoNames, Wikidata and others."""
        return sorted(str(o) for o in self.union.objects(subject, OWL.sameAs) if isinstance(o, URIRef))

    # -- the resources ---------------------------------------------------------------------

    def resources(self) -> list[URIRef]:
        """Every resource under ``<base>id/`` that the graph says something about, sorted."""
        found = {s for s in self.union.subjects() if isinstance(s, URIRef) and self.path_of(s) is not None
                 and self.path_of(s) != "ontology"}
        return sorted(found, key=str)

    def unsafe_resources(self) -> list[URIRef]:
        """Resources under the base whose IRI cannot be a file name (they get no page)."""
        prefix = self.base + "id/"
        return sorted({s for s in self.union.subjects() if isinstance(s, URIRef) and str(s).startswith(prefix)
                       and self.path_of(s) is None}, key=str)

    def description(self, subject) -> Graph:
        """The RDF document of one resource: its triples (with the blank nodes they lead to),
        the triples that point at it, and the labels of every resource it links to."""
        out = Graph(bind_namespaces="none")
        todo, seen = [subject], set()
        neighbours = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in self.union.predicate_objects(node):
                out.add((node, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
                elif isinstance(o, URIRef) and p != RDF.type:
                    neighbours.add(o)
        for s, p in self.union.subject_predicates(subject):
            if isinstance(s, URIRef):
                out.add((s, p, subject))
                neighbours.add(s)
        for node in neighbours:
            for prop in (RDFS.label, SKOS.prefLabel):
                for value in self.union.objects(node, prop):
                    out.add((node, prop, value))
        return out
