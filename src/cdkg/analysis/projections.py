"""Projections of the knowledge graph into NetworkX graphs, picked by name.

==============  =======================================================================
name            graph
==============  =======================================================================
bipartite       cities and networks; an edge per membership (``bipartite`` 0 = city, 1 = network)
comembership    cities; an edge where two cities share networks, ``weight`` = how many
partnership     cities (and other partners); an edge per pair of partners, ``weight`` = how many
                partnerships tie them
multilayer      a :class:`networkx.MultiGraph` of the layers above, the edge key is the layer
==============  =======================================================================

Members that are local governments are projected onto the city they govern (``cdkg:governs``):
a city node is the ``cdkg:City``, labelled by its English label. Nodes are keyed by IRI and
carry ``kind``, ``label``, ``iri``, ``country``, ``country_code``, ``lat``/``lon`` where known and
``sources`` (the source documents and lines that state them). The co-membership graph is a
sparse matrix product ``B Bᵀ`` of the city-by-network incidence matrix, not a SPARQL self-join.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from cdkg.analysis.facts import PARTNERSHIP_KINDS, Facts, citations, extract
from cdkg.analysis.filters import EmptyResultError, Filters, UnknownNameError, resolve, unknown_message

#: Edge lists longer than this get no per-edge lists of shared networks (memory).
DETAIL_LIMIT = 50_000


def _facts(source) -> Facts:
    """The facts of whatever the CLI and the API hand over: :class:`Facts`, a
    :class:`~cdkg.store.GraphStore` (``open_store()``), a build result (``build()``), an rdflib
    Dataset or Graph, a pyoxigraph Store, or RDF file paths (``output/cdkg.nq``)."""
    from os import PathLike

    from cdkg.analysis.facts import read_facts

    if isinstance(source, Facts):
        return source
    if isinstance(source, (str, PathLike)) or (isinstance(source, (list, tuple)) and source
                                                and all(isinstance(p, (str, PathLike)) for p in source)):
        return read_facts(source)
    if hasattr(source, "oxigraph"):      # GraphStore
        return extract(source.oxigraph)
    if hasattr(source, "store") and hasattr(source, "findings"):   # BuildResult
        return extract(source.store)
    return extract(source)


def _other_names(f: Facts, iri: str, label: str) -> dict:
    """``{"names": [...]}``: the node's other labels (Danish, alternate), for finding it by any name."""
    other = [n for n in f.names(iri) if n != label and n != f.country_code.get(iri)]
    return {"names": other} if other else {}


def _city_attrs(f: Facts, city: str) -> dict:
    attrs = {"kind": "city", "label": f.label(city), "iri": city, "bipartite": 0}
    attrs.update(_other_names(f, city, attrs["label"]))
    country = f.country_of(city)
    if country:
        attrs["country"] = f.label(country)
    code = f.code_of(city)
    if code:
        attrs["country_code"] = code
    if city in f.lat and city in f.long:
        attrs["lat"], attrs["lon"] = f.lat[city], f.long[city]
    attrs["sources"] = citations(f.graphs.get(city, ()))
    return attrs


def _network_attrs(f: Facts, net: str) -> dict:
    return {"kind": "network", "label": f.label(net), "iri": net, "bipartite": 1,
            **_other_names(f, net, f.label(net)),
            "functions": sorted(f.label(x) for x in f.provides.get(net, ())),
            "sources": citations(f.graphs.get(net, ()))}


def _other_attrs(f: Facts, node: str) -> dict:
    return {"kind": "organisation", "label": f.label(node), "iri": node,
            "sources": citations(f.graphs.get(node, ()))}


