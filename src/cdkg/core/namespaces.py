"""The namespaces of the ontology and of the graph's resources, and the standard prefixes.

Resource IRIs live under one base (default ``https://w3id.org/cdkg/``); the build can move
them to another base (see :mod:`cdkg.build.rebase`). Each kind of resource has its own path
segment so that IRIs stay readable: ``<base>id/city/copenhagen``.
"""

from __future__ import annotations

DEFAULT_BASE = "https://w3id.org/cdkg/"
ONTOLOGY_IRI = DEFAULT_BASE + "ontology"

#: The namespaces as IRI strings; the rdflib ``Namespace`` objects (``CDKG``, ``ORG``, ...) are
#: made on first use, so that reading settings or running a query does not import rdflib.
_OWN = {
    "CDKG": DEFAULT_BASE + "ontology#",
    "ID": DEFAULT_BASE + "id/",
    "ORG": "http://www.w3.org/ns/org#",
    "GEO": "http://www.opengis.net/ont/geosparql#",
    "WGS": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "SCHEMA": "https://schema.org/",
    "SH": "http://www.w3.org/ns/shacl#",
    "GN": "https://sws.geonames.org/",
    "WD": "http://www.wikidata.org/entity/",
}
_RDFLIB = ("DCAT", "DCTERMS", "FOAF", "OWL", "PROV", "RDF", "RDFS", "SKOS", "TIME", "VANN", "XSD")


def __getattr__(name: str):
    """``CDKG``, ``ORG``, ... as rdflib namespaces, and rdflib's ``RDF``, ``SKOS``, ... re-exported.

    Examples
    --------
    >>> from cdkg.core.namespaces import CDKG, RDFS
    >>> str(CDKG.City), str(RDFS.label)
    ('https://w3id.org/cdkg/ontology#City', 'http://www.w3.org/2000/01/rdf-schema#label')
    """
    if name in _OWN:
        from rdflib import Namespace

        value = Namespace(_OWN[name])
    elif name in _RDFLIB:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value

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
    "cdkg": _OWN["CDKG"],
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": _OWN["ORG"],
    "geo": _OWN["GEO"],
    "wgs": _OWN["WGS"],
    "schema": _OWN["SCHEMA"],
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "sh": _OWN["SH"],
    "gn": _OWN["GN"],
    "wd": _OWN["WD"],
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
