"""Colours, sizes and label ranks shared by the pages and the static figures, so that a figure
from ``cdkg view --png/--svg`` looks like the page: nodes coloured by kind (fixed colours) or by
a measure (matplotlib's perceptually uniform ``viridis`` ramp), sized by a measure."""

from __future__ import annotations

import numpy as np

KIND_COLOURS = {"city": "#1f77b4", "network": "#ff7f0e", "organisation": "#7f7f7f"}
OTHER = "#2ca02c"
TOP_LABELS = 20


def scale(values: dict, lo: float, hi: float) -> dict:
    """Values mapped linearly onto ``[lo, hi]`` (the middle when all are equal).

    Examples
    --------
    >>> scale({"a": 1, "b": 3}, 0, 10)
    {'a': 0.0, 'b': 10.0}
    """
    if not values:
        return {}
    arr = np.fromiter(values.values(), dtype=float)
    vmin, vmax = float(np.nanmin(arr)), float(np.nanmax(arr))
    span = vmax - vmin
    return {u: lo + (hi - lo) * ((v - vmin) / span if span else 0.5) for u, v in values.items()}


def colours(kinds: dict, values: dict | None = None, colour_by: str | None = None) -> tuple[dict, list]:
    """Node colours and the legend entries ``(text, colour)`` that explain them.

    Examples
    --------
    >>> c, legend = colours({"a": "city", "b": "network"}); c["a"], legend[1]
    ('#1f77b4', ('network (1)', '#ff7f0e'))
    >>> c, legend = colours({"a": "city", "b": "city"}, {"degree": {"a": 1, "b": 3}}, "degree"); c["a"], c["b"]
    ('#440154', '#fde725')
    """
    if colour_by and values and colour_by in values:
        from matplotlib import colormaps
        from matplotlib.colors import to_hex

        vals = values[colour_by]
        t = scale({u: vals.get(u, np.nan) for u in kinds}, 0.0, 1.0)
        ramp = colormaps["viridis"]
        out = {u: to_hex(ramp(v)) if v == v else "#bbbbbb" for u, v in t.items()}
        present = [vals[u] for u in kinds if u in vals]
        lo, hi = (min(present), max(present)) if present else (0, 0)
        legend = [(f"{colour_by}: {lo:.3g}", to_hex(ramp(0.0))), (f"{colour_by}: {(lo + hi) / 2:.3g}", to_hex(ramp(0.5))),
                  (f"{colour_by}: {hi:.3g}", to_hex(ramp(1.0)))]
        return out, legend
    counts: dict[str, int] = {}
    for k in kinds.values():
        counts[k] = counts.get(k, 0) + 1
    out = {u: KIND_COLOURS.get(k, OTHER) for u, k in kinds.items()}
    return out, [(f"{k} ({n})", KIND_COLOURS.get(k, OTHER)) for k, n in sorted(counts.items())]


def ranks(nodes, values: dict | None, size_by: str | None, labels: dict) -> list:
    """Nodes in label order: largest size measure first, then label, then id (deterministic).

    Examples
    --------
    >>> ranks(["a", "b", "c"], {"degree": {"a": 1, "b": 5, "c": 1}}, "degree", {"a": "A", "b": "B", "c": "C"})
    ['b', 'a', 'c']
    """
    vals = (values or {}).get(size_by, {}) if size_by else {}
    return sorted(nodes, key=lambda u: (-float(vals.get(u, 0) or 0), str(labels.get(u, u)), str(u)))
