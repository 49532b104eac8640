"""Content negotiation: the representations a resource has, and which one an Accept header asks for.

One table serves the static site (file extensions), the Apache redirect bundle and the
dereferencing app, so the three always agree. The Accept header is read by
:mod:`cdkg.core.accept` (RFC 9110, section 12.5.1: media ranges with quality values; the most
specific range that matches a type sets its quality).

References
----------
.. [1] R. Fielding, M. Nottingham, J. Reschke (eds.), "HTTP Semantics", RFC 9110, 2022,
   section 12.5.1 (Accept). https://www.rfc-editor.org/rfc/rfc9110#name-accept
.. [2] D. Berrueta, J. Phipps (eds.), "Best Practice Recipes for Publishing RDF Vocabularies",
   W3C Working Group Note, 2008. https://www.w3.org/TR/swbp-vocab-pub/
"""

from __future__ import annotations

from dataclasses import dataclass

from cdkg.core.accept import parse_accept, quality


@dataclass(frozen=True)
class Representation:
    """One format a resource is published in: its file extension, media type and name."""

    extension: str
    media_type: str
    name: str
    rdflib_format: str | None = None


#: The formats of each resource, in order of preference when a client has none (HTML first).
RESOURCE_FORMATS = (
    Representation("html", "text/html", "HTML"),
    Representation("ttl", "text/turtle", "Turtle", "turtle"),
    Representation("jsonld", "application/ld+json", "JSON-LD", "json-ld"),
    Representation("nt", "application/n-triples", "N-Triples", "nt"),
)

#: Extra formats of the ontology document (pyLODE HTML plus every RDF syntax).
ONTOLOGY_FORMATS = RESOURCE_FORMATS + (Representation("rdf", "application/rdf+xml", "RDF/XML", "xml"),)

#: Media types of every file the site holds, by extension (for the server and the bundle).
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "rdf": "application/rdf+xml",
    "json": "application/json",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "gz": "application/gzip",
    "csv": "text/csv; charset=utf-8",
}

#: Other names clients use for the same formats.
ALIASES = {
    "application/xhtml+xml": "text/html",
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
}


def negotiate(accept: str | None, offers=RESOURCE_FORMATS) -> Representation | None:
    """The representation an Accept header prefers among ``offers``, or None (406).

    Ties go to the earlier offer, so a browser (which accepts ``*/*`` too) gets HTML and a
    client that names a format gets it.

    Examples
    --------
    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").extension
    'html'
    >>> negotiate("text/turtle").extension
    'ttl'
    >>> negotiate("application/ld+json;q=0.5, text/turtle;q=0.4").extension
    'jsonld'
    >>> negotiate("application/rdf+xml, text/turtle;q=0.9").extension
    'ttl'
    >>> negotiate("application/rdf+xml", ONTOLOGY_FORMATS).extension
    'rdf'
    >>> negotiate("image/png") is None
    True
    """
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = quality(offer.media_type, ranges, ALIASES)
        if q > best_q:
            best, best_q = offer, q
    return best


def media_type_of(path: str) -> str:
    """The Content-Type to send for a site file.

    Examples
    --------
    >>> media_type_of("id/city/aarhus.ttl")
    'text/turtle; charset=utf-8'
    >>> media_type_of("dumps/cdkg.nq.gz")
    'application/gzip'
    >>> media_type_of("LICENSE")
    'application/octet-stream'
    """
    name = path.rsplit("/", 1)[-1]
    if "." not in name:
        return "application/octet-stream"
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
