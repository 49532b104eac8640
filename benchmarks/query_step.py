"""The query-library step of the scale benchmark (``bench_pipeline.py``): open the built graph in
a store persisted on disk, as ``cdkg query --store DIR`` does, then run every library query with
its example parameters as ``cdkg query`` does (``run_library``), each in a forked child stopped after ``--timeout`` seconds (some research
questions are quadratic by nature, such as co-membership as a SPARQL self-join, and on skewed
graphs of 200,000 cities they do not finish; the table says so instead of waiting for them).

Run by hand, not by pytest::

    PYTHONPATH=src python benchmarks/query_step.py --data OUT/cdkg.nq --store WORK/store --json WORK/queries.json
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cdkg.core.settings import Settings  # noqa: E402
from cdkg.query import QueryLibrary  # noqa: E402
from cdkg.query.run import run_library  # noqa: E402
from cdkg.store import GraphStore, open_store  # noqa: E402


def _child(store_dir: str, name: str, params: dict, conn) -> None:
    """One query as ``cdkg query`` runs it (``run_library``: the final ORDER BY sorted in Python),
    timed from the call to the last row in memory."""
    store = GraphStore(store_dir, read_only=True)
    start = time.perf_counter()
    rows = len(run_library(name, store, params=params).rows)
    conn.send((time.perf_counter() - start, rows))


def _once(store_dir: Path, query, timeout: float) -> dict:
    parent, child = mp.Pipe()
    process = mp.get_context("fork").Process(
        target=_child, args=(str(store_dir / "oxigraph"), query.id, query.example_bindings(), child))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return {"seconds": None, "rows": None, "note": f"stopped after {timeout:.0f} s"}
    if parent.poll():
        seconds, n = parent.recv()
        return {"seconds": round(seconds, 4), "rows": n}
    return {"seconds": None, "rows": None, "note": f"failed (exit {process.exitcode})"}


def run_queries(store_dir: Path, timeout: float, repeat: int = 1) -> list[dict]:
    """Each library query in its own child process (one at a time) against the on-disk store,
    ``repeat`` times (each a new process); the row gives the median and every run's time."""
    rows = []
    for query in QueryLibrary(Settings(root=ROOT).queries_dir):
        runs = []
        for _ in range(repeat):
            runs.append(_once(store_dir, query, timeout))
            if runs[-1]["seconds"] is None:
                break
        row = {"query": query.id, **runs[-1]}
        times = [r["seconds"] for r in runs if r["seconds"] is not None]
        if len(times) == len(runs):
            row["seconds"] = round(statistics.median(times), 4)
            row["runs"] = times
        rows.append(row)
        print(f"    {query.id}: {row.get('rows')} rows, {row.get('seconds')} s {row.get('note', '')} {times if repeat > 1 else ''}",
              file=sys.stderr, flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the built graph (cdkg.nq)")
    parser.add_argument("--store", type=Path, required=True, help="folder of the on-disk store")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per query")
    parser.add_argument("--json", type=Path, required=True, help="where to write the timings")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each query, each in a new process (median kept)")
    args = parser.parse_args()
    start = time.perf_counter()
    store = open_store(data=[args.data], persist=args.store)
    quads = len(store)
    del store
    gc.collect()  # closes the store, so the children can open it
    load = time.perf_counter() - start
    print(f"    store: {quads:,} quads loaded in {load:.1f} s", file=sys.stderr, flush=True)
    rows = run_queries(args.store, args.timeout, args.repeat)
    args.json.write_text(json.dumps({"quads": quads, "load_seconds": round(load, 1), "timeout": args.timeout,
                                     "repeat": args.repeat, "queries": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
