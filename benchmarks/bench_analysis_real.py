"""Research-grade analysis on the shared ETMUN + Wikidata data built together (issue 11).

Imports ``../shared/datasets/etmun`` and ``../shared/datasets/wikidata-twins`` into a scratch
project, builds them with the curated graph, then times, each under ``/usr/bin/time -v`` (wall
seconds and peak memory):

1. the SDSM backbone of the whole ETMUN co-membership (alpha 0.05, no correction, as Neal's
   ``backbone`` package by default), with its ties written as RDF;
2. the Newman-weighted co-membership ranking of Danish cities (``--country DK``), with and
   without the Covenant of Mayors (``--exclude-network``), top 10 each;
3. the 1990-2019 city-year panel of the ETMUN import, with its figures.

Run by hand (not by pytest): ``.venv/bin/python benchmarks/bench_analysis_real.py``; it writes
``benchmarks/results/analysis-real.json`` and ``analysis-real.md``. Timings on the shared
2-core development machine are noisy: other jobs run beside it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"
CDKG = [sys.executable, "-m", "cdkg.cli"]
RESULTS = ROOT / "benchmarks" / "results"


def timed(label: str, argv: list[str], env: dict, cwd: Path) -> dict:
    cmd = ["/usr/bin/time", "-v", *CDKG, *argv]
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{label} failed:\n{proc.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr).group(1)
    parts = [float(x) for x in wall.split(":")]
    seconds = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    print(f"{label}: {seconds:.1f} s, {peak / 1024:.0f} MiB", file=sys.stderr)
    return {"step": label, "command": "cdkg " + " ".join(argv), "seconds": round(seconds, 2),
            "peak_mib": round(peak / 1024), "stdout": proc.stdout, "stderr": proc.stderr}


def top(out: Path, stem_glob: str, n: int = 10) -> list[dict]:
    import pandas as pd

    path = sorted(out.glob(stem_glob))[0]
    df = pd.read_csv(path)
    return df.head(n)[["label", "weighted_degree", "degree"]].round(4).to_dict("records")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="cdkg-analysis-real-"))
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, work / folder)
    env = {**os.environ, "CDKG_HOME": str(work)}
    steps = [
        timed("import ETMUN", ["import", "memberships", str(DATA / "etmun" / "memberships.csv"), "--preset", "etmun",
                               "--networks", str(DATA / "etmun" / "networks.csv")], env, work),
        timed("import Wikidata P190", ["import", "p190", str(DATA / "wikidata-twins" / "relations.tsv"),
                                       "--names", str(DATA / "wikidata-twins" / "names.tsv")], env, work),
        timed("build with imports", ["build", "--include", "imports/"], env, work),
    ]
    out = work / "analysis"
    common = ["--top", "10", "--no-figures"]
    steps.append(timed("SDSM backbone, all ETMUN co-membership (alpha 0.05)",
                       ["analyze", "-p", "comembership", "--backbone", "sdsm", "--alpha", "0.05", "-m", "degree",
                        "-o", str(out / "sdsm"), *common], env, work))
    dk = ["analyze", "-p", "comembership", "--country", "DK", "--weighting", "newman",
          "-m", "weighted_degree,degree", *common]
    steps.append(timed("Newman ranking, Danish cities", [*dk, "-o", str(out / "dk")], env, work))
    steps.append(timed("Newman ranking, Danish cities, without the Covenant of Mayors",
                       [*dk, "--exclude-network", "Covenant of Mayors", "-o", str(out / "dk-no-com")], env, work))
    steps.append(timed("panel 1990-2019 (ETMUN), figures", ["analyze", "--panel", "1990:2019",
                                                             "-o", str(out / "panel")], env, work))
    sdsm_summary = json.loads(next((out / "sdsm").glob("*.json")).read_text())
    result = {
        "machine": os.uname().nodename, "cpus": os.cpu_count(),
        "steps": [{k: v for k, v in s.items() if k not in ("stdout", "stderr")} for s in steps],
        "sdsm": {k: sdsm_summary[k] for k in ("nodes", "edges", "ties_written")} | {"backbone": sdsm_summary["record"]["backbone"]},
        "dk_newman_top10": top(out / "dk", "*[0-9a-f].csv"),
        "dk_newman_top10_without_covenant": top(out / "dk-no-com", "*[0-9a-f].csv"),
        "panel_files": sorted(p.name for p in (out / "panel").glob("*panel*")),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analysis-real.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = ["| step | command | wall (s) | peak (MiB) |", "|---|---|---|---|"]
    lines += [f"| {s['step']} | `{s['command'].replace(str(DATA), '../shared/datasets').replace(str(out), 'OUT')}` "
              f"| {s['seconds']} | {s['peak_mib']} |" for s in result["steps"]]
    for key in ("dk_newman_top10", "dk_newman_top10_without_covenant"):
        lines += ["", f"**{key}**", "", "| # | city | weighted degree (Newman) | degree |", "|---|---|---|---|"]
        lines += [f"| {i} | {r['label']} | {r['weighted_degree']} | {r['degree']} |" for i, r in enumerate(result[key], 1)]
    (RESULTS / "analysis-real.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
