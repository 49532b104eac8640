"""What wraps the engine, paired against the engine alone on the same saved store:

* ``cdkg --help`` (the command imports only what it runs);
* a repeated ``cdkg query NAME --store DIR -f csv`` against a five-line pyoxigraph script that
  opens the same store read-only, runs the same (bound) query and writes CSV;
* ``run_library(name)`` against ``run(text)`` in one process (the library is parsed once).

Each pair runs alternately ``--repeat`` times; the table gives medians. Child processes run
with bytecode caching on (as an installed package has it), after one warm-up run. Run by hand::

    python benchmarks/bench_fastpaths.py --data output/cdkg.nq --store /tmp/cdkg-store [--query 007]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SCRIPT = """import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = open(sys.argv[2]).read()
result = store.query(text, use_default_graph_as_union=True)
sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
"""


def _env() -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def paired(a: list[str], b: list[str], repeat: int) -> tuple[float, float]:
    _time(a), _time(b)  # warm up: bytecode, page cache
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(_time(a))
        tb.append(_time(b))
    return statistics.median(ta), statistics.median(tb)


def in_process(name: str, store, repeat: int) -> tuple[float, float]:
    from cdkg.query import QueryLibrary, run, run_library
    from cdkg.core.settings import Settings

    query = QueryLibrary(Settings().queries_dir).get(name)
    params = query.example_bindings()
    run_library(name, store, params=params)
    ta, tb = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        run(query.text, store=store, params=params, declared=query.params)
        ta.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_library(name, store, params=params)
        tb.append(time.perf_counter() - start)
    return statistics.median(ta), statistics.median(tb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the built graph (cdkg.nq)")
    parser.add_argument("--store", type=Path, required=True, help="the saved store folder (made if missing)")
    parser.add_argument("--query", action="append", help="library queries to time (default 007 and 003)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path, help="write the numbers here too")
    args = parser.parse_args()
    from cdkg.query import QueryLibrary, bind_params
    from cdkg.core.settings import Settings
    from cdkg.store import open_store

    store = open_store(data=[args.data], persist=args.store)
    del store
    rows = []
    script = Path(sys.executable).parent / "cdkg"  # the installed command, as a user runs it
    cdkg = [str(script)] if script.exists() else [sys.executable, "-m", "cdkg"]
    help_times = [_time(cdkg + ["--help"]) for _ in range(args.repeat)]
    rows.append({"what": "cdkg --help", "cdkg_s": round(statistics.median(help_times), 3)})
    folder = Path(tempfile.mkdtemp())
    (folder / "five.py").write_text(SCRIPT)
    library = QueryLibrary(Settings().queries_dir)
    for name in args.query or ["007", "003"]:
        query = library.get(name)
        text = bind_params(query.text, query.example_bindings(), query.params)
        (folder / "q.rq").write_text(text)
        params = [f"--param={k}={v}" for k, v in query.example_bindings().items()]
        ours = cdkg + ["query", name, *params, "--data", str(args.data), "--store", str(args.store), "-f", "csv"]
        theirs = [sys.executable, str(folder / "five.py"), str(args.store / "oxigraph"), str(folder / "q.rq")]
        a, b = paired(ours, theirs, args.repeat)
        rows.append({"what": f"cdkg query {query.id} --store (vs pyoxigraph script)", "cdkg_s": round(a, 3),
                     "baseline_s": round(b, 3), "ratio": round(a / b, 2)})
    store = open_store(data=[args.data], persist=args.store)
    for name in args.query or ["007", "003"]:
        a, b = in_process(name, store, args.repeat * 10)
        rows.append({"what": f"run_library({name!r}) (vs run)", "cdkg_s": round(b, 5), "baseline_s": round(a, 5),
                     "ratio": round(b / a, 2)})
    print("| what | cdkg (s) | baseline (s) | ratio |\n|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['what']} | {r['cdkg_s']} | {r.get('baseline_s', '-')} | {r.get('ratio', '-')} |")
    if args.json:
        args.json.write_text(json.dumps({"machine": f"{os.cpu_count()} cores", "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
