"""Fast engines behind the NetworkX API: the same graph as an igraph graph and a scipy sparse
matrix, built once per graph and cached in NetworkX's own per-graph cache
(``G.__networkx_cache__``, which NetworkX clears whenever the graph changes), so several
measures on one graph convert it once. The caller's graph is otherwise left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

try:  # igraph is a dependency, but keep NetworkX working if it is missing
    import igraph
except ImportError:  # pragma: no cover
    igraph = None

_KEY = "cdkg_engine"


@dataclass
class Converted:
    """A graph in index form: node list, index of each node, edge arrays, igraph, CSR."""

    nodes: list
    index: dict
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    weight_attr: str | None
    _ig: object = None
    _csr: object = None

    @property
    def n(self) -> int:
        return len(self.nodes)

    def igraph(self):
        """The undirected simple igraph graph (parallel edges merged, weights summed)."""
        if self._ig is None:
            if igraph is None:  # pragma: no cover
                raise RuntimeError("igraph is not installed")
            g = igraph.Graph(n=self.n, edges=np.column_stack([self.src, self.dst]).tolist(), directed=False)
            g.es["weight"] = self.weight.tolist()
            self._ig = g
        return self._ig

    def csr(self) -> sp.csr_matrix:
        """The symmetric weighted adjacency matrix."""
        if self._csr is None:
            a = sp.coo_matrix((self.weight, (self.src, self.dst)), shape=(self.n, self.n))
            self._csr = (a + a.T).tocsr()
        return self._csr

    def to_dict(self, values) -> dict:
        """Values by node, as Python floats (``tolist`` converts in C, not value by value)."""
        return dict(zip(self.nodes, np.asarray(values, dtype=float).tolist()))


def convert(g: nx.Graph, weight: str | None = "weight") -> Converted:
    """The graph in index form, cached on the graph until it changes.

    Parallel edges of a multigraph are merged into one, their weights summed; self-loops are
    dropped.

    Examples
    --------
    >>> g = nx.MultiGraph([(1, 2), (1, 2), (2, 3)])
    >>> c = convert(g)
    >>> c.nodes, c.weight.tolist()
    ([1, 2, 3], [2.0, 1.0])
    >>> convert(g) is c
    True
    >>> g.add_edge(3, 4); convert(g) is c
    0
    False
    """
    cache = getattr(g, "__networkx_cache__", None)
    key = (_KEY, weight)
    if cache is not None and key in cache:
        return cache[key]
    nodes = list(g)
    index = {u: i for i, u in enumerate(nodes)}
    m = g.number_of_edges()
    src = np.empty(m, dtype=np.int64)
    dst = np.empty(m, dtype=np.int64)
    w = np.empty(m, dtype=np.float64)
    edges = g.edges(data=weight, default=1) if weight else ((u, v, 1) for u, v in g.edges())
    for i, (u, v, x) in enumerate(edges):
        a, b = index[u], index[v]
        src[i], dst[i], w[i] = (a, b, x) if a <= b else (b, a, x)
    keep = src != dst
    src, dst, w = src[keep], dst[keep], w[keep]
    if g.is_multigraph() and len(src):
        merged = sp.coo_matrix((w, (src, dst)), shape=(len(nodes), len(nodes))).tocsr().tocoo()
        src, dst, w = merged.row.astype(np.int64), merged.col.astype(np.int64), merged.data
    out = Converted(nodes, index, src, dst, w, weight)
    if cache is not None:
        cache[key] = out
    return out


def available() -> bool:
    """Whether igraph can be used."""
    return igraph is not None


def pick(engine: str) -> str:
    """``auto`` -> ``igraph`` when installed, else ``networkx``.

    Examples
    --------
    >>> pick("networkx")
    'networkx'
    """
    if engine == "auto":
        return "igraph" if available() else "networkx"
    if engine not in ("igraph", "networkx"):
        from cdkg.analysis.filters import UnknownNameError, unknown_message

        raise UnknownNameError(unknown_message(engine, ["auto", "igraph", "networkx"], "engine"))
    if engine == "igraph" and not available():  # pragma: no cover
        from cdkg.core.errors import CdkgError

        raise CdkgError("engine 'igraph' asked for, but python-igraph is not installed")
    return engine
