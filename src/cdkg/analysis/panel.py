"""Time: a city-year panel of memberships and co-membership measures, and the growth of each
network, over a range of years.

For each year, the memberships running in it (begun by then and not ended before it, as the
``year`` filter of a projection keeps them) make that year's co-membership projection; undated
memberships count in every year when ``include_undated`` is set, and in none otherwise, and
the outputs count them either way. Three tidy tables come out:

- ``measures``: one row per node, year and measure (``networks``: the networks the node belongs
  to; ``degree``: degree centrality in the year's co-membership projection; ``weighted_degree``:
  its strength under the weighting), with the same values ``analyze(project(..., year=y))``
  gives, computed from the incidence matrix with nodes of equal memberships taken together (so a
  mass network's tens of millions of ties are never listed);
- ``memberships``: one row per node and year, the networks it belongs to, in all and by each
  function the networks provide (``cdkg:providesFunction``);
- ``growth``: one row per network and year, its members and the members that joined that year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from cdkg.analysis.filters import Filters, UnknownNameError
from cdkg.analysis.incidence import WEIGHTINGS

PANEL_MEASURES = {
    "networks": "number of networks the node belongs to in the year (bipartite degree)",
    "degree": "degree centrality in the year's co-membership projection: co-members / (n - 1)",
    "weighted_degree": "strength in the year's co-membership projection: the sum of tie weights under the weighting",
}


def parse_years(text: str) -> tuple[int, int]:
    """``START:END`` (inclusive) as two years.

    Examples
    --------
    >>> parse_years("1990:2019")
    (1990, 2019)
    >>> parse_years("2019:1990")
    Traceback (most recent call last):
    ...
    cdkg.analysis.filters.UnknownNameError: --panel wants START:END with START <= END (years), not '2019:1990'
    """
    try:
        start, end = (int(x) for x in str(text).split(":"))
    except ValueError:
        start, end = 1, 0
    if start > end:
        raise UnknownNameError(f"--panel wants START:END with START <= END (years), not {text!r}")
    return start, end


@dataclass
class Panel:
    measures: pd.DataFrame
    memberships: pd.DataFrame
    growth: pd.DataFrame
    counts: dict = field(default_factory=dict)


def _strength_and_degree(b: sp.csr_matrix, sizes: np.ndarray, weighting: str):
    """Co-members and strength of every row of ``b``, computed on its distinct rows."""
    n = b.shape[0]
    keys = [b.indices[b.indptr[i]:b.indptr[i + 1]].tobytes() for i in range(n)]
    index: dict = {}
    sig_of = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64, count=n)
    first = np.zeros(len(index), dtype=np.int64)
    first[sig_of[::-1]] = np.arange(n)[::-1]
    u = b[first].astype(np.float64)
    m = np.bincount(sig_of, minlength=len(index)).astype(np.float64)
    d = np.asarray(u.sum(axis=1)).ravel()
    inv = np.zeros(b.shape[1])
    big = sizes > 1
    inv[big] = 1.0 / (sizes[big] - 1)
    s = len(index)
    degree = np.zeros(s)
    strength = np.zeros(s)
    step = max(1, 2_000_000 // max(s, 1))
    ut = u.T.tocsc()
    for lo in range(0, s, step):
        hi = min(s, lo + step)
        c = (u[lo:hi] @ ut).toarray()
        rows = np.arange(hi - lo)
        own = c[rows, rows + lo]
        degree[lo:hi] = (c > 0) @ m - 1
        if weighting == "count":
            w, self_w = c, own
        elif weighting == "newman":
            w = (u[lo:hi] @ sp.diags(inv) @ ut).toarray()
            self_w = w[rows, rows + lo]
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                denom = (d[lo:hi, None] + d[None, :] - c) if weighting == "jaccard" else np.minimum(d[lo:hi, None], d[None, :])
                w = np.where(c > 0, c / denom, 0.0)
            self_w = np.ones(hi - lo)
        strength[lo:hi] = w @ m - self_w
    return degree[sig_of], strength[sig_of]


def panel(f, filters: Filters, start: int, end: int, weighting: str = "count", include_undated: bool = False) -> Panel:
    """The panel of ``start``..``end`` (see the module docstring); ``filters`` must hold no time
    filter (the panel's years are the time)."""
    from cdkg.analysis.projections import _memberships, _Resolved

    if filters.timed:
        raise UnknownNameError("--panel sets the years itself: leave out --year, --since and --until")
    if weighting not in WEIGHTINGS:
        raise UnknownNameError(f"unknown weighting {weighting!r}; valid: {', '.join(WEIGHTINGS)}")
    r = _Resolved(f, filters)
    rows = list(_memberships(r))
    nodes = sorted({x[0] for x in rows})
    nets = sorted({x[2] for x in rows})
    ni, ki = {u: i for i, u in enumerate(nodes)}, {u: i for i, u in enumerate(nets)}
    kind = {x[0]: x[1] for x in rows}
    big = np.iinfo(np.int64).max
    src = np.array([ni[x[0]] for x in rows], dtype=np.int64)
    col = np.array([ki[x[2]] for x in rows], dtype=np.int64)
    st = np.array([x[3].start if x[3].start is not None else -big for x in rows], dtype=np.int64)
    en = np.array([x[3].end if x[3].end is not None else big for x in rows], dtype=np.int64)
    undated = np.array([x[3].start is None and x[3].end is None for x in rows], dtype=bool)
    # network sizes: every member of any kind and place (as the projections count them)
    size_rows = [(r.node(m.member)[0], m.organization, m) for m in f.memberships.values()
                 if r.membership_ok(m) and m.organization in ki]
    sn = {u: i for i, u in enumerate(sorted({x[0] for x in size_rows}))}
    s_src = np.array([sn[x[0]] for x in size_rows], dtype=np.int64)
    s_col = np.array([ki[x[1]] for x in size_rows], dtype=np.int64)
    s_st = np.array([x[2].start if x[2].start is not None else -big for x in size_rows], dtype=np.int64)
    s_en = np.array([x[2].end if x[2].end is not None else big for x in size_rows], dtype=np.int64)
    s_und = np.array([x[2].start is None and x[2].end is None for x in size_rows], dtype=bool)
    fn_of = {n: sorted(f.provides.get(n, ())) for n in nets}
    functions = sorted({x for xs in fn_of.values() for x in xs})
    fn_matrix = np.zeros((len(nets), len(functions)))
    for n, xs in fn_of.items():
        for x in xs:
            fn_matrix[ki[n], functions.index(x)] = 1
    label = {u: f.label(u) for u in nodes}
    country = {u: (f.label(f.country_of(u)) if f.country_of(u) else "") for u in nodes}
    m_rows, p_rows, g_rows = defaultdict(list), [], []
    for year in range(start, end + 1):
        active = (undated & include_undated) | (~undated & (st <= year) & (en >= year))
        s_active = (s_und & include_undated) | (~s_und & (s_st <= year) & (s_en >= year))
        sizes = np.zeros(len(nets), dtype=np.int64)
        if s_active.any():
            pairs = np.unique(np.stack([s_src[s_active], s_col[s_active]]), axis=1)
            sizes = np.bincount(pairs[1], minlength=len(nets))
        b = sp.csr_matrix((np.ones(int(active.sum())), (src[active], col[active])), shape=(len(nodes), len(nets)))
        b.data[:] = 1  # repeated memberships count once
        b.sort_indices()
        present = np.nonzero(np.diff(b.indptr))[0]
        joined = np.bincount(col[active & (st == year)], minlength=len(nets))
        members = np.asarray((b > 0).sum(axis=0)).ravel()
        for k, net in enumerate(nets):
            if members[k] or joined[k]:
                g_rows.append((net, f.label(net), year, int(members[k]), int(joined[k])))
        if not len(present):
            continue
        bp = b[present]
        degree, strength = _strength_and_degree(bp, sizes, weighting)
        n = len(present)
        networks = np.diff(bp.indptr)
        by_fn = bp @ fn_matrix if functions else np.zeros((n, 0))
        undated_in = np.bincount(src[active & undated], minlength=len(nodes))[present] if include_undated else np.zeros(n)
        for idx, i in enumerate(present.tolist()):
            u = nodes[i]
            m_rows["networks"].append((u, year, float(networks[idx])))
            m_rows["degree"].append((u, year, float(degree[idx]) / (n - 1) if n > 1 else 1.0))  # as NetworkX
            m_rows["weighted_degree"].append((u, year, float(strength[idx])))
            p_rows.append((u, label[u], kind[u], country[u], year, int(networks[idx]), int(undated_in[idx]),
                           *(int(x) for x in by_fn[idx])))
    long = [(u, label[u], kind[u], country[u], y, name, v) for name in PANEL_MEASURES for (u, y, v) in m_rows[name]]
    measures = pd.DataFrame(long, columns=["node", "label", "kind", "country", "year", "measure", "value"])
    measures = measures.sort_values(["year", "measure", "node"], kind="stable").reset_index(drop=True)
    fn_cols = ["fn_" + f.label(x).replace(" ", "_").replace("-", "_") for x in functions]
    memberships = pd.DataFrame(p_rows, columns=["node", "label", "kind", "country", "year", "networks",
                                                "undated_included", *fn_cols])
    growth = pd.DataFrame(g_rows, columns=["network", "network_label", "year", "members", "joined"])
    counts = {"memberships": len(rows), "undated": int(undated.sum()), "include_undated": include_undated,
              "dated_outside_range": int((~undated & ((en < start) | (st > end))).sum()),
              "nodes": len(nodes), "networks": len(nets), "years": [start, end], "weighting": weighting,
              "functions": {c: f.label(x) for c, x in zip(fn_cols, functions)}}
    return Panel(measures, memberships, growth, counts)
