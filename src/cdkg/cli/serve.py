"""``cdkg serve``: a SPARQL 1.1 Protocol endpoint over the built graph, on 127.0.0.1.

The endpoint is the Oxigraph server (from the ``oxigraph`` package) over a persisted store:
GET and POST, results formats by ``Accept``, CORS, a query timeout, the union of named graphs
as default graph, read-only unless ``--writable``. ``cdkg serve`` also writes a query editor
page (the server's YASGUI with the library's queries as examples) and prints its address.

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
from cdkg.store.server import OxigraphServer


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the graph as a SPARQL endpoint with a query editor",
                              description=__doc__)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    p.add_argument("--timeout", type=float, default=30.0, help="query timeout in seconds (default 30)")
    p.add_argument("--writable", action="store_true", help="accept SPARQL Update and Graph Store writes")
    p.add_argument("--data", action="append", type=Path, metavar="FILE", help="serve these RDF files instead of output/cdkg.nq")
    p.add_argument("--store", type=Path, metavar="DIR", help="the store folder (default output/store)")
    p.add_argument("--site", type=Path, nargs="?", const=Path("site"), metavar="DIR",
                   help="also serve the site that `cdkg publish` wrote (default folder: site/), dereferencing IRIs")
    p.add_argument("--site-port", type=int, default=8000, help="port of the site (default 8000)")
    p.set_defaults(func=main)


def start_site(args, settings: Settings, query_url: str):
    """The linked-data site on ``--site-port``, with the endpoint proxied at /sparql."""
    from cdkg.publish import make_site_server, sparql_proxy, start_in_thread

    folder = args.site if args.site.is_absolute() else (Path(settings.root) / args.site)
    try:
        site = make_site_server(folder, args.host, args.site_port, mounts={"sparql": sparql_proxy(query_url)})
    except OSError as err:
        raise CdkgError(f"cannot serve the site on {args.host}:{args.site_port}: {err.strerror or err}") from None
    start_in_thread(site)
    return site


def main(args) -> int:
    settings = Settings()
    folder = args.store or Path(settings.output) / "store"
    store = open_store(settings, data=args.data, persist=folder)
    location, quads = store.path, len(store)
    del store
    gc.collect()  # release the store before the server opens it
    server = OxigraphServer(location, host=args.host, port=args.port, read_only=not args.writable,
                            timeout_s=args.timeout)
    server.start(stdout=sys.stderr)
    site = None
    if args.site is not None:
        try:
            site = start_site(args, settings, server.query_url)
        except CdkgError:
            server.stop()
            raise
    editor = write_editor(folder / "editor.html", server.url, QueryLibrary(settings.queries_dir))
    mode = "read-write" if args.writable else "read-only"
    print(f"cdkg serve: {quads} quads, {mode}, query timeout {args.timeout:g} s", flush=True)
    print(f"  SPARQL endpoint   {server.query_url}", flush=True)
    print(f"  YASGUI editor     {server.url}/", flush=True)
    print(f"  library examples  {editor.resolve().as_uri()}", flush=True)
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
        if site is not None:
            site.shutdown()
            site.server_close()
    if code:
        raise CdkgError(f"the oxigraph server stopped with exit status {code}")
    return 0
