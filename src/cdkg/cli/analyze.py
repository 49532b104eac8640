"""``cdkg analyze``: measures of a projection, written back as RDF and as tables."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from cdkg.cli._graph import add_filter_options, add_input_options, filters_from, load_facts, max_ties, write_atomic
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
    w = p.add_argument_group("weighting and backbones")
    w.add_argument("--weighting", default="count", choices=["count", "newman", "jaccard", "overlap"],
                   help="tie weight of the co-membership projection (default count)")
    w.add_argument("--backbone", choices=["sdsm", "fdsm", "disparity"],
                   help="keep the ties a null model finds significant: sdsm or fdsm (co-membership), disparity (weighted)")
    w.add_argument("--alpha", type=float, default=0.05, help="significance level of the backbone (default 0.05)")
    w.add_argument("--mtc", default="none", choices=["none", "bonferroni", "holm", "fdr"],
                   help="multiple-testing correction of the backbone (default none, as Neal's backbone package)")
    w.add_argument("--trials", type=int, default=1000, help="graphs sampled by fdsm (default 1000)")
    o = p.add_argument_group("outputs")
    o.add_argument("--formats", default="csv,parquet,dta", help="table formats: csv, parquet, dta (default all three)")
    o.add_argument("--no-ties", action="store_true", help="do not write the ties (cdkg:Tie) into the RDF")
    o.add_argument("--no-figures", action="store_true", help="do not draw the PNG and SVG figures")
    o.add_argument("--panel", metavar="START:END", help="write a city-year panel of the co-membership instead "
                   "(measures, memberships, network growth) for these years, with its figures")
    p.set_defaults(func=run)


def run(args) -> int:
    from cdkg.analysis import MEASURES, PROJECTIONS, analyze, describe, project
    from cdkg.analysis.results import DEFAULT_MEASURES
    from cdkg.analysis.results import RANK_DIGITS, RANK_METHOD, ZERO_TOLERANCE
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
    formats = [x.strip() for x in args.formats.split(",") if x.strip()]
    from cdkg.analysis.export import FORMATS
    from cdkg.analysis.filters import EmptyResultError, UnknownNameError

    for fmt in formats:
        if fmt not in FORMATS:
            raise UnknownNameError(f"unknown table format {fmt!r}; valid: {', '.join(FORMATS)}")
    panel_years = None
    if args.panel:
        from cdkg.analysis.panel import parse_years

        panel_years = parse_years(args.panel)
    options = {"max_ties": max_ties(args)}
    if args.projection in ("comembership", "multilayer"):
        options["weighting"] = args.weighting
    elif args.weighting != "count":
        raise UnknownNameError(f"--weighting applies to the co-membership projection, not {args.projection!r}")
    if args.backbone:
        options["backbone"] = {"model": args.backbone, "alpha": args.alpha, "mtc": args.mtc}
        if args.backbone == "fdsm":
            options["backbone"]["trials"] = args.trials
    filters = filters_from(args)
    out = args.out or Path(settings.output) / "analysis"
    with phases("analyze", 3 + len(names)) as step:  # read, project, each measure, write
        step("reading the graph")
        facts = load_facts(args.input, settings)
        lap("read")
        if panel_years:  # the panel alone: each year's projection is measured from the incidence matrix
            out.mkdir(parents=True, exist_ok=True)
            stem = projection_iri("comembership", filters.active()).rsplit("/", 1)[-1]
            files = _write_panel(facts, filters, panel_years, args, out, stem, formats)
            lap("panel")
            print(f"wrote {len(files)} panel table, codebook and figure files in {out} ({timings})", file=sys.stderr)
            return 0
        step(f"projecting {args.projection}")
        try:
            g = project(facts, args.projection, filters, **options)
        except EmptyResultError as err:
            if not err.explained:
                raise
            return _empty(args, out, filters, str(err))
        lap("project")
        result = analyze(g, measures, engine=args.engine, k=args.k, seed=args.seed, exact=args.exact,
                         progress=lambda name: step(f"{name} on {g.number_of_nodes():,} nodes"))
        lap("measures")
        step("writing results")
        stem = projection_iri(args.projection, g.graph["parameters"]).rsplit("/", 1)[-1]
        out.mkdir(parents=True, exist_ok=True)
        partial = out / f".{stem}.trig.partial"
        write_trig(result, partial, ties=not args.no_ties)
        partial.replace(out / f"{stem}.trig")
        table = result.table()
        files = _write_outputs(result, table, out, stem, formats, figures=not args.no_figures)
        write_atomic(out / f"{stem}.md", result.to_markdown(table=table))
        lap("write")
    from cdkg.analysis import ties as tie_module

    record = g.graph.get("record", {})
    summary = {"projection": args.projection, "parameters": g.graph["parameters"], "record": record,
               **describe(g), "reported_rows": len(table), "notes": g.graph.get("notes", []),
               "unplaced": g.graph.get("unplaced", {}), "measures": result.parameters,
               "ties_written": None if args.no_ties else tie_module.count(g),
               "numbers": {"zero_tolerance": ZERO_TOLERANCE, "rank_method": RANK_METHOD, "rank_digits": RANK_DIGITS},
               "seconds": {k: round(v, 3) for k, v in result.seconds.items()},
               "timings_s": timings, "engine": result.engine, "engines": result.engines,
               "computed_at": result.computed_at.isoformat(), "files": sorted(str(f.name) for f in files)}
    write_atomic(out / f"{stem}.json", json.dumps(summary, indent=2, default=str))
    if args.gexf or args.graphml:
        from cdkg.views.export import write_gexf, write_graphml

        if args.gexf:
            write_gexf(result.annotate(), args.gexf)
        if args.graphml:
            write_graphml(result.annotate(), args.graphml)
    counts = ", ".join(f"{v} {k}" for k, v in describe(g).items())
    print(f"{args.projection}: {counts}; kinds {', '.join(record.get('kinds', []))}, scope {record.get('scope')}"
          + (f", weighting {record['weighting']}" if "weighting" in record else ""), file=sys.stderr)
    if g.graph.get("backbone"):
        bb = g.graph["backbone"]
        print(f"backbone {bb['model']}: alpha {bb['alpha']}, correction {bb['mtc']}, {bb['tests']:,} tests, "
              f"{g.number_of_edges():,} significant ties", file=sys.stderr)
    for note in g.graph.get("notes", []):
        print(f"note: {note}", file=sys.stderr)
    if args.top:
        print(result.to_markdown(limit=args.top, table=table), end="")
    print(f"wrote {out / stem}.trig, .csv, .md, .json (and {len(files)} table, codebook and figure files)", file=sys.stderr)
    return 0


def _note(record: dict) -> str:
    shown = {k: v for k, v in record.items() if k not in ("backbone",)}
    return ", ".join(f"{k}={v if not isinstance(v, list) else '+'.join(map(str, v))}" for k, v in sorted(shown.items()))


def _write_outputs(result, table, out: Path, stem: str, formats, figures: bool = True) -> list:
    """Measures table, edge list (each with a codebook), and figures."""
    from cdkg.analysis.export import codebook, edge_codebook_entries, edge_table, write_table
    from cdkg.analysis.measures import MEASURES
    from cdkg.analysis.ties import TIE_LIMIT

    g, record = result.graph, result.projection_record
    files = write_table(table, out / stem, codebook(table.columns, result.projection, record, result.parameters),
                        formats, when=result.computed_at.replace(tzinfo=None))
    if not g.is_multigraph() and g.number_of_edges() <= TIE_LIMIT:
        edges = edge_table(g)
        files += write_table(edges, out / f"{stem}.edges", codebook(edges.columns, result.projection, record,
                                                                    extra=edge_codebook_entries(record)),
                             ["csv"], when=result.computed_at.replace(tzinfo=None))
    if figures and len(table):
        from cdkg.analysis import figures as fig

        note = f"{result.projection}: {_note(record)}"
        ranked = [m for m in result.values if not MEASURES[m].partition]
        if ranked:
            files += fig.ranked_bar(table, ranked[0], out / f"{stem}.{ranked[0]}", note=note)
        reported = set(result.nodes())
        files += fig.degree_distribution((d for u, d in g.degree() if u in reported), out / f"{stem}.degree-distribution",
                                         note=note)
    return files


def _write_panel(facts, filters, years, args, out: Path, stem: str, formats) -> list:
    from cdkg.analysis import figures as fig
    from cdkg.analysis.export import codebook, write_table
    from cdkg.analysis.panel import PANEL_MEASURES, panel

    p = panel(facts, filters, years[0], years[1], weighting=args.weighting, include_undated=args.include_undated)
    record = {**filters.record(), "weighting": args.weighting, "years": list(years),
              "include_undated": args.include_undated}
    base = out / f"{stem}.panel-{years[0]}-{years[1]}"
    common = {"year": ("the year", "", ""), "node": ("IRI of the node", "", ""),
              "measure": ("name of the measure: " + "; ".join(f"{k} = {v}" for k, v in PANEL_MEASURES.items()), "", ""),
              "value": ("the measure's value for the node in the year", "degree: divided by n - 1 of the year's projection", ""),
              "networks": ("networks the node belongs to in the year", "", ""),
              "undated_included": ("undated memberships counted in the year (with --include-undated)", "", ""),
              "network": ("IRI of the network", "", ""), "network_label": ("label of the network", "", ""),
              "members": ("members of the network in the year (nodes kept by the filters)", "", ""),
              "joined": ("members whose membership began that year", "", "")}
    common.update({c: (f"networks the node belongs to in the year that provide the function {name!r}", "", "")
                   for c, name in p.counts["functions"].items()})
    files = []
    for name, df in (("measures", p.measures), ("memberships", p.memberships), ("growth", p.growth)):
        files += write_table(df, base.with_name(base.name + "." + name),
                             codebook(df.columns, "comembership panel", record, extra=common), formats)
    write_atomic(base.with_name(base.name + ".json"), json.dumps(p.counts, indent=2, default=str))
    if not args.no_figures:
        note = f"{years[0]}-{years[1]}, {_note(record)}"
        files += fig.growth(p.growth, base.with_name(base.name + ".growth"), note=note)
        last = p.measures[(p.measures["year"] == years[1]) & (p.measures["measure"] == "weighted_degree")]
        files += fig.ranked_bar(last.rename(columns={"value": "weighted_degree"}), "weighted_degree",
                                base.with_name(base.name + ".top-cities"),
                                title=f"Top nodes by weighted degree in {years[1]}", note=note)
    print(f"panel {years[0]}-{years[1]}: {p.counts['memberships']:,} memberships, {p.counts['undated']:,} undated "
          f"({'counted in every year' if args.include_undated else 'left out'}), "
          f"{p.counts['dated_outside_range']:,} outside the years", file=sys.stderr)
    return files


def _empty(args, out: Path, filters, message: str) -> int:
    """An empty, explained result: the filters are valid, the data hold nothing for them."""
    out.mkdir(parents=True, exist_ok=True)
    from cdkg.analysis.writeback import projection_iri

    stem = projection_iri(args.projection, filters.active()).rsplit("/", 1)[-1]
    write_atomic(out / f"{stem}.json", json.dumps({"projection": args.projection, "record": filters.record(),
                                                   "nodes": 0, "empty": message}, indent=2, default=str))
    print(f"empty result: {message}", file=sys.stderr)
    print(f"wrote {out / stem}.json", file=sys.stderr)
    return 0
