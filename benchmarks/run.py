"""Benchmark (run by hand, not by pytest): projections, measures against igraph on the same
graph, and the time until a 10,000-node view is drawn in headless Chromium.

    PYTHONPATH=src python benchmarks/run.py [--cities 20000] [--networkx]

Prints a markdown table for the README. Uses the seeded synthetic generator (synthetic.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import igraph
import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
import synthetic  # noqa: E402

from cdkg.analysis import MEASURES, describe, extract, project  # noqa: E402
from cdkg.analysis.engine import convert  # noqa: E402
from cdkg.views import write_network_view  # noqa: E402

rows: list[tuple] = []


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def timed_median(fn, repeat: int = 7):
    """The median of several runs for calls under half a second (a single run of a
    millisecond call mostly measures the machine's noise)."""
    out, first = timed(fn)
    if first > 0.5:
        return out, first
    times = [first] + [timed(fn)[1] for _ in range(repeat - 1)]
    return out, sorted(times)[len(times) // 2]


def row(*cells):
    rows.append(cells)
    print(" | ".join(str(c) for c in cells), file=sys.stderr, flush=True)


def igraph_of(g):
    nodes = list(g)
    index = {u: i for i, u in enumerate(nodes)}
    h = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges()])
    h.es["weight"] = [d.get("weight", 1) for _, _, d in g.edges(data=True)]
    return h, nodes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cities", type=int, default=20_000)
    ap.add_argument("--networkx", action="store_true", help="also time NetworkX's pure-Python functions")
    ap.add_argument("--view-nodes", type=int, default=10_000)
    args = ap.parse_args()

    store, t = timed(lambda: synthetic.store(args.cities))
    row("load synthetic graph into Oxigraph", f"{len(store):,} triples", f"{t:.2f}", "", "")
    facts, t = timed(lambda: extract(store))
    row("extract facts (one pass over the quads)", "", f"{t:.2f}", "", "")
    graphs = {}
    for name in ("bipartite", "comembership", "partnership", "multilayer"):
        g, t = timed(lambda: project(facts, name))
        d = describe(g)
        graphs[name] = g
        row(f"projection `{name}`", f"{d['nodes']:,} nodes, {d['edges']:,} edges", f"{t:.2f}", "", "")

    g = graphs["comembership"]
    _, t = timed(lambda: convert(g).igraph())
    row("convert co-membership graph for the engine (once per graph, cached)", "", f"{t:.2f}", "", "")
    ig, _ = igraph_of(g)
    k = 256
    sources = random.Random(0).sample(list(g.nodes()), k)
    idx = {u: i for i, u in enumerate(g)}
    src_idx = [idx[s] for s in sources]

    def ig_louvain():
        igraph.set_random_number_generator(random.Random(0))
        return ig.community_multilevel(weights="weight")

    names = list(g)

    def keyed(fn):
        """igraph's answer as a researcher uses it: a value per city (cdkg returns that dict)."""
        return lambda: dict(zip(names, fn()))

    cases = [
        ("degree", {}, keyed(lambda: ig.degree())),
        ("weighted_degree", {}, keyed(lambda: ig.strength(weights="weight"))),
        ("betweenness", {"k": k, "seed": 0}, keyed(lambda: ig.betweenness(directed=False, sources=src_idx))),
        ("eigenvector", {}, keyed(lambda: ig.eigenvector_centrality(weights="weight"))),
        ("pagerank", {}, keyed(lambda: ig.pagerank(weights="weight", directed=False))),
        ("kcore", {}, keyed(lambda: ig.coreness())),
        ("louvain", {"seed": 0}, keyed(lambda: ig_louvain().membership)),
    ]
    for name, kw, ig_fn in cases:
        _, t_cdkg = timed_median(lambda: MEASURES[name].function(g, engine="igraph", **kw))
        _, t_ig = timed_median(ig_fn)
        t_nx = ""
        if args.networkx and name in ("betweenness", "eigenvector", "pagerank"):
            _, tn = timed(lambda: MEASURES[name].function(g, engine="networkx", **kw))
            t_nx = f"{tn:.2f}"
        label = f"{name} (k={k} sources)" if name == "betweenness" else name
        row(f"co-membership: {label}", f"{len(g):,} nodes", f"{t_cdkg:.3f}", f"{t_ig:.3f}", t_nx)
    p = graphs["partnership"]
    convert(p).igraph()
    pig, _ = igraph_of(p)
    pnames = list(p)
    _, t_cdkg = timed(lambda: MEASURES["closeness"].function(p, engine="igraph"))
    _, t_ig = timed(lambda: dict(zip(pnames, pig.closeness())))
    row("partnership: closeness (exact)", f"{len(p):,} nodes", f"{t_cdkg:.3f}", f"{t_ig:.3f}", "")
    _, t_cdkg = timed(lambda: MEASURES["betweenness"].function(p, engine="igraph", k=k, seed=0))
    pidx = {u: i for i, u in enumerate(p)}
    psrc = [pidx[s] for s in random.Random(0).sample(list(p.nodes()), k)]
    _, t_ig = timed(lambda: dict(zip(pnames, pig.betweenness(directed=False, sources=psrc))))
    row(f"partnership: betweenness (k={k})", f"{len(p):,} nodes", f"{t_cdkg:.3f}", f"{t_ig:.3f}", "")

    # the view: the 10,000 best-tied cities of the partnership graph
    top = sorted(p.degree, key=lambda x: -x[1])[: args.view_nodes]
    sub = p.subgraph([u for u, _ in top]).copy()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.html"
        _, t = timed(lambda: write_network_view(sub, path, size_by="degree"))
        row(f"write {len(sub):,}-node view (layout + page)", f"{sub.number_of_edges():,} edges, "
            f"{path.stat().st_size / 1e6:.1f} MB", f"{t:.2f}", "", "")
        from browser import Browser

        with Browser() as b:
            t0 = time.perf_counter()
            page = b.open(path, "window.cdkgView && window.cdkgView.drawn", timeout_ms=120_000)
            page.page.evaluate("() => cdkgView.nodeView.length")  # sigma.js above 2,000 nodes (bench_views.py: both)
            wall = time.perf_counter() - t0
            drawn = page.page.evaluate("() => cdkgView.drawnAt") / 1000
            row(f"{len(sub):,}-node view in headless Chromium: first draw (page clock)", "", f"{drawn:.2f}", "", "")
            row(f"{len(sub):,}-node view: open to drawn and answering a selection (wall)", "", f"{wall:.2f}", "", "")
            assert not page.console_errors, page.console_errors

    print("| step | size | cdkg (s) | igraph (s) | NetworkX (s) |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(str(c) for c in r) + " |")


if __name__ == "__main__":
    main()
