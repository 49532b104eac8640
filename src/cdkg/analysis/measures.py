"""Network measures on projections, with NetworkX's definitions and a fast engine behind them.

Every measure returns ``{node: value}`` exactly as the NetworkX function named in its
docstring would (same normalisation, same sampling of sources), so NetworkX stays the API a
researcher reads; with ``engine="igraph"`` (the default when python-igraph is installed) the
work is done by igraph or scipy on the same graph, and the tests check the two agree. With
``engine="networkx"`` NetworkX's functions run, on an installed NetworkX backend that implements
them (``nx-cugraph`` on a GPU, ``nx-parallel`` on several cores: see
:func:`cdkg.analysis.engine.nx_call`) or else NetworkX's own code; ``engine="cugraph"`` (or any
installed backend's name) asks for that backend, and ``auto`` prefers a GPU backend to igraph
where one is installed and implements the measure.

Path-based measures (betweenness, closeness) are topological: they count hops and ignore
weights. Strength, eigenvector, PageRank and Louvain use the ``weight`` edge attribute.
A multigraph (the multilayer projection) is measured as the simple graph in which parallel
edges are merged and their weights summed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable

import networkx as nx
import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph  # noqa: F401  (sp.csgraph)

from cdkg.analysis.engine import convert, igraph, nx_call, route

#: Graphs up to this many nodes get exact betweenness; larger ones are sampled (``k`` sources).
EXACT_BETWEENNESS_LIMIT = 5_000
DEFAULT_SAMPLE = 256


def _simple(g: nx.Graph) -> nx.Graph:
    if not g.is_multigraph():
        return g
    h = nx.Graph()
    h.add_nodes_from(g)
    for u, v, w in g.edges(data="weight", default=1):
        if u != v:
            h.add_edge(u, v, weight=h[u][v]["weight"] + w if h.has_edge(u, v) else w)
    return h


# --- the measures -------------------------------------------------------------------------


def degree(g, engine="auto", **_):
    """Degree centrality: the share of the other nodes a node is tied to, ``deg(v)/(n-1)``.

    As :func:`networkx.degree_centrality`. Reference: L. C. Freeman, "Centrality in social
    networks: conceptual clarification", *Social Networks* 1 (1978) 215-239.
    """
    c = convert(g)
    n = c.n
    if n <= 1:
        return {u: 1.0 for u in c.nodes} if n else {}
    if (e := route(engine, nx.degree_centrality)) != "igraph":
        return nx_call(nx.degree_centrality, e, _simple(g))
    return c.to_dict(np.asarray(c.igraph().degree(), dtype=float) / (n - 1))


def weighted_degree(g, engine="auto", weight="weight", **_):
    """Strength: the sum of the weights of a node's edges (number of shared networks, or of
    partnerships). As ``dict(G.degree(weight="weight"))``. Reference: A. Barrat et al., "The
    architecture of complex weighted networks", *PNAS* 101 (2004) 3747-3752."""
    if route(engine, None) != "igraph":
        return {u: float(d) for u, d in _simple(g).degree(weight=weight)}
    c = convert(g, weight)
    return c.to_dict(c.igraph().strength(weights="weight" if weight else None))


def _sample(g, k, seed):
    """The sources NetworkX's ``betweenness_centrality(G, k, seed=seed)`` would draw."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    return rng.sample(list(g.nodes()), k)


def betweenness(g, engine="auto", k=None, seed=0, **_):
    """Betweenness centrality, normalised, on hop counts; exact, or estimated from ``k`` sampled
    sources when ``k`` is given (as :func:`networkx.betweenness_centrality` with ``k`` and ``seed``:
    the same sources are drawn). References: U. Brandes, "A faster algorithm for betweenness
    centrality", *J. Math. Sociol.* 25 (2001) 163-177; U. Brandes and C. Pich, "Centrality
    estimation in large networks", *Int. J. Bifurcation and Chaos* 17 (2007) 2303-2318."""
    g = _simple(g)
    n = len(g)
    if k is not None and k >= n:
        k = None
    if (e := route(engine, nx.betweenness_centrality)) != "igraph":
        return nx_call(nx.betweenness_centrality, e, g, k=k, seed=seed, normalized=True)
    c = convert(g)
    if n <= 2:
        return c.to_dict(np.zeros(n))
    ig = c.igraph()
    if k is None:
        raw = np.asarray(ig.betweenness(directed=False), dtype=float)
        return c.to_dict(raw * 2 / ((n - 1) * (n - 2)))
    sources = _sample(g, k, seed)
    idx = [c.index[s] for s in sources]
    raw = 2 * np.asarray(ig.betweenness(directed=False, sources=idx), dtype=float)
    scale = np.full(n, 1 / (k * (n - 2)))
    scale[idx] = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    return c.to_dict(raw * scale)


