"""Benchmark (run by hand, not by pytest): import speed on the shared datasets, this checkout
against an earlier commit, run alternately so that both see the same machine load.

    python benchmarks/bench_import_speed.py [--base 71bec61] [--repeat 3] [--out results.json]

Each round imports the ETMUN memberships (with the network table) and the Wikidata P190
claims (with names) with the code of ``--base`` (checked out in a temporary git worktree) and
with this checkout, each into an empty folder, and times the whole command (process start and
gazetteer load included). Prints the medians and their ratio as JSON.
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
DATA = ROOT.parent / "shared" / "datasets"
JOBS = {
    "etmun": ["import", "memberships", str(DATA / "etmun" / "memberships.csv"), "--preset", "etmun",
              "--networks", str(DATA / "etmun" / "networks.csv")],
    "p190": ["import", "p190", str(DATA / "wikidata-twins" / "relations.tsv"),
             "--names", str(DATA / "wikidata-twins" / "names.tsv")],
}


def timed(src: Path, job: list[str], out: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cdkg", *job, "--out", str(out)], check=True, env=env, cwd=src.parent,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="71bec61", help="the commit to compare with (default: before issue 10)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="cdkg-speed-"))
    base = work / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times: dict[str, dict[str, list[float]]] = {name: {"base": [], "now": []} for name in JOBS}
    try:
        for n in range(args.repeat):
            for name, job in JOBS.items():
                for label, src in (("base", base / "src"), ("now", ROOT / "src")):
                    times[name][label].append(timed(src, job, work / f"{label}-{name}-{n}"))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
    result = {"base": args.base, "repeat": args.repeat, "load_average": os.getloadavg()[0]}
    for name, t in times.items():
        b, c = statistics.median(t["base"]), statistics.median(t["now"])
        result[name] = {"base_s": round(b, 2), "now_s": round(c, 2), "ratio": round(c / b, 2),
                        "runs": {k: [round(x, 2) for x in v] for k, v in t.items()}}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
