"""The interactive network view: one self-contained HTML page (vis-network, inlined from the
files the pyvis package ships; no CDN, works offline), built with pyvis's ``Network`` object
whose node and edge lists are filled directly (``from_nx``/``add_edge`` would rewrite the
caller's graph and take quadratic time).

Nodes are coloured by kind and sized by a chosen measure; edge width follows ``weight``; a
legend explains both; hovering shows a card with the facts and their source document and
lines; the page filters by kind, country, network and function and shows the ego network of a
city. The layout is computed in Python with a seed (the same page every time) and physics is
off for large graphs, so the page opens fast.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np

from cdkg.analysis import MEASURES, analyze
from cdkg.analysis.filters import EmptyResultError, UnknownNameError, unknown_message
from cdkg.views._files import write_text

from cdkg.views.sigma import _packed, _sigma_js, _split_for_cards, choose_renderer
from cdkg.views.style import KIND_COLOURS, TOP_LABELS, ranks, scale

PHYSICS_LIMIT = 300
MAX_EDGES = 60_000
_CARD_KEYS = ("country", "networks", "functions", "sources")
_EDGE_KEYS = ("layer", "networks", "partnerships", "kinds", "themes", "functions", "start", "sources")


def _vis_files() -> tuple[str, str]:
    import pyvis

    root = Path(pyvis.__file__).parent / "templates" / "lib"
    if not root.is_dir():  # pragma: no cover - older layouts of the package
        root = Path(pyvis.__file__).parent / "lib"
    versions = sorted(p for p in root.glob("vis-*") if (p / "vis-network.min.js").is_file())
    lib = versions[-1]
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def layout(g: nx.Graph, seed: int = 0) -> dict:
    """Seeded 2-D positions: NetworkX's spring layout for small graphs, igraph's
    Fruchterman-Reingold (grid variant) for large ones. Same graph and seed, same positions.

    Examples
    --------
    >>> p = layout(nx.path_graph(3), seed=1)
    >>> p == layout(nx.path_graph(3), seed=1), sorted(p)
    (True, [0, 1, 2])
    """
    n = len(g)
    if n == 0:
        return {}
    if n <= 500:
        pos = nx.spring_layout(g, seed=seed, weight=None)
        return {u: (float(x), float(y)) for u, (x, y) in pos.items()}
    import random

    import igraph

    from cdkg.analysis.engine import convert

    c = convert(g)
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1, 1, size=(n, 2)) * np.sqrt(n)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        lay = c.igraph().layout_fruchterman_reingold(seed=start.tolist(), niter=300, grid=True)
    finally:
        igraph.set_random_number_generator(random)
    return {u: (float(x), float(y)) for u, (x, y) in zip(c.nodes, lay.coords)}


def _short(v):
    return round(v, 4) if isinstance(v, float) else v


def resolve_node(g: nx.Graph, name: str, what: str = "city") -> str:
    """The node a researcher names by a label in any language, slug or IRI (cities first).

    Examples
    --------
    >>> g = nx.Graph(); g.add_node("https://w3id.org/cdkg/id/city/aarhus", label="Aarhus", kind="city", names=["Århus"])
    >>> resolve_node(g, "aarhus") == resolve_node(g, "ÅRHUS") == "https://w3id.org/cdkg/id/city/aarhus"
    True
    """
    from cdkg.core.lookup import NameIndex

    nodes = sorted(g.nodes(data=True), key=lambda n: n[1].get("kind", "city") != what)  # that kind first
    index = NameIndex()  # labels in any language, alternate labels, slug, IRI (cdkg.core.lookup)
    for u, d in nodes:
        index.add(str(u), [str(d.get("label", "")), *d.get("names", ())])
    hits = index.find(name)
    if hits:
        return next(u for u, _ in nodes if str(u) in hits)
    labels = {str(u): d.get("label", str(u)) for u, d in g.nodes(data=True) if d.get("kind", "city") == what}
    names = [n for _, d in g.nodes(data=True) if d.get("kind", "city") == what for n in d.get("names", ())]
    raise UnknownNameError(unknown_message(name, labels, what, names=names))


def ego(g: nx.Graph, name: str, radius: int = 1) -> nx.Graph:
    """The ego network of a node (a copy), within ``radius`` steps."""
    centre = resolve_node(g, name)
    h = nx.ego_graph(g, centre, radius=radius).copy()
    h.graph.update(g.graph, ego=g.nodes[centre].get("label", centre), radius=radius)
    return h


def build_page_data(g: nx.Graph, *, size_by: str | None = "degree", values: dict | None = None,
                    seed: int = 0, physics: bool | None = None, max_edges: int = MAX_EDGES,
                    title: str = "City diplomacy network", top: int = TOP_LABELS, pos: dict | None = None) -> tuple[dict, dict]:
    """The node/edge lists, facets, legend and vis options of a page (see :func:`network_view`)."""
    from pyvis.network import Network

    if len(g) == 0:
        raise EmptyResultError("nothing to draw: the graph has no nodes")
    values = dict(values or {})
    if size_by and size_by not in values:
        if size_by in MEASURES:
            values[size_by] = analyze(g, [size_by]).values[size_by]
        elif all(size_by in d for _, d in g.nodes(data=True)):
            values[size_by] = {u: float(d[size_by]) for u, d in g.nodes(data=True)}
        else:
            raise UnknownNameError(unknown_message(size_by, list(MEASURES), "measure to size nodes by"))
    n = len(g)
    physics = n <= PHYSICS_LIMIT if physics is None else physics
    pos = layout(g, seed) if pos is None else pos
    spread = 60.0 * max(np.sqrt(n), 4.0)
    xy = np.array(list(pos.values())) if pos else np.zeros((0, 2))
    centre, half = xy.mean(axis=0), max(float(np.abs(xy - xy.mean(axis=0)).max()), 1e-9)
    sizes = scale(values[size_by], 8, 40) if size_by else {}

    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    kinds: dict[str, int] = {}
    facets = {"kind": set(), "country": set(), "network": set(), "function": set()}
    ids = {u: i for i, u in enumerate(g)}  # short ids in the page; the IRI is a field
    for u, d in g.nodes(data=True):
        kind = d.get("kind", "node")
        kinds[kind] = kinds.get(kind, 0) + 1
        x, y = (np.array(pos[u]) - centre) / half * spread
        node = {"id": ids[u], "iri": str(u), "label": str(d.get("label", u)), "kind": kind, "x": round(float(x), 2),
                "y": round(float(y), 2), "color": KIND_COLOURS.get(kind, "#2ca02c"), "size": round(sizes.get(u, 12), 2),
                "measures": {m: _short(vals[u]) for m, vals in values.items() if u in vals}}
        for key in _CARD_KEYS:
            if d.get(key) not in (None, "", []):
                node[key] = d[key]
        facets["kind"].add(kind)
        if d.get("country"):
            facets["country"].add(d["country"])
        facets["network"].update(d.get("networks", []))
        if kind == "network":
            facets["network"].add(node["label"])
        facets["function"].update(d.get("functions", []))
        net.nodes.append(node)
        net.node_ids.append(ids[u])
    edge_list = list(g.edges(data=True))
    dropped = 0
    if len(edge_list) > max_edges:
        edge_list.sort(key=lambda e: -float(e[2].get("weight", 1)))
        dropped = len(edge_list) - max_edges
        edge_list = edge_list[:max_edges]
    weights = {i: float(d.get("weight", 1)) for i, (_, _, d) in enumerate(edge_list)}
    widths = scale(weights, 1, 6) if len(set(weights.values())) > 1 else {i: 1.5 for i in weights}
    for i, (u, v, d) in enumerate(edge_list):
        edge = {"from": ids[u], "to": ids[v], "width": round(widths[i], 2), "weight": _short(weights[i])}
        for key in _EDGE_KEYS:
            if d.get(key) not in (None, "", []):
                edge[key] = d[key]
        net.edges.append(edge)
    net.set_options(json.dumps({
        "physics": {"enabled": physics, "stabilization": {"iterations": 150}},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n > 2000, "hideEdgesOnZoom": n > 2000},
        "nodes": {"shape": "dot", "font": {"size": 12}, "scaling": {"label": {"drawThreshold": 8}}},
        "edges": {"smooth": False, "color": {"color": "#9aa5b1", "highlight": "#333", "inherit": False}},
    }))
    nodes, edges, _, _, _, options = net.get_network_data()
    size_text = (f"{size_by} ({MEASURES[size_by].description})" if size_by in MEASURES else size_by) if size_by else "fixed"
    meta = {"projection": g.graph.get("projection", ""), "parameters": g.graph.get("parameters", {}),
            "edgesDropped": dropped, "physics": physics, "seed": seed, "title": title, "top": top}
    note = f"{dropped} weakest edges left out" if dropped else ""
    rank = [ids[u] for u in ranks(list(g), values, size_by, {u: str(d.get("label", u)) for u, d in g.nodes(data=True)})]
    data = {"nodes": nodes, "edges": edges, "meta": meta, "rank": rank,
            "facets": {k: sorted(v) for k, v in facets.items()},
            "legend": {"kinds": [{"name": k, "color": KIND_COLOURS.get(k, "#2ca02c"), "count": c}
                                 for k, c in sorted(kinds.items())],
                       "size": size_text, "width": "edge weight" if len(set(weights.values())) > 1 else "fixed",
                       "note": note}}
    return data, json.loads(options)


def _json(obj) -> str:
    from cdkg.core.encode import script_json

    return script_json(obj, separators=(",", ":"), default=str)


def network_view(g: nx.Graph, *, title: str = "City diplomacy network", renderer: str = "auto", **kwargs) -> str:
    """The HTML page of a graph (the graph is not changed).

    Parameters
    ----------
    g : networkx.Graph
        A projection (see :func:`cdkg.analysis.project`), or any graph with ``label``/``kind``.
    size_by : str, optional
        A measure name (computed if not in ``values``) or a numeric node attribute.
    values : dict, optional
        ``{measure: {node: value}}`` already computed; shown in the hover cards.
    seed : int
        Seed of the layout.
    physics : bool, optional
        Default: on up to 300 nodes, off above.
    max_edges : int
        Keep at most this many edges, the heaviest (the legend says how many were left out).
    renderer : str
        ``auto`` (vis-network up to 2,000 nodes, sigma.js/WebGL above), ``vis`` or ``sigma``.
    top : int
        The top nodes by ``size_by`` that are always labelled (more are labelled where they fit).

    Examples
    --------
    >>> g = nx.Graph(); g.add_edge("a", "b", weight=2); nx.set_node_attributes(g, "city", "kind")
    >>> html = network_view(g)
    >>> "vis.Network" in html and "https://cdn" not in html
    True
    >>> g.edges["a", "b"]
    {'weight': 2}
    """
    data, options = build_page_data(g, title=title, **kwargs)
    name = choose_renderer(len(g), renderer)
    data["meta"]["renderer"] = name
    files = resources.files("cdkg.views")
    parts = {"TITLE": _escape(title), "DATA": _json(data), "OPTIONS": _json(options),
             "COMMON_JS": files.joinpath("templates/common.js").read_text(encoding="utf-8")}
    if name == "sigma":
        parts["SIGMA_JS"] = _sigma_js()
        core, extra = _split_for_cards(data)
        parts["DATA"], parts["EXTRA"] = _packed(core), _packed(extra)
        template = files.joinpath("templates/network-sigma.html").read_text(encoding="utf-8")
    else:
        parts["VIS_JS"], parts["VIS_CSS"] = _vis_files()
        template = files.joinpath("templates/network.html").read_text(encoding="utf-8")
    for piece in ("css", "html"):  # the shell both renderers share: style, filter bar, legend, card
        shell = files.joinpath(f"templates/network-shell.{piece}").read_text(encoding="utf-8")
        template = template.replace("{{SHELL_CSS}}" if piece == "css" else "{{SHELL_BODY}}", shell)
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], template)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_network_view(g: nx.Graph, path, **kwargs) -> Path:
    """Write :func:`network_view` to ``path`` atomically; returns the path."""
    html = network_view(g, **kwargs)
    write_text(path, html)
    return Path(path)
