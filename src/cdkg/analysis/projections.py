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

Members that are local governments are projected onto the place they govern (``cdkg:governs``),
and every node has a kind (:mod:`cdkg.analysis.kinds`: ``city``, ``municipality``, ``region``,
...); city-level projections keep ``city`` nodes unless ``kinds`` says otherwise. Nodes are keyed
by IRI and carry ``kind``, ``label``, ``iri``, ``country``, ``country_code``, ``lat``/``lon``
where known and ``sources`` (the source documents and lines that state them). The co-membership
graph is a sparse matrix product ``B Bᵀ`` of the node-by-network incidence matrix
(:mod:`cdkg.analysis.incidence`, with its weightings), not a SPARQL self-join.

Place filters (country, continent, admin1) apply as ``scope`` says: ``induced`` projects the
nodes they keep; ``whole`` projects every node and lists the ones they keep in
``G.graph["focus"]``, the rows the tables and the RDF report.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from cdkg.analysis.facts import PARTNERSHIP_KINDS, Facts, citations, extract
from cdkg.analysis.filters import (EmptyResultError, Filters, TooManyTiesError, UnknownNameError, resolve,
                                   unknown_message)
from cdkg.analysis.backbone import MODELS, disparity_backbone, fdsm, sdsm
from cdkg.analysis.incidence import WEIGHTINGS, Incidence, pair_weights
from cdkg.analysis.kinds import node_of
from cdkg.analysis.places import Places

#: Edge lists longer than this get no per-edge lists of shared networks (memory).
DETAIL_LIMIT = 50_000
#: The most co-membership ties a projection builds as a graph in memory (about 0.6 KiB each in
#: NetworkX): the whole ETMUN table has 84 million, which no 24 GiB machine holds.
MAX_TIES = 2_000_000


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


def _city_attrs(f: Facts, city: str, kind: str = "city") -> dict:
    attrs = {"kind": kind, "label": f.label(city), "iri": city, "bipartite": 0}
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


def _other_attrs(f: Facts, node: str, kind: str = "organisation") -> dict:
    return {"kind": kind, "label": f.label(node), "iri": node,
            "sources": citations(f.graphs.get(node, ()))}


class _Resolved:
    """The filters of one call, resolved against the graph's names."""

    def __init__(self, f: Facts, filters: Filters):
        self.filters, self.f = filters, f
        lab = f.label

        def names(xs, what):  # labels shown in messages, what they are, every name one may type
            return {x: lab(x) for x in xs}, what, {x: f.names(x) for x in xs}

        self.kinds = set(filters.kinds)
        self._nodes: dict[str, tuple[str, str]] = {}
        # the names of the graph are gathered only for the filters that are set (a large
        # graph has hundreds of thousands of cities)
        self.function = self.network_function = self.network = self.theme = self.excluded = set()
        if filters.function or filters.network_function:
            member_fns = {x for m in f.memberships.values() for x in m.functions}
            self.function = resolve(filters.function, *names(member_fns, "function"))
            all_fns = member_fns | {x for xs in f.provides.values() for x in xs}
            self.network_function = resolve(filters.network_function, *names(all_fns, "network function"))
        if filters.network or filters.exclude_network:
            nets = {m.organization for m in f.memberships.values() if m.organization}
            self.network = resolve(filters.network, *names(nets, "network"))
            self.excluded = resolve(filters.exclude_network, *names(nets, "network"))
        if filters.theme:
            themes = {t for p in f.partnerships.values() for t in p.themes}
            self.theme = resolve(filters.theme, *names(themes, "theme"))
        for k in filters.kind:
            if k.lower().replace("_", "-") not in PARTNERSHIP_KINDS:
                raise UnknownNameError(unknown_message(k, list(PARTNERSHIP_KINDS), "partnership kind"))
        self.kind = {PARTNERSHIP_KINDS[k.lower().replace("_", "-")] for k in filters.kind}
        self._sizes: dict[str, int] | None = None
        if filters.max_network_size is not None:
            self.excluded = self.excluded | {n for n, size in self.sizes.items() if size > filters.max_network_size}
        self.places: Places | None = None
        if filters.placed:
            nodes = {self.node(m.member)[0] for m in f.memberships.values() if m.member and self.kind_ok(m.member)}
            nodes |= {self.node(x)[0] for p in f.partnerships.values() for x in p.partners if self.kind_ok(x)}
            self.places = Places(f, filters, nodes)
        self.whole = filters.scope == "whole"

    def node(self, actor: str) -> tuple[str, str]:
        """The node an actor is projected onto, and its kind (cached)."""
        got = self._nodes.get(actor)
        if got is None:
            got = self._nodes[actor] = node_of(self.f, actor)
        return got

    def kind_ok(self, actor: str) -> bool:
        return self.node(actor)[1] in self.kinds

    @property
    def sizes(self) -> dict[str, int]:
        """Members of each network (distinct nodes of any kind and place) among the memberships
        that pass the tie filters."""
        if self._sizes is None:
            members: dict[str, set] = defaultdict(set)
            for m in self.f.memberships.values():
                if self._tie_ok(m):
                    members[m.organization].add(self.node(m.member)[0])
            self._sizes = {n: len(v) for n, v in members.items()}
        return self._sizes

    def place_ok(self, node: str) -> bool:
        """Whether a node passes the place filters (always, where none is set)."""
        return self.places is None or self.places.ok(node)

    def city_ok(self, node: str | None) -> bool:
        """Whether a node is projected: place filters apply here under the induced scope only."""
        return node is not None and (self.whole or self.place_ok(node))

    def _tie_ok(self, m) -> bool:
        if m.organization is None or m.member is None:
            return False
        if self.function and not (m.functions & self.function):
            return False
        if self.network and m.organization not in self.network:
            return False
        if self.network_function and not (self.f.provides.get(m.organization, set()) & self.network_function):
            return False
        return self.filters.in_time(m.start, m.end)

    def membership_ok(self, m) -> bool:
        return self._tie_ok(m) and m.organization not in self.excluded

    def partnership_ok(self, p) -> bool:
        if self.theme and not (p.themes & self.theme):
            return False
        if self.kind and not (p.types & self.kind):
            return False
        return self.filters.in_time(p.start, p.end)

    def focus(self, g: nx.Graph) -> None:
        """Under the whole scope with a place filter, list the nodes the filters keep."""
        if self.whole and self.places is not None:
            g.graph["focus"] = [u for u, d in g.nodes(data=True) if d.get("bipartite") != 1 and self.place_ok(u)]


