"""Run several measures on one projection and hold the results: as NetworkX node attributes,
as a table (pandas DataFrame, CSV, markdown) and, through :mod:`cdkg.analysis.writeback`, as RDF."""

from __future__ import annotations

import datetime as dt
import inspect
import time
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from cdkg.analysis.engine import pick, route
from cdkg.analysis.filters import UnknownNameError, unknown_message
from cdkg.analysis.measures import DEFAULT_SAMPLE, EXACT_BETWEENNESS_LIMIT, MEASURES

DEFAULT_MEASURES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector",
                    "pagerank", "kcore", "louvain")
#: Values closer to zero than this (absolute) are written as 0: numerical noise (the eigenvector
#: solver's own tolerance is 1e-10), never a measured quantity.
ZERO_TOLERANCE = 1e-10
#: Ranks compare values to this many significant digits, so that noise in the last digits does
#: not split a tie.
RANK_DIGITS = 10
#: How tied values are ranked: ``min`` (competition ranking, "1224": ties share the best rank).
RANK_METHOD = "min"


def clean(values: dict) -> dict:
    """Values within :data:`ZERO_TOLERANCE` of zero as 0.0 (so ``-0.0`` and ``2e-17`` too).

    Examples
    --------
    >>> clean({"a": 2.3e-17, "b": -0.0, "c": 0.5, "d": float("nan")})
    {'a': 0.0, 'b': 0.0, 'c': 0.5, 'd': nan}
    """
    return {u: (0.0 if abs(v) < ZERO_TOLERANCE else v) for u, v in values.items()}


def rank_values(values: dict) -> dict:
    """Ranks, 1 for the highest, ties (equal to :data:`RANK_DIGITS` significant digits) sharing
    the best rank (:data:`RANK_METHOD` ``min``); NaN (no value) gets no rank.

    Examples
    --------
    >>> rank_values({"a": 0.3, "b": 0.1 + 0.2, "c": 0.0, "d": float("nan"), "e": 0.0})
    {'a': 1, 'b': 1, 'c': 3, 'e': 3}
    """
    kept = {u: float(f"{v:.{RANK_DIGITS - 1}e}") for u, v in values.items() if v == v}
    order = sorted(kept.values(), reverse=True)
    first: dict = {}
    for i, v in enumerate(order, 1):
        first.setdefault(v, i)
    return {u: first[v] for u, v in kept.items()}


def reference(name: str) -> str:
    """The bibliographic reference in a measure's docstring.

    Examples
    --------
    >>> reference("pagerank").startswith("L. Page")
    True
    """
    doc = " ".join(inspect.getdoc(MEASURES[name].function).split())
    for marker in ("References: ", "Reference: "):
        if marker in doc:
            return doc.split(marker, 1)[1].strip()
    return doc.split("(", 1)[-1].rstrip(").") if "Borgatti" in doc else ""


@dataclass
class Analysis:
    """Measures of one projection: ``values[measure][node]``, with their parameters."""

    graph: nx.Graph
    values: dict[str, dict] = field(default_factory=dict)
    parameters: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    computed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    engine: str = "auto"
    #: Who computed each measure: ``igraph``, ``networkx`` or a NetworkX backend's name.
    engines: dict[str, str] = field(default_factory=dict)

    @property
    def projection(self) -> str:
        return self.graph.graph.get("projection", "graph")

    @property
    def projection_parameters(self) -> dict:
        return self.graph.graph.get("parameters", {})

    @property
    def projection_record(self) -> dict:
        """Every setting of the projection, defaults included (kinds, scope, weighting)."""
        return self.graph.graph.get("record", self.projection_parameters)

    def nodes(self) -> list:
        """The nodes reported: under the ``whole`` scope with a place filter, the ones it keeps
        (``G.graph["focus"]``); else every node."""
        focus = self.graph.graph.get("focus")
        return list(self.graph) if focus is None else list(focus)

    def table(self) -> pd.DataFrame:
        """One row per node reported (:meth:`nodes`): label, kind, country and a column per
        measure, sorted by the first measure (highest first; no value last)."""
        g = self.graph
        rows = {u: {"node": u, "label": g.nodes[u].get("label", str(u)), "kind": g.nodes[u].get("kind", ""),
                    "country": g.nodes[u].get("country", "")} for u in self.nodes()}
        for name, vals in self.values.items():
            whole = MEASURES[name].partition or name == "kcore"
            for u in rows:
                v = vals.get(u, float("nan"))
                rows[u][name] = int(v) if whole and v == v else v
        df = pd.DataFrame(list(rows.values()), columns=["node", "label", "kind", "country", *self.values])
        if self.values and len(df):
            first = next(iter(self.values))
            df = df.sort_values([first, "label"], ascending=[MEASURES[first].partition, True], kind="stable",
                                na_position="last")
        return df.reset_index(drop=True)

    def to_csv(self, path=None, table: pd.DataFrame | None = None) -> str | None:
        """The table as CSV (``table``: one :meth:`table` made already, to reuse)."""
        from cdkg.core.encode import safe_frame

        return safe_frame(self.table() if table is None else table).to_csv(path, index=False, float_format="%.6g")

    def to_markdown(self, limit: int | None = None, table: pd.DataFrame | None = None) -> str:
        """A GitHub markdown table (the first ``limit`` rows; ``table`` as in :meth:`to_csv`)."""
        df = (self.table() if table is None else table).drop(columns=["node"])
        if limit:
            df = df.head(limit)
        cols = list(df.columns)
        fmt = lambda v: f"{v:.4g}" if isinstance(v, float) else str(v)  # noqa: E731
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        lines += ["| " + " | ".join(fmt(v).replace("|", "\\|") for v in row) + " |" for row in df.itertuples(index=False)]
        return "\n".join(lines) + "\n"

    def annotate(self, copy: bool = True) -> nx.Graph:
        """The projection with each measure as a node attribute (on a copy unless ``copy=False``)."""
        g = self.graph.copy() if copy else self.graph
        for name, vals in self.values.items():
            nx.set_node_attributes(g, vals, name)
        return g

    def ranks(self, name: str) -> dict:
        """Ranks among the nodes reported (:func:`rank_values`: 1 = highest, ties share the
        better rank, no value no rank)."""
        vals = self.values[name]
        return rank_values({u: vals[u] for u in self.nodes() if u in vals})


