"""Scale benchmark: import, build, queries and analysis on the real-scale graph (curated graph
plus ../shared/datasets: ETMUN memberships and Wikidata P190 twins) and on synthetic graphs.

Each step runs in its own forked process, so its wall time and peak memory (max resident set
size) are its own. Run by hand, not by pytest:

    PYTHONPATH=src python benchmarks/bench_scale.py --synthetic 200000 [--skip-rdflib-build]

Writes ``benchmarks/results/scale.json`` and prints a Markdown table for the README.

Steps:

- ``import``: ``cdkg import`` of the ETMUN tables (with GeoNames resolution) and of the P190 file;
  ``cdkg generate`` for synthetic graphs.
- ``build (rdflib)``: the project's ``cdkg build --include`` (rdflib Dataset, inference, pySHACL
  and SPARQL checks), with a time limit.
- ``build (store)``: bulk load of ontology, curated graph and imports into an in-memory
  pyoxigraph store, with the build's inferences as SPARQL updates into the inferred graph.
- ``queries``: five representative research queries (network sizes, most-twinned cities,
  co-members of one city, memberships by country, provenance of one city's facts).
- ``analysis``: networkx on the twinning graph (degree, PageRank, connected components) and
  the government-network bipartite graph (degrees).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
sys.path.insert(0, str(ROOT / "src"))

PREFIXES = """PREFIX cdkg: <https://w3id.org/cdkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
INFERRED = "<https://w3id.org/cdkg/id/graph/inferred>"
INFERENCES = [  # the build's inferences, as SPARQL updates over all named graphs
    f"INSERT {{ GRAPH {INFERRED} {{ ?a cdkg:partnerOf ?b }} }} WHERE {{ GRAPH ?x {{ ?p cdkg:partner ?a }} GRAPH ?y {{ ?p cdkg:partner ?b }} FILTER(?a != ?b) }}",
    f"INSERT {{ GRAPH {INFERRED} {{ ?a cdkg:partnership ?p }} }} WHERE {{ GRAPH ?x {{ ?p cdkg:partner ?a }} }}",
    f"INSERT {{ GRAPH {INFERRED} {{ ?g org:hasMembership ?m ; org:memberOf ?n }} }} WHERE {{ GRAPH ?x {{ ?m org:member ?g }} GRAPH ?y {{ ?m org:organization ?n }} }}",
    f"INSERT {{ GRAPH {INFERRED} {{ ?c cdkg:governedBy ?g }} }} WHERE {{ GRAPH ?x {{ ?g cdkg:governs ?c }} }}",
]
QUERIES = {
    "network sizes": "SELECT ?n (COUNT(?m) AS ?k) { ?m org:organization ?n } GROUP BY ?n ORDER BY DESC(?k) LIMIT 10",
    "most twinned": "SELECT ?g (COUNT(DISTINCT ?o) AS ?k) { ?g cdkg:partnerOf ?o } GROUP BY ?g ORDER BY DESC(?k) LIMIT 10",
    "co-members of one city": "SELECT ?o (COUNT(?n) AS ?k) { <GOV> org:memberOf ?n . ?o org:memberOf ?n FILTER(?o != <GOV>) } GROUP BY ?o ORDER BY DESC(?k) LIMIT 10",
    "memberships by country": "SELECT ?cc (COUNT(?m) AS ?k) { ?m org:member ?g . ?g cdkg:governs ?c . ?c cdkg:countryCode ?cc } GROUP BY ?cc ORDER BY DESC(?k)",
    "provenance of one city": "SELECT ?g ?src ?row { GRAPH ?g { ?m org:member <GOV> } ?g dcterms:source ?src . OPTIONAL { ?g cdkg:sourceRow ?row } }",
}


def _child(fn, args, queue):
    try:
        start = time.perf_counter()
        info = fn(*args)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux: KiB)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        queue.put({"ok": True, "seconds": wall, "peak_mib": max(peak, kids), "info": info})
    except BaseException as err:  # report, do not hang the parent
        queue.put({"ok": False, "error": f"{type(err).__name__}: {err}", "trace": traceback.format_exc()[-2000:]})


