"""Time `cdkg publish`, phase by phase, on the curated graph and on a larger real-scale graph.

The larger graph adds, converted on the fly from ../shared/datasets/ by ``realscale.py`` (never
copied into the project), the ETMUN memberships of the networks with at most 200 members and the
first ``--twins`` Wikidata twinnings. Each run publishes into a fresh temporary folder; the
timings are wall seconds of one run (the machine is shared: expect +-30 %).

    PYTHONPATH=src python benchmarks/bench_publish.py [--twins 2000]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def curated():
    from cdkg.build import build
    from cdkg.core.settings import Settings

    started = time.perf_counter()
    result = build(Settings(), write=False, check_sources=False)
    return result.dataset, time.perf_counter() - started


def with_realscale(dataset: Dataset, twins: int) -> Dataset:
    from realscale import etmun_quads, twins_quads

    lines = list(etmun_quads())
    twin_lines, partnerships = [], set()
    for line in twins_quads():
        if "/partnership/wd-" in line.split(" ", 1)[0]:
            partnerships.add(line.split(" ", 1)[0])
            if len(partnerships) > twins:
                break
        twin_lines.append(line)
    out = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        out.add((s, p, o, g.identifier if hasattr(g, "identifier") else g))
    out.parse(data="\n".join(lines + twin_lines) + "\n", format="nquads")
    return out


def run(name: str, dataset: Dataset, rows: list) -> None:
    from cdkg.publish import publish

    quads = sum(1 for _ in dataset.quads((None, None, None, None)))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = publish(dataset, Path(tmp) / "site", date="2026-11-22")
        total = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (Path(tmp) / "site").rglob("*") if p.is_file())
    per_page = result.seconds["resource pages"] / max(result.resources, 1) * 1000
    rows.append((name, quads, result.resources, len(result.files), size / 1e6, result.seconds, total, per_page))
    print(f"{name}: {quads} quads, {result.resources} pages, {total:.1f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--twins", type=int, default=2000, help="Wikidata twinnings to add (default 2000)")
    args = parser.parse_args()
    dataset, build_s = curated()
    print(f"build (validate, no write): {build_s:.1f} s", file=sys.stderr)
    rows = []
    run("curated graph", dataset, rows)
    if (HERE.parents[1] / "shared" / "datasets").is_dir():
        run(f"curated + ETMUN (networks <= 200 members) + {args.twins} Wikidata twinnings",
            with_realscale(dataset, args.twins), rows)
    phases = list(rows[0][5])
    print(f"\nmachine: {platform.machine()}, Python {platform.python_version()}\n")
    print("| graph | quads | resource pages | files | MB | " + " | ".join(phases) + " | total (s) | ms per page |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(phases) + "---:|---:|")
    for name, quads, pages, files, mb, seconds, total, per_page in rows:
        cells = " | ".join(f"{seconds[p]:.2f}" for p in phases)
        print(f"| {name} | {quads:,} | {pages:,} | {files:,} | {mb:.0f} | {cells} | {total:.1f} | {per_page:.1f} |")


if __name__ == "__main__":
    main()
