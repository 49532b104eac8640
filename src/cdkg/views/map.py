"""A map of cities and their ties, drawn by coordinates (``wgs:lat``/``wgs:long``) on a plain
SVG in an equirectangular projection (x = longitude, y = -latitude), with a graticule every
10 degrees. No map tiles: the page is one file that works offline; wheel zooms and dragging
pans. Nodes without coordinates (networks, cities the graph has no coordinates for) are not
drawn, and the legend says how many."""

from __future__ import annotations

from html import escape
from pathlib import Path

import networkx as nx
import numpy as np

from cdkg.analysis import MEASURES, analyze
from cdkg.analysis.filters import EmptyResultError
from cdkg.views._files import write_text
from cdkg.views.network import KIND_COLOURS, _scale

_SCRIPT = """
(function () {
  const svg = document.getElementById("map");
  let vb = svg.getAttribute("viewBox").split(" ").map(Number);
  function set() { svg.setAttribute("viewBox", vb.join(" ")); }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    const r = svg.getBoundingClientRect(), f = e.deltaY > 0 ? 1.2 : 1 / 1.2;
    const mx = vb[0] + vb[2] * (e.clientX - r.left) / r.width, my = vb[1] + vb[3] * (e.clientY - r.top) / r.height;
    vb = [mx - (mx - vb[0]) * f, my - (my - vb[1]) * f, vb[2] * f, vb[3] * f]; set();
  }, { passive: false });
  let drag = null;
  svg.addEventListener("mousedown", function (e) { drag = [e.clientX, e.clientY]; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (e) {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    vb[0] -= (e.clientX - drag[0]) * vb[2] / r.width; vb[1] -= (e.clientY - drag[1]) * vb[3] / r.height;
    drag = [e.clientX, e.clientY]; set();
  });
  window.cdkgMap = { cities: svg.querySelectorAll("circle.city").length, ties: svg.querySelectorAll("line.tie").length };
})();
"""


def _card(d: dict, measures: dict) -> str:
    lines = [str(d.get("label", ""))]
    if d.get("country"):
        lines.append(f"country: {d['country']}")
    if d.get("networks"):
        lines.append("networks: " + ", ".join(d["networks"]))
    lines += [f"{m}: {v:.4g}" for m, v in measures.items()]
    if d.get("sources"):
        lines.append("sources: " + "; ".join(d["sources"]))
    return "\n".join(lines)


def map_view(g: nx.Graph, *, size_by: str | None = "degree", values: dict | None = None,
             title: str = "City diplomacy map") -> str:
    """The SVG map page of a projection's cities and ties (the graph is not changed).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", kind="city", label="A", lat=55.7, lon=12.6)
    >>> g.add_node("b", kind="city", label="B", lat=56.2, lon=10.2); g.add_edge("a", "b", weight=1)
    >>> html = map_view(g)
    >>> html.count('class="city"'), html.count('class="tie"')
    (2, 1)
    """
    values = dict(values or {})
    placed = {u: (float(d["lon"]), -float(d["lat"])) for u, d in g.nodes(data=True)
              if d.get("lat") is not None and d.get("lon") is not None}
    if not placed:
        raise EmptyResultError("nothing to draw on a map: no node of the projection has coordinates")
    if size_by and size_by not in values and size_by in MEASURES:
        values[size_by] = analyze(g, [size_by]).values[size_by]
    xy = np.array(list(placed.values()))
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = max(float((hi - lo).max()) * 0.08, 1.0)
    x0, y0 = lo - pad
    w, h = (hi - lo) + 2 * pad
    unit = max(w, h) / 400  # one "pixel" of the initial view, in degrees
    sizes = _scale({u: values[size_by][u] for u in placed}, 2.5, 9) if size_by in values else {}
    ties = [(u, v, float(d.get("weight", 1))) for u, v, d in g.edges(data=True) if u in placed and v in placed]
    widths = _scale({i: t[2] for i, t in enumerate(ties)}, 0.6, 3) if ties else {}
    out = [f'<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.4f} {y0:.4f} {w:.4f} {h:.4f}" '
           f'preserveAspectRatio="xMidYMid meet">']
    out.append(f'<g class="graticule" stroke="#ddd" stroke-width="{unit * 0.5:.4f}">')
    for lon in range(-180, 181, 10):
        out.append(f'<line x1="{lon}" y1="-90" x2="{lon}" y2="90"/>')
    for lat in range(-90, 91, 10):
        out.append(f'<line x1="-180" y1="{-lat}" x2="180" y2="{-lat}"/>')
    out.append("</g>")
    out.append(f'<g stroke="#5b7083" stroke-opacity="0.45">')
    for i, (u, v, wt) in enumerate(ties):
        (ax, ay), (bx, by) = placed[u], placed[v]
        out.append(f'<line class="tie" x1="{ax:.4f}" y1="{ay:.4f}" x2="{bx:.4f}" y2="{by:.4f}" '
                   f'stroke-width="{widths[i] * unit:.4f}"><title>{escape(str(g.nodes[u].get("label", u)))} – '
                   f'{escape(str(g.nodes[v].get("label", v)))}: weight {wt:g}</title></line>')
    out.append("</g><g>")
    for u, (x, y) in placed.items():
        d = g.nodes[u]
        kind = d.get("kind", "city")
        measures = {m: vals[u] for m, vals in values.items() if u in vals}
        out.append(f'<circle class="city" cx="{x:.4f}" cy="{y:.4f}" r="{sizes.get(u, 4) * unit:.4f}" '
                   f'fill="{KIND_COLOURS.get(kind, "#2ca02c")}" fill-opacity="0.85" stroke="#fff" '
                   f'stroke-width="{unit * 0.4:.4f}"><title>{escape(_card(d, measures))}</title></circle>')
    out.append("</g></svg>")
    missing = len(g) - len(placed)
    legend = [f'<div><span class="sw" style="background:{KIND_COLOURS["city"]}"></span>city ({len(placed)} drawn)</div>',
              f"<div>Size: {escape(size_by or 'fixed')}; line width: weight ({len(ties)} ties)</div>",
              "<div>Equirectangular projection, graticule every 10°; no map tiles (offline)</div>"]
    if missing:
        legend.append(f"<div>{missing} nodes without coordinates not drawn</div>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>html,body{{margin:0;height:100%;font:13px system-ui,sans-serif}} #map{{width:100%;height:100%;display:block;background:#f4f8fb;cursor:grab}}
#legend{{position:absolute;right:10px;bottom:10px;background:rgba(255,255,255,.93);border:1px solid #ccc;padding:8px 10px;border-radius:4px}}
#legend h2{{font-size:13px;margin:0 0 4px}} .sw{{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:6px}}
h1{{position:absolute;left:10px;top:4px;font-size:14px;margin:0}}</style></head>
<body><h1>{escape(title)}</h1>{"".join(out)}
<div id="legend"><h2>Legend</h2>{"".join(legend)}</div>
<script>{_SCRIPT}</script></body></html>
"""


def write_map_view(g: nx.Graph, path, **kwargs) -> Path:
    """Write :func:`map_view` to ``path`` atomically; returns the path."""
    write_text(path, map_view(g, **kwargs))
    return Path(path)
