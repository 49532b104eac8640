"""A map of cities and their ties, drawn by coordinates (``wgs:lat``/``wgs:long``) over the
country outlines of Natural Earth (see :mod:`cdkg.views.basemap`) in the Equal Earth projection,
on a canvas: wheel zooms, dragging pans, ties are great-circle arcs, cities are coloured by kind
or by a measure and sized by a measure, the top cities are always labelled (more as one zooms in,
never overlapping), hovering shows a card, and the PNG and SVG buttons save the picture. The page
is one file that works offline. Nodes without coordinates are not drawn; the legend says how many.
"""

from __future__ import annotations

import json
import re
from html import escape
from importlib import resources
from pathlib import Path

import networkx as nx

from cdkg.analysis import MEASURES, analyze
from cdkg.analysis.filters import EmptyResultError, UnknownNameError, unknown_message
from cdkg.views._files import write_text
from cdkg.views.basemap import SOURCE, X_MAX, equal_earth, page_basemap
from cdkg.views.style import TOP_LABELS, colours, ranks, scale

UNITS = 1000.0  # page units per Equal Earth unit


def _short(v):
    return round(v, 4) if isinstance(v, float) else v


def map_data(g: nx.Graph, *, size_by: str | None = "degree", values: dict | None = None,
             colour_by: str | None = None, top: int = TOP_LABELS, title: str = "City diplomacy map") -> dict:
    """What the map page and the static map figure draw: cities in label order with projected
    positions, colours and radii (pixels); ties as index pairs with widths; the legend."""
    values = dict(values or {})
    placed = [u for u, d in g.nodes(data=True) if d.get("lat") is not None and d.get("lon") is not None]
    if not placed:
        raise EmptyResultError("nothing to draw on a map: no node of the projection has coordinates")
    for m, what in ((size_by, "measure to size cities by"), (colour_by, "measure to colour cities by")):
        if m and m not in values:
            if m not in MEASURES:
                raise UnknownNameError(unknown_message(m, list(MEASURES), what))
            values[m] = analyze(g, [m]).values[m]
    labels = {u: str(g.nodes[u].get("label", u)) for u in placed}
    order = ranks(placed, values, size_by, labels)
    index = {u: i for i, u in enumerate(order)}
    sizes = scale({u: values[size_by].get(u, 0) for u in placed}, 2.5, 10) if size_by in values else {}
    fill, legend = colours({u: g.nodes[u].get("kind", "city") for u in order}, values, colour_by)
    lon = [float(g.nodes[u]["lon"]) for u in order]
    lat = [float(g.nodes[u]["lat"]) for u in order]
    x, y = equal_earth(lon, lat)
    cities = []
    for i, u in enumerate(order):
        d = g.nodes[u]
        c = {"iri": str(u), "label": labels[u], "kind": d.get("kind", "city"), "x": round(float(x[i]) * UNITS, 2),
             "y": round(-float(y[i]) * UNITS, 2), "lon": round(lon[i], 5), "lat": round(lat[i], 5),
             "r": round(sizes.get(u, 4.0), 2), "c": fill[u],
             "measures": {m: _short(vals[u]) for m, vals in values.items() if u in vals}}
        for key in ("country", "networks", "sources"):
            if d.get(key) not in (None, "", []):
                c[key] = d[key]
        cities.append(c)
    ties = [(index[u], index[v], float(d.get("weight", 1))) for u, v, d in g.edges(data=True) if u in index and v in index]
    ties.sort()
    widths = scale({i: t[2] for i, t in enumerate(ties)}, 0.6, 3) if len({t[2] for t in ties}) > 1 else {i: 1.0 for i in range(len(ties))}
    size_text = (f"{size_by} ({MEASURES[size_by].description})" if size_by in MEASURES else size_by) if size_by else "fixed"
    missing = len(g) - len(placed)
    notes = [f"{len(ties)} ties as great-circle arcs, width: " + ("weight" if len({t[2] for t in ties}) > 1 else "fixed"),
             f"Size: {size_text}", f"Top {min(top, len(order))} cities always labelled"]
    if missing:
        notes.append(f"{missing} nodes without coordinates not drawn")
    notes.append("Equal Earth projection; " + SOURCE)
    return {"title": title, "cities": cities, "ties": [v for i, t in enumerate(ties) for v in (t[0], t[1], round(widths[i], 2))],
            "weights": [_short(t[2]) for t in ties], "top": top, "units": UNITS, "xmax": X_MAX * UNITS,
            "legend": {"colours": legend, "notes": notes, "drawn": len(placed)}}


def map_view(g: nx.Graph, *, title: str = "City diplomacy map", **kwargs) -> str:
    """The map page of a projection's cities and ties (the graph is not changed).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", kind="city", label="A", lat=55.7, lon=12.6)
    >>> g.add_node("b", kind="city", label="B", lat=56.2, lon=10.2); g.add_edge("a", "b", weight=1)
    >>> html = map_view(g)
    >>> "cdkgMap" in html and "https://" not in html.split("<script>")[0]
    True
    """
    data = map_data(g, title=title, **kwargs)
    base = page_basemap(UNITS)
    common = resources.files("cdkg.views").joinpath("templates/common.js").read_text(encoding="utf-8")
    template = resources.files("cdkg.views").joinpath("templates/map.html").read_text(encoding="utf-8")
    parts = {"TITLE": escape(title), "COMMON_JS": common, "DATA": _json(data),
             "BASEMAP": _json({"arcs": base["arcs"], "countries": base["countries"]})}
    return re.sub(r"\{\{(TITLE|COMMON_JS|DATA|BASEMAP)\}\}", lambda m: parts[m.group(1)], template)


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).replace("<", "\\u003c")


def write_map_view(g: nx.Graph, path, **kwargs) -> Path:
    """Write :func:`map_view` to ``path`` atomically; returns the path."""
    write_text(path, map_view(g, **kwargs))
    return Path(path)
