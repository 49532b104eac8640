"""Check that each citation graph's line range exists and names the entities it supports."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Dataset, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from cdkg.core.namespaces import CDKG, ORG, SCHEMA
from cdkg.load.citations import parse_citation
from cdkg.load.sources import Sources, normalise

LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, DCTERMS.title, SCHEMA.name, FOAF.name)

#: Classes of n-ary nodes that carry no name of their own, and the links to the named
#: entities that a cited range must mention instead.
NARY_LINKS = {
    ORG.Membership: (ORG.member, ORG.organization),
    CDKG.StatedQuantity: (CDKG.quantityOf,),
    CDKG.Partnership: (CDKG.partner,),
    CDKG.Twinning: (CDKG.partner,),
    CDKG.CityToCityCooperation: (CDKG.partner,),
    CDKG.StrategicSectorCooperation: (CDKG.partner,),
    CDKG.StudyExchange: (CDKG.partner,),
    CDKG.ProjectConsortium: (CDKG.partner,),
    CDKG.SourceDifference: (CDKG.concerns,),
}


@dataclass
class MentionProblem:
    """One problem found: the citation graph, the entity (if any) and what is wrong."""

    graph: str
    entity: str | None
    message: str

    def __str__(self) -> str:
        where = f" ({self.entity})" if self.entity else ""
        return f"{self.graph}{where}: {self.message}"


def _names(ds: Dataset, node) -> set[str]:
    names = set()
    for pred in LABELS:
        for lit in ds.objects(node, pred):  # union over all graphs
            names.add(normalise(str(lit)))
    return {n for n in names if n}


def _nary_kind(ds: Dataset, node):
    for cls in ds.objects(node, RDF.type):
        if cls in NARY_LINKS:
            return cls
    return None


def check_mentions(ds: Dataset, sources: Sources) -> list[MentionProblem]:
    """Return the problems with cited line ranges of a dataset; an empty list means all is well.

    A citation graph must point into an existing document and line range, and the range must
    name each subject of the graph by one of its labels (any graph may hold the labels); an
    n-ary node (membership, partnership, stated quantity) is named through the entities it links.
    """
    ds_union = Dataset(default_union=True)
    for quad in ds.quads((None, None, None, None)):
        ds_union.add(quad)
    problems: list[MentionProblem] = []
    for ctx in ds.graphs():
        name = ctx.identifier
        citation = parse_citation(str(name))
        if citation is None:
            continue
        if citation.document in sources.missing:
            continue  # registered, but its text is not at hand: the build says so
        if citation.document not in sources.lines:
            problems.append(MentionProblem(str(name), None, f"document {citation.document!r} is not a registered source "
                                           "(register it under [sources.documents] in cdkg.toml, or with `cdkg new-source FILE`)"))
            continue
        if not sources.has_range(citation.document, citation.start, citation.end):
            size = len(sources.lines.get(citation.document, []))
            problems.append(MentionProblem(str(name), None, f"no lines {citation.start}-{citation.end} in document {citation.document} ({size} lines)"))
            continue
        text = normalise(sources.excerpt(citation.document, citation.start, citation.end))
        for subject in sorted({s for s in ctx.subjects() if isinstance(s, URIRef)}):
            kind = _nary_kind(ds_union, subject)
            if kind is not None:
                linked = [o for p in NARY_LINKS[kind] for o in ds_union.objects(subject, p)]
                if not any(n in text for o in linked for n in _names(ds_union, o)):
                    problems.append(MentionProblem(str(name), str(subject), "the range names none of the entities this node links"))
                continue
            names = _names(ds_union, subject)
            if not names:
                problems.append(MentionProblem(str(name), str(subject), "entity has no label"))
            elif not any(n in text for n in names):
                problems.append(MentionProblem(str(name), str(subject), f"the range does not name it (labels: {', '.join(sorted(names))})"))
    return problems
