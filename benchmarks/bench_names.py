"""Time the lookup of names in any language (``cdkg.core.lookup``) on real names: the city names of
the ETMUN memberships and the Wikidata sister-city names in ``../shared/datasets/`` (read, never
copied), and on a store holding the curated graph and the real-scale ETMUN/Wikidata graph
(``--param city=NAME`` of ``cdkg query``). The suggestions of RapidFuzz are timed next to the
standard library's ``difflib.get_close_matches`` on the same names.

    PYTHONPATH=src python benchmarks/bench_names.py

Wall seconds, median of 5 runs (the machine is shared: expect +-30 %); the table goes to
docs/benchmarks.md, the numbers to benchmarks/results/names.json.
"""

from __future__ import annotations

import csv
import difflib
import json
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DATASETS = HERE.parents[1] / "shared" / "datasets"


def timed(fn, repeat: int = 5):
    runs, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - start)
    return out, statistics.median(runs)


def real_names() -> dict[str, list[str]]:
    """IRI -> names: ETMUN members (full name and ASCII name) and Wikidata sister-city labels."""
    names: dict[str, list[str]] = {}
    with open(DATASETS / "etmun" / "memberships.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = f"https://w3id.org/cdkg/id/city/gn-{row['geonameId'].split('.')[0] or row['Full_Name']}"
            names.setdefault(key, []).extend(n for n in (row["Full_Name"].strip(), row["asciiName"].strip()) if n)
    with open(DATASETS / "wikidata-twins" / "names.tsv", encoding="utf-8") as handle:
        for line in handle:
            qid, _, label = line.rstrip("\n").partition("\t")
            if label:
                names.setdefault(f"http://www.wikidata.org/entity/{qid}", []).append(label)
    return names


def main() -> int:
    from cdkg.core.lookup import NameIndex

    rows, results = [], {}
    names = real_names()
    flat = sorted({n for ns in names.values() for n in ns})

    def build():
        index = NameIndex()
        for iri, given in names.items():
            index.add(iri, given)
        return index

    index, t = timed(build, 3)
    rows.append(("index the names (fold, slug, IRI)", f"{len(names):,} places, {len(flat):,} names", t))
    results["index_s"] = t
    hits, t = timed(lambda: [index.find(n) for n in ("KØBENHAVN", "kobenhavn", "Malmö", "malmo", "Århus")])
    rows.append(("find 5 names (case and accents aside)", "", t))
    results["find5_s"] = t
    index.suggest("warm")    # the folded names are made once per index
    near, t = timed(lambda: index.suggest("copenhgen"))
    rows.append(("suggest for the typo `copenhgen` (RapidFuzz, folded names)", ", ".join(near), t))
    results["suggest_rapidfuzz_s"] = t
    near_dl, t = timed(lambda: difflib.get_close_matches("copenhgen", flat, n=3, cutoff=0.6), 3)
    rows.append(("the same with difflib.get_close_matches", ", ".join(near_dl), t))
    results["suggest_difflib_s"] = t

    # --param city=NAME on a store: the curated graph and the real-scale graph
    from cdkg.build import build as build_graph
    from cdkg.core.settings import Settings
    from cdkg.query.library import Param
    from cdkg.query.names import ask_store, resolve_names
    from cdkg.store import GraphStore
    from realscale import etmun_quads, twins_quads

    store = GraphStore()
    store.oxigraph.extend(build_graph(Settings(), write=False, check_sources=False).store)
    store.load_data("\n".join([*etmun_quads(), *twins_quads()]) + "\n", "nq")
    city = [Param("city", "city:", "copenhagen", "the city")]
    bound, t = timed(lambda: resolve_names({"city": "københavn"}, city, ask_store(store)))
    rows.append(("`--param city=københavn` on a store (label lookup)", f"{len(store):,} quads", t))
    results["param_name_s"] = t
    _, t = timed(lambda: resolve_names({"city": "copenhagen"}, city, ask_store(store)))
    rows.append(("`--param city=copenhagen` (a slug: one ASK)", "", t))
    results["param_slug_s"] = t
    results.update(places=len(names), names=len(flat), quads=len(store), bound=bound["city"],
                   python=platform.python_version(), machine=platform.machine())

    print("| step | size / answer | seconds |\n|---|---|---:|")
    for step, size, seconds in rows:
        print(f"| {step} | {size} | {seconds:.4f} |")
    (HERE / "results" / "names.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
