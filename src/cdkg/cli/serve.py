"""``cdkg serve``: a SPARQL 1.1 Protocol endpoint over the built graph, on 127.0.0.1.

The endpoint is the Oxigraph server (from the ``oxigraph`` package) over a persisted store:
GET and POST, results formats by ``Accept``, CORS, a query timeout, the union of named graphs
as default graph, read-only unless ``--writable``. The public port is served by a proxy
(:mod:`cdkg.store.proxy`) in front of Oxigraph (which listens on a free port of 127.0.0.1): a
query answer holds at most ``--limit`` solutions or triples (0: no limit), and a cut one carries
the headers ``X-Cdkg-Result-Limit`` and ``X-Cdkg-Truncated``; ``SERVICE`` is refused unless
``--federate URL`` allows that endpoint; a query over ``--timeout`` is stopped (the engine is
restarted, freeing its CPU); writes are taken only from this origin (see docs/security.md).
``cdkg serve`` also writes a query editor page (the server's YASGUI with the library's queries as
examples) and prints its address.

With ``--site`` (a folder written by ``cdkg publish``) it also serves the linked-data site on a
second port: pages, dumps, and resource IRIs that dereference by ``Accept`` header (303 to HTML,
Turtle, JSON-LD or N-Triples), with the SPARQL endpoint proxied at ``/sparql`` on the same address.
"""

from __future__ import annotations

import gc
import re
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


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 1 to 65535 (0 for any free port)."""
    import argparse

    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: use 1 to 65535 (0: any free port)")
    return port


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the graph as a SPARQL endpoint with a query editor",
                              description=__doc__)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=port_number, default=7878, help="port (default 7878)")
    p.add_argument("--timeout", type=float, default=30.0, help="query timeout in seconds (default 30)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"the most solutions or triples a query answer holds (default {DEFAULT_LIMIT}; 0: no limit); "
                        "a cut answer has the header X-Cdkg-Truncated: true")
    p.add_argument("--writable", action="store_true",
                   help="accept SPARQL Update and Graph Store writes (from this origin, or from clients that are not browsers)")
    p.add_argument("--federate", action="append", default=[], metavar="URL",
                   help="let SERVICE call this SPARQL endpoint (repeatable; by default SERVICE and LOAD are refused)")
    p.add_argument("--data", action="append", type=Path, metavar="FILE", help="serve these RDF files instead of output/cdkg.nq")
    p.add_argument("--store", type=Path, metavar="DIR", help="the store folder (default output/store)")
    p.add_argument("--site", type=Path, nargs="?", const=Path("site"), metavar="DIR",
                   help="also serve the site that `cdkg publish` wrote (default folder: site/), dereferencing IRIs")
    p.add_argument("--site-port", type=port_number, default=8000, help="port of the site (default 8000)")
    p.set_defaults(func=main)


def start_site(args, settings: Settings, query_url: str, timeout: float, on_timeout=None):
    """The linked-data site on ``--site-port``, with the endpoint proxied at /sparql (same limit)."""
    from cdkg.publish import make_site_server
    from cdkg.store.proxy import SparqlProxy

    folder = args.site if args.site.is_absolute() else (Path(settings.root) / args.site)
    mount = SparqlProxy(query_url, limit=args.limit, timeout=timeout, federate=args.federate, on_timeout=on_timeout)
    try:
        site = make_site_server(folder, args.host, args.site_port, mounts={"sparql": mount})
    except OSError as err:
        raise CdkgError(f"cannot serve the site on {args.host}:{args.site_port}: {err.strerror or err}") from None
    start_in_thread(site)
    return site


def start_front(args, server: OxigraphServer, timeout: float):
    """The result-limiting proxy on ``--host:--port``, standing for the whole Oxigraph server."""
    app = SparqlProxy(server.query_url, limit=args.limit, timeout=timeout, upstream=server.url,
                      federate=args.federate, on_timeout=server.restart)
    try:
        front = make_wsgi_server(app, args.host, args.port)
    except OSError as err:
        raise CdkgError(f"cannot serve the endpoint on {args.host}:{args.port}: {err.strerror or err}") from None
    return front  # bound, not yet serving: the caller starts it once the editor page is written


def main(args) -> int:
    if args.limit < 0:
        raise CdkgError(f"--limit {args.limit}: give a number of results, or 0 for no limit")
    if args.timeout < 0:
        raise CdkgError(f"--timeout {args.timeout:g}: give seconds, or 0 for none")
    for url in args.federate:
        if not re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", url):
            raise CdkgError(f"--federate {url!r} is not an http(s) URL")
    settings = Settings()
    folder = args.store or Path(settings.output) / "store"
    if folder.exists() and not folder.is_dir():
        raise CdkgError(f"--store {folder} is a file, not a folder: name a folder for the store")
    store = open_store(settings, data=args.data, persist=folder)
    location, quads = store.path, len(store)
    del store
    gc.collect()  # release the store before the server opens it
    limited = args.limit > 0
    # Oxigraph listens on a free port of this machine, always behind the proxy: the proxy cuts
    # answers, refuses SERVICE, guards writes and stops (restarts) a query over the timeout
    server = OxigraphServer(location, host="127.0.0.1", port=None, read_only=not args.writable,
                            timeout_s=args.timeout)
    server.start(stdout=sys.stderr)
    timeout = args.timeout if args.timeout > 0 else 3600.0
    front = site = None
    try:
        front = start_front(args, server, timeout)
        site = start_site(args, settings, server.query_url, timeout, server.restart) if args.site is not None else None
        url = f"http://{args.host}:{front.server_port}"
        from cdkg.core.namespaces import all_prefixes

        editor = write_editor(folder / "editor.html", url, QueryLibrary(settings.queries_dir),
                              all_prefixes(settings.base))
        start_in_thread(front)  # answers only once everything it announces is there
    except BaseException:
        for running in (site, front):
            if running is not None:
                running.shutdown()
                running.server_close()
        server.stop()
        raise
    mode = "read-write" if args.writable else "read-only"
    limit = f"result limit {args.limit}" if limited else "no result limit"
    service = f"SERVICE to {', '.join(args.federate)} only" if args.federate else "SERVICE refused"
    print(f"cdkg serve: {quads} quads, {mode}, query timeout {args.timeout:g} s, {limit}, {service}", flush=True)
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
        while True:  # the engine may be restarted (a query over the timeout): wait for the current one
            process = server.process
            code = process.wait()
            with server._restart_lock:  # a restart in progress has replaced it when the lock is free
                pass
            if server.process is process:  # it stopped by itself (a crash on some query): start it again
                print(f"cdkg serve: the engine stopped (exit status {code}); starting it again", file=sys.stderr,
                      flush=True)
                server.restart()
    except KeyboardInterrupt:
        server.stop()
        return 0
    finally:
        server.stop()
        for running in (site, front):
            if running is not None:
                running.shutdown()
                running.server_close()
    return 0
