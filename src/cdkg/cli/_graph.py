"""Shared by ``cdkg analyze`` and ``cdkg view``: reading the built graph, the filter options,
and writing files atomically."""

from __future__ import annotations

from cdkg.load import file_syntax_error

from pathlib import Path

from cdkg.core.errors import CdkgError, InputError, Location
from cdkg.core.settings import Settings

_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS", ".ttl": "TURTLE", ".nt": "N_TRIPLES"}


def _input_paths(inputs: list[str] | None, settings: Settings) -> list[Path]:
    paths = [Path(p) for p in inputs or []]
    if not paths:
        built = Path(settings.output) / "cdkg.nq"
        if not built.is_file():
            raise CdkgError(f"no built graph at {built}: run `cdkg build` first, or pass --input FILE")
        paths = [built]
    for path in paths:
        if path.suffix not in _FORMATS:
            raise InputError(f"unknown RDF file type {path.suffix!r} (use .trig, .nq, .ttl or .nt)", Location(path))
        if not path.is_file():
            raise InputError("file not found", Location(path))
    return paths


def load_facts(inputs: list[str] | None, settings: Settings | None = None):
    """The analysis facts of the given files, or of the built graph, read by streaming (no
    store: the built graph's inferred triples, most of a large graph, are passed over)."""
    from cdkg.analysis import read_facts

    paths = _input_paths(inputs, settings or Settings())
    # the output of `cdkg build` (marked GENERATED.md) was validated when written
    trusted = all((p.parent / "GENERATED.md").is_file() for p in paths)
    try:
        return read_facts(paths, lenient=trusted)
    except SyntaxError as err:
        raise file_syntax_error(err, err.filename or paths[0]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read: {err}", Location(paths[0])) from None


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
    f.add_argument("--include-undated", action="store_true", help="with a time filter (or --panel), keep ties without years")
    f.add_argument("--continent", help="cities in countries of these continents (GeoNames codes EU, AS, AF, NA, SA, OC, AN, or names)")
    f.add_argument("--admin1", help="cities in these GeoNames first-level divisions (CC.code, e.g. DK.17), by their GeoNames id")
    f.add_argument("--kinds", help="node kinds kept: city (default), municipality, region, metropolitan-area, "
                   "local-government, person, organisation, or all")
    f.add_argument("--max-network-size", type=int, help="leave out networks with more members than this")
    f.add_argument("--exclude-network", help="leave out these networks (slug, label or IRI)")
    f.add_argument("--max-ties", type=int, default=2_000_000,
                   help="the most co-membership ties built in memory (default 2,000,000; 0: no limit); more "
                        "stop with their count and the ways to fewer")
    f.add_argument("--scope", choices=["induced", "whole"], default="induced",
                   help="induced (default): measure the subgraph the place filters keep; whole: measure the whole "
                        "graph, then report the rows they keep")


def max_ties(args) -> int | None:
    """``--max-ties`` as :func:`cdkg.analysis.project` takes it (None: no limit)."""
    value = getattr(args, "max_ties", 2_000_000)
    if value is not None and value < 0:
        raise InputError(f"--max-ties {value}: give a number of ties, 0 (no limit) or more")
    return value or None


def filters_from(args):
    from cdkg.analysis import Filters

    return Filters(function=args.function, network_function=args.network_function, network=args.network,
                   theme=args.theme, kind=args.kind, country=args.country, year=args.year,
                   since=args.since, until=args.until, include_undated=args.include_undated,
                   continent=getattr(args, "continent", None), admin1=getattr(args, "admin1", None),
                   kinds=getattr(args, "kinds", None), max_network_size=getattr(args, "max_network_size", None),
                   exclude_network=getattr(args, "exclude_network", None), scope=getattr(args, "scope", "induced"))


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    from cdkg.views._files import write_text

    write_text(path, data)