class _Resolved:
    """The filters of one call, resolved against the graph's names."""

    def __init__(self, f: Facts, filters: Filters):
        self.filters, self.f = filters, f
        lab = f.label

        def names(xs, what):  # labels shown in messages, what they are, every name one may type
            return {x: lab(x) for x in xs}, what, {x: f.names(x) for x in xs}
        # the names of the graph are gathered only for the filters that are set (a large
        # graph has hundreds of thousands of cities)
        self.function = self.network_function = self.network = self.theme = self.country = set()
        if filters.function or filters.network_function:
            member_fns = {x for m in f.memberships.values() for x in m.functions}
            self.function = resolve(filters.function, *names(member_fns, "function"))
            all_fns = member_fns | {x for xs in f.provides.values() for x in xs}
            self.network_function = resolve(filters.network_function, *names(all_fns, "network function"))
        if filters.network:
            nets = {m.organization for m in f.memberships.values() if m.organization}
            self.network = resolve(filters.network, *names(nets, "network"))
        if filters.theme:
            themes = {t for p in f.partnerships.values() for t in p.themes}
            self.theme = resolve(filters.theme, *names(themes, "theme"))
        for k in filters.kind:
            if k.lower().replace("_", "-") not in PARTNERSHIP_KINDS:
                raise UnknownNameError(unknown_message(k, list(PARTNERSHIP_KINDS), "partnership kind"))
        self.kind = {PARTNERSHIP_KINDS[k.lower().replace("_", "-")] for k in filters.kind}
        if filters.country:
            cities = {f.city_of(m.member) for m in f.memberships.values() if m.member}
            cities |= {f.city_of(x) for p in f.partnerships.values() for x in p.partners}
            cities.discard(None)
            countries = {f.country_of(c) for c in cities} - {None}
            self.country = resolve(filters.country, *names(countries, "country"))

    def city_ok(self, city: str | None) -> bool:
        return city is not None and (not self.country or self.f.country_of(city) in self.country)

    def membership_ok(self, m) -> bool:
        if m.organization is None or m.member is None:
            return False
        if self.function and not (m.functions & self.function):
            return False
        if self.network and m.organization not in self.network:
            return False
        if self.network_function and not (self.f.provides.get(m.organization, set()) & self.network_function):
            return False
        return self.filters.in_time(m.start, m.end)

    def partnership_ok(self, p) -> bool:
        if self.theme and not (p.themes & self.theme):
            return False
        if self.kind and not (p.types & self.kind):
            return False
        return self.filters.in_time(p.start, p.end)


def _memberships(r: _Resolved):
    """(city, network, membership) for every membership that passes the filters."""
    f = r.f
    for m in f.memberships.values():
        if not r.membership_ok(m):
            continue
        city = f.city_of(m.member)
        if r.city_ok(city):
            yield city, m.organization, m


def _member_lists(g: nx.Graph, f: Facts, triples) -> None:
    """Give each city node the labels of its networks and of the functions it emphasises."""
    nets: dict[str, set] = defaultdict(set)
    fns: dict[str, set] = defaultdict(set)
    for city, net, m in triples:
        nets[city].add(f.label(net))
        fns[city].update(f.label(x) for x in m.functions)
    for city in nets:
        if city in g:
            g.nodes[city]["networks"] = sorted(nets[city])
            g.nodes[city]["functions"] = sorted(fns[city])


def bipartite(f: Facts, r: _Resolved) -> nx.Graph:
    g = nx.Graph()
    # sorted, so node and edge order (and with them seeded results) never depend on hashing
    triples = sorted(_memberships(r), key=lambda t: (t[0], t[1], t[2].iri))
    for city, net, m in triples:
        if city not in g:
            g.add_node(city, **_city_attrs(f, city))
        if net not in g:
            g.add_node(net, **_network_attrs(f, net))
        data = g.get_edge_data(city, net)
        if data is None:
            g.add_edge(city, net, weight=1, layer="membership", memberships=[m.iri],
                       functions=sorted(f.label(x) for x in m.functions), role=f.label(m.role) if m.role else "",
                       start=m.start, end=m.end, sources=citations(m.graphs))
        else:  # the same city in the same network twice (two governments, two records)
            data["memberships"].append(m.iri)
            data["sources"] = sorted(set(data["sources"]) | set(citations(m.graphs)))
    for _, _, d in g.edges(data=True):
        for key in ("start", "end"):
            if d[key] is None:
                del d[key]
    _member_lists(g, f, triples)
    return g


