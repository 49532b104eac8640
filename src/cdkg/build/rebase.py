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


def rebase_store(store, base: str, old: str = DEFAULT_BASE):
    """A new Oxigraph store with every resource IRI (graph names included) under ``base``."""
    import pyoxigraph as ox

    prefix = old + "id/"

    def move(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(prefix):
            return ox.NamedNode(base + "id/" + term.value[len(prefix):])
        return term

    out = ox.Store()
    out.extend(ox.Quad(move(q.subject), q.predicate, move(q.object), move(q.graph_name)) for q in store)
    return out
