"""``cdkg build``: validate the graph and write the merged graph with a summary."""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.console import Console
from rich.table import Table

from cdkg.core.progress import phases
from cdkg.core.settings import Settings


def register(sub) -> None:
    parser = sub.add_parser("build", help="validate the ontology and graph and write the merged graph to output/",
                            description="Load the ontology and curated graph, apply inference, validate "
                            "(SHACL shapes, queries/checks, cited line ranges) and write output/ atomically.")
    parser.add_argument("--output", type=Path, help="output folder (default: output/ in the project)")
    parser.add_argument("--force", action="store_true",
                        help="write into an --output folder that holds files cdkg build did not make (they are kept)")
    parser.add_argument("--base", help="base IRI for resources (default: https://w3id.org/cdkg/)")
    parser.add_argument("--include", type=Path, action="append", default=[], metavar="PATH",
                        help="extra TriG/Turtle file or folder to add (repeatable)")
    parser.add_argument("--check-only", action="store_true", help="validate, write nothing")
    parser.add_argument("--formats", default="trig,nq,ttl,nt,jsonld",
                        help="comma-separated output formats among trig, nq, ttl, nt, jsonld (default: all)")
    parser.add_argument("--no-source-check", action="store_true", help="skip checking cited line ranges")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    parser.set_defaults(func=run)


def print_summary(result, console: Console, settings: Settings) -> None:
    summary = result.summary
    counted = f"{summary['triples']} triples" if summary.get("triples") is not None else f"{summary['quads']} quads"
    table = Table(title=f"cdkg graph: {counted} ({summary['inferred_triples']} inferred)")
    table.add_column("class")
    table.add_column("count", justify="right")
    for name, count in summary["classes"].items():
        table.add_row(name, str(count))
    console.print(table)
    docs = Table(title="facts per source document")
    for column in ("document", "citations", "entities", "triples"):
        docs.add_column(column, justify="right" if column != "document" else "left")
    for doc, counts in summary["sources"].items():
        docs.add_row(doc, str(counts.get("citations", 0)), str(counts.get("entities", 0)), str(counts.get("triples", 0)))
    console.print(docs)
    if not result.sources_checked:
        console.print("[yellow]note:[/] source documents not found; cited line ranges were not checked")
    warnings = result.warnings
    console.print(f"{len(warnings)} warning(s)")
    for finding in warnings:
        console.print(f"  {finding}", markup=False, highlight=False)
    if result.written:
        console.print(f"wrote {len(result.written)} files to {settings.output}")
    if result.kept:
        console.print(f"kept {', '.join(p.name + ('/' if p.is_dir() else '') for p in result.kept)} in {settings.output}: "
                      "made from the previous graph (`cdkg all` remakes the analyses and views the study names)")
    if settings.project is not None and settings.project.path is not None:
        console.print(f"study: {settings.project.path}", highlight=False)


def run(args) -> int:
    from cdkg.build import build
    from cdkg.build.write import FORMAT_NAMES
    from cdkg.core.errors import CdkgError

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMAT_NAMES]
    if unknown or not formats:
        raise CdkgError(f"unknown output format {', '.join(unknown) or '(none)'}: use some of {', '.join(FORMAT_NAMES)}")

    settings = Settings()
    if args.output:
        settings.output = args.output.resolve()
    if args.base:
        settings = Settings(root=settings.root, base=args.base, output=settings.output)
    console = Console(soft_wrap=True)
    # the phases build() announces: curated graph, its checks, (included files, their inference),
    # the SPARQL checks, then writing or the summary
    total = 4 + (3 if args.include else 0)
    before = _previous_includes(settings)
    with (phases("build", total) if not args.quiet else contextlib.nullcontext(lambda phase: None)) as start:
        result = build(settings, include=args.include, write=not args.check_only,
                       check_sources=not args.no_source_check, formats=formats, progress=start,
                       force=args.force)
    if not args.quiet:
        print_summary(result, console, settings)
    dropped = [p for p in before if p not in result.summary.get("includes", [])]
    if dropped and not args.check_only:
        Console(stderr=True).print(f"[yellow]note:[/] the previous build in {settings.output} also included "
                                   f"{', '.join(dropped)}; this one does not, so those facts are no longer in it "
                                   "(pass --include, or list them under [graph] imports in cdkg.toml)", highlight=False)
    return 0


def _previous_includes(settings: Settings) -> list[str]:
    """The included files of the build now in the output folder (from its summary.json)."""
    import json

    try:
        return list(json.loads((Path(settings.output) / "summary.json").read_text(encoding="utf-8")).get("includes", []))
    except (OSError, ValueError, AttributeError):
        return []