def comembership(f: Facts, r: _Resolved, detail: bool | None = None) -> nx.Graph:
    triples = list(_memberships(r))
    pairs = {(city, net) for city, net, _ in triples}
    cities = sorted({c for c, _ in pairs})
    nets = sorted({n for _, n in pairs})
    ci = {c: i for i, c in enumerate(cities)}
    ni = {n: i for i, n in enumerate(nets)}
    rows = np.fromiter((ci[c] for c, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((ni[n] for _, n in pairs), dtype=np.int64, count=len(pairs))
    b = sp.csr_matrix((np.ones(len(pairs), dtype=np.int64), (rows, cols)), shape=(len(cities), len(nets)))
    c = sp.triu(b @ b.T, k=1).tocoo()
    g = nx.Graph()
    g.add_nodes_from((city, _city_attrs(f, city)) for city in cities)
    for _, d in g.nodes(data=True):
        d.pop("bipartite", None)
    if detail is None:
        detail = c.nnz <= DETAIL_LIMIT
    if detail:
        bt = b.tocsr()
        for i, j, w in zip(c.row.tolist(), c.col.tolist(), c.data.tolist()):
            shared = set(bt.indices[bt.indptr[i]:bt.indptr[i + 1]]) & set(bt.indices[bt.indptr[j]:bt.indptr[j + 1]])
            g.add_edge(cities[i], cities[j], weight=w, layer="comembership",
                       networks=sorted(f.label(nets[k]) for k in shared))
    else:
        g.add_edges_from((cities[i], cities[j], {"weight": w, "layer": "comembership"})
                         for i, j, w in zip(c.row.tolist(), c.col.tolist(), c.data.tolist()))
    _member_lists(g, f, triples)
    return g


def partnership(f: Facts, r: _Resolved) -> nx.Graph:
    ties: dict[tuple[str, str], list] = {}
    nodes: dict[str, None] = {}  # in order of first appearance
    for key in sorted(f.partnerships):  # sorted: a reproducible node and edge order
        p = f.partnerships[key]
        if not r.partnership_ok(p):
            continue
        parties = set()
        for x in p.partners:
            city = f.city_of(x)
            if city is not None:
                if r.city_ok(city):
                    parties.add(city)
            elif not r.country:
                parties.add(x)
        parties = sorted(parties)
        nodes.update(dict.fromkeys(parties))
        for pair in combinations(parties, 2):
            ties.setdefault(pair, []).append(p)
    g = nx.Graph()
    for n in nodes:
        attrs = _city_attrs(f, n) if f.city_of(n) == n else _other_attrs(f, n)
        attrs.pop("bipartite", None)
        g.add_node(n, **attrs)
    g.add_edges_from((u, v, _partnership_edge(f, ps)) for (u, v), ps in ties.items())
    return g


def _partnership_edge(f: Facts, ps: list) -> dict:
    """The attributes of a partnership tie: its partnerships, kinds, themes, sources, first year."""
    kinds, themes, graphs = set(), set(), set()
    for p in ps:
        kinds |= p.kinds
        themes.update(f.label(t) for t in p.themes)
        graphs |= p.graphs
    d = {"weight": len(ps), "layer": "partnership", "partnerships": [f.label(p.iri) for p in ps],
         "kinds": sorted(kinds), "themes": sorted(themes), "sources": citations(graphs)}
    starts = [p.start for p in ps if p.start is not None]
    if starts:
        d["start"] = min(starts)
    return d


def multilayer(f: Facts, r: _Resolved, layers=("membership", "partnership")) -> nx.MultiGraph:
    g = nx.MultiGraph()
    parts = {"membership": lambda: bipartite(f, r), "comembership": lambda: comembership(f, r),
             "partnership": lambda: partnership(f, r)}
    for layer in layers:
        if layer not in parts:
            raise UnknownNameError(unknown_message(layer, list(parts), "layer"))
        h = parts[layer]()
        g.add_nodes_from(h.nodes(data=True))
        g.add_edges_from((u, v, layer, d) for u, v, d in h.edges(data=True))
    return g


PROJECTIONS = {
    "bipartite": "cities and networks, an edge per membership",
    "comembership": "cities, weighted by the number of networks they share",
    "partnership": "cities, weighted by the number of partnerships between them",
    "multilayer": "membership and partnership layers in one multigraph (edge key = layer)",
}


def project(source, name: str, filters: Filters | None = None, *, allow_empty: bool = False,
            **kwargs) -> nx.Graph:
    """Build the projection ``name`` (see :data:`PROJECTIONS`) of a graph.

    Parameters
    ----------
    source : GraphStore, BuildResult, rdflib.Dataset, rdflib.Graph, pyoxigraph.Store, Facts, or path(s)
        The knowledge graph (all named graphs are read as one): what ``open_store()`` or
        ``build()`` returns, an rdflib dataset, or RDF files such as ``output/cdkg.nq``.
    name : str
        ``bipartite``, ``comembership``, ``partnership`` or ``multilayer``.
    filters : Filters, optional
        What to keep; keyword arguments of :class:`Filters` may be passed directly instead.
    allow_empty : bool
        Return an empty graph instead of raising :class:`EmptyResultError`.

    Returns
    -------
    networkx.Graph or networkx.MultiGraph
        ``G.graph`` holds ``projection`` and ``parameters`` (the filters that were set).

    Examples
    --------
    >>> from cdkg.store import GraphStore
    >>> store = GraphStore()
    >>> _ = store.load_data('''
    ... <http://x/gov/a> <https://w3id.org/cdkg/ontology#governs> <http://x/city/a> <http://x/g> .
    ... <http://x/city/a> <http://www.w3.org/2000/01/rdf-schema#label> "Aarhus"@en <http://x/g> .
    ... <http://x/m> <http://www.w3.org/ns/org#member> <http://x/gov/a> <http://x/g> .
    ... <http://x/m> <http://www.w3.org/ns/org#organization> <http://x/net> <http://x/g> .
    ... ''')
    >>> g = project(store, "bipartite")                     # a GraphStore, as open_store() gives
    >>> sorted(d["label"] for _, d in g.nodes(data=True))
    ['Aarhus', 'net']
    >>> project(store.rdflib(), "bipartite").number_of_edges()   # an rdflib Dataset
    1
    >>> import tempfile, os
    >>> fd, path = tempfile.mkstemp(suffix=".nq"); os.close(fd); store.dump(path)
    >>> project(path, "bipartite").number_of_nodes()      # a file, such as output/cdkg.nq
    2
    >>> from cdkg.analysis.facts import Facts
    >>> project(Facts(), "cities")
    Traceback (most recent call last):
    ...
    cdkg.analysis.filters.UnknownNameError: unknown projection 'cities'; valid: bipartite, comembership, multilayer, partnership
    """
    if name not in PROJECTIONS:
        raise UnknownNameError(unknown_message(name, list(PROJECTIONS), "projection"))
    option_names = {"detail", "layers"}
    options = {k: kwargs.pop(k) for k in list(kwargs) if k in option_names}
    if filters is None:
        filters = Filters(**kwargs)
    elif kwargs:
        raise TypeError("pass either filters or filter keywords, not both")
    f = _facts(source)
    r = _Resolved(f, filters)
    build = {"bipartite": bipartite, "comembership": comembership,
             "partnership": partnership, "multilayer": multilayer}[name]
    g = build(f, r, **options)
    g.graph.update(projection=name, parameters=filters.active())
    if g.number_of_nodes() == 0 and not allow_empty:
        shown = ", ".join(f"{k}={v}" for k, v in filters.active().items()) or "no filter"
        raise EmptyResultError(f"projection {name!r} with {shown} has no nodes")
    return g


def describe(g: nx.Graph) -> dict:
    """Counts of a projection, by node kind.

    Examples
    --------
    >>> g = nx.Graph(); g.add_node("x", kind="city"); describe(g)
    {'nodes': 1, 'edges': 0, 'city': 1}
    """
    out = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    kinds: dict[str, int] = defaultdict(int)
    for _, k in g.nodes(data="kind"):
        kinds[k or "other"] += 1
    out.update(sorted(kinds.items()))
    return out
