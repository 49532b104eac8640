"""``cdkg view``: an interactive, self-contained HTML view of a projection, or a map."""

from __future__ import annotations

import sys
from pathlib import Path

from cdkg.cli._graph import add_filter_options, add_input_options, filters_from, load_facts


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "view", help="interactive HTML view of a projection (offline, one file), or a map of cities",
        description="Write one self-contained HTML page (no CDN, works offline): nodes coloured by kind, "
                    "sized by a measure, edges by weight, with a legend, hover cards with sources, "
                    "filters and an ego view. --map draws the cities by their coordinates instead.")
    add_input_options(p)
    p.add_argument("--projection", "-p", default="comembership",
                   help="bipartite, comembership, partnership or multilayer (default: comembership)")
    p.add_argument("--size-by", default="degree", help="measure that sizes the nodes (default: degree)")
    p.add_argument("--measures", default="degree,betweenness,pagerank",
                   help="measures shown in the hover cards (default: degree, betweenness, pagerank)")
    p.add_argument("--ego", help="show only this city and its neighbours (label, slug or IRI)")
    p.add_argument("--radius", type=int, default=1, help="steps from the ego city (default 1)")
    add_filter_options(p)
    p.add_argument("--map", action="store_true", help="a map of the cities by coordinates instead of a network")
    p.add_argument("--seed", type=int, default=0, help="seed of the layout (default 0)")
    physics = p.add_mutually_exclusive_group()
    physics.add_argument("--physics", dest="physics", action="store_true", default=None, help="physics on")
    physics.add_argument("--no-physics", dest="physics", action="store_false", help="physics off")
    p.add_argument("--max-edges", type=int, default=60_000, help="draw at most this many (heaviest) edges")
    p.add_argument("--title", help="page title")
    p.add_argument("--out", "-o", type=Path, help="HTML file (default: output/views/<projection>.html)")
    p.set_defaults(func=run)


def run(args) -> int:
    from cdkg.analysis import analyze, project
    from cdkg.core.settings import Settings
    from cdkg.views import ego, write_network_view
    from cdkg.views.map import write_map_view

    settings = Settings()
    facts = load_facts(args.input, settings)
    g = project(facts, args.projection, filters_from(args))
    if args.ego:
        g = ego(g, args.ego, args.radius)
    names = [m for m in (args.measures or "").split(",") if m.strip()]
    if args.size_by and args.size_by not in names:
        names.append(args.size_by)
    values = analyze(g, names).values if names else {}
    title = args.title or f"cdkg: {args.projection}" + (f", ego {g.graph['ego']}" if args.ego else "")
    kind = "map" if args.map else args.projection
    out = args.out or Path(settings.output) / "views" / f"{kind}{'-' + args.ego.lower().replace(' ', '-') if args.ego else ''}.html"
    if args.map:
        path = write_map_view(g, out, size_by=args.size_by, values=values, title=title)
    else:
        path = write_network_view(g, out, size_by=args.size_by, values=values, seed=args.seed,
                                  physics=args.physics, max_edges=args.max_edges, title=title)
    print(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)", file=sys.stderr)
    return 0
