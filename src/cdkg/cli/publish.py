"""``cdkg publish``: build (and so validate) the graph, then write the static linked-data site."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from cdkg.core.errors import CdkgError
from cdkg.core.settings import Settings


def register(sub) -> None:
    parser = sub.add_parser(
        "publish", help="write the graph as a static linked-data site (dumps, VoID/DCAT, pages, redirects)",
        description="Build and validate the graph, then write a static linked-data site: dumps in every RDF "
        "syntax, a VoID and DCAT description, the ontology's documentation, one page per resource with the "
        "citation of every fact, and the redirect bundle for the permanent IRIs. Nothing is written if the "
        "graph is broken; a folder holding other files is refused unless --force.")
    parser.add_argument("--output", "-o", type=Path, help="the site folder (default: site/ in the project)")
    parser.add_argument("--force", action="store_true", help="replace a folder that holds files cdkg did not write")
    parser.add_argument("--base", help="base IRI of resources (default: https://w3id.org/cdkg/)")
    parser.add_argument("--site-url", help="where the site will be hosted, if not at the base (the redirect bundle points there)")
    parser.add_argument("--endpoint", help="the SPARQL endpoint to advertise (default: <base>sparql)")
    parser.add_argument("--include", type=Path, action="append", default=[], metavar="PATH",
                        help="extra TriG/Turtle file or folder for the build (repeatable)")
    parser.add_argument("--analysis", type=Path, action="append", default=[], metavar="PATH",
                        help="analysis results (Turtle/TriG with cdkg:MeasureResult) to publish with the graph "
                        "(repeatable; default: output/analysis/*.trig from `cdkg analyze`, if any)")
    parser.add_argument("--views", type=Path, action="append", default=[], metavar="PATH",
                        help="views (HTML files of `cdkg view`) to publish in views/ (repeatable; default: "
                        "output/views/*.html, if any)")
    parser.add_argument("--no-extras", action="store_true",
                        help="publish the graph alone, without output/analysis and output/views")
    parser.add_argument("--from-output", action="store_true",
                        help="publish the last build's output/cdkg.nq (checked again) instead of building now")
    parser.add_argument("--date", help="issue date of this release, YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH)")
    parser.add_argument("--no-source-check", action="store_true", help="skip checking cited line ranges")
    parser.add_argument("--serve", action="store_true", help="then serve the site locally with content negotiation")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    parser.set_defaults(func=run)


def _dataset(args, settings: Settings):
    from cdkg.build import build, load_output
    from cdkg.publish import validate_dataset

    if args.from_output:
        dataset = load_output(settings)
        validate_dataset(dataset, settings)
        return dataset
    result = build(settings, include=args.include, write=False, check_sources=not args.no_source_check)
    return result.dataset


def run(args) -> int:
    from cdkg.publish import add_analysis, publish

    settings = Settings()
    if args.base:
        settings = Settings(root=settings.root, base=args.base)
    folder = (args.output or settings.root / "site").resolve()
    from cdkg.publish.folder import check_target

    check_target(folder, args.force)          # before the (slower) build: refuse early
    earlier = _earlier_site(folder)
    if earlier and not args.quiet:
        Console(stderr=True).print(f"replacing the site in {folder} ({earlier}); files you added to it are refused, "
                                   "never deleted (--force replaces them)")
    analysis, views = list(args.analysis), list(args.views)
    if not args.no_extras:
        analysis = analysis or sorted((Path(settings.output) / "analysis").glob("*.trig"))
        views = views or sorted((Path(settings.output) / "views").glob("*.html"))
    dataset = _dataset(args, settings)
    if analysis:
        add_analysis(dataset, analysis, settings.base)
    result = publish(dataset, folder, base=settings.base, site_url=args.site_url, endpoint=args.endpoint,
                     force=args.force, date=args.date, views=views)
    console = Console()
    if not args.quiet:
        table = Table(title=f"published {result.manifest['triples']} triples, {result.resources} resource pages")
        table.add_column("file")
        table.add_column("bytes", justify="right")
        for dump in result.dumps:
            table.add_row(dump.path, f"{dump.size:,}")
        console.print(table)
        if result.skipped:
            console.print(f"[yellow]note:[/] {len(result.skipped)} IRI(s) cannot be file names and got no page: "
                          + ", ".join(result.skipped[:5]))
        if analysis:
            console.print(f"with the network measures of {', '.join(p.name for p in analysis)}")
        if views:
            console.print(f"with the views {', '.join(p.name for p in views)}")
        console.print(f"wrote {len(result.files)} files to {folder}")
        console.print(f"open {folder / 'index.html'}")
    if args.serve:
        serve(folder, args.host, args.port, console)
    return 0


def _earlier_site(folder: Path) -> str:
    """A short description of the site a publish would replace ('' when there is none)."""
    import json

    from cdkg.publish.folder import MANIFEST, is_site

    if not is_site(folder):
        return ""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if not isinstance(manifest, dict):
        return "an earlier site"
    return f"version {manifest.get('version', '?')}, issued {manifest.get('issued', '?')}, {manifest.get('triples', '?')} triples"


def serve(folder: Path, host: str, port: int, console: Console) -> None:
    from cdkg.publish import make_site_server

    try:
        server = make_site_server(folder, host, port, verbose=True)
    except OSError as err:
        raise CdkgError(f"cannot serve on {host}:{port}: {err.strerror or err}") from None
    console.print(f"serving {folder} at http://{host}:{server.server_port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        server.server_close()
