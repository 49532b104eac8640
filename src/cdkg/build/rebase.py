"""Move resource IRIs from the default base to another one (``cdkg build --base``)."""

from __future__ import annotations

from rdflib import Dataset, URIRef

from cdkg.core.namespaces import DEFAULT_BASE


def rebase_term(term, base: str, old: str = DEFAULT_BASE):
    """Rewrite one term if it is a resource IRI under ``old``; the ontology namespace stays.

    Examples
    --------
    >>> rebase_term(URIRef("https://w3id.org/cdkg/id/city/oslo"), "http://example.org/kg/")
    rdflib.term.URIRef('http://example.org/kg/id/city/oslo')
    >>> rebase_term(URIRef("https://w3id.org/cdkg/ontology#City"), "http://example.org/kg/")
    rdflib.term.URIRef('https://w3id.org/cdkg/ontology#City')
    """
    prefix = old + "id/"
    if isinstance(term, URIRef) and str(term).startswith(prefix):
        return URIRef(base + "id/" + str(term)[len(prefix):])
    return term


def rebase(ds: Dataset, base: str) -> Dataset:
    """A copy of ``ds`` with every resource IRI (graph names included) under ``base``."""
    if base == DEFAULT_BASE:
        return ds
    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = g.identifier if hasattr(g, "identifier") else g
        out.add((rebase_term(s, base), p, rebase_term(o, base), rebase_term(name, base)))
    return out
