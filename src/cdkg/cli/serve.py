"""``cdkg serve``: a SPARQL 1.1 Protocol endpoint over the built graph, on 127.0.0.1.

The endpoint is the Oxigraph server (from the ``oxigraph`` package) over a persisted store:
GET and POST, results formats by ``Accept``, CORS, a query timeout, the union of named graphs
as default graph, read-only unless ``--writable``. Oxigraph has no result limit, so unless
``--limit 0`` the public port is served by a proxy (:mod:`cdkg.store.proxy`) in front of Oxigraph
(which listens on a free port of 127.0.0.1): a query answer holds at most ``--limit`` solutions
or triples, and a cut one carries the headers ``X-Cdkg-Result-Limit`` and ``X-Cdkg-Truncated``.
``cdkg serve`` also writes a query editor page (the server's YASGUI with the library's queries as
examples) and prints its address.

With ``--site`` (a folder written by ``cdkg publish``) it also serves the linked-data site on a
second port: pages, dumps, and resource IRIs that dereference by ``Accept`` header (303 to HTML,
Turtle, JSON-LD or N-Triples), with the SPARQL endpoint proxied at ``/sparql`` on the same address.
"""

from __future__ import annotations

import gc
import signal
import sys
from pathlib import Path

from cdkg.core.errors import CdkgError
from cdkg.core.settings import Settings
from cdkg.query import QueryLibrary
from cdkg.query.editor import write_editor
from cdkg.store import open_store
from cdkg.store.proxy import DEFAULT_LIMIT, SparqlProxy, make_wsgi_server, start_in_thread
from cdkg.store.server import OxigraphServer


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the graph as a SPARQL endpoint with a query editor",
                              description=__doc__)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    p.add_argument("--timeout", type=float, default=30.0, help="query timeout in seconds (default 30)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"the most solutions or triples a query answer holds (default {DEFAULT_LIMIT}; 0: no limit); "
                        "a cut answer has the header X-Cdkg-Truncated: true")
    p.add_argument("--writable", action="store_true", help="accept SPARQL Update and Graph Store writes")
    p.add_argument("--data", action="append", type=Path, metavar="FILE", help="serve these RDF files instead of output/cdkg.nq")
    p.add_argument("--store", type=Path, metavar="DIR", help="the store folder (default output/store)")
    p.add_argument("--site", type=Path, nargs="?", const=Path("site"), metavar="DIR",
                   help="also serve the site that `cdkg publish` wrote (default folder: site/), dereferencing IRIs")
    p.add_argument("--site-port", type=int, default=8000, help="port of the site (default 8000)")
    p.set_defaults(func=main)


def start_site(args, settings: Settings, query_url: str, timeout: float):
    """The linked-data site on ``--site-port``, with the endpoint proxied at /sparql (same limit)."""
    from cdkg.publish import make_site_server, sparql_proxy

    folder = args.site if args.site.is_absolute() else (Path(settings.root) / args.site)
    try:
        site = make_site_server(folder, args.host, args.site_port,
                                mounts={"sparql": sparql_proxy(query_url, timeout=timeout, limit=args.limit)})
    except OSError as err:
        raise CdkgError(f"cannot serve the site on {args.host}:{args.site_port}: {err.strerror or err}") from None
    start_in_thread(site)
    return site


def start_front(args, server: OxigraphServer, timeout: float):
    """The result-limiting proxy on ``--host:--port``, standing for the whole Oxigraph server."""
    app = SparqlProxy(server.query_url, limit=args.limit, timeout=timeout, upstream=server.url)
    try:
        front = make_wsgi_server(app, args.host, args.port)
    except OSError as err:
        raise CdkgError(f"cannot serve the endpoint on {args.host}:{args.port}: {err.strerror or err}") from None
    start_in_thread(front)
    return front


def main(args) -> int:
    if args.limit < 0:
        raise CdkgError(f"--limit {args.limit}: give a number of results, or 0 for no limit")
    settings = Settings()
    folder = args.store or Path(settings.output) / "store"
    store = open_store(settings, data=args.data, persist=folder)
    location, quads = store.path, len(store)
    del store
    gc.collect()  # release the store before the server opens it
    limited = args.limit > 0  # then Oxigraph listens on a free port of this machine, behind the proxy
    server = OxigraphServer(location, host="127.0.0.1" if limited else args.host, port=None if limited else args.port,
                            read_only=not args.writable, timeout_s=args.timeout)
    server.start(stdout=sys.stderr)
    timeout = args.timeout + 30 if args.timeout > 0 else 3600.0  # Oxigraph's own timeout comes first
    front = site = None
    try:
        front = start_front(args, server, timeout) if limited else None
        site = start_site(args, settings, server.query_url, timeout) if args.site is not None else None
    except CdkgError:
        if front is not None:
            front.shutdown()
            front.server_close()
        server.stop()
        raise
    url = f"http://{args.host}:{front.server_port}" if front is not None else server.url
    from cdkg.core.namespaces import all_prefixes

    editor = write_editor(folder / "editor.html", url, QueryLibrary(settings.queries_dir), all_prefixes(settings.base))
    mode = "read-write" if args.writable else "read-only"
    limit = f"result limit {args.limit}" if limited else "no result limit"
    print(f"cdkg serve: {quads} quads, {mode}, query timeout {args.timeout:g} s, {limit}", flush=True)
    print(f"  SPARQL endpoint   {url}/query", flush=True)
    print(f"  YASGUI editor     {url}/", flush=True)
    print(f"  library examples  {editor.resolve().as_uri()} (the study's prefixes, the library's queries)", flush=True)
    if site is not None:
        site_url = f"http://{args.host}:{site.server_port}/"
        print(f"  linked-data site  {site_url} (resource IRIs: {site_url}id/..., SPARQL also at {site_url}sparql)",
              flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        code = server.process.wait()
    except KeyboardInterrupt:
        server.stop()
        return 0
    finally:
        for running in (site, front):
            if running is not None:
                running.shutdown()
                running.server_close()
    if code:
        raise CdkgError(f"the oxigraph server stopped with exit status {code}")
    return 0
