"""Static figures (PNG or SVG, for a paper) of the same layout and styling as the pages, drawn
with matplotlib: the network view (the seeded layout of :func:`cdkg.views.network.layout`,
colours by kind, sizes by a measure, edge widths by weight) and the map (Natural Earth outlines
in Equal Earth, great-circle ties, cities coloured and sized as on the page). Labels are placed
as the pages place them: the top nodes always, then more by rank where they fit, never
overlapping. Same inputs, same bytes (SVG ids salted, no dates in the files)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np

from cdkg.views._files import atomic_path
from cdkg.views.basemap import X_MAX, countries, equal_earth, great_circle, ring_lonlat
from cdkg.views.style import TOP_LABELS, colours, ranks, scale

FORMATS = ("png", "svg")
RINGS = (0, 14, 30, 50, 75, 105, 140, 180, 230, 290)  # as templates/common.js


def _spots(x, y, d, w, h, wide):
    """Where a w x h label may go at distance d from (x, y), as templates/common.js tries them."""
    if not wide:
        return [(x + d, y - h / 2), (x - d - w, y - h / 2), (x - w / 2, y - d - h), (x - w / 2, y + d),
                (x + d * 0.7, y - d * 0.7 - h), (x - d * 0.7 - w, y - d * 0.7 - h), (x + d * 0.7, y + d * 0.7),
                (x - d * 0.7 - w, y + d * 0.7)]
    out = []
    for k in range(16):
        a = k * np.pi / 8
        cx, cy = float(np.cos(a)), float(np.sin(a))
        px, py = x + d * cx, y + d * cy
        out.append((px if cx > 0.38 else (px - w if cx < -0.38 else px - w / 2),
                    py if cy > 0.38 else (py - h if cy < -0.38 else py - h / 2)))
    return out


def place_labels(cands: list, width: float, height: float, max_labels: int, measure) -> list:
    """Greedy, rank-ordered placement without overlaps (as the pages do): each candidate
    ``(id, text, x, y, r, force)`` in pixels (y down) tries eight spots around its point, the
    forced ones also further out. Returns boxes ``(id, text, x, y, w, h, leader)``.

    Examples
    --------
    >>> boxes = place_labels([("a", "A", 50, 50, 3, True), ("b", "B", 52, 50, 3, True)], 200, 100, 5, lambda t: (10, 14))
    >>> len(boxes), boxes[0][:4]
    (2, ('a', 'A', 55, 42.5))
    """
    placed = []

    def free(b):
        x, y, w, h = b
        if x < 0 or y < 0 or x + w > width or y + h > height:
            return False
        return all(not (x < o[2] + o[4] and o[2] < x + w and y < o[3] + o[5] and o[3] < y + h) for o in placed)

    for cid, text, x, y, r, force in cands:
        if len(placed) >= max_labels and not force:
            break
        tw, th = measure(text)
        w, h, r = tw + 4, th + 1, r + 2
        for j, extra in enumerate(RINGS if force else RINGS[:1]):
            hit = next(((cid, text, bx, by, w, h, j > 0) for bx, by in _spots(x, y, r + extra, w, h, j > 0)
                        if free((bx, by, w, h))), None)
            if hit:
                placed.append(hit)
                break
    return placed


def _figure(width: float, height: float, dpi: int):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "cdkg"
    plt.rcParams["svg.fonttype"] = "none"  # text stays text in SVG (editable in a paper)
    fig = plt.figure(figsize=(width, height), dpi=dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    return fig, ax


def _labels(fig, ax, order, xy, radii_px, texts, top):
    """Place and draw labels; ``xy`` in data units, radii in pixels."""
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Text

    probe = Text(0, 0, "", fontsize=9, figure=fig)

    def measure(t):
        probe.set_text(t)
        e = probe.get_window_extent(renderer)
        return e.width, e.height

    W, H = fig.bbox.width, fig.bbox.height
    pix = ax.transData.transform(xy) if len(xy) else np.zeros((0, 2))
    cands = []
    for i, u in enumerate(order):
        x, y = pix[i][0], H - pix[i][1]
        if i >= top and not (0 <= x <= W and 0 <= y <= H):
            continue
        cands.append((u, texts[i], x, y, radii_px[i], i < top))
        if len(cands) > 3000:
            break
    boxes = place_labels(cands, W, H, max(top, int(W * H / 9000 * (72 / fig.dpi) ** 2)), measure)
    inv = ax.transData.inverted()
    import matplotlib.patheffects as pe

    for cid, text, bx, by, w, h, leader in boxes:
        (tx, ty) = inv.transform((bx + 2, H - by - h / 2))
        ax.text(tx, ty, text, fontsize=9, va="center", ha="left", color="#111", zorder=5,
                path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])
        if leader:
            i = order.index(cid)
            ax.plot([xy[i][0], tx], [xy[i][1], ty], color="#3c3c3c", alpha=0.6, lw=0.6, zorder=4)
    return boxes


def _fit(ax, x0, x1, y0, y1, width, height):
    """Data limits that hold the box and keep one unit the same length on both axes."""
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / h < width / height:
        w = h * width / height
    else:
        h = w * height / width
    ax.set_xlim(cx - w / 2, cx + w / 2)
    ax.set_ylim(cy - h / 2, cy + h / 2)


def _legend(ax, entries, notes, title=None):
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", ls="", color=c, markersize=7, label=t) for t, c in entries]
    handles += [Line2D([], [], ls="", label=t) for t in notes]
    ax.legend(handles=handles, loc="lower right", fontsize=8, title=title or "Legend", title_fontsize=9,
              framealpha=0.93, edgecolor="#ccc")


def _save(fig, path: Path, fmt: str) -> Path:
    import matplotlib.pyplot as plt

    with atomic_path(path) as tmp:
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(tmp, format=fmt, metadata=meta)
    plt.close(fig)
    return Path(path)


def _format(path, fmt):
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        from cdkg.analysis.filters import UnknownNameError, unknown_message

        raise UnknownNameError(unknown_message(fmt, list(FORMATS), "figure format"))
    return fmt


def network_figure(g: nx.Graph, path, *, size_by: str | None = "degree", values: dict | None = None, seed: int = 0,
                   width: float = 8.0, height: float = 6.0, dpi: int = 200, top: int = TOP_LABELS,
                   title: str | None = None, fmt: str | None = None) -> Path:
    """Write the network view as a static figure (``.png`` or ``.svg``, ``width`` x ``height``
    inches at ``dpi``); the graph is not changed."""
    from matplotlib.collections import LineCollection

    from cdkg.views.network import build_page_data, layout

    fmt = _format(path, fmt)
    pos = layout(g, seed)
    data, _ = build_page_data(g, size_by=size_by, values=values, seed=seed, pos=pos, top=top, title=title or "")
    nodes = {n["id"]: n for n in data["nodes"]}
    order = data["rank"]
    xy = np.array([[nodes[i]["x"], -nodes[i]["y"]] for i in order])
    fig, ax = _figure(width, height, dpi)
    fill, legend = colours({i: nodes[i]["kind"] for i in order})
    pad = max(n["size"] for n in data["nodes"]) * 1.5 + 10
    x0, y0 = xy.min(axis=0) - pad
    x1, y1 = xy.max(axis=0) + pad
    _fit(ax, x0, x1, y0, y1, width, height)
    fig.canvas.draw()
    unit = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]  # pixels per layout unit
    at = {i: k for k, i in enumerate(order)}
    segs = [(xy[at[e["from"]]], xy[at[e["to"]]]) for e in data["edges"]]
    px_to_pt = 72 / dpi
    ax.add_collection(LineCollection(segs, linewidths=[e["width"] * unit * px_to_pt for e in data["edges"]],
                                     colors="#9aa5b1", zorder=1))
    radii = [nodes[i]["size"] * unit for i in order]
    ax.scatter(xy[::-1, 0], xy[::-1, 1], s=[(r * px_to_pt) ** 2 * 4 for r in radii[::-1]],  # the hubs on top
               c=[fill[i] for i in order[::-1]], edgecolors="white", linewidths=0.5, zorder=2)
    _labels(fig, ax, order, xy, radii, [nodes[i]["label"] for i in order], top)
    leg = data["legend"]
    _legend(ax, legend, [f"Node size: {leg['size']}", f"Edge width: {leg['width']}"] + ([leg["note"]] if leg["note"] else []))
    if title:
        ax.set_title(title, fontsize=11, loc="left")
    return _save(fig, Path(path), fmt)


def _split(points: np.ndarray) -> list:
    """A projected line cut where it jumps across the antimeridian."""
    if len(points) < 2:
        return [points]
    jumps = np.where(np.abs(np.diff(points[:, 0])) > X_MAX)[0] + 1
    return [p for p in np.split(points, jumps) if len(p)]


def map_figure(g: nx.Graph, path, *, size_by: str | None = "degree", values: dict | None = None,
               colour_by: str | None = None, width: float = 10.0, height: float = 6.0, dpi: int = 200,
               top: int = TOP_LABELS, title: str | None = None, fmt: str | None = None) -> Path:
    """Write the map as a static figure (basemap, great-circle ties, cities, labels, legend)."""
    from matplotlib.collections import LineCollection, PolyCollection

    from cdkg.views.map import map_data

    fmt = _format(path, fmt)
    data = map_data(g, size_by=size_by, values=values, colour_by=colour_by, top=top, title=title or "")
    cities = data["cities"]
    units = data["units"]
    xy = np.array([[c["x"] / units, -c["y"] / units] for c in cities])
    fig, ax = _figure(width, height, dpi)
    lat = np.arange(-90, 91, 2.0)
    sx, sy = equal_earth(np.r_[np.full(lat.size, 180.0), np.full(lat.size, -180.0)], np.r_[lat, lat[::-1]])
    ax.add_collection(PolyCollection([np.column_stack([sx, sy])], facecolors="#dbe7f0", edgecolors="#9fb3c4",
                                     linewidths=0.6, zorder=-1))
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = max(float((hi - lo).max()) * 0.12, 0.06)
    _fit(ax, lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad, width, height)
    polys = []
    for _, rings in countries():
        for ring in rings:
            pts = ring_lonlat(ring)
            px, py = equal_earth(pts[:, 0], pts[:, 1])
            parts = _split(np.column_stack([px, py]))
            if len(parts) > 1:  # the piece that ends the ring joins the one that starts it
                parts[0] = np.concatenate([parts.pop(), parts[0]])
            polys += parts
    ax.add_collection(PolyCollection(polys, facecolors="#f4f1e8", edgecolors="#a9a59b", linewidths=0.35, zorder=0))
    ties = data["ties"]
    segs, widths = [], []
    for t in range(0, len(ties), 3):
        a, b = cities[ties[t]], cities[ties[t + 1]]
        arc = great_circle(a["lon"], a["lat"], b["lon"], b["lat"])
        px, py = equal_earth(arc[:, 0], arc[:, 1])
        for part in _split(np.column_stack([px, py])):
            segs.append(part)
            widths.append(ties[t + 2] * 72 / dpi * 2)
    alpha = max(0.06, min(0.45, 12 / np.sqrt(len(ties) / 3 + 1)))
    ax.add_collection(LineCollection(segs, linewidths=widths, colors="#465a6e", alpha=alpha, zorder=1))
    fig.canvas.draw()
    radii = [c["r"] * dpi / 100 for c in cities]
    ax.scatter(xy[:, 0], xy[:, 1], s=[(r * 72 / dpi) ** 2 * 4 for r in radii], c=[c["c"] for c in cities],
               edgecolors="white", linewidths=0.5, zorder=2)
    _labels(fig, ax, [c["iri"] for c in cities], xy, radii, [c["label"] for c in cities], top)
    _legend(ax, data["legend"]["colours"], data["legend"]["notes"])
    if title:
        ax.set_title(title, fontsize=11, loc="left")
    return _save(fig, Path(path), fmt)


__all__ = ["map_figure", "network_figure", "place_labels", "scale", "ranks"]
