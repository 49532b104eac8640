"""The namespaces of the ontology and of the graph's resources, and the standard prefixes.

Resource IRIs live under one base (default ``https://w3id.org/cdkg/``); the build can move
them to another base (see :mod:`cdkg.build.rebase`). Each kind of resource has its own path
segment so that IRIs stay readable: ``<base>id/city/copenhagen``.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, VANN, XSD

DEFAULT_BASE = "https://w3id.org/cdkg/"

CDKG = Namespace(DEFAULT_BASE + "ontology#")
ONTOLOGY_IRI = DEFAULT_BASE + "ontology"
ID = Namespace(DEFAULT_BASE + "id/")

ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
GN = Namespace("https://sws.geonames.org/")
WD = Namespace("http://www.wikidata.org/entity/")

#: Path segments of resource IRIs under ``<base>id/``, with the prefix the graph files use.
RESOURCE_KINDS = {
    "city": "city",
    "gov": "government",
    "region": "region",
    "country": "country",
    "network": "network",
    "orgn": "organisation",
    "office": "office",
    "person": "person",
    "membership": "membership",
    "partnership": "partnership",
    "project": "project",
    "programme": "programme",
    "event": "event",
    "strategy": "strategy",
    "criterion": "criterion",
    "quantity": "quantity",
    "scheme": "scheme",
    "fn": "function",
    "dim": "dimension",
    "purpose": "purpose",
    "logic": "logic",
    "theme": "theme",
    "measure": "measure",
    "precision": "precision",
    "kind": "kind",
    "role": "role",
    "source": "source",
    "dataset": "dataset",
    "difference": "difference",
}


def source_ids() -> list[str]:
    """The ids of the study's source documents (registered in its ``cdkg.toml``): each gets a
    citation prefix, ``s001:L308-317`` for lines 308 to 317 of source document 001."""
    from cdkg.core.discover import current

    return current().source_ids

STANDARD_PREFIXES = {
    "cdkg": str(CDKG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "prov": str(PROV),
    "org": str(ORG),
    "geo": str(GEO),
    "wgs": str(WGS),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "time": str(TIME),
    "vann": str(VANN),
    "sh": str(SH),
    "gn": str(GN),
    "wd": str(WD),
}


def resource_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefixes for the graph's resources under ``base``.

    Examples
    --------
    >>> resource_prefixes()["city"]
    'https://w3id.org/cdkg/id/city/'
    >>> resource_prefixes("http://example.org/")["s001"]
    'http://example.org/id/source/001/'
    """
    prefixes = {p: f"{base}id/{seg}/" for p, seg in RESOURCE_KINDS.items()}
    prefixes["cd"] = f"{base}id/"
    for doc_id in source_ids():
        prefixes[f"s{doc_id}"] = f"{base}id/source/{doc_id}/"
    return prefixes


def all_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Standard and resource prefixes together, for serialising and for SPARQL.

    Examples
    --------
    >>> p = all_prefixes()
    >>> p["org"], p["network"]
    ('http://www.w3.org/ns/org#', 'https://w3id.org/cdkg/id/network/')
    """
    prefixes = dict(STANDARD_PREFIXES)
    prefixes["cdkg"] = f"{base}ontology#"
    prefixes.update(resource_prefixes(base))
    return prefixes


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for every known prefix, to put in front of a query.

    Examples
    --------
    >>> sparql_prologue().splitlines()[0]
    'PREFIX cdkg: <https://w3id.org/cdkg/ontology#>'
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in all_prefixes(base).items())
