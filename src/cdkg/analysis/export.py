"""Tables for papers: a codebook beside every table (one row per column: what it holds, its
normalisation, its reference, and the projection and filters it comes from), each table as
CSV, Parquet (pyarrow) and Stata ``.dta`` (pandas), and the edge list of a projection.

Every file is written whole to a temporary name and renamed, and the same inputs give the same
bytes (Stata's time stamp is the analysis time, not the clock).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import networkx as nx
import pandas as pd

from cdkg.core.encode import safe_frame
from cdkg.analysis.incidence import WEIGHTING_REFERENCES, WEIGHTINGS
from cdkg.analysis.kinds import KINDS
from cdkg.analysis.measures import MEASURES

#: Table formats ``cdkg analyze --formats`` writes.
FORMATS = ("csv", "parquet", "dta")

#: How each measure is normalised (as the NetworkX function it follows).
NORMALISATION = {
    "degree": "number of neighbours divided by n - 1 (n nodes)",
    "weighted_degree": "none: the sum of the node's tie weights under the projection's weighting",
    "betweenness": "divided by (n - 1)(n - 2)/2, the pairs of other nodes; sampled sources rescaled as NetworkX does",
    "closeness": "(r - 1) / sum of distances, times (r - 1)/(n - 1), r the nodes reachable (Wasserman-Faust)",
    "eigenvector": "unit Euclidean norm; nodes outside the dominant component have no value",
    "pagerank": "sums to 1 over the nodes; damping 0.85",
    "kcore": "none: an integer",
    "louvain": "none: a community number, 0 the largest community",
    "bipartite_degree": "degree divided by the size of the other side",
    "bipartite_betweenness": "divided by its largest possible value for the node's side",
    "bipartite_closeness": "as bipartite.closeness_centrality: the shortest possible sum of distances over the sum",
}
_FIXED = {
    "node": ("IRI of the node", "", ""),
    "label": ("English label of the node (else any label)", "", ""),
    "kind": ("node kind: " + "; ".join(f"{k} = {v}" for k, v in KINDS.items()), "", ""),
    "country": ("label of the country the node lies in (cdkg:inCountry), empty where the graph has none", "", ""),
}


def codebook(columns, projection: str, record: dict, measure_parameters: dict | None = None,
             extra: dict | None = None) -> pd.DataFrame:
    """One row per column of a table: ``column``, ``definition``, ``normalisation``,
    ``reference``, ``projection``, ``filters`` (the projection's settings as JSON).

    ``extra`` maps further column names to ``(definition, normalisation, reference)``.

    Examples
    --------
    >>> cb = codebook(["node", "degree"], "comembership", {"kinds": ["city"]})
    >>> cb.loc[1, "normalisation"]
    'number of neighbours divided by n - 1 (n nodes)'
    """
    from cdkg.analysis.results import reference

    filters = json.dumps(record, sort_keys=True, default=str)
    rows = []
    for col in columns:
        if col in MEASURES:
            m = MEASURES[col]
            params = (measure_parameters or {}).get(col)
            text = m.description + (f" ({json.dumps(params, sort_keys=True)})" if params else "")
            row = (text, NORMALISATION.get(col, ""), reference(col))
        elif extra and col in extra:
            row = extra[col]
        else:
            row = _FIXED.get(col, ("", "", ""))
        rows.append({"column": col, "definition": row[0], "normalisation": row[1], "reference": row[2],
                     "projection": projection, "filters": filters})
    return pd.DataFrame(rows, columns=["column", "definition", "normalisation", "reference", "projection", "filters"])


def edge_codebook_entries(record: dict) -> dict:
    """Definitions of the edge list's columns under the projection's weighting and backbone."""
    weighting = record.get("weighting", "count")
    backbone = record.get("backbone") or {}
    out = {
        "source": ("IRI of one end of the tie", "", ""), "target": ("IRI of the other end", "", ""),
        "source_label": ("label of the source", "", ""), "target_label": ("label of the target", "", ""),
        "weight": (f"tie weight: {WEIGHTINGS.get(weighting, 'number of ties')}", f"weighting {weighting}",
                   WEIGHTING_REFERENCES.get(weighting, "")),
        "shared": ("networks both ends belong to (co-membership), or partnerships that join them", "", ""),
        "layer": ("the layer of the tie (membership, comembership, partnership)", "", ""),
    }
    if backbone:
        from cdkg.analysis.backbone import MODEL_REFERENCES

        out["p_value"] = (f"upper-tail p-value of the tie under the {backbone.get('model')} backbone model; "
                          f"ties kept where p < {backbone.get('alpha')} after correction {backbone.get('mtc')}",
                          "", MODEL_REFERENCES.get(backbone.get("model"), ""))
    return out


def edge_table(g: nx.Graph) -> pd.DataFrame:
    """The projection's ties: source, target, labels, weight, shared count, p-value, layer."""
    label = dict(g.nodes(data="label"))
    rows = []
    for u, v, d in g.edges(data=True):
        row = {"source": u, "target": v, "source_label": label.get(u) or str(u), "target_label": label.get(v) or str(v),
               "weight": float(d.get("weight", 1)), "shared": int(d.get("shared", d.get("weight", 1))),
               "layer": d.get("layer", "")}
        if "p_value" in d:
            row["p_value"] = float(d["p_value"])
        rows.append(row)
    columns = ["source", "target", "source_label", "target_label", "weight", "shared", "layer"]
    if any("p_value" in r for r in rows):
        columns.insert(6, "p_value")
    return pd.DataFrame(rows, columns=columns)


def _stata_name(name: str, taken: set) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", name)[:32] or "v"
    if base[0].isdigit():
        base = ("v" + base)[:32]
    out, k = base, 1
    while out in taken:
        k += 1
        out = f"{base[:29]}_{k}"
    taken.add(out)
    return out


def write_table(df: pd.DataFrame, stem: Path, book: pd.DataFrame, formats=FORMATS,
                when: dt.datetime | None = None) -> list[Path]:
    """Write ``df`` as ``stem.csv|parquet|dta`` and its codebook as ``stem.codebook.csv``."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = stem.with_name(stem.name + "." + fmt)
        tmp = path.with_name("." + path.name + ".partial")
        if fmt == "csv":
            safe_frame(df).to_csv(tmp, index=False, float_format="%.10g")  # no live formulas
        elif fmt == "parquet":
            df.to_parquet(tmp, index=False, engine="pyarrow")
        elif fmt == "dta":
            taken: set = set()
            names = {c: _stata_name(str(c), taken) for c in df.columns}
            labels = dict(zip(book["column"], book["definition"]))
            out = df.rename(columns=names)
            for c in out.columns:
                if out[c].dtype == object or str(out[c].dtype).startswith("str"):
                    out[c] = out[c].fillna("").astype(object)
            out.to_stata(tmp, write_index=False, version=118, time_stamp=when or dt.datetime(2000, 1, 1),
                         variable_labels={names[c]: str(labels.get(c, ""))[:80] for c in df.columns},
                         data_label="cdkg analysis table")
        else:
            raise ValueError(f"unknown table format {fmt!r}")
        os.replace(tmp, path)
        written.append(path)
    book_path = stem.with_name(stem.name + ".codebook.csv")
    tmp = book_path.with_name("." + book_path.name + ".partial")
    safe_frame(book).to_csv(tmp, index=False)
    os.replace(tmp, book_path)
    return [*written, book_path]
