"""Validation at scale: pySHACL against pyrudof (a Rust SHACL engine from PyPI) and against
the build's SPARQL violation checks on an embedded pyoxigraph store.

The data is the ontology, the curated graph and a synthetic graph of N cities (with the
build's inferences added as SPARQL updates), merged into one graph, validated against
``ontology/shapes.ttl``. Each validator runs in its own forked process (time and peak memory
of that process); loading the data is timed apart from validating it. Run by hand:

    PYTHONPATH=src python benchmarks/bench_validation.py --sizes 1000 20000 200000

Writes ``benchmarks/results/validation.json`` and prints a Markdown table.

References: SHACL, W3C Recommendation 2017 (https://www.w3.org/TR/shacl/); pySHACL
(https://github.com/RDFLib/pySHACL); rudof (https://rudof-project.github.io/).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import PREFIXES, ROOT, _files, _store, measure  # noqa: E402

SHAPES = ROOT / "ontology" / "shapes.ttl"


def prepare(n: int, work: Path) -> Path:
    """The merged, inferred data as N-Triples (the same input for every validator)."""
    import pyoxigraph
    from cdkg.importers.synthetic import generate
    synthetic = work / f"synthetic-{n}.trig"
    if not synthetic.exists():
        generate(synthetic, n, seed=1)
    store = _store(_files([synthetic]))
    out = work / f"merged-{n}.nt"
    with open(out, "wb") as handle:
        store.dump(handle, format=pyoxigraph.RdfFormat.N_QUADS)
    # drop graph names: SHACL validates one (merged) graph
    merged = work / f"merged-{n}.nt.tmp"
    with open(out, "rb") as src, open(merged, "wb") as dst:
        for quad in pyoxigraph.parse(src, format=pyoxigraph.RdfFormat.N_QUADS):
            dst.write(f"{quad.subject} {quad.predicate} {quad.object} .\n".encode())
    merged.replace(out)
    return out


def run_pyshacl(data: Path) -> dict:
    from pyshacl import validate
    from rdflib import Graph
    start = time.perf_counter()
    g = Graph()
    g.parse(data, format="nt")
    shapes = Graph().parse(SHAPES, format="turtle")
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    conforms, results, _ = validate(g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    from rdflib.namespace import SH
    n = len(list(results.objects(None, SH.result)))
    return {"triples": len(g), "load s": round(loaded, 1), "validate s": round(time.perf_counter() - start, 1), "results": n}


def run_pyrudof(data: Path) -> dict:
    import pyrudof
    start = time.perf_counter()
    r = pyrudof.Rudof(pyrudof.RudofConfig())
    r.read_data(str(data), format=pyrudof.RDFFormat.NTriples)
    r.read_shacl(str(SHAPES))
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    report = r.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
    return {"load s": round(loaded, 1), "validate s": round(time.perf_counter() - start, 1), "results": len(report)}


def run_sparql_checks(data: Path, quads: list[Path]) -> dict:
    """The build's SPARQL checks run on the quads (they look into the named graphs)."""
    start = time.perf_counter()
    store = _store(_files(quads))
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    rows = 0
    checks = sorted((ROOT / "queries" / "checks").glob("*.rq"))
    for path in checks:
        rows += len(list(store.query(path.read_text(encoding="utf-8"))))
    return {"load s": round(loaded, 1), "validate s": round(time.perf_counter() - start, 1), "results": rows,
            "checks": len(checks)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 20000])
    parser.add_argument("--pyshacl-max", type=int, default=20000, help="largest size to try pySHACL on")
    parser.add_argument("--rudof-max", type=int, default=20000,
                        help="largest size to try pyrudof on (its memory grows fast: 1.1 GiB at 160,000 triples)")
    parser.add_argument("--limit", type=float, default=600)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="cdkg-val-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        print(f"{n:,} synthetic cities + curated graph:", flush=True)
        prep = measure("prepare merged data", prepare, n, work, limit=args.limit)
        if not prep["ok"]:
            continue
        data = prep["info"]
        runs = [("SPARQL checks (pyoxigraph)", run_sparql_checks)]
        if n <= args.rudof_max:
            runs.append(("pyrudof (Rust SHACL)", run_pyrudof))
        if n <= args.pyshacl_max:
            runs.append(("pySHACL", run_pyshacl))
        for name, fn in runs:
            extra = (sorted(work.glob(f"synthetic-{n}.trig")),) if fn is run_sparql_checks else ()
            r = measure(name, fn, data, *extra, limit=args.limit)
            r["cities"] = n
            results.append(r)
    out = ROOT / "benchmarks" / "results" / "validation.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    print("\n| cities | validator | load (s) | validate (s) | peak memory (MiB) | results |\n|---:|---|---:|---:|---:|---:|")
    for r in results:
        if r["ok"]:
            i = r["info"]
            print(f"| {r['cities']:,} | {r['step']} | {i['load s']} | {i['validate s']} | {r['peak_mib']:.0f} | {i['results']} |")
        else:
            print(f"| {r['cities']:,} | {r['step']} | - | - | - | {r['error']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
