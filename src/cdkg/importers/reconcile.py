"""Find duplicate candidates in a built (or imported) graph: the checks of ``cdkg reconcile``.

A place should have one IRI and an IRI one place. Reading the city facts of RDF files
(``cdkg:City`` nodes with their GeoNames ids, Wikidata ids, country codes, coordinates and
labels), :func:`audit` lists

- ``shared-geonames-id``: two or more city IRIs carrying one GeoNames id (a split);
- ``two-countries``: a city with more than one country code (a merge of namesakes, usually);
- ``far-coordinates``: a city whose coordinates are more than ``limit_km`` apart (a merge);
- ``qids-far-apart``: a city carrying Wikidata ids of places more than ``limit_km`` apart,
  each item placed by the coordinates of the city it was imported with;
- ``nearby-namesakes``: two city IRIs with the same folded name, in the same country (or one
  without a country), within ``limit_km`` of each other (a split: review them and write the
  decision to the merges file);
- ``same-place-pair``: a partnership whose partners govern one city.

Reference: Christen, *Data Matching* (Springer, 2012), ch. 7 (evaluating matches: the pairs a
reviewer should look at).
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from cdkg.core.encode import safe_cell
from cdkg.core.namespaces import CDKG
from cdkg.importers.model import fold

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
FORMATS = {".trig": pyoxigraph.RdfFormat.TRIG, ".nq": pyoxigraph.RdfFormat.N_QUADS,
           ".ttl": pyoxigraph.RdfFormat.TURTLE, ".nt": pyoxigraph.RdfFormat.N_TRIPLES}
LIMIT_KM = 50.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius 6371 km).

    Examples
    --------
    >>> round(km(55.676, 12.566, 56.157, 10.211))  # Copenhagen - Aarhus
    156
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class CityFacts:
    """What the graph says about one city IRI."""

    labels: set[str] = field(default_factory=set)
    geonames: set[int] = field(default_factory=set)
    wikidata: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    lat: set[float] = field(default_factory=set)
    lon: set[float] = field(default_factory=set)

    def points(self) -> list[tuple[float, float]]:
        """Coordinate pairs (when a city has several, every combination: a merged city)."""
        return sorted((a, b) for a in self.lat for b in self.lon)


@dataclass
class Finding:
    """One duplicate candidate: its kind, the IRIs involved and why."""

    kind: str
    iris: tuple[str, ...]
    detail: str


def read_cities(paths) -> tuple[dict[str, CityFacts], dict[str, set[str]], dict[str, set[str]]]:
    """The city facts of RDF files, the partners of each partnership node, and which city each
    local government governs."""
    cities: dict[str, CityFacts] = defaultdict(CityFacts)
    is_city: set[str] = set()
    partners: dict[str, set[str]] = defaultdict(set)
    governs: dict[str, set[str]] = defaultdict(set)
    c = str(CDKG)
    for path in paths:
        path = Path(path)
        if path.suffix not in FORMATS:
            continue
        for q in pyoxigraph.parse(path=str(path), format=FORMATS[path.suffix]):
            s, p, o = q.subject, q.predicate.value, q.object
            if not isinstance(s, pyoxigraph.NamedNode):
                continue
            s = s.value
            if p == RDF_TYPE:
                if o.value == c + "City":
                    is_city.add(s)
            elif p == RDFS_LABEL:
                cities[s].labels.add(o.value)
            elif p == c + "geonamesId":
                cities[s].geonames.add(int(o.value))
            elif p == c + "wikidataId":
                cities[s].wikidata.add(o.value)
            elif p == c + "countryCode":
                cities[s].countries.add(o.value.upper())
            elif p == WGS + "lat":
                cities[s].lat.add(float(o.value))
            elif p == WGS + "long":
                cities[s].lon.add(float(o.value))
            elif p == c + "partner":
                partners[s].add(o.value)
            elif p == c + "governs":
                governs[s].add(o.value)
    return {s: cities[s] for s in sorted(is_city)}, partners, governs


def spread(points: list[tuple[float, float]]) -> float:
    """The largest distance between two of ``points`` (0 for fewer than two)."""
    best = 0.0
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            best = max(best, km(*a, *b))
    return best


def audit(paths, limit_km: float = LIMIT_KM) -> list[Finding]:
    """The duplicate candidates of the graph in ``paths`` (see the module docstring), in a
    stable order."""
    cities, partners, governs = read_cities(paths)
    found: list[Finding] = []
    by_gn: dict[int, list[str]] = defaultdict(list)
    for iri, f in cities.items():
        for g in f.geonames:
            by_gn[g].append(iri)
    for g, iris in sorted(by_gn.items()):
        if len(iris) > 1:
            found.append(Finding("shared-geonames-id", tuple(sorted(iris)), f"GeoNames {g}"))
    for iri, f in cities.items():
        if len(f.countries) > 1:
            found.append(Finding("two-countries", (iri,), ", ".join(sorted(f.countries))))
        far = spread(f.points())
        if far > limit_km:
            found.append(Finding("far-coordinates", (iri,), f"{far:.0f} km apart"))
            if len(f.wikidata) > 1:
                found.append(Finding("qids-far-apart", (iri,), f"{', '.join(sorted(f.wikidata))}: {far:.0f} km apart"))
    found += _namesakes(cities, limit_km)
    city_of = {gov: sorted(cs)[0] for gov, cs in governs.items() if cs}
    for node, govs in sorted(partners.items()):
        places = {city_of.get(g, g) for g in govs}
        if len(govs) > 1 and len(places) == 1:
            found.append(Finding("same-place-pair", (node,), f"both partners govern {next(iter(places))}"))
    return found


def _namesakes(cities: dict[str, CityFacts], limit_km: float) -> list[Finding]:
    by_name: dict[str, list[str]] = defaultdict(list)
    for iri, f in cities.items():
        for key in sorted({fold(label) for label in f.labels if fold(label)}):
            by_name[key].append(iri)
    out, seen = [], set()
    for key, iris in sorted(by_name.items()):
        for i, a in enumerate(iris):
            for b in iris[i + 1:]:
                fa, fb = cities[a], cities[b]
                if (a, b) in seen or (fa.countries and fb.countries and not fa.countries & fb.countries):
                    continue
                if fa.geonames and fb.geonames and not fa.geonames & fb.geonames:
                    continue  # two GeoNames places of one name: namesakes, not duplicates
                pa, pb = fa.points(), fb.points()
                if pa and pb:
                    d = min(km(*x, *y) for x in pa for y in pb)
                    if d > limit_km:
                        continue
                    why = f"{key!r}, {d:.0f} km apart"
                else:
                    why = f"{key!r}, one without coordinates"
                seen.add((a, b))
                out.append(Finding("nearby-namesakes", (a, b), why))
    return out


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each kind (every kind listed, zeros included)."""
    kinds = ("shared-geonames-id", "two-countries", "far-coordinates", "qids-far-apart",
             "nearby-namesakes", "same-place-pair")
    out = {k: 0 for k in kinds}
    for f in findings:
        out[f.kind] = out.get(f.kind, 0) + (len(f.iris) if f.kind == "shared-geonames-id" else 1)
    return out


def findings_csv(findings: list[Finding]) -> str:
    """The findings as CSV text (``kind,iris,detail``; IRIs separated by spaces).

    Examples
    --------
    >>> print(findings_csv([Finding("two-countries", ("x",), "DE, FR")]).strip())
    kind,iris,detail
    two-countries,x,"DE, FR"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kind", "iris", "detail"])
    for f in findings:
        writer.writerow([safe_cell(v) for v in (f.kind, " ".join(f.iris), f.detail)])
    return buffer.getvalue()
