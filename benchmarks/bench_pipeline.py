"""The scale pipeline, as a user runs it, each step a separate process timed from outside (wall
time, and peak resident memory of the process and its children):

* ``--cities N`` (default 200,000): ``cdkg generate``, ``cdkg build --include``, the query
  library on the built graph, ``cdkg analyze`` (partnership projection);
* ``--real-scale``: ``cdkg import memberships`` (ETMUN tables) and ``cdkg import p190`` (Wikidata
  twins) from ``../shared/datasets/`` (read there, never copied), ``cdkg build --include`` of
  both, the query library, and ``cdkg analyze`` of the partnership and bipartite projections.

The query library step (``query_step.py``) opens the graph in an on-disk store as ``cdkg query
--store`` does and runs every library query with its example parameters, each stopped after
``--query-timeout`` seconds.

Run by hand, not by pytest (the target is the 200k pipeline, import + build + analysis, in under
5 minutes and 8 GiB on the 2-core, 24 GiB development machine)::

    python benchmarks/bench_pipeline.py --cities 200000 --work /tmp/cdkg-200k
    python benchmarks/bench_pipeline.py --real-scale --work /tmp/cdkg-real

Prints a Markdown table and writes ``benchmarks/results/pipeline-<cities|real-scale>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
MEASURES = "degree,pagerank,betweenness,eigenvector,kcore,louvain"


def timed(name: str, args: list[str], script: Path | None = None) -> dict:
    """Run ``cdkg ARGS`` (or ``python SCRIPT ARGS``) in a child process; its wall time and peak
    memory (from wait4: the largest of the process and its children)."""
    cmd = [sys.executable, str(script), *args] if script else [sys.executable, "-m", "cdkg", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    row = {"step": name, "command": (f"python benchmarks/{script.name} " if script else "cdkg ") + " ".join(args), "seconds": round(seconds, 1),
           "peak_mib": round(usage.ru_maxrss / 1024), "exit": code, "last_lines": out.strip().splitlines()[-3:]}
    print(f"  {name}: {seconds:.1f} s, {row['peak_mib']} MiB, exit {code}", flush=True)
    if code:
        print(out, file=sys.stderr)
        raise SystemExit(f"{name} failed")
    return row


def queries(out: Path, work: Path, timeout: float) -> tuple[dict, dict]:
    """The query-library step, and what it measured per query."""
    report = work / "queries.json"
    row = timed("query library", ["--data", str(out / "cdkg.nq"), "--store", str(work / "store"),
                                  "--timeout", str(timeout), "--json", str(report)], script=ROOT / "benchmarks" / "query_step.py")
    return row, json.loads(report.read_text())


def synthetic_steps(args, work: Path, out: Path) -> tuple[list, dict]:
    data = work / f"synthetic-{args.cities}.trig"
    rows = [
        timed("generate", ["generate", "--cities", str(args.cities), "--seed", str(args.seed), "--out", str(data)]),
        timed("build", ["build", "--include", str(data), "--formats", "nq", "--output", str(out)]),
    ]
    q_row, q = queries(out, work, args.query_timeout)
    rows.append(timed("analyze", ["analyze", "--input", str(out / "cdkg.nq"), "-p", "partnership", "-m", MEASURES,
                                  "--out", str(work / "analysis"), "--top", "0"]))
    rows.append(q_row)
    return rows, q


def real_scale_steps(args, work: Path, out: Path) -> tuple[list, dict]:
    etmun, twins, imports = DATASETS / "etmun", DATASETS / "wikidata-twins", work / "imports"
    if not etmun.is_dir() or not twins.is_dir():
        raise SystemExit(f"the real-scale suite reads {DATASETS}, which is missing")
    rows = [
        timed("import memberships", ["import", "memberships", str(etmun / "memberships.csv"), "--preset", "etmun",
                                     "--networks", str(etmun / "networks.csv"), "--out", str(imports), "--name", "etmun"]),
        timed("import p190", ["import", "p190", str(twins / "relations.tsv"), "--names", str(twins / "names.tsv"),
                              "--out", str(imports), "--name", "twins"]),
        timed("build", ["build", "--include", str(imports / "etmun.trig"), "--include", str(imports / "twins.trig"),
                        "--formats", "nq", "--output", str(out)]),
    ]
    q_row, q = queries(out, work, args.query_timeout)
    for projection, measures in (("partnership", MEASURES), ("bipartite", "bipartite_degree,bipartite_betweenness")):
        rows.append(timed(f"analyze {projection}", ["analyze", "--input", str(out / "cdkg.nq"), "-p", projection,
                                                    "-m", measures, "--out", str(work / f"analysis-{projection}"),
                                                    "--top", "0"]))
    rows.append(q_row)
    return rows, q


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--real-scale", action="store_true", help="the ../shared/datasets suite instead of synthetic cities")
    parser.add_argument("--query-timeout", type=float, default=120.0, help="seconds allowed per library query")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cdkg-pipeline"))
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    out = work / "output"
    rows, q = (real_scale_steps if args.real_scale else synthetic_steps)(args, work, out)
    summary = json.loads((out / "summary.json").read_text())
    pipeline = [r for r in rows if r["step"] != "query library"]
    total = sum(r["seconds"] for r in pipeline)
    peak = max(r["peak_mib"] for r in pipeline)
    name = "real-scale" if args.real_scale else str(args.cities)
    result = {"suite": name, "seed": None if args.real_scale else args.seed,
              "machine": f"{os.cpu_count()} cores, {platform.python_version()}",
              "steps": rows, "pipeline_seconds": round(total, 1), "pipeline_peak_mib": peak,
              "build_timings_s": summary.get("timings_s"), "quads": summary.get("quads"), "queries": q}
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / f"pipeline-{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n| step | command | time (s) | peak memory (MiB) |\n|---|---|---:|---:|")
    for r in rows:
        print(f"| {r['step']} | `{r['command'].replace(str(work) + '/', '')}` | {r['seconds']} | {r['peak_mib']:,} |")
    print(f"| **import, build, analysis** | | **{total:.1f}** | **{peak:,}** (largest step) |")
    print(f"\nbuild phases (s): {summary.get('timings_s')}")
    print(f"\nquery library on {q['quads']:,} quads (store loaded in {q['load_seconds']} s):\n")
    print("| query | rows | time (s) |\n|---|---:|---:|")
    for r in q["queries"]:
        print(f"| {r['query']} | {r['rows'] if r['rows'] is not None else '-'} | "
              f"{r['seconds'] if r['seconds'] is not None else r['note']} |")


if __name__ == "__main__":
    main()
