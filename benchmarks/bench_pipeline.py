"""The 200k-city pipeline of the scale target, as a user runs it: ``cdkg generate``, then
``cdkg build --include`` and ``cdkg analyze``, each a separate process timed from outside
(wall time, and peak resident memory of the process and its children).

Run by hand, not by pytest (the target is the whole pipeline in under 5 minutes and 8 GiB on
the 2-core, 24 GiB development machine)::

    python benchmarks/bench_pipeline.py --cities 200000 --work /tmp/cdkg-200k

Prints a Markdown table and writes ``benchmarks/results/pipeline-<cities>.json``.
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
MEASURES = "degree,pagerank,betweenness,eigenvector,kcore,louvain"


def timed(name: str, args: list[str]) -> dict:
    """Run ``cdkg ARGS`` in a child process; its wall time and peak memory (from wait4)."""
    cmd = [sys.executable, "-m", "cdkg", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    row = {"step": name, "command": "cdkg " + " ".join(args), "seconds": round(seconds, 1),
           "peak_mib": round(usage.ru_maxrss / 1024), "exit": code, "last_lines": out.strip().splitlines()[-3:]}
    print(f"  {name}: {seconds:.1f} s, {row['peak_mib']} MiB, exit {code}", flush=True)
    if code:
        print(out, file=sys.stderr)
        raise SystemExit(f"{name} failed")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cdkg-pipeline"))
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    data, out = work / f"synthetic-{args.cities}.trig", work / "output"
    rows = [
        timed("generate", ["generate", "--cities", str(args.cities), "--seed", str(args.seed), "--out", str(data)]),
        timed("build", ["build", "--include", str(data), "--formats", "nq", "--output", str(out)]),
        timed("analyze", ["analyze", "--input", str(out / "cdkg.nq"), "-p", "partnership", "-m", MEASURES,
                          "--out", str(work / "analysis"), "--top", "0"]),
    ]
    summary = json.loads((out / "summary.json").read_text())
    analysis = json.loads(next((work / "analysis").glob("*.json")).read_text())
    total = sum(r["seconds"] for r in rows)
    peak = max(r["peak_mib"] for r in rows)
    result = {"cities": args.cities, "seed": args.seed, "machine": f"{os.cpu_count()} cores, {platform.python_version()}",
              "steps": rows, "total_seconds": round(total, 1), "peak_mib": peak,
              "build_timings_s": summary.get("timings_s"), "quads": summary.get("quads"),
              "analysis": {k: analysis.get(k) for k in ("nodes", "edges", "seconds", "timings_s")}}
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / f"pipeline-{args.cities}.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n| step | command | time (s) | peak memory (MiB) |\n|---|---|---:|---:|")
    for r in rows:
        print(f"| {r['step']} | `{r['command'].replace(str(work) + '/', '')}` | {r['seconds']} | {r['peak_mib']:,} |")
    print(f"| **all** | | **{total:.1f}** | **{peak:,}** (largest step) |")
    print(f"\nbuild phases (s): {summary.get('timings_s')}\nanalysis: {result['analysis']}")


if __name__ == "__main__":
    main()
