"""Time every library query on the curated graph and on a real-scale graph, for:

* ``cdkg``      - the chosen store: :class:`cdkg.store.GraphStore` + :class:`cdkg.query.QueryResult`
                  (pyoxigraph, union default graph, results materialised);
* ``pyoxigraph`` - raw ``pyoxigraph.Store.query``, every row's values read into tuples;
* ``oxrdflib``   - rdflib over the oxrdflib store (same engine, rdflib terms);
* ``rdflib``     - rdflib's in-memory Dataset (``default_union=True``).

Run by hand (not by pytest): ``python benchmarks/bench_queries.py [--repeat 3] [--rdflib-timeout 120]``
(``--only ID,...`` and ``--real-scale-only`` time a few queries, e.g. rdflib on the slowest ones
with no practical time limit).
It prints a Markdown table (median of ``--repeat`` runs, in milliseconds; rdflib runs once per
query, in a forked process killed after ``--rdflib-timeout`` seconds).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402
from oxrdflib import OxigraphStore  # noqa: E402

from cdkg.core.settings import Settings  # noqa: E402
from cdkg.query import QueryLibrary, bind_params  # noqa: E402
from cdkg.query.results import QueryResult  # noqa: E402
from cdkg.store import GraphStore  # noqa: E402
from realscale import realscale_nquads  # noqa: E402

#: Example parameters that exist in the real-scale graph (Copenhagen by GeoNames id, Aarhus by Wikidata id).
REALSCALE_PARAMS = {
    "city_networks_functions": {"city": "gn-2618425"},
    "network_members": {"network": "etmun-04621"},
    "city_partners": {"city": "wd-Q25319"},
    "fact_provenance": {"subject": "city:gn-2618425"},
    "city_profile": {"city": "wd-Q1748"},
}


def curated_nquads() -> tuple[str, str]:
    """The curated graph as the build assembles it (with inferred triples), as N-Quads."""
    from cdkg.build.assemble import assemble, system_graph
    from cdkg.build.infer import apply_inference

    ds = assemble(Settings(root=ROOT)).dataset
    apply_inference(ds, system_graph("ontology"), system_graph("inferred"))
    return ds.serialize(format="nquads"), "curated graph (as assembled by the build, with inference)"


def _interleaved(fns, repeat: int) -> list[float]:
    """Median milliseconds of each function, run round-robin so that drift on a shared
    machine hits every variant alike."""
    runs = [[] for _ in fns]
    for _ in range(repeat):
        for fn, times in zip(fns, runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return [statistics.median(times) * 1000 for times in runs]


def _rows(result):
    """What a user of raw pyoxigraph does at the least: read every row's values."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        return [tuple(s) for s in result]
    return list(result)


def _rdflib_child(ds, text, conn):
    start = time.perf_counter()
    result = ds.query(text)
    n = len(list(result)) if result.type != "ASK" else 1
    conn.send(((time.perf_counter() - start) * 1000, n))


def bench(nquads: str, label: str, library: QueryLibrary, repeat: int, rdflib_timeout: float, params_for) -> list:
    t0 = time.perf_counter()
    store = GraphStore()
    store.load_data(nquads, "nq")
    load_ox = time.perf_counter() - t0
    raw = store.oxigraph
    via_ox = rdflib.Dataset(store=OxigraphStore(store=raw), default_union=True)
    t0 = time.perf_counter()
    memory = rdflib.Dataset(default_union=True)
    memory.parse(data=nquads, format="nquads")
    load_rdflib = time.perf_counter() - t0
    print(f"# {label}: {len(store)} quads; load pyoxigraph {load_ox:.2f} s, rdflib {load_rdflib:.2f} s", file=sys.stderr)
    rows = []
    for query in library:
        text = bind_params(query.text, params_for(query), query.params)
        n = len(QueryResult.from_oxigraph(store.query(text)))
        t_cdkg, t_raw, t_oxr = _interleaved([
            lambda: QueryResult.from_oxigraph(store.query(text)),
            lambda: _rows(raw.query(text, use_default_graph_as_union=True)),
            lambda: list(via_ox.query(text)),
        ], repeat)
        parent, child = mp.Pipe()
        process = mp.get_context("fork").Process(target=_rdflib_child, args=(memory, text, child))
        process.start()
        process.join(rdflib_timeout)
        if process.is_alive():
            process.kill()
            process.join()
            t_rdf = None
        else:
            t_rdf = parent.recv()[0] if parent.poll() else None
        rows.append((query.id, n, t_cdkg, t_raw, t_oxr, t_rdf))
        print(f"{query.id}: {n} rows, cdkg {t_cdkg:.1f} ms, raw {t_raw:.1f}, oxrdflib {t_oxr:.1f}, rdflib {t_rdf}", file=sys.stderr)
    return rows


def table(label: str, rows: list, rdflib_timeout: float) -> str:
    out = [f"**{label}** (milliseconds, median)", "",
           "| query | rows | cdkg | pyoxigraph | rdflib+oxrdflib | rdflib memory | cdkg / pyoxigraph | rdflib / cdkg |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    tot = [0.0, 0.0, 0.0, 0.0]
    for qid, n, a, b, c, d in rows:
        dd = f"{d:.1f}" if d is not None else f">{rdflib_timeout * 1000:.0f}"
        ratio = f"{(d if d is not None else rdflib_timeout * 1000) / a:.0f}x" if a > 0 else ""
        out.append(f"| {qid} | {n} | {a:.2f} | {b:.2f} | {c:.2f} | {dd} | {a / b:.2f} | {ratio} |")
        tot[0] += a
        tot[1] += b
        tot[2] += c
        tot[3] += d if d is not None else rdflib_timeout * 1000
    out.append(f"| **all queries** | | **{tot[0]:.1f}** | **{tot[1]:.1f}** | **{tot[2]:.1f}** | **{tot[3]:.0f}** | "
               f"**{tot[0] / tot[1]:.2f}** | **{tot[3] / tot[0]:.0f}x** |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--only", help="comma-separated query ids or names (default: the whole library)")
    parser.add_argument("--real-scale-only", action="store_true", help="skip the curated-graph table")
    args = parser.parse_args()
    library = list(QueryLibrary(ROOT / "queries"))
    if args.only:
        wanted = {x.strip() for x in args.only.split(",")}
        library = [q for q in library if q.id in wanted or q.name in wanted]
    curated, label = curated_nquads()
    if not args.real_scale_only:
        small = bench(curated, label, library, args.repeat, args.rdflib_timeout, lambda q: q.example_bindings())
    big_text = curated + realscale_nquads()
    big = bench(big_text, "real-scale graph", library, args.repeat, args.rdflib_timeout,
                lambda q: REALSCALE_PARAMS.get(q.name, q.example_bindings()))
    if not args.real_scale_only:
        print(table(label, small, args.rdflib_timeout))
        print()
    print(table("real-scale graph: curated + ETMUN memberships + Wikidata twinnings", big, args.rdflib_timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