def measure(name: str, fn, *args, limit: float = 900) -> dict:
    """Run ``fn(*args)`` in a forked process; its time, peak memory and returned info."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, queue))
    start = time.perf_counter()
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        result = {"ok": False, "error": f"stopped after {limit:.0f} s", "seconds": time.perf_counter() - start}
    else:
        result = queue.get() if not queue.empty() else {"ok": False, "error": f"exit code {proc.exitcode}"}
    result["step"] = name
    print(f"  {name}: " + (f"{result['seconds']:.1f} s, {result['peak_mib']:.0f} MiB {result.get('info', '')}"
                           if result["ok"] else result["error"]), flush=True)
    return result


# --- steps ------------------------------------------------------------------------------

def step_import_etmun(out: Path) -> dict:
    from cdkg.importers import PRESETS, import_memberships, import_networks, open_session
    s = open_session("memberships.csv", "etmun", out)
    found = import_networks(DATASETS / "etmun" / "networks.csv", PRESETS["etmun-networks"], s)
    import_memberships(DATASETS / "etmun" / "memberships.csv", PRESETS["etmun"], s, networks=found)
    r = s.finish()
    return {"triples": r.counts["triples"], "memberships": r.counts["memberships"], "unmatched": len(r.unmatched)}


def step_import_p190(out: Path) -> dict:
    from cdkg.importers import import_p190, open_session
    s = open_session("relations.tsv", "wikidata-twins", out)
    import_p190(DATASETS / "wikidata-twins" / "relations.tsv", s, DATASETS / "wikidata-twins" / "names.tsv")
    r = s.finish()
    return {"triples": r.counts["triples"], "claims": r.counts["P190 claims"]}


def step_generate(path: Path, cities: int) -> dict:
    from cdkg.importers.synthetic import generate
    st = generate(path, cities, seed=1)
    return {"triples": st.triples, "memberships": st.memberships, "twinnings": st.partnerships}


def step_build_rdflib(includes: list[Path], output: Path, limit: float = 600) -> dict:
    cmd = [sys.executable, "-m", "cdkg", "build", "--output", str(output)]
    for inc in includes:
        cmd += ["--include", str(inc)]
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=limit,
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    except subprocess.TimeoutExpired:  # run() kills the build on timeout
        raise TimeoutError(f"cdkg build still running after {limit:.0f} s") from None
    return {"exit": done.returncode, "last": (done.stdout + done.stderr).strip().splitlines()[-1:] }


def _store(files: list[Path]):
    import pyoxigraph
    store = pyoxigraph.Store()
    fmt = {".ttl": pyoxigraph.RdfFormat.TURTLE, ".trig": pyoxigraph.RdfFormat.TRIG}
    ontology = pyoxigraph.NamedNode("https://w3id.org/cdkg/id/graph/ontology")
    for path in files:
        if path.suffix == ".ttl":  # ontology, vocabularies, importer terms: the ontology graph
            store.bulk_load(path=str(path), format=fmt[path.suffix], to_graph=ontology)
        else:
            store.bulk_load(path=str(path), format=fmt[path.suffix])
    for update in INFERENCES:
        store.update(PREFIXES + update)
    return store


def _files(includes: list[Path]) -> list[Path]:
    onto = [p for p in sorted((ROOT / "ontology").glob("*.ttl")) if p.name != "shapes.ttl"]
    onto.append(ROOT / "src" / "cdkg" / "importers" / "terms.ttl")  # proposed ontology terms
    return onto + sorted((ROOT / "graph").glob("*.trig")) + list(includes)


def step_build_store(includes: list[Path]) -> dict:
    store = _store(_files(includes))
    return {"quads": len(store)}


def step_queries(includes: list[Path], gov: str) -> dict:
    store = _store(_files(includes))
    timings = {}
    for name, text in QUERIES.items():
        start = time.perf_counter()
        rows = list(store.query(PREFIXES + text.replace("GOV", gov), use_default_graph_as_union=True))
        timings[name] = (round(time.perf_counter() - start, 2), len(rows))
    return timings


def step_analysis(includes: list[Path]) -> dict:
    import networkx as nx
    store = _store(_files(includes))
    twins = nx.Graph()
    q = "SELECT ?a ?b { ?p a cdkg:Twinning ; cdkg:partner ?a , ?b FILTER(STR(?a) < STR(?b)) }"
    twins.add_edges_from((r[0].value, r[1].value) for r in store.query(PREFIXES + q, use_default_graph_as_union=True))
    bip = nx.Graph()
    q = "SELECT ?g ?n { ?m org:member ?g ; org:organization ?n }"
    bip.add_edges_from((r[0].value, "N" + r[1].value) for r in store.query(PREFIXES + q, use_default_graph_as_union=True))
    del store
    rank = nx.pagerank(twins, alpha=0.85, tol=1e-6)
    degree = dict(twins.degree())
    comps = nx.number_connected_components(twins)
    net_sizes = sorted((d for n, d in bip.degree() if n.startswith("N")), reverse=True)
    return {"twin nodes": twins.number_of_nodes(), "twin edges": twins.number_of_edges(), "components": comps,
            "max degree": max(degree.values(), default=0), "pagerank top": max(rank.values(), default=0),
            "largest network": net_sizes[0] if net_sizes else 0}


# --- driver -----------------------------------------------------------------------------

def run_suite(label: str, includes: list[Path], gov: str, rdflib_build: bool, work: Path, limit: float) -> list[dict]:
    print(f"{label}:", flush=True)
    rows = []
    if rdflib_build:
        rows.append(measure("build (rdflib, cdkg build)", step_build_rdflib, includes, work / f"out-{label}",
                            limit - 5, limit=limit))
    rows.append(measure("build (store)", step_build_store, includes, limit=limit))
    rows.append(measure("queries (incl. store build)", step_queries, includes, gov, limit=limit))
    rows.append(measure("analysis (incl. store build)", step_analysis, includes, limit=limit))
    for r in rows:
        r["suite"] = label
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, nargs="*", default=[200000], help="synthetic sizes (cities)")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--skip-rdflib-build", action="store_true", help="do not run the rdflib build (slow at scale)")
    parser.add_argument("--limit", type=float, default=900, help="seconds allowed per step")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="cdkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    if not args.skip_real:
        imports = work / "imports-real"
        print("real-scale imports:", flush=True)
        for name, fn in (("import ETMUN (17,333 rows)", step_import_etmun), ("import P190 (34,182 claims)", step_import_p190)):
            r = measure(name, fn, imports, limit=args.limit)
            r["suite"] = "real"
            results.append(r)
        includes = sorted(imports.glob("*.trig"))
        results += run_suite("real", includes, "https://w3id.org/cdkg/id/government/copenhagen",
                             not args.skip_rdflib_build, work, args.limit)
    for n in args.synthetic:
        path = work / f"synthetic-{n}.trig"
        r = measure(f"generate {n:,} cities", step_generate, path, n, limit=args.limit)
        r["suite"] = f"synthetic-{n}"
        results.append(r)
        results += run_suite(f"synthetic-{n}", [path], "https://w3id.org/cdkg/id/government/synthetic-1",
                             not args.skip_rdflib_build and n <= 20000, work, args.limit)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    out = ROOT / "benchmarks" / "results" / "scale.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine, "results": results}, indent=2, default=str))
    print("\n| suite | step | time (s) | peak memory (MiB) | notes |\n|---|---|---:|---:|---|")
    for r in results:
        if r["ok"]:
            print(f"| {r['suite']} | {r['step']} | {r['seconds']:.1f} | {r['peak_mib']:.0f} | {json.dumps(r['info'])[:120]} |")
        else:
            print(f"| {r['suite']} | {r['step']} | - | - | {r['error']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
