"""``cdkg load --endpoint URL``: put the built graph into a remote SPARQL store.

Every citation stays a named graph, so the library's queries answer the same on the remote
store (set it to use the union of named graphs as its default graph). Examples::

    cdkg load --endpoint http://localhost:7878/update                 # SPARQL Update, batches
    cdkg load --endpoint http://localhost:3030/cdkg/data --protocol gsp   # Graph Store Protocol
    cdkg query city_networks --param city=aarhus --endpoint http://localhost:7878/query
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cdkg.core.settings import Settings
from cdkg.store import load_remote, open_store
from cdkg.store.remote import BATCH


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "load",
        help="load the built graph into a remote SPARQL store (Update or Graph Store Protocol)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the SPARQL Update endpoint, or the Graph Store endpoint with --protocol gsp")
    p.add_argument("--protocol", choices=("update", "gsp"), default="update", help="how to send (default update)")
    p.add_argument("--batch", type=int, default=BATCH, help=f"triples per Update request (default {BATCH})")
    p.add_argument("--replace", action="store_true", help="replace the named graphs that are loaded")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for each request (default 120)")
    p.add_argument("--data", action="append", type=Path, metavar="FILE", help="load these RDF files instead of output/cdkg.nq")
    p.set_defaults(func=main)


def main(args) -> int:
    store = open_store(Settings(), data=args.data)
    requests = load_remote(store, args.endpoint, protocol=args.protocol, batch=args.batch,
                           replace=args.replace, timeout=args.timeout)
    print(f"cdkg load: {len(store)} quads sent to {args.endpoint} in {requests} request(s)")
    return 0