def closeness(g, engine="auto", **_):
    """Closeness centrality on hop counts, with the Wasserman-Faust correction for graphs in
    several components, as :func:`networkx.closeness_centrality`: ``(r-1)/sum(d) * (r-1)/(n-1)``
    with ``r`` the nodes reachable. References: L. C. Freeman, *Social Networks* 1 (1979)
    215-239; S. Wasserman and K. Faust, *Social Network Analysis*, CUP 1994."""
    g = _simple(g)
    if (e := route(engine, nx.closeness_centrality)) != "igraph":
        return nx_call(nx.closeness_centrality, e, g)
    c = convert(g)
    n = c.n
    if n <= 1:
        return c.to_dict(np.zeros(n))
    ig = c.igraph()
    clo = np.nan_to_num(np.asarray(ig.closeness(normalized=True), dtype=float))
    membership = np.asarray(ig.connected_components().membership)
    reach = np.bincount(membership)[membership]
    return c.to_dict(clo * (reach - 1) / (n - 1))


def _leading(a) -> tuple[float, np.ndarray]:
    """The leading eigenvalue and unit eigenvector (positive) of a symmetric sparse matrix."""
    import scipy.sparse.linalg as sla

    n = a.shape[0]
    if n < 3 or a.nnz == 0:
        vals, vecs = np.linalg.eigh(a.toarray())
        val, vec = vals[-1], vecs[:, -1]
    else:
        vals, vecs = sla.eigsh(a, k=1, which="LA", tol=1e-10, v0=np.ones(n))
        val, vec = vals[0], vecs[:, 0]
    vec = vec * np.sign(vec.sum()) if vec.sum() else np.abs(vec)
    return float(val), vec / np.linalg.norm(vec)


def dominant_component(g, weight="weight"):
    """The connected component whose adjacency matrix has the largest leading eigenvalue (the one
    the leading eigenvector of the whole graph lives on), or None where several share it (the
    eigenvector of the graph is then not unique) or the graph has no edge. Returns the node list
    and the number of components.

    Examples
    --------
    >>> g = nx.Graph([(1, 2), (2, 3), (4, 5)])
    >>> dominant_component(g)
    ([1, 2, 3], 2)
    >>> dominant_component(nx.Graph([(1, 2), (3, 4)]))
    (None, 2)
    """
    c = convert(g, weight)
    if c.n == 0:
        return None, 0
    a = c.csr().astype(float)
    n_comp, labels = sp.csgraph.connected_components(a, directed=False)
    if n_comp == 1:
        return list(c.nodes), 1
    values = []
    for k in range(n_comp):
        idx = np.nonzero(labels == k)[0]
        values.append((_leading(a[idx][:, idx])[0] if len(idx) > 1 else 0.0, k))
    values.sort(reverse=True)
    top = values[0][0]
    if top <= 0 or (len(values) > 1 and values[1][0] >= top * (1 - 1e-9)):
        return None, n_comp
    return [c.nodes[i] for i in np.nonzero(labels == values[0][1])[0]], n_comp


