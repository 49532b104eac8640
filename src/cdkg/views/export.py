"""Export projections, with their measures as node attributes, for Gephi (GEXF) and other
tools (GraphML). Lists become ``"; "``-joined text and missing values are left out, since both
formats hold only scalar attributes. The caller's graph is not changed."""

from __future__ import annotations

import json

import networkx as nx

from cdkg.views._files import atomic_path


def flatten(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose attributes are all strings, numbers or booleans.

    Examples
    --------
    >>> g = nx.Graph(); g.add_node("x", sources=["a", "b"], lat=None)
    >>> dict(flatten(g).nodes["x"]), "sources" in g.nodes["x"]
    ({'sources': 'a; b'}, True)
    """
    h = g.__class__()
    h.graph.update({k: v if isinstance(v, (str, int, float, bool)) else json.dumps(v, default=str)
                    for k, v in g.graph.items()})

    def clean(d):
        out = {}
        for k, v in d.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set, frozenset)):
                v = "; ".join(map(str, v))
            elif not isinstance(v, (str, int, float, bool)):
                v = str(v)
            out[k] = v
        return out

    h.add_nodes_from((u, clean(d)) for u, d in g.nodes(data=True))
    if g.is_multigraph():
        h.add_edges_from((u, v, k, clean(d)) for u, v, k, d in g.edges(keys=True, data=True))
    else:
        h.add_edges_from((u, v, clean(d)) for u, v, d in g.edges(data=True))
    return h


def write_gexf(g: nx.Graph, path) -> None:
    """Write GEXF 1.2 (Gephi), node labels from the ``label`` attribute."""
    h = flatten(g)
    with atomic_path(path) as tmp:
        nx.write_gexf(h, tmp)


def write_graphml(g: nx.Graph, path) -> None:
    """Write GraphML, attributes typed (string, double, long, boolean)."""
    h = flatten(g)
    with atomic_path(path) as tmp:
        nx.write_graphml(h, tmp)