def _memberships(r: _Resolved):
    """(node, kind, network, membership) for every membership that passes the filters."""
    for m in r.f.memberships.values():
        if not r.membership_ok(m):
            continue
        node, kind = r.node(m.member)
        if kind in r.kinds and r.city_ok(node):
            yield node, kind, m.organization, m


def _member_lists(g: nx.Graph, f: Facts, triples) -> None:
    """Give each city node the labels of its networks and of the functions it emphasises."""
    nets: dict[str, set] = defaultdict(set)
    fns: dict[str, set] = defaultdict(set)
    for city, _, net, m in triples:
        nets[city].add(f.label(net))
        fns[city].update(f.label(x) for x in m.functions)
    for city in nets:
        if city in g:
            g.nodes[city]["networks"] = sorted(nets[city])
            g.nodes[city]["functions"] = sorted(fns[city])


def bipartite(f: Facts, r: _Resolved) -> nx.Graph:
    g = nx.Graph()
    # sorted, so node and edge order (and with them seeded results) never depend on hashing
    triples = sorted(_memberships(r), key=lambda t: (t[0], t[2], t[3].iri))
    sizes = r.sizes
    for city, kind, net, m in triples:
        if city not in g:
            g.add_node(city, **_city_attrs(f, city, kind))
        if net not in g:
            g.add_node(net, **_network_attrs(f, net), members=sizes.get(net, 0))
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


def incidence(f: Facts, r: _Resolved) -> tuple[Incidence, list, dict]:
    """The node-by-network incidence matrix of the memberships that pass the filters, the
    memberships themselves, and each node's kind."""
    triples = list(_memberships(r))
    kinds = {node: kind for node, kind, _, _ in triples}
    sizes = r.sizes
    inc = Incidence.from_pairs(((node, net) for node, _, net, _ in triples), sizes=sizes)
    return inc, triples, kinds


def _too_many(f: Facts, inc: Incidence, ties: int, max_ties: int) -> TooManyTiesError:
    largest = ", ".join(f"{f.label(n)} ({k:,} members, {k * (k - 1) // 2:,} pairs)" for n, k in inc.largest(3))
    return TooManyTiesError(
        f"the co-membership projection has {ties:,} ties, more than a graph in memory should hold "
        f"(--max-ties {max_ties:,}); its largest networks: {largest}. Ask for fewer: --max-network-size N "
        "or --exclude-network NAME (leave the mass networks out), or a place filter (--country); "
        "`cdkg analyze` also takes --backbone sdsm (the significant ties only) and --panel (measures "
        "from the matrix); or raise --max-ties")


