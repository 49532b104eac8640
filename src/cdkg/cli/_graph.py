"""Shared by ``cdkg analyze`` and ``cdkg view``: reading the built graph, the filter options,
and writing files atomically."""

from __future__ import annotations

from cdkg.load import file_syntax_error

from pathlib import Path

from cdkg.core.errors import CdkgError, InputError, Location
from cdkg.core.settings import Settings

_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS", ".ttl": "TURTLE", ".nt": "N_TRIPLES"}


def load_store(inputs: list[str] | None, settings: Settings | None = None):
    """A pyoxigraph store of the given files, or of the built graph (``output/cdkg.nq``)."""
    import pyoxigraph

    settings = settings or Settings()
    paths = [Path(p) for p in inputs or []]
    if not paths:
        built = Path(settings.output) / "cdkg.nq"
        if not built.is_file():
            raise CdkgError(f"no built graph at {built}: run `cdkg build` first, or pass --input FILE")
        paths = [built]
    store = pyoxigraph.Store()
    for path in paths:
        if path.suffix not in _FORMATS:
            raise InputError(f"unknown RDF file type {path.suffix!r} (use .trig, .nq, .ttl or .nt)", Location(path))
        if not path.is_file():
            raise InputError("file not found", Location(path))
        fmt = getattr(pyoxigraph.RdfFormat, _FORMATS[path.suffix])
        # the output of `cdkg build` (marked GENERATED.md) was validated when written: skip
        # re-validating its IRIs and literals while loading, which saves a third of the time
        trusted = (path.parent / "GENERATED.md").is_file()
        try:
            store.bulk_load(path=str(path), format=fmt, lenient=trusted)
        except SyntaxError as err:
            raise file_syntax_error(err, path) from None
    return store


def add_input_options(p) -> None:
    p.add_argument("--input", "-i", action="append", metavar="FILE",
                   help="RDF file(s) to read (.trig, .nq, .ttl, .nt); default: the built output/cdkg.nq")


def add_filter_options(p) -> None:
    f = p.add_argument_group("filters (several values: comma-separated, any of them)")
    f.add_argument("--function", help="memberships emphasising this function (fn: slug or label)")
    f.add_argument("--network-function", help="memberships of networks providing this function")
    f.add_argument("--network", help="memberships of these networks")
    f.add_argument("--theme", help="partnerships with this theme")
    f.add_argument("--kind", help="partnerships of this kind (twinning, strategic-sector-cooperation, ...)")
    f.add_argument("--country", help="cities in these countries (slug, label or ISO code)")
    f.add_argument("--year", type=int, help="ties running in that year")
    f.add_argument("--since", type=int, help="ties running at some time from that year")
    f.add_argument("--until", type=int, help="ties that began by that year")
    f.add_argument("--include-undated", action="store_true", help="with a time filter, keep ties without years")


def filters_from(args):
    from cdkg.analysis import Filters

    return Filters(function=args.function, network_function=args.network_function, network=args.network,
                   theme=args.theme, kind=args.kind, country=args.country, year=args.year,
                   since=args.since, until=args.until, include_undated=args.include_undated)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    from cdkg.views._files import write_text

    write_text(path, data)
