"""The offline basemap: country outlines of Natural Earth (public domain) as the npm package
``world-atlas`` 2.0.2 ships them (``countries-50m.json``, TopoJSON, 1:50 million), kept gzipped
in the package (``cdkg/views/data/countries-50m.json.gz``), decoded here, and the Equal Earth
projection (Šavrič, Patterson and Jenny 2018) that the map and the static figures share.

TopoJSON stores each border once as an "arc" of quantised, delta-encoded points; a country is a
list of rings, each a list of arc indices (a negative index ``~i`` is arc ``i`` reversed). The
page gets the arcs projected and quantised (so shared borders are stroked once) and the rings.
"""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from importlib import resources

import numpy as np

SOURCE = "Natural Earth 1:50m admin-0 countries (public domain), via the npm package world-atlas 2.0.2"
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
#: half the width and height of the world in Equal Earth units (sphere of radius 1)
X_MAX, Y_MAX = 2.7066299836960748, 1.3173627591574133


def equal_earth(lon, lat):
    """Equal Earth coordinates (sphere of radius 1, y up) of degrees of longitude and latitude.

    Examples
    --------
    >>> x, y = equal_earth(180.0, 0.0); round(float(x), 6), float(y)
    (2.70663, 0.0)
    >>> [round(float(v), 6) for v in equal_earth(12.57, 55.68)]
    [0.148416, 1.027786]
    """
    lam = np.radians(np.asarray(lon, dtype=float))
    phi = np.radians(np.asarray(lat, dtype=float))
    theta = np.arcsin(_M * np.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


@lru_cache(maxsize=1)
def topology() -> dict:
    """The world-atlas TopoJSON document (parsed once)."""
    raw = resources.files("cdkg.views").joinpath("data/countries-50m.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


@lru_cache(maxsize=1)
def arcs_lonlat() -> list[np.ndarray]:
    """Every arc as an ``(n, 2)`` array of longitude, latitude (delta-decoded, unquantised)."""
    t = topology()
    (sx, sy), (tx, ty) = t["transform"]["scale"], t["transform"]["translate"]
    out = []
    for arc in t["arcs"]:
        q = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        out.append(np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty]))
    return out


def countries() -> list[tuple[str, list[list[int]]]]:
    """``(name, rings)`` of each country; a ring is a list of arc indices (``~i``: reversed).

    Examples
    --------
    >>> names = dict(countries()); len(names) > 200, "Denmark" in names
    (True, True)
    """
    out = []
    for geom in topology()["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name", "")
        if geom["type"] == "Polygon":
            rings = list(geom["arcs"])
        elif geom["type"] == "MultiPolygon":
            rings = [ring for poly in geom["arcs"] for ring in poly]
        else:
            continue
        out.append((name, rings))
    return out


def ring_lonlat(ring: list[int]) -> np.ndarray:
    """The points of a ring (its arcs joined, reversed where the index is negative)."""
    arcs = arcs_lonlat()
    parts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(a if not parts else a[1:])
    return np.concatenate(parts) if parts else np.zeros((0, 2))


@lru_cache(maxsize=1)
def page_basemap(scale: float = 1000.0) -> dict:
    """The basemap for the page: arcs projected (Equal Earth, y down), multiplied by ``scale``
    and rounded to integers, delta-encoded like TopoJSON; the rings of every country.

    Examples
    --------
    >>> b = page_basemap(); len(b["arcs"]) == len(topology()["arcs"]), b["scale"]
    (True, 1000.0)
    """
    arcs = []
    for a in arcs_lonlat():
        x, y = equal_earth(a[:, 0], a[:, 1])
        q = np.rint(np.column_stack([x, -y]) * scale).astype(np.int64)
        d = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
        arcs.append(d.ravel().tolist())
    return {"scale": scale, "arcs": arcs, "countries": [rings for _, rings in countries()],
            "names": [name for name, _ in countries()], "source": SOURCE}


def great_circle(lon1: float, lat1: float, lon2: float, lat2: float, step_deg: float = 2.0) -> np.ndarray:
    """Points (longitude, latitude) along the great circle between two places, one every
    ``step_deg`` degrees of arc or closer (at least the two ends).

    Examples
    --------
    >>> p = great_circle(0, 0, 90, 0); p[0].tolist(), p[-1].round(6).tolist(), len(p)
    ([0.0, 0.0], [90.0, 0.0], 46)
    """
    a = np.radians([lon1, lat1, lon2, lat2])
    va = np.array([math.cos(a[1]) * math.cos(a[0]), math.cos(a[1]) * math.sin(a[0]), math.sin(a[1])])
    vb = np.array([math.cos(a[3]) * math.cos(a[2]), math.cos(a[3]) * math.sin(a[2]), math.sin(a[3])])
    omega = math.acos(max(-1.0, min(1.0, float(va @ vb))))
    n = max(2, int(math.ceil(math.degrees(omega) / step_deg)) + 1)
    if omega < 1e-12:
        return np.array([[lon1, lat1], [lon2, lat2]], dtype=float)
    t = np.linspace(0, 1, n)[:, None]
    v = (np.sin((1 - t) * omega) * va + np.sin(t * omega) * vb) / math.sin(omega)
    lon = np.degrees(np.arctan2(v[:, 1], v[:, 0]))
    lat = np.degrees(np.arcsin(np.clip(v[:, 2], -1, 1)))
    lon[0], lat[0], lon[-1], lat[-1] = lon1, lat1, lon2, lat2
    return np.column_stack([lon, lat])