def comembership(f: Facts, r: _Resolved, detail: bool | None = None, weighting: str = "count",
                 backbone: dict | None = None, max_ties: int | None = MAX_TIES) -> nx.Graph:
    inc, triples, kinds = incidence(f, r)
    cities, nets, b = inc.rows, inc.cols, inc.b
    model = (backbone or {}).get("model")
    if max_ties is not None and model not in ("sdsm", "fdsm") and inc.pair_bound() > max_ties:
        ties = inc.tie_count()  # the bound counts twice the pairs that share two networks
        if ties > max_ties:
            raise _too_many(f, inc, ties, max_ties)
    bb = None
    if model in ("sdsm", "fdsm"):
        options = {k: v for k, v in backbone.items() if k != "model"}
        bb = (sdsm if model == "sdsm" else fdsm)(inc, **options)
        keep = bb.significant
        rows, cols, counts = bb.i[keep], bb.j[keep], bb.shared[keep]
        weights = pair_weights(inc, rows, cols, counts, weighting)
        pvalues = bb.p[keep]
    else:
        c = inc.shared()
        rows, cols, counts = c.row, c.col, c.data
        weights = inc.weights(weighting, c)
        pvalues = None
        if model == "disparity":
            options = {k: v for k, v in backbone.items() if k in ("alpha", "mtc")}
            bb = disparity_backbone(cities, rows, cols, weights, counts, **options)
            keep = bb.significant
            rows, cols, counts = bb.i[keep], bb.j[keep], bb.shared[keep]
            weights = pair_weights(inc, rows, cols, counts, weighting)
            pvalues = bb.p[keep]
    if max_ties is not None and len(rows) > max_ties:  # a disparity backbone that keeps too many
        raise _too_many(f, inc, len(rows), max_ties)
    g = nx.Graph()
    g.add_nodes_from((city, _city_attrs(f, city, kinds[city])) for city in cities)
    for _, d in g.nodes(data=True):
        d.pop("bipartite", None)
    if detail is None:
        detail = len(rows) <= DETAIL_LIMIT
    rows, cols, counts, weights = rows.tolist(), cols.tolist(), counts.tolist(), weights.tolist()
    extra = [{}] * len(rows) if pvalues is None else [{"p_value": x} for x in pvalues.tolist()]
    if detail:
        for i, j, n, x, e in zip(rows, cols, counts, weights, extra):
            shared = set(b.indices[b.indptr[i]:b.indptr[i + 1]]) & set(b.indices[b.indptr[j]:b.indptr[j + 1]])
            g.add_edge(cities[i], cities[j], weight=x, shared=n, layer="comembership",
                       networks=sorted(f.label(nets[k]) for k in shared), **e)
    else:
        g.add_edges_from((cities[i], cities[j], {"weight": x, "shared": n, "layer": "comembership", **e})
                         for i, j, n, x, e in zip(rows, cols, counts, weights, extra))
    _member_lists(g, f, triples)
    if bb is not None:
        g.graph["backbone"] = bb.record()
        g.cdkg_backbone = bb  # all ties tested below alpha, for the write-back of ties
    g.cdkg_incidence = inc
    return g


def partnership(f: Facts, r: _Resolved, backbone: dict | None = None) -> nx.Graph:
    ties: dict[tuple[str, str], list] = {}
    nodes: dict[str, str] = {}  # node -> kind, in order of first appearance
    for key in sorted(f.partnerships):  # sorted: a reproducible node and edge order
        p = f.partnerships[key]
        if not r.partnership_ok(p):
            continue
        parties = {}
        for x in p.partners:
            node, kind = r.node(x)
            if kind in r.kinds and r.city_ok(node):
                parties[node] = kind
        nodes.update(sorted(parties.items()))
        for pair in combinations(sorted(parties), 2):
            ties.setdefault(pair, []).append(p)
    g = nx.Graph()
    for n, kind in nodes.items():
        attrs = _other_attrs(f, n, kind) if kind in ("organisation", "person") else _city_attrs(f, n, kind)
        attrs.pop("bipartite", None)
        g.add_node(n, **attrs)
    g.add_edges_from((u, v, _partnership_edge(f, ps)) for (u, v), ps in ties.items())
    if backbone:
        _weighted_backbone(g, backbone)
    return g