def _check(names, g) -> list[str]:
    names = [n.strip() for n in (names.split(",") if isinstance(names, str) else names) if n.strip()]
    for n in names:
        if n not in MEASURES:
            raise UnknownNameError(unknown_message(n, list(MEASURES), "measure"))
        if MEASURES[n].bipartite_only and g.graph.get("projection") not in (None, "bipartite"):
            raise UnknownNameError(f"measure {n!r} needs the bipartite projection, not {g.graph.get('projection')!r}")
    return names


def analyze(g, measures=DEFAULT_MEASURES, *, engine: str = "auto", k: int | None = None,
            seed: int = 0, exact: bool = False, computed_at: dt.datetime | None = None,
            progress=None, projection: str = "comembership") -> Analysis:
    """Compute measures on a projection.

    Parameters
    ----------
    g : networkx.Graph, or anything :func:`cdkg.analysis.project` reads
        A projection (see :func:`cdkg.analysis.project`); it is not changed. A store, a build
        result, a dataset or RDF file path(s) is projected first (``projection``).
    measures : list of str or str
        Names from :data:`cdkg.analysis.measures.MEASURES` (comma-separated in a string).
    engine : {"auto", "igraph", "networkx"} or the name of an installed NetworkX backend
        Who computes; the values are the same (see :mod:`cdkg.analysis.measures`).
    k : int, optional
        Sources sampled for betweenness. By default exact up to
        :data:`~cdkg.analysis.measures.EXACT_BETWEENNESS_LIMIT` nodes, else 256 sampled sources.
    seed : int
        Seed of the sampling and of Louvain.
    exact : bool
        Exact betweenness whatever the size.
    progress : callable, optional
        Called with each measure's name as it starts (``cdkg analyze`` draws a bar with it).
    projection : str
        The projection to make when ``g`` is not a NetworkX graph yet (default: comembership).

    Examples
    --------
    >>> a = analyze(nx.path_graph(3), ["degree", "betweenness"])
    >>> a.values["betweenness"], a.parameters["betweenness"]
    ({0: 0.0, 1: 1.0, 2: 0.0}, {'exact': True})

    A store (``open_store()``), a build result, a dataset or a built file is projected first:

    >>> from cdkg.store import GraphStore
    >>> store = GraphStore()
    >>> _ = store.load_data('''
    ... <http://x/m1> <http://www.w3.org/ns/org#member> <http://x/city/a> <http://x/g> .
    ... <http://x/m1> <http://www.w3.org/ns/org#organization> <http://x/net> <http://x/g> .
    ... <http://x/city/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/cdkg/ontology#City> <http://x/g> .
    ... ''')
    >>> analyze(store, ["degree"], projection="bipartite").values["degree"]
    {'http://x/city/a': 1.0, 'http://x/net': 1.0}
    """
    if not isinstance(g, nx.Graph):
        from cdkg.analysis.projections import project

        g = project(g, projection)
    names = _check(measures, g)
    out = Analysis(g, engine=pick(engine))
    if computed_at is not None:
        out.computed_at = computed_at
    for name in names:
        params: dict = {}
        kwargs: dict = {"engine": engine}
        if name == "betweenness":
            if k is None and not exact and len(g) > EXACT_BETWEENNESS_LIMIT:
                k = DEFAULT_SAMPLE
            if k is not None and not exact and k < len(g):
                params = {"sampled_sources": k, "seed": seed}
                kwargs.update(k=k, seed=seed)
            else:
                params = {"exact": True}
        elif name == "louvain":
            params = {"seed": seed, "resolution": 1.0}
            kwargs.update(seed=seed)
        elif name == "pagerank":
            params = {"alpha": 0.85}
        if name in ("weighted_degree", "eigenvector", "pagerank", "louvain"):
            params["weight"] = "weight"
        if progress is not None:
            progress(name)
        out.engines[name] = route(engine, MEASURES[name].networkx)
        start = time.perf_counter()
        out.values[name] = clean(MEASURES[name].function(g, **kwargs))
        out.seconds[name] = time.perf_counter() - start
        missing = sum(1 for v in out.values[name].values() if v != v)
        if name == "eigenvector" and missing:
            measured = len(g) - missing
            params["defined_on"] = ("the connected component with the largest leading eigenvalue "
                                    f"({measured:,} of {len(g):,} nodes); the other nodes have no value"
                                    if measured else "no node: several components share the largest "
                                    "leading eigenvalue, so the eigenvector is not unique")
        out.parameters[name] = params
    return out
