"""When to move: load time and each library query's time on the embedded store, on Oxigraph
server and on Virtuoso 7, over the same built graph (for example the real-scale graph that
``bench_pipeline.py --real-scale`` builds).

* embedded: ``open_store(persist=...)`` (as ``cdkg query --store``), queries through ``run``;
* Oxigraph server: ``oxigraph serve-read-only --union-default-graph`` over that same store folder
  (no second load), queries through ``run(endpoint=...)`` (HTTP, SPARQL results JSON parsed);
* Virtuoso: a new database in ``--work`` (Debian's ``virtuoso-opensource-7-bin``), loaded by
  ``cdkg load``'s loader as ``dba`` with Digest authentication (SPARQL Update, 5,000 triples a
  request), queries through ``run(endpoint=...)`` on the anonymous ``/sparql``.

Every query runs with its example parameters (the curated graph is part of the real-scale graph,
so they exist there too), once to warm up and then ``--repeat`` times (median); a query over
``--timeout`` seconds is reported as such. Rows are compared across engines (GROUP_CONCAT
members as sets, doubles to 6 digits). Run by hand::

    python benchmarks/bench_engines.py --data /tmp/cdkg-real/output/cdkg.nq --work /tmp/cdkg-engines
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from cdkg.core.errors import CdkgError  # noqa: E402
from cdkg.core.settings import Settings  # noqa: E402
from cdkg.query import QueryLibrary, run  # noqa: E402
from cdkg.store import open_store  # noqa: E402
from cdkg.store.server import OxigraphServer  # noqa: E402
from cdkg.store.upload import upload  # noqa: E402
from cdkg.store.virtuoso import VirtuosoServer  # noqa: E402
from query_support import normalise  # noqa: E402

def _cell(cell: str) -> str:
    if cell == '""':
        return ""
    if cell.endswith("^^xsd:double"):
        return f"{float(cell.split(chr(34))[1]):.6g}"
    return cell


def timed(query, params, repeat: int, timeout: float, **where) -> dict:
    times, rows = [], None
    try:
        for i in range(repeat + 1):
            start = time.perf_counter()
            result = run(query.text, params=params, declared=query.params, timeout=timeout, **where)
            took = time.perf_counter() - start
            if i:
                times.append(took)
            rows = normalise([tuple(_cell(c) for c in r) for r in result.compact_rows()])
            if took > timeout:
                break
    except CdkgError as err:
        return {"seconds": None, "rows": None, "note": str(err)[:120]}
    return {"seconds": round(statistics.median(times), 4) if times else None, "rows": len(rows), "_rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cdkg-engines"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--memory-mib", type=int, default=4096, help="Virtuoso's buffers")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "engines.json")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    library = QueryLibrary(Settings().queries_dir)
    result = {"data": str(args.data), "machine": f"{os.cpu_count()} cores", "load_s": {}, "queries": []}

    start = time.perf_counter()
    store = open_store(data=[args.data], persist=args.work / "embedded")
    result["load_s"]["embedded"] = round(time.perf_counter() - start, 1)
    result["quads"] = len(store)
    print(f"embedded: {result['quads']:,} quads loaded in {result['load_s']['embedded']} s", flush=True)
    params_for = {q.id: q.example_bindings() for q in library}
    rows = {q.id: {"query": q.id} for q in library}
    answers = {q.id: {} for q in library}
    for q in library:
        got = timed(q, params_for[q.id], args.repeat, args.timeout, store=store)
        answers[q.id]["embedded"] = got.pop("_rows", None)
        rows[q.id]["embedded"] = got
        print(f"  embedded {q.id}: {got}", flush=True)
    location = store.path
    del store

    with OxigraphServer(location, read_only=True, union_default_graph=True, timeout_s=args.timeout) as server:
        result["load_s"]["oxigraph"] = "the embedded store's folder, served"
        for q in library:
            got = timed(q, params_for[q.id], args.repeat, args.timeout, endpoint=server.query_url)
            answers[q.id]["oxigraph"] = got.pop("_rows", None)
            rows[q.id]["oxigraph"] = got
            print(f"  oxigraph {q.id}: {got}", flush=True)

    store = open_store(data=[args.data])
    os.environ["CDKG_BENCH_VIRTUOSO_AUTH"] = "dba:dba"
    folder = args.work / "virtuoso"
    with VirtuosoServer(folder, memory_mib=args.memory_mib, timeout_s=int(args.timeout) + 60) as server:
        start = time.perf_counter()
        done = upload(store, server.update_url, auth_env="CDKG_BENCH_VIRTUOSO_AUTH", journal=args.work / "virtuoso.journal")
        result["load_s"]["virtuoso"] = round(time.perf_counter() - start, 1)
        print(f"virtuoso: loaded in {result['load_s']['virtuoso']} s ({done})", flush=True)
        del store
        for q in library:
            got = timed(q, params_for[q.id], args.repeat, args.timeout, endpoint=server.query_url)
            answers[q.id]["virtuoso"] = got.pop("_rows", None)
            rows[q.id]["virtuoso"] = got
            print(f"  virtuoso {q.id}: {got}", flush=True)
    for q in library:
        a = answers[q.id]
        rows[q.id]["same_rows"] = a.get("embedded") is not None and a["embedded"] == a.get("oxigraph") == a.get("virtuoso")
        result["queries"].append(rows[q.id])
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nload (s): {result['load_s']}; {result['quads']:,} quads\n")
    print("| query | rows | embedded (s) | Oxigraph server (s) | Virtuoso (s) | same rows |\n|---|---:|---:|---:|---:|---|")
    for r in result["queries"]:
        cells = [str(r[e]["seconds"]) if r[e]["seconds"] is not None else r[e].get("note", "-")[:40] for e in ("embedded", "oxigraph", "virtuoso")]
        print(f"| {r['query']} | {r['embedded']['rows']} | {' | '.join(cells)} | {'yes' if r['same_rows'] else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