def eigenvector(g, engine="auto", weight="weight", **_):
    """Eigenvector centrality: the leading eigenvector of the weighted adjacency matrix, unit
    Euclidean norm, as :func:`networkx.eigenvector_centrality`. Computed with ARPACK on the
    sparse matrix (like :func:`networkx.eigenvector_centrality_numpy`). On a graph of several
    components the leading eigenvector lives on the component with the largest leading
    eigenvalue: that component is measured, and every other node gets no value (NaN) rather
    than the numerical noise an iteration leaves there; where several components share the
    largest eigenvalue the eigenvector is not unique and no node gets a value. Reference:
    P. Bonacich, "Power and centrality: a family of measures", *Am. J. Sociol.* 92 (1987)
    1170-1182."""
    g = _simple(g)
    nodes, n_comp = dominant_component(g, weight)
    if n_comp > 1:
        out = dict.fromkeys(g, math.nan)
        if nodes is not None:
            out.update(eigenvector(g.subgraph(nodes), engine=engine, weight=weight))
        return out
    if (e := route(engine, nx.eigenvector_centrality)) != "igraph":
        return nx_call(nx.eigenvector_centrality, e, g, weight=weight, max_iter=1000)
    c = convert(g, weight)
    if c.n == 0:
        return {}
    return c.to_dict(_leading(c.csr().astype(float))[1])


def pagerank(g, engine="auto", weight="weight", alpha=0.85, **_):
    """PageRank of the undirected weighted graph, damping ``alpha`` (0.85), as
    :func:`networkx.pagerank`. Reference: L. Page, S. Brin, R. Motwani and T. Winograd, "The
    PageRank citation ranking: bringing order to the web", Stanford InfoLab (1999)."""
    g = _simple(g)
    if (e := route(engine, nx.pagerank)) != "igraph":
        return nx_call(nx.pagerank, e, g, alpha=alpha, weight=weight, max_iter=1000)
    c = convert(g, weight)
    ig = c.igraph()
    return c.to_dict(ig.pagerank(directed=False, damping=alpha, weights="weight" if weight else None))


def kcore(g, engine="auto", **_):
    """Core number: the largest ``k`` such that the node is in a subgraph where every node has
    degree at least ``k``, as :func:`networkx.core_number`. Reference: V. Batagelj and
    M. Zaversnik, "An O(m) algorithm for cores decomposition of networks", arXiv:cs/0310049."""
    g = _simple(g)
    if (e := route(engine, nx.core_number)) != "igraph":
        return {u: float(v) for u, v in nx_call(nx.core_number, e, g).items()}
    c = convert(g)
    return c.to_dict(c.igraph().coreness())


def louvain(g, engine="auto", weight="weight", seed=0, resolution=1.0, **_):
    """Communities by modularity optimisation (Louvain), as a community number per node:
    0 is the largest community. Like :func:`networkx.community.louvain_communities`.
    Reference: V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding
    of communities in large networks", *J. Stat. Mech.* (2008) P10008."""
    g = _simple(g)
    if (e := route(engine, nx.community.louvain_communities)) != "igraph":
        parts = nx_call(nx.community.louvain_communities, e, g, weight=weight, resolution=resolution, seed=seed)
    else:
        c = convert(g, weight)
        previous = random.Random()
        igraph.set_random_number_generator(random.Random(seed))
        try:
            cl = c.igraph().community_multilevel(weights="weight" if weight else None, resolution=resolution)
        finally:
            igraph.set_random_number_generator(random)
        parts = [{c.nodes[i] for i in members} for members in cl]
        del previous
    order = sorted(parts, key=lambda p: (-len(p), min(map(str, p))))
    label = {u: float(i) for i, p in enumerate(order) for u in p}
    return {u: label[u] for u in g}  # in the graph's node order, as the other measures


def _sides(g):
    top = {u for u, b in g.nodes(data="bipartite") if b == 0}
    if not top or len(top) == len(g):
        from cdkg.analysis.filters import CdkgError

        raise CdkgError("bipartite measures need the bipartite projection (nodes with bipartite=0 and 1)")
    return top, set(g) - top


def bipartite_degree(g, engine="auto", **_):
    """Bipartite degree centrality: degree over the size of the other side, as
    :func:`networkx.algorithms.bipartite.degree_centrality`. Reference: S. P. Borgatti and
    D. S. Halgin, "Analyzing affiliation networks", in *The SAGE Handbook of Social Network
    Analysis* (2011) 417-433."""
    top, bottom = _sides(g)
    return {u: g.degree(u) / (len(bottom) if u in top else len(top)) for u in g}


