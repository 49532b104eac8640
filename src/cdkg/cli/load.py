"""``cdkg load --endpoint URL``: put the built graph into a remote SPARQL store.

Every citation stays a named graph, so the library's queries answer the same on the remote
store (Virtuoso reads the union of the graphs by default; start Oxigraph with
``--union-default-graph``). Batches are journaled: run the same command again after an
interruption and it goes on where it stopped, without duplicates. Credentials come from the
environment variable CDKG_ENDPOINT_AUTH (user:password) or a netrc file, never from the
command line; Basic or Digest is chosen by the server's challenge. Examples::

    cdkg load --endpoint http://localhost:7878/update                     # Oxigraph, SPARQL Update
    CDKG_ENDPOINT_AUTH=dba:dba cdkg load --endpoint http://localhost:8890/sparql-auth   # Virtuoso
    cdkg load --endpoint http://localhost:3030/cdkg/data --protocol gsp --netrc ~/.netrc
    cdkg query city_networks --param city=aarhus --endpoint http://localhost:8890/sparql
"""

from __future__ import annotations

import argparse
from pathlib import Path

BATCH = 5000


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
    p.add_argument("--batch", type=int, default=BATCH, help=f"triples per request (default {BATCH})")
    p.add_argument("--journal", type=Path, metavar="FILE",
                   help="the journal of accepted batches (default output/cdkg-load.journal); a re-run resumes")
    p.add_argument("--replace", action="store_true",
                   help="replace the named graphs that are loaded (cleared first; other graphs are left alone)")
    p.add_argument("--restart", action="store_true", help="forget the journal and send every batch again")
    p.add_argument("--netrc", type=Path, metavar="FILE", help="read the credentials from this netrc file")
    p.add_argument("--auth-env", metavar="VAR", help="read user:password from this environment variable "
                   "(default CDKG_ENDPOINT_AUTH)")
    p.add_argument("--count-endpoint", metavar="URL", help="the query endpoint to check the final count on "
                   "(default: guessed from --endpoint); 'none' skips the check")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for each request (default 120)")
    p.add_argument("--data", action="append", type=Path, metavar="FILE", help="load these RDF files instead of output/cdkg.nq")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines")
    p.set_defaults(func=main)


def main(args) -> int:
    from cdkg.core.errors import CdkgError
    from cdkg.core.settings import Settings
    from cdkg.store import open_store
    from cdkg.store.upload import print_progress, upload

    if args.batch < 1:
        raise CdkgError(f"--batch must be 1 or more, not {args.batch}")
    settings = Settings()
    store = open_store(settings, data=args.data)
    journal = args.journal or Path(settings.output) / "cdkg-load.journal"
    if args.restart and journal.exists():
        journal.unlink()
    journal.parent.mkdir(parents=True, exist_ok=True)
    check = "" if (args.count_endpoint or "").lower() == "none" else args.count_endpoint
    done = upload(store, args.endpoint, protocol=args.protocol, batch=args.batch, journal=journal,
                  timeout=args.timeout, netrc_file=args.netrc, auth_env=args.auth_env, check_url=check,
                  progress=None if args.quiet else print_progress(), replace=args.replace)
    checked = f"; the store holds the {done['quads']} quads of the {done['graphs']} graph(s), counted there" \
        if done["checked"] else ""
    print(f"cdkg load: {done['sent_quads']} quads sent to {args.endpoint} in {done['sent']} request(s), "
          f"{done['skipped']} batch(es) already loaded before (journal {journal}){checked}")
    return 0
