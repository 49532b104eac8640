"""``cdkg serve``: a SPARQL 1.1 Protocol endpoint over the built graph, on 127.0.0.1.

The endpoint is the Oxigraph server (from the ``oxigraph`` package) over a persisted store:
GET and POST, results formats by ``Accept``, CORS, a query timeout, the union of named graphs
as default graph, read-only unless ``--writable``. ``cdkg serve`` also writes a query editor
page (the server's YASGUI with the library's queries as examples) and prints its address.
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
    p.set_defaults(func=main)


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
    editor = write_editor(folder / "editor.html", server.url, QueryLibrary(settings.queries_dir))
    mode = "read-write" if args.writable else "read-only"
    print(f"cdkg serve: {quads} quads, {mode}, query timeout {args.timeout:g} s", flush=True)
    print(f"  SPARQL endpoint   {server.query_url}", flush=True)
    print(f"  YASGUI editor     {server.url}/", flush=True)
    print(f"  library examples  {editor.resolve().as_uri()}", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        code = server.process.wait()
    except KeyboardInterrupt:
        server.stop()
        return 0
    if code:
        raise CdkgError(f"the oxigraph server stopped with exit status {code}")
    return 0
