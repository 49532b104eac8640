"""Static figures for papers (matplotlib, PNG and SVG): a ranked bar chart of a measure, the
degree distribution of a projection, and the growth of networks over the years.

The files are deterministic: the SVG ids come from a fixed hash salt and neither file carries a
date, so the same data give the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

#: Image formats written for each figure.
IMAGE_FORMATS = ("png", "svg")


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "cdkg"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG
    return plt


def _save(fig, stem: Path, formats=IMAGE_FORMATS) -> list[Path]:
    plt = _plt()
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt in formats:
        path = stem.with_name(f"{stem.name}.{fmt}")
        tmp = path.with_name(f".{path.name}.partial")
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(tmp, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
        os.replace(tmp, path)
        out.append(path)
    plt.close(fig)
    return out


def ranked_bar(table: pd.DataFrame, measure: str, stem: Path, top: int = 20, title: str | None = None,
               note: str = "") -> list[Path]:
    """A horizontal bar chart of the ``top`` nodes by ``measure`` (``table`` with ``label``),
    highest on top; ``note`` (the projection and filters) goes under the axis.

    Examples
    --------
    >>> import tempfile
    >>> t = pd.DataFrame({"label": ["A", "B"], "degree": [0.5, 1.0]})
    >>> [p.suffix for p in ranked_bar(t, "degree", Path(tempfile.mkdtemp()) / "bar")]
    ['.png', '.svg']
    """
    plt = _plt()
    rows = table.dropna(subset=[measure]).sort_values([measure, "label"], ascending=[False, True], kind="stable").head(top)
    fig, ax = plt.subplots(figsize=(6.5, 0.28 * max(len(rows), 3) + 1.2))
    ax.barh(range(len(rows)), rows[measure].to_numpy(dtype=float), color="#3b6ea5")
    ax.set_yticks(range(len(rows)), [str(x) for x in rows["label"]], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(measure.replace("_", " ") + (f"\n{note}" if note else ""), fontsize=8)
    ax.set_title(title or f"Top {len(rows)} by {measure.replace('_', ' ')}", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, stem)


def degree_distribution(degrees, stem: Path, title: str = "Degree distribution", note: str = "") -> list[Path]:
    """The number of nodes of each degree (log-log; nodes of degree 0 are counted in the title)."""
    plt = _plt()
    d = np.asarray(list(degrees), dtype=np.int64)
    zero = int((d == 0).sum())
    values, counts = np.unique(d[d > 0], return_counts=True)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    ax.scatter(values, counts, s=12, color="#3b6ea5")
    if len(values):
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("degree" + (f"\n{note}" if note else ""), fontsize=8)
    ax.set_ylabel("nodes", fontsize=8)
    ax.set_title(f"{title} ({len(d):,} nodes" + (f", {zero:,} isolated)" if zero else ")"), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, stem)


def growth(table: pd.DataFrame, stem: Path, top: int = 10, title: str = "Members by year", note: str = "") -> list[Path]:
    """Members of the ``top`` largest networks (in the last year) by year, from a growth table
    with ``network_label``, ``year`` and ``members``."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.5, 4))
    if len(table):
        last = table[table["year"] == table["year"].max()]
        chosen = last.sort_values(["members", "network_label"], ascending=[False, True]).head(top)["network_label"]
        for name in chosen:
            rows = table[table["network_label"] == name].sort_values("year")
            ax.plot(rows["year"], rows["members"], label=str(name), linewidth=1.4)
        ax.legend(fontsize=7, frameon=False, loc="upper left")
        ax.set_yscale("symlog", linthresh=10)
    ax.set_xlabel("year" + (f"\n{note}" if note else ""), fontsize=8)
    ax.set_ylabel("members", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, stem)
