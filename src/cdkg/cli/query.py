"""``cdkg query NAME|FILE|-``: run a library query, a query file, or SPARQL from standard input.

Examples::

    cdkg query --list
    cdkg query city_networks --param city=copenhagen
    cdkg query 005 --format csv > partners.csv
    echo 'SELECT * WHERE { ?s a cdkg:CityNetwork }' | cdkg query -
    cdkg query city_networks --param city=aarhus --endpoint http://localhost:7878/query
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: The output formats (as cdkg.query.results.FORMATS, which is not imported to list them).
FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "jsonld", "nt")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "query",
        help="run a SPARQL query (library name, file, or - for standard input)",
        description="Run a query of the library (queries/), a .rq file, or SPARQL text from standard "
        "input, on the built graph (the union of its named graphs is the default graph) or on a "
        "remote SPARQL endpoint. Prefixes of the project (cdkg:, city:, network:, ...) may be used "
        "without declaring them.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("Examples::", 1)[1],
    )
    p.add_argument("query", nargs="?", help="a library query name or number, a .rq file, or - (stdin)")
    p.add_argument("--list", action="store_true", help="list the library's queries with their titles")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", help="bind ?NAME (repeatable)")
    p.add_argument("--format", "-f", default="table", choices=FORMATS, help="output format (default: table)")
    p.add_argument("--output", "-o", type=Path, help="write to this file (atomically) instead of standard output")
    p.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead of the built graph")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds a query may run (remote default 60); on the built graph, the query is run where "
                        "it can be stopped and is stopped then")
    p.add_argument("--limit", type=int, help="keep at most this many rows")
    p.add_argument("--data", action="append", type=Path, metavar="FILE",
                   help="query these RDF files (.nq, .trig, .ttl, ...) instead of output/cdkg.nq")
    p.add_argument("--store", type=Path, metavar="DIR",
                   help="keep the store on disk in DIR, reused while the data is unchanged (default: "
                        "output/store for the built graph; --data files are read into memory)")
    p.add_argument("--memory", action="store_true", help="read the graph into memory, not into a store on disk")
    p.set_defaults(func=main)


def list_queries(settings) -> str:
    from cdkg.query import QueryLibrary

    library = QueryLibrary.cached(settings.queries_dir)
    lines = []
    for q in library:
        params = "".join(f" --param {p.name}={p.example}" for p in q.params)
        lines.append(f"{q.number}  {q.name:<36} {q.title}{'  [' + params.strip() + ']' if params else ''}")
    return "\n".join(lines) + "\n"


def main(args) -> int:
    from cdkg.core.errors import CdkgError
    from cdkg.core.settings import Settings
    from cdkg.query import parse_assignments, resolve, run
    from cdkg.store import open_store

    settings = Settings()
    if args.list:
        sys.stdout.write(list_queries(settings))
        return 0
    if not args.query:
        raise CdkgError("name a query (`cdkg query --list` shows the library), a .rq file, or - for standard input")
    if args.timeout is not None and args.timeout <= 0:
        raise CdkgError(f"--timeout {args.timeout:g}: give seconds, more than 0")
    if args.limit is not None and args.limit < 0:
        raise CdkgError(f"--limit {args.limit}: give a number of rows, 0 or more")
    spec = resolve(args.query, settings)
    params = parse_assignments(args.param)
    store = None
    if not args.endpoint:
        persist = args.store
        if persist is None and not args.data and not args.memory:
            persist = Path(settings.output) / "store"
        store = open_store(settings, data=args.data, persist=None if args.memory else persist)
    result = run(
        spec.text,
        store=store,
        endpoint=args.endpoint,
        params=params,
        declared=spec.params,
        source=spec.source,
        limit=args.limit,
        timeout=args.timeout or 60.0,
        isolate="always" if args.timeout else True,
    )
    data = result.serialize(args.format)
    if args.output:
        tmp = args.output.with_name(args.output.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(args.output)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
