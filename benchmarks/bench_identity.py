"""Benchmark (run by hand, not by pytest): identity of places on the real data.

Imports the shared datasets (ETMUN memberships with their network table, and the Wikidata P190
twinnings with their names) in a given order, builds them together with the curated graph
(``cdkg build --include``), and prints the import times and the duplicate candidates of
:mod:`cdkg.importers.reconcile` as JSON:

    python benchmarks/bench_identity.py [--order etmun,p190] [--seed 0] [--out results.json]

The datasets are read from ``../shared/datasets/`` and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"
CDKG = [sys.executable, "-m", "cdkg"]


def run(args: list[str], seed: str) -> float:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    subprocess.run(CDKG + args, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def imports(order: list[str], out: Path, seed: str) -> dict[str, float]:
    steps = {
        "etmun": ["import", "memberships", str(DATA / "etmun" / "memberships.csv"), "--preset", "etmun",
                  "--networks", str(DATA / "etmun" / "networks.csv"), "--out", str(out)],
        "p190": ["import", "p190", str(DATA / "wikidata-twins" / "relations.tsv"),
                 "--names", str(DATA / "wikidata-twins" / "names.tsv"), "--out", str(out)],
    }
    return {name: round(run(steps[name], seed), 2) for name in order}


def twinnings(path: Path) -> int:
    """Distinct twinning nodes in an import file."""
    import pyoxigraph

    kind = "https://w3id.org/cdkg/ontology#Twinning"
    nodes = {q.subject.value for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
             if q.predicate.value.endswith("#type") and q.object.value == kind}
    return len(nodes)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--order", default="etmun,p190")
    parser.add_argument("--seed", default="0")
    parser.add_argument("--keep", type=Path, help="keep the imports and the build here")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from cdkg.importers.reconcile import audit, counts, read_cities

    work = args.keep or Path(tempfile.mkdtemp(prefix="cdkg-identity-"))
    imp, built = work / "imports", work / "output"
    times = imports(args.order.split(","), imp, args.seed)
    build_s = run(["build", "--include", str(imp), "--output", str(built), "--formats", "nq", "-q",
                   "--no-source-check"], args.seed)
    graph = built / "cdkg.nq"
    findings = audit([graph])
    cities, _, _ = read_cities([graph])
    multi_qid = sum(1 for f in cities.values() if len(f.wikidata) > 1)
    reports = Counter()
    for report in sorted(imp.glob("*.report.csv")):
        for line in report.read_text(encoding="utf-8").splitlines()[1:]:
            reports[report.stem.split(".")[0] + ":" + line.split(",", 1)[0]] += 1
    result = {
        "order": args.order, "seed": args.seed, "import_s": times, "build_s": round(build_s, 2),
        "cities": len(cities), "cities_with_two_or_more_qids": multi_qid,
        "twinnings_from_p190": twinnings(imp / "relations.trig"),
        "duplicate_candidates": counts(findings), "report_lines": dict(sorted(reports.items())),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
