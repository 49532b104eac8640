"""Human-readable documentation of the ontology, made with pyLODE.

pyLODE [1]_ (the OntPub profile) documents classes and properties with their definitions,
hierarchy, domains and ranges. It shows every label it finds, so the documented graph is
prepared first: English names and definitions stay as they are, and each Danish label becomes
a note ("Danish: by") so that the page reads in English and still gives the Danish word.
pyLODE's VocPub profile does not yet render SKOS concepts, so the concept schemes are
documented by the site's own scheme pages (see :mod:`cdkg.publish.pages`).

References
----------
.. [1] N. J. Car, "pyLODE: an OWL ontology documentation tool", https://github.com/RDFLib/pyLODE
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import CDKG

#: Properties whose non-English values pyLODE would run together with the English ones.
_NAMED_BY = (RDFS.label, SKOS.prefLabel, DCTERMS.title, SKOS.definition, RDFS.comment, DCTERMS.description)


@lru_cache(maxsize=1)
def _ontpub():
    """Import pyLODE's OntPub without letting it configure the root logger.

    (pyLODE 3 calls ``logging.basicConfig(level=DEBUG)`` when imported; a handler on the root
    logger while it loads makes that call do nothing.)
    """
    root = logging.getLogger()
    guard = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(guard)
    try:
        from pylode import OntPub
    except ImportError as err:  # pragma: no cover - a dependency of the package
        raise CdkgError(f"pyLODE is needed to document the ontology: {err}") from None
    finally:
        if added:
            root.removeHandler(guard)
    return OntPub


def documented_graph(ontology: Graph) -> Graph:
    """The ontology as pyLODE should see it: OWL terms only (no SKOS concepts), English names
    and definitions, and each Danish label as a ``skos:note``.

    Examples
    --------
    >>> from rdflib import Namespace
    >>> C = Namespace("https://w3id.org/cdkg/ontology#")
    >>> g = Graph()
    >>> _ = g.add((C.City, RDF.type, OWL.Class))
    >>> _ = g.add((C.City, RDFS.label, Literal("city", lang="en")))
    >>> _ = g.add((C.City, RDFS.label, Literal("by", lang="da")))
    >>> out = documented_graph(g)
    >>> sorted(str(o) for o in out.objects(C.City, RDFS.label)), [str(o) for o in out.objects(C.City, SKOS.note)]
    (['city'], ['Danish: by'])
    """
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept)) | set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    out = Graph()
    for prefix, ns in ontology.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o in ontology:
        if s in concepts:
            continue
        if p in _NAMED_BY and isinstance(o, Literal) and o.language and o.language != "en":
            if o.language == "da" and p in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
                out.add((s, SKOS.note, Literal(f"Danish: {o}", lang="en")))
            continue
        out.add((s, p, o))
    return out


def stable_fragments(html: str, fids: dict, namespace: str) -> str:
    """Give each term of ``namespace`` the fragment of its local name (``ontology.html#City``).

    pyLODE makes fragment ids from labels ("citynetwork"), which change when a label does; the
    term IRIs' local names do not.

    Examples
    --------
    >>> ns = "https://w3id.org/cdkg/ontology#"
    >>> stable_fragments('<div id="citynetwork"><a href="#citynetwork">x</a></div>',
    ...                  {ns + "CityNetwork": "citynetwork"}, ns)
    '<div id="CityNetwork"><a href="#CityNetwork">x</a></div>'
    """
    mapping = {fid: iri[len(namespace):] for iri, fid in fids.items() if iri.startswith(namespace)}
    taken = set(mapping.values())
    for iri, fid in fids.items():
        if not iri.startswith(namespace) and fid in taken:
            mapping[fid] = fid + "-other"

    def swap(match):
        attr, hash_, value = match.groups()
        return f'{attr}="{hash_}{mapping.get(value, value)}"'

    return re.sub(r'\b(id|href)="(#?)([^"#]+)"', swap, html)


def ontology_html(ontology: Graph, home: str = "index.html", namespace: str = str(CDKG)) -> str:
    """pyLODE's documentation of ``ontology`` as one HTML page, with a link back to the site.

    Raises
    ------
    CdkgError
        The ontology has no ``owl:Ontology`` header with a title, or pyLODE fails.
    """
    graph = documented_graph(ontology)
    if not any(isinstance(s, URIRef) for s in graph.subjects(RDF.type, OWL.Ontology)):
        raise CdkgError("the ontology has no owl:Ontology header: cannot document it")
    OntPub = _ontpub()
    try:
        doc = OntPub(graph, sort_subjects=True)
        html = doc.make_html(include_css=True)
    except Exception as err:  # pyLODE raises its own error types and plain exceptions
        raise CdkgError(f"pyLODE could not document the ontology: {err}") from None
    html = stable_fragments(html, doc.fids, namespace)
    nav = (f'<nav style="font-family:sans-serif;padding:0.5em 0;border-bottom:1px solid #ccc">'
           f'<a href="{home}">City Diplomacy Knowledge Graph</a> › ontology · '
           f'<a href="ontology.ttl">Turtle</a> · <a href="ontology.jsonld">JSON-LD</a> · '
           f'<a href="ontology.rdf">RDF/XML</a> · <a href="vocabularies.html">SKOS vocabularies</a></nav>')
    head, sep, rest = html.partition("<body>")
    if sep:
        html = head + sep + nav + rest
    if "<html" in html and 'lang="' not in html.split(">", 1)[0]:
        html = html.replace("<html>", '<html lang="en">', 1)
    return html
