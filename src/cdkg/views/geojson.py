"""GeoJSON (RFC 7946) of a projection's cities and ties, for QGIS and other GIS: a Point per
city with coordinates (its label, kind, country, IRI and measures as properties) and a
LineString per tie between two such cities, along the great circle, cut into a
MultiLineString where it crosses the antimeridian (as RFC 7946, section 3.1.9, asks)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np

from cdkg.analysis.filters import EmptyResultError
from cdkg.views._files import write_text
from cdkg.views.basemap import great_circle


def _value(v):
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_value(x) for x in sorted(v, key=str)] if isinstance(v, (set, frozenset)) else [_value(x) for x in v]
    if isinstance(v, float):
        return round(v, 6)
    return v if isinstance(v, (str, int, bool)) or v is None else str(v)


def _line(a, b) -> dict:
    pts = great_circle(a[0], a[1], b[0], b[1])
    cut = np.where(np.abs(np.diff(pts[:, 0])) > 180)[0] + 1
    if not len(cut):
        return {"type": "LineString", "coordinates": np.round(pts, 5).tolist()}
    parts = []
    for part in np.split(pts, cut):
        parts.append(np.round(part, 5).tolist())
    # close each part on the antimeridian so that the pieces meet at +-180
    for i in range(len(parts) - 1):
        (x0, y0), (x1, y1) = parts[i][-1], parts[i + 1][0]
        edge = 180.0 if x0 > 0 else -180.0
        near, far = abs(edge - x0), abs(x1 + edge)
        y = y0 + (y1 - y0) * (near / (near + far) if near + far else 0.5)
        parts[i].append([edge, round(y, 5)])
        parts[i + 1].insert(0, [-edge, round(y, 5)])
    return {"type": "MultiLineString", "coordinates": parts}


def geojson(g: nx.Graph, values: dict | None = None) -> dict:
    """The FeatureCollection of ``g``'s cities with coordinates and the ties between them.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", kind="city", label="A", lat=55.7, lon=12.6)
    >>> g.add_node("b", kind="city", label="B", lat=56.2, lon=10.2); g.add_edge("a", "b", weight=2)
    >>> fc = geojson(g); [f["geometry"]["type"] for f in fc["features"]], fc["features"][0]["geometry"]["coordinates"]
    (['Point', 'Point', 'LineString'], [12.6, 55.7])
    """
    values = values or {}
    where = {u: (float(d["lon"]), float(d["lat"])) for u, d in g.nodes(data=True)
             if d.get("lat") is not None and d.get("lon") is not None}
    if not where:
        raise EmptyResultError("nothing to export as GeoJSON: no node of the projection has coordinates")
    features = []
    for u in sorted(where, key=str):
        d = g.nodes[u]
        props = {"iri": str(u), "label": d.get("label", str(u)), "kind": d.get("kind", "city")}
        for key in ("country", "country_code", "networks"):
            if d.get(key) not in (None, "", []):
                props[key] = _value(d[key])
        props.update({m: _value(vals[u]) for m, vals in sorted(values.items()) if u in vals})
        features.append({"type": "Feature", "id": str(u), "geometry": {"type": "Point", "coordinates": list(where[u])},
                         "properties": props})
    ties = sorted(((str(u), str(v), u, v, d) for u, v, d in g.edges(data=True) if u in where and v in where), key=lambda t: t[:2])
    for a, b, u, v, d in ties:
        props = {"source": a, "target": b, "source_label": g.nodes[u].get("label", a), "target_label": g.nodes[v].get("label", b),
                 "weight": _value(float(d.get("weight", 1)))}
        for key in ("layer", "kinds", "networks", "start"):
            if d.get(key) not in (None, "", []):
                props[key] = _value(d[key])
        features.append({"type": "Feature", "geometry": _line(where[u], where[v]), "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(g: nx.Graph, path, values: dict | None = None) -> Path:
    """Write :func:`geojson` to ``path`` atomically (UTF-8, one line per feature); returns the path."""
    fc = geojson(g, values)
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in fc["features"])
    write_text(path, '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n")
    return Path(path)
