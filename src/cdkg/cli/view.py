"""``cdkg view``: an interactive, self-contained HTML view of a projection, or a map."""

from __future__ import annotations

import sys
from pathlib import Path

from cdkg.cli._graph import add_filter_options, add_input_options, filters_from, load_facts, max_ties


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
    p.add_argument("--renderer", default="auto", choices=["auto", "vis", "sigma"],
                   help="network page renderer: vis-network up to 2,000 nodes, sigma.js (WebGL) above (default auto)")
    p.add_argument("--colour-by", "--color-by", dest="colour_by",
                   help="map: colour the cities by this measure (default: by kind)")
    p.add_argument("--top", type=int, default=20, help="the top nodes by --size-by that are always labelled (default 20)")
    p.add_argument("--out", "-o", type=Path, help="HTML file (default: output/views/<projection>.html)")
    fig = p.add_argument_group("static figures and GIS (written as well as the page, or instead with --no-html)")
    fig.add_argument("--png", type=Path, help="also write the same picture as a PNG figure (matplotlib)")
    fig.add_argument("--svg", type=Path, help="also write the same picture as an SVG figure (matplotlib)")
    fig.add_argument("--width", type=float, default=None, help="figure width in inches (default 8; map 10)")
    fig.add_argument("--height", type=float, default=6.0, help="figure height in inches (default 6)")
    fig.add_argument("--dpi", type=int, default=200, help="figure resolution (default 200)")
    fig.add_argument("--geojson", type=Path, help="also write the cities and ties with coordinates as GeoJSON (QGIS)")
    fig.add_argument("--no-html", action="store_true", help="write only the figures / GeoJSON, no page")
    p.set_defaults(func=run)


def run(args) -> int:
    from cdkg.analysis import analyze, project
    from cdkg.core.settings import Settings
    from cdkg.views import ego, write_network_view
    from cdkg.views.map import write_map_view

    if args.top < 0 or args.dpi <= 0 or args.height <= 0 or (args.width is not None and args.width <= 0):
        from cdkg.core.errors import InputError

        raise InputError("--top must be 0 or more; --dpi, --width and --height more than 0")
    for option, path, suffix in (("--png", args.png, ".png"), ("--svg", args.svg, ".svg")):
        if path is not None and path.suffix.lower() != suffix:
            from cdkg.core.errors import InputError

            raise InputError(f"{option} {path}: the file name must end in {suffix}")
    settings = Settings()
    facts = load_facts(args.input, settings)
    g = project(facts, args.projection, filters_from(args), max_ties=max_ties(args))
    if args.ego:
        g = ego(g, args.ego, args.radius)
    names = [m for m in (args.measures or "").split(",") if m.strip()]
    if args.size_by and args.size_by not in names:
        names.append(args.size_by)
    values = analyze(g, names).values if names else {}
    title = args.title or f"cdkg: {args.projection}" + (f", ego {g.graph['ego']}" if args.ego else "")
    kind = "map" if args.map else args.projection
    out = args.out or Path(settings.output) / "views" / f"{kind}{'-' + args.ego.lower().replace(' ', '-') if args.ego else ''}.html"
    written = []
    if not args.no_html:
        if args.map:
            written.append(write_map_view(g, out, size_by=args.size_by, values=values, title=title,
                                          colour_by=args.colour_by, top=args.top))
        else:
            written.append(write_network_view(g, out, size_by=args.size_by, values=values, seed=args.seed,
                                              physics=args.physics, max_edges=args.max_edges, title=title,
                                              renderer=args.renderer, top=args.top))
    for figure_path in (args.png, args.svg):
        if figure_path is None:
            continue
        from cdkg.views.figure import map_figure, network_figure

        fmt = "png" if figure_path is args.png else "svg"
        if args.map:
            written.append(map_figure(g, figure_path, size_by=args.size_by, values=values, colour_by=args.colour_by,
                                      width=args.width or 10.0, height=args.height, dpi=args.dpi, top=args.top,
                                      title=args.title, fmt=fmt))
        else:
            written.append(network_figure(g, figure_path, size_by=args.size_by, values=values, seed=args.seed,
                                          width=args.width or 8.0, height=args.height, dpi=args.dpi, top=args.top,
                                          title=args.title, fmt=fmt))
    if args.geojson:
        from cdkg.views.geojson import write_geojson

        written.append(write_geojson(g, args.geojson, values))
    for path in written:
        print(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)", file=sys.stderr)
    return 0