def bipartite_betweenness(g, engine="auto", **_):
    """Bipartite betweenness: raw betweenness over its maximum for the node's side, as
    :func:`networkx.algorithms.bipartite.betweenness_centrality` (Borgatti and Halgin 2011).
    Where a side's maximum is zero (too few nodes for any path through it), its nodes score 0
    instead of NetworkX's division by zero.

    Examples
    --------
    >>> g = nx.Graph([("c1", "n1"), ("c2", "n1")])
    >>> nx.set_node_attributes(g, {"c1": 0, "c2": 0, "n1": 1}, "bipartite")
    >>> dict(sorted(bipartite_betweenness(g).items()))
    {'c1': 0.0, 'c2': 0.0, 'n1': 1.0}
    """
    top, bottom = _sides(g)
    if (e := route(engine, nx.bipartite.betweenness_centrality)) != "igraph":
        try:
            return nx_call(nx.bipartite.betweenness_centrality, e, g, top)
        except ZeroDivisionError:
            pass
    n, m = len(top), len(bottom)
    s, t = divmod(n - 1, m)
    top_max = ((m**2) * ((s + 1) ** 2) + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0
    p, r = divmod(m - 1, n)
    bot_max = ((n**2) * ((p + 1) ** 2) + n * (p + 1) * (2 * r - p - 1) - r * (2 * p - r + 3)) / 2.0
    c = convert(g)
    raw = c.igraph().betweenness(directed=False)
    return {u: (float(x) / most if (most := (top_max if u in top else bot_max)) else 0.0) for u, x in zip(c.nodes, raw)}


def bipartite_closeness(g, engine="auto", **_):
    """Bipartite closeness: ``(m + 2(n-1)) / sum(d)`` for a node on a side of ``n`` facing ``m``,
    times the share of nodes reached, as :func:`networkx.algorithms.bipartite.closeness_centrality`
    (Borgatti and Halgin 2011)."""
    top, bottom = _sides(g)
    if (e := route(engine, nx.bipartite.closeness_centrality)) != "igraph":
        return nx_call(nx.bipartite.closeness_centrality, e, g, top)
    n, m, size = len(top), len(bottom), len(g)
    c = convert(g)
    ig = c.igraph()
    clo = np.nan_to_num(np.asarray(ig.closeness(normalized=False), dtype=float))  # 1/sum(d)
    membership = np.asarray(ig.connected_components().membership)
    reach = np.bincount(membership)[membership]
    out = {}
    for u, x, rch in zip(c.nodes, clo, reach):
        best = (m + 2 * (n - 1)) if u in top else (n + 2 * (m - 1))
        out[u] = float(best * x * (rch - 1) / (size - 1)) if x > 0 and size > 1 else 0.0
    return out


@dataclass(frozen=True)
class Measure:
    name: str
    function: Callable
    description: str
    bipartite_only: bool = False
    partition: bool = False
    #: The NetworkX function whose definition it follows (what a NetworkX backend would run).
    networkx: Callable | None = None


MEASURES: dict[str, Measure] = {m.name: m for m in [
    Measure("degree", degree, "degree centrality", networkx=nx.degree_centrality),
    Measure("weighted_degree", weighted_degree, "strength (sum of edge weights)"),
    Measure("betweenness", betweenness, "betweenness centrality (sampled on large graphs)",
            networkx=nx.betweenness_centrality),
    Measure("closeness", closeness, "closeness centrality", networkx=nx.closeness_centrality),
    Measure("eigenvector", eigenvector, "eigenvector centrality", networkx=nx.eigenvector_centrality),
    Measure("pagerank", pagerank, "PageRank", networkx=nx.pagerank),
    Measure("kcore", kcore, "core number (k-core)", networkx=nx.core_number),
    Measure("louvain", louvain, "Louvain community", partition=True,
            networkx=nx.community.louvain_communities),
    Measure("bipartite_degree", bipartite_degree, "bipartite degree centrality", bipartite_only=True),
    Measure("bipartite_betweenness", bipartite_betweenness, "bipartite betweenness", bipartite_only=True,
            networkx=nx.bipartite.betweenness_centrality),
    Measure("bipartite_closeness", bipartite_closeness, "bipartite closeness", bipartite_only=True,
            networkx=nx.bipartite.closeness_centrality),
]}
