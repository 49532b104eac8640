"""Fast engines behind the NetworkX API: the same graph as an igraph graph and a scipy sparse
matrix, built once per graph and cached in NetworkX's own per-graph cache
(``G.__networkx_cache__``, which NetworkX clears whenever the graph changes), so several
measures on one graph convert it once. The caller's graph is otherwise left as it was.
"""

from __future__ import annotations

import functools
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


#: NetworkX backends that run on a GPU; ``auto`` prefers them to igraph where they implement a measure.
GPU_BACKENDS = ("cugraph",)


def nx_backends() -> list[str]:
    """The NetworkX backends installed (entry points of the ``networkx.backends`` group, such as
    ``parallel`` from nx-parallel or ``cugraph`` from nx-cugraph), GPU backends first.

    Examples
    --------
    >>> all(isinstance(name, str) and name != "networkx" for name in nx_backends())
    True
    """
    from networkx.utils.backends import backends

    return sorted((b for b in backends if b != "networkx"), key=lambda b: (b not in GPU_BACKENDS, b))


def pick(engine: str) -> str:
    """The engine to use: ``auto`` -> an installed GPU backend of NetworkX, else ``igraph`` when
    installed, else ``networkx``; ``igraph``, ``networkx`` or the name of an installed NetworkX
    backend as given.

    Examples
    --------
    >>> pick("networkx")
    'networkx'
    >>> pick("no-such-engine")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdkg.analysis.filters.UnknownNameError: unknown engine 'no-such-engine'...
    """
    backends = nx_backends()
    if engine == "auto":
        gpu = [b for b in backends if b in GPU_BACKENDS]
        return gpu[0] if gpu else "igraph" if available() else "networkx"
    if engine not in ("igraph", "networkx", *backends):
        from cdkg.analysis.filters import UnknownNameError, unknown_message

        raise UnknownNameError(unknown_message(engine, ["auto", "igraph", "networkx", *backends], "engine"))
    if engine == "igraph" and not available():  # pragma: no cover
        from cdkg.core.errors import CdkgError

        raise CdkgError("engine 'igraph' asked for, but python-igraph is not installed")
    return engine


@functools.cache
def _interface(name: str):
    """A backend's interface object, or None where it fails to load."""
    from networkx.utils.backends import backends

    try:
        return backends[name].load()
    except Exception:  # noqa: BLE001 - any failure to import a third-party backend
        return None


def _implements(name: str, func) -> bool:
    """Whether backend ``name`` declares ``func``, loads, and has it."""
    if name not in getattr(func, "backends", ()):
        return False
    interface = _interface(name)
    return interface is not None and hasattr(interface, func.name)


def route(engine: str, func) -> str:
    """Who computes NetworkX's ``func`` on ``engine``: ``igraph``, ``networkx`` (NetworkX's own
    code) or the name of a NetworkX backend. ``networkx`` hands ``func`` to the first installed
    backend that implements it (GPU backends first); a backend asked for by name, or picked by
    ``auto``, that does not implement ``func`` (or does not load) leaves it to igraph (``auto``)
    or NetworkX.

    Examples
    --------
    >>> import networkx as nx
    >>> route("igraph", nx.pagerank)
    'igraph'
    >>> route("networkx", nx.pagerank) in ["networkx", *nx_backends()]
    True
    """
    chosen = pick(engine)
    if chosen == "igraph":
        return chosen
    if chosen == "networkx":
        return next((b for b in nx_backends() if _implements(b, func)), "networkx")
    if _implements(chosen, func):
        return chosen
    return "igraph" if engine == "auto" and available() else "networkx"


def nx_call(func, engine: str, *args, **kwargs):
    """Call NetworkX's ``func`` on ``engine`` (as :func:`route` answers: ``networkx`` or a
    backend's name). A backend that fails to load or declines the call (NetworkX's dispatch
    raises ``ImportError`` or ``NotImplementedError``) is passed over for NetworkX's own code, so
    an incompatible backend never stops an analysis.

    Examples
    --------
    >>> import networkx as nx
    >>> nx_call(nx.degree_centrality, "networkx", nx.path_graph(3))
    {0: 0.5, 1: 1.0, 2: 0.5}
    """
    if engine not in ("networkx", "igraph"):
        try:
            return func(*args, backend=engine, **kwargs)
        except (ImportError, NotImplementedError):
            pass
    return func(*args, **kwargs)
