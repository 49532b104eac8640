"""``cdkg analyze``: measures of a projection, written back as RDF and as tables."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from cdkg.cli._graph import add_filter_options, add_input_options, filters_from, load_facts, write_atomic
from cdkg.core.progress import phases


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "analyze", help="centrality and communities of a projection; results as RDF, CSV and markdown",
        description="Project the graph (cities and networks, co-membership, partnerships, multilayer), "
                    "compute measures, and write the results back as RDF (cdkg:MeasureResult in the "
                    "graph <.../id/graph/analysis>) and as CSV and markdown tables.")
    add_input_options(p)
    p.add_argument("--projection", "-p", default="comembership",
                   help="bipartite, comembership, partnership or multilayer (default: comembership)")
    p.add_argument("--measures", "-m", default=None,
                   help="comma-separated measures (default: degree, weighted_degree, betweenness, closeness, "
                        "eigenvector, pagerank, kcore, louvain; bipartite_* on the bipartite projection)")
    add_filter_options(p)
    p.add_argument("--engine", default="auto", help="auto (a GPU backend of NetworkX where installed, else igraph), igraph, networkx "
                   "(on installed NetworkX backends where they implement the measure), or a backend's name")
    p.add_argument("--k", type=int, help="sources sampled for betweenness (default: exact up to 5,000 nodes, else 256)")
    p.add_argument("--exact", action="store_true", help="exact betweenness whatever the size")
    p.add_argument("--seed", type=int, default=0, help="seed of sampling and Louvain (default 0)")
    p.add_argument("--out", "-o", type=Path, help="folder for the results (default: output/analysis)")
    p.add_argument("--top", type=int, default=15, help="rows of the table printed (default 15; 0: none)")
    p.add_argument("--gexf", type=Path, help="also write the projection with the measures as GEXF (Gephi)")
    p.add_argument("--graphml", type=Path, help="also write it as GraphML")
    p.add_argument("--list", action="store_true", help="list projections and measures, and stop")
    p.set_defaults(func=run)


def run(args) -> int:
    from cdkg.analysis import MEASURES, PROJECTIONS, analyze, describe, project
    from cdkg.analysis.results import DEFAULT_MEASURES
    from cdkg.analysis.writeback import projection_iri, write_trig
    from cdkg.core.settings import Settings

    if args.list:
        print("projections:")
        for name, text in PROJECTIONS.items():
            print(f"  {name:<14} {text}")
        print("measures:")
        for m in MEASURES.values():
            print(f"  {m.name:<22} {m.description}")
        return 0
    settings = Settings()
    measures = args.measures
    if measures is None:
        measures = list(DEFAULT_MEASURES)
        if args.projection == "bipartite":
            measures += ["bipartite_degree", "bipartite_betweenness", "bipartite_closeness"]
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    names = measures if isinstance(measures, list) else [m for m in measures.split(",") if m.strip()]
    with phases("analyze", 3 + len(names)) as step:  # read, project, each measure, write
        step("reading the graph")
        facts = load_facts(args.input, settings)
        lap("read")
        step(f"projecting {args.projection}")
        g = project(facts, args.projection, filters_from(args))
        del facts
        lap("project")
        result = analyze(g, measures, engine=args.engine, k=args.k, seed=args.seed, exact=args.exact,
                         progress=lambda name: step(f"{name} on {g.number_of_nodes():,} nodes"))
        lap("measures")
        step("writing results")
        out = args.out or Path(settings.output) / "analysis"
        stem = projection_iri(args.projection, g.graph["parameters"]).rsplit("/", 1)[-1]
        out.mkdir(parents=True, exist_ok=True)
        partial = out / f".{stem}.trig.partial"
        write_trig(result, partial)
        partial.replace(out / f"{stem}.trig")
        table = result.table()
        write_atomic(out / f"{stem}.csv", result.to_csv(table=table))
        write_atomic(out / f"{stem}.md", result.to_markdown(table=table))
        lap("write")
    summary = {"projection": args.projection, "parameters": g.graph["parameters"], **describe(g),
               "measures": result.parameters, "seconds": {k: round(v, 3) for k, v in result.seconds.items()},
               "timings_s": timings, "engine": result.engine, "engines": result.engines, "computed_at": result.computed_at.isoformat()}
    write_atomic(out / f"{stem}.json", json.dumps(summary, indent=2, default=str))
    if args.gexf or args.graphml:
        from cdkg.views.export import write_gexf, write_graphml

        if args.gexf:
            write_gexf(result.annotate(), args.gexf)
        if args.graphml:
            write_graphml(result.annotate(), args.graphml)
    counts = ", ".join(f"{v} {k}" for k, v in describe(g).items())
    print(f"{args.projection}: {counts}", file=sys.stderr)
    if args.top:
        print(result.to_markdown(limit=args.top, table=table), end="")
    print(f"wrote {out / stem}.trig, .csv, .md, .json", file=sys.stderr)
    return 0