def _weighted_backbone(g: nx.Graph, backbone: dict) -> None:
    """Keep the ties of a weighted graph that the disparity filter finds significant."""
    if backbone.get("model") != "disparity":
        raise UnknownNameError(f"backbone {backbone.get('model')!r} needs a bipartite projection (co-membership); "
                               "a weighted graph takes 'disparity'")
    nodes = list(g)
    index = {u: k for k, u in enumerate(nodes)}
    edges = list(g.edges(data="weight", default=1))
    i = np.array([index[u] for u, _, _ in edges], dtype=np.int64)
    j = np.array([index[v] for _, v, _ in edges], dtype=np.int64)
    w = np.array([x for _, _, x in edges], dtype=float)
    bb = disparity_backbone(nodes, np.minimum(i, j), np.maximum(i, j), w, w,
                            **{k: v for k, v in backbone.items() if k in ("alpha", "mtc")})
    kept = {(nodes[a], nodes[b]): p for a, b, p, ok in zip(bb.i.tolist(), bb.j.tolist(), bb.p.tolist(),
                                                          bb.significant.tolist()) if ok}
    for u, v in list(g.edges()):
        key = (u, v) if (u, v) in kept else (v, u)
        if key in kept:
            g.edges[u, v]["p_value"] = kept[key]
        else:
            g.remove_edge(u, v)
    g.graph["backbone"] = bb.record()
    g.cdkg_backbone = bb


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


def multilayer(f: Facts, r: _Resolved, layers=("membership", "partnership"), weighting: str = "count",
               max_ties: int | None = MAX_TIES) -> nx.MultiGraph:
    g = nx.MultiGraph()
    parts = {"membership": lambda: bipartite(f, r),
             "comembership": lambda: comembership(f, r, weighting=weighting, max_ties=max_ties),
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
    weighting : str, optional
        Keyword: the tie weight of the co-membership projection (:data:`cdkg.analysis.incidence.WEIGHTINGS`).
    max_ties : int or None, optional
        Keyword: the most co-membership ties built as a graph (default :data:`MAX_TIES`,
        2,000,000; ``None``: no limit); more raise :class:`TooManyTiesError` with their count,
        the largest networks and the ways to fewer (a backbone, leaving mass networks out).
    allow_empty : bool
        Return an empty graph instead of raising :class:`EmptyResultError`.

    Returns
    -------
    networkx.Graph or networkx.MultiGraph
        ``G.graph`` holds ``projection``, ``parameters`` (the filters that differ from the
        defaults; they name the IRI and files), ``record`` (every setting, defaults included),
        and with place filters ``notes``, ``unplaced`` and (scope ``whole``) ``focus``.

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
    option_names = {"detail", "layers", "weighting", "backbone", "max_ties"}
    options = {k: kwargs.pop(k) for k in list(kwargs) if k in option_names}
    if filters is None:
        filters = Filters(**kwargs)
    elif kwargs:
        raise TypeError("pass either filters or filter keywords, not both")
    weighting = options.get("weighting") or "count"
    if weighting not in WEIGHTINGS:
        raise UnknownNameError(unknown_message(weighting, list(WEIGHTINGS), "weighting"))
    if weighting != "count" and name not in ("comembership", "multilayer"):
        raise UnknownNameError(f"weighting {weighting!r} applies to the co-membership projection, not {name!r}")
    if name not in ("comembership", "multilayer"):
        options.pop("weighting", None)
        options.pop("max_ties", None)
    backbone = options.get("backbone")
    if isinstance(backbone, str):
        backbone = options["backbone"] = {"model": backbone}
    if backbone:
        if backbone.get("model") not in MODELS:
            raise UnknownNameError(unknown_message(str(backbone.get("model")), list(MODELS), "backbone model"))
        if name not in ("comembership", "partnership"):
            raise UnknownNameError(f"a backbone is extracted from the comembership or partnership projection, not {name!r}")
        alpha = backbone.get("alpha", 0.05)
        if not 0 < float(alpha) < 1:
            raise UnknownNameError(f"alpha must lie between 0 and 1, not {alpha}")
    f = _facts(source)
    r = _Resolved(f, filters)
    build = {"bipartite": bipartite, "comembership": comembership,
             "partnership": partnership, "multilayer": multilayer}[name]
    g = build(f, r, **options)
    parameters = filters.active()
    record = filters.record()
    if name in ("comembership", "multilayer"):
        record["weighting"] = weighting
        if weighting != "count":
            parameters["weighting"] = weighting
    if backbone:
        bb = {"model": backbone["model"], "alpha": backbone.get("alpha", 0.05), "mtc": backbone.get("mtc", "none")}
        parameters["backbone"] = bb
        record["backbone"] = g.graph.get("backbone", bb)
    g.graph.update(projection=name, parameters=parameters, record=record)
    if r.places is not None:
        g.graph["notes"] = list(r.places.notes)
        g.graph["unplaced"] = dict(r.places.unplaced)
    r.focus(g)
    if g.number_of_nodes() == 0 and not allow_empty:
        shown = ", ".join(f"{k}={v}" for k, v in parameters.items()) or "no filter"
        if r.places is not None and r.places.absent:
            raise EmptyResultError(f"projection {name!r} with {shown} has no nodes: "
                                   + "; ".join(r.places.notes), explained=True)
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
