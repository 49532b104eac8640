"""One import run: where facts go, their provenance records, and the declarations of the new
cities, governments, countries and networks that the facts link.

Every record (a table row or a knowledge-base item) becomes one named graph
``<base>id/import/<name>/row-<hash>`` (a hash of the row's content, so that editing, adding or
removing other rows leaves it as it is) or ``.../item-<QID>...``, whose name is a ``cdkg:Citation``:
``cdkg:sourceDocument`` and ``prov:wasDerivedFrom`` the import (``<base>id/import/<name>``,
a ``cdkg:ImportRecord`` with ``dcterms:source`` and ``cdkg:importedOn``), ``dcterms:source`` the
file name or endpoint URL, and ``cdkg:sourceRow`` or ``cdkg:sourceItem``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from pathlib import Path

from cdkg.core.namespaces import DEFAULT_BASE, WD
from cdkg.core.progress import progress  # noqa: F401  (the importers take it from here)
from cdkg.importers.countries import countries
from cdkg.importers.model import CityRef, ImportReport, Problem, slugify
from cdkg.importers.resolve import Match, Resolver
from cdkg.importers.trig import Terms, TrigWriter

A = "a"


def row_key(values) -> str:
    """A short hash of a row's content (column order and surrounding spaces ignored).

    Examples
    --------
    >>> row_key({"a": "1", "b": " x"}) == row_key({"b": "x", "a": "1"})
    True
    """
    if isinstance(values, dict):
        values = sorted((str(k), str(v).strip()) for k, v in values.items() if not str(k).startswith("\0"))
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


class ImportSession:
    """Write the facts of one import into ``<out_dir>/<name>.trig``.

    Parameters
    ----------
    source : str
        File name or endpoint URL (recorded as ``dcterms:source``).
    name : str
        The import's slug; names the output file and the provenance graphs.
    out_dir : Path
        Folder for the TriG file (``imports/`` by default on the command line).
    resolver : Resolver
        Entity resolution against the graph.
    """

    def __init__(self, source: str, name: str, out_dir: Path | str, resolver: Resolver,
                 base: str = DEFAULT_BASE, title: str = "", today: _dt.date | None = None):
        self.source = source
        self.name = slugify(name)
        self.base = base
        self.t = Terms(base)
        self.resolver = resolver
        self.path = Path(out_dir) / f"{self.name}.trig"
        self.import_iri = f"{base}id/import/{self.name}"
        self.writer = TrigWriter(self.path, base, title=title or f"import of {source}")
        self.report = ImportReport(source, self.path)
        self.today = today or _dt.date.today()
        self.declared: set[str] = set()
        self.new_cities: set[str] = set()
        self.noted: set[str] = set()
        self.matched_cities: set[str] = set()
        self.networks_seen: set[str] = set()
        self._country_terms: dict[str, str | None] = {}
        self.noted_roles: set[str] = set()
        self.crosswalk_source = ""

    # --- terms ---
    def iri(self, value: str) -> str:
        return self.t.iri(value)

    def lit(self, value, datatype: str | None = None, lang: str | None = None) -> str:
        return self.t.lit(value, datatype, lang)

    def cdkg(self, local: str) -> str:
        return f"cdkg:{local}"

    # --- records ---
    def record(self, locator: int | str, triples, part: str = "", source: str = "", content=None) -> None:
        """Write one record's facts in its provenance graph. ``locator`` is a row number
        (int) or an item id such as ``Q1748``; ``content`` (the row's values) names the graph
        of a row; ``part`` and ``source`` name a second input file of the same import (e.g. a
        network table beside a membership table)."""
        prefix = f"{part}-" if part else ""
        if isinstance(locator, int):
            graph = f"{self.import_iri}/{prefix}row-{row_key(content) if content is not None else locator}"
            where = ("cdkg:sourceRow", self.lit(locator, "positiveInteger"))
        else:
            graph = f"{self.import_iri}/{prefix}item-{slugify(locator)}"
            # "Q25319-P190-Q42956" is a claim of item Q25319
            item = locator if locator.startswith("http") else str(WD) + locator.split("-")[0]
            where = ("cdkg:sourceItem", self.iri(item))
        g = self.iri(graph)
        citation = [(g, A, "cdkg:Citation"), (g, "cdkg:sourceDocument", self.iri(self.import_iri)),
                    (g, "prov:wasDerivedFrom", self.iri(self.import_iri)),
                    (g, "dcterms:source", self.lit(source or self.source)), (g, *where)]
        self.writer.graph(g, triples, citation)

    def city(self, match: Match) -> list[tuple[str, str, str]]:
        """The triples declaring a matched city's local government, and the city itself if it
        is new to the graph; each only once per import file."""
        out = []
        city, gov = self.iri(match.city), self.iri(match.gov)
        ref = match.ref
        if match.new and match.city not in self.declared and ref is not None:
            self.declared.add(match.city)
            out.append((city, A, "cdkg:City"))
            if ref.name:
                out.append((city, "rdfs:label", self.lit(ref.name, lang=ref.lang or None)))
            if ref.alias:
                out.append((city, "skos:altLabel", self.lit(ref.alias)))
            if ref.country:
                out.append((city, "cdkg:countryCode", self.lit(ref.country)))
                out += self.country(ref.country)
            if ref.geonames_id:
                out.append((city, "cdkg:geonamesId", self.lit(ref.geonames_id, "integer")))
                out.append((city, "owl:sameAs", f"<https://sws.geonames.org/{ref.geonames_id}/>"))
            if ref.wikidata_id:
                out.append((city, "cdkg:wikidataId", self.lit(ref.wikidata_id)))
                out.append((city, "owl:sameAs", f"wd:{ref.wikidata_id}"))
            if ref.lat is not None and ref.lon is not None:
                out.append((city, "wgs:lat", self.lit(round(ref.lat, 6), "decimal")))
                out.append((city, "wgs:long", self.lit(round(ref.lon, 6), "decimal")))
        ix = self.resolver.index
        if match.new:
            self.new_cities.add(match.city)
        else:
            self.matched_cities.add(match.city)
        curated_gov = match.city in ix.curated and match.city in ix.gov_of
        if match.gov not in self.declared and not curated_gov:
            self.declared.add(match.gov)
            out.append((gov, A, "cdkg:LocalGovernment"))
            out.append((gov, "cdkg:governs", city))
            name = ref.name if ref is not None and ref.name else ix.label_of.get(match.city)
            if name:
                out.append((gov, "rdfs:label", self.lit(f"{name} (local government)", lang="en")))
        return out

    def country(self, code: str) -> list[tuple[str, str, str]]:
        """Declare the country of a code once (``country:<slug of its English name>``)."""
        name = countries().name(code)
        iri = f"{self.base}id/country/{slugify(name or code)}"
        key = "country:" + code
        if key in self.declared:
            return []
        self.declared.add(key)
        c = self.iri(iri)
        out = [(c, A, "cdkg:Country"), (c, "cdkg:countryCode", self.lit(code))]
        if name:
            out.append((c, "rdfs:label", self.lit(name, lang="en")))
        return out

    def in_country(self, match: Match) -> list[tuple[str, str, str]]:
        ref = match.ref
        if not (match.new and ref is not None and ref.country):
            return []
        if ref.country not in self._country_terms:
            name = countries().name(ref.country)
            # not a country code GeoNames knows (ETMUN writes ZZ for "none"): no country link
            self._country_terms[ref.country] = self.iri(f"{self.base}id/country/{slugify(name)}") if name else None
        term = self._country_terms[ref.country]
        return [(self.iri(match.city), "cdkg:inCountry", term)] if term else []

    def resolve(self, row, ref: CityRef, namesake: bool = False, names_ok: bool = True) -> Match | None:
        """Resolve a city, recording in the report why it could not be matched, ids rejected
        as conflicting, near-miss suggestions and new places GeoNames does not know."""
        match, why = self.resolver.resolve(ref, namesake, names_ok)
        if match is None:
            self.report.unmatched_city(row, ref, why)
            return None
        self.report.counts[f"decisions: {match.how}"] += 1
        for conflict in match.conflicts:
            self.report.conflicts.append(Problem(self.report.source, row, "", ref.describe(), conflict))
        if match.suggestions:
            self.report.suggestions.append(Problem(self.report.source, row, "", ref.describe(),
                                                   "new place; did you mean " + " or ".join(match.suggestions) + "?"))
        if match.note and match.city not in self.noted:
            self.noted.add(match.city)
            self.report.unverified.append(Problem(self.report.source, row, "", ref.describe(), match.note))
        return match

    def concept(self, kind: str, value: str, row, column: str) -> tuple[str, list]:
        """The concept of a vocabulary value, and the triples declaring it when the curated
        vocabulary lacks it: a new concept of the same scheme, labelled with the value and
        cited by this row, reported as ``new-concept`` (a row is never dropped for a word)."""
        iri = self.resolver.concept(kind, value)
        if iri is not None:
            return iri, []
        iri = f"{self.base}id/{kind}/{slugify(value)}"
        if iri in self.declared:
            return iri, []
        self.declared.add(iri)
        c = self.iri(iri)
        out = [(c, A, "skos:Concept"), (c, "skos:prefLabel", self.lit(value)),
               (c, "skos:scopeNote", self.lit("imported: not in the curated vocabulary", lang="en")),
               (c, "skos:definition", self.lit(f"The {kind} that imported data names {value!r}; the curated vocabulary "
                                               "has no such concept, so its meaning is the one of the source that "
                                               "uses it.", lang="en"))]
        scheme = self.resolver.index.schemes.get(kind)
        if scheme:
            out.append((c, "skos:inScheme", self.iri(scheme)))
        self.report.counts[f"new {kind} concepts"] += 1
        self.report.vocabulary.append(Problem(self.report.source, row, column, value,
                                              f"not in the curated {kind} vocabulary: kept as the new concept {self.t.iri(iri)}"))
        return iri, out

    def finish(self) -> ImportReport:
        """Close the output file (kept as it was when nothing changed) and return the report."""
        imp = self.iri(self.import_iri)
        footer = [(imp, A, "cdkg:ImportRecord"), (imp, A, "cdkg:Dataset"), (imp, "dcterms:source", self.lit(self.source)),
                  (imp, "cdkg:importedOn", self.lit(self.today.isoformat(), "date"))]
        self.report.changed = self.writer.close(footer)
        self.report.counts["named graphs"] = self.writer.graphs
        self.report.counts["triples"] = self.writer.triples
        self.report.counts["cities matched in the curated graph"] = len(self.matched_cities)
        self.report.counts["cities new to the curated graph"] = len(self.new_cities)
        return self.report

    def abort(self) -> None:
        self.writer.abort()
