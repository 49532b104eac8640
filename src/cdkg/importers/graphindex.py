"""What the curated graph already knows about places and networks, for entity resolution.

Imports resolve against the curated graph (and the reviewed merges and crosswalk files) only,
never against the files of earlier imports: a row's place is then decided by its own evidence,
whatever was imported before it, so the same inputs give the same IRIs in any order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from cdkg.core.namespaces import CDKG, GN, ORG, WD
from cdkg.importers.names import key
from cdkg.load import file_syntax_error

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABELS = {RDFS_LABEL, SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel"}
NETWORK_CLASSES = {str(CDKG.CityNetwork), str(CDKG.RegionalCooperation), str(ORG.FormalOrganization)}
FORMATS = {".trig": pyoxigraph.RdfFormat.TRIG, ".ttl": pyoxigraph.RdfFormat.TURTLE,
           ".nq": pyoxigraph.RdfFormat.N_QUADS, ".nt": pyoxigraph.RdfFormat.N_TRIPLES}


@dataclass
class GraphIndex:
    """The curated graph's cities (ids, labels, countries, governments), networks and concepts."""

    by_geonames: dict[int, str] = field(default_factory=dict)
    by_wikidata: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    country_of: dict[str, str] = field(default_factory=dict)
    gov_of: dict[str, str] = field(default_factory=dict)
    networks: dict[str, str] = field(default_factory=dict)
    network_labels: dict[str, str] = field(default_factory=dict)
    cities: set[str] = field(default_factory=set)
    geonames_of: dict[str, int] = field(default_factory=dict)
    wikidata_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    curated: set[str] = field(default_factory=set)
    concepts: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    schemes: dict[str, str] = field(default_factory=dict)
    label_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_files(cls, paths) -> "GraphIndex":
        """Read cities (``cdkg:City``), networks and SKOS concepts from TriG/Turtle/N-Quads files."""
        index = cls()
        index._read(paths)
        return index

    def _read(self, paths) -> None:
        types, labels, codes, in_country, governs, gn, wd, schemes = (defaultdict(set) for _ in range(8))
        en_label: dict[str, set[str]] = defaultdict(set)
        c = str(CDKG)
        for path in paths:
            path = Path(path)
            if path.suffix not in FORMATS:
                continue
            try:
                for q in pyoxigraph.parse(path=str(path), format=FORMATS[path.suffix]):
                    s, p, o = q.subject, q.predicate.value, q.object
                    if not isinstance(s, pyoxigraph.NamedNode):
                        continue
                    s = s.value
                    if p == RDF_TYPE:
                        types[s].add(o.value)
                    elif p in LABELS:
                        labels[s].add(o.value)
                        if getattr(o, "language", None) == "en" and p == RDFS_LABEL:
                            en_label[s].add(o.value)
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
                    elif p == SKOS + "inScheme":
                        schemes[s].add(o.value)
                    elif p == OWL_SAMEAS and isinstance(o, pyoxigraph.NamedNode):
                        if o.value.startswith(str(GN)):
                            tail = o.value[len(str(GN)):].strip("/").split("/")[0]
                            if tail.isdigit():
                                gn[s].add(int(tail))
                        elif o.value.startswith(str(WD)):
                            wd[s].add(o.value[len(str(WD)):])
            except SyntaxError as err:
                raise file_syntax_error(err, path) from None
        for s in sorted(types):
            ts = types[s]
            if en_label.get(s):
                self.label_of[s] = sorted(en_label[s])[0]
            if str(CDKG.City) in ts:
                self._city(s, labels, codes, in_country, governs, gn, wd)
            if SKOS + "Concept" in ts and "/id/" in s:
                kind, _, slug = s.split("/id/", 1)[1].partition("/")
                table = self.concepts[kind]
                table.setdefault(slug, s)
                for label in sorted(labels.get(s, ())):
                    table.setdefault(key(label), s)
                if schemes.get(s):
                    self.schemes.setdefault(kind, sorted(schemes[s])[0])
            if ts & NETWORK_CLASSES:
                self.curated.add(s)
                for label in sorted(labels.get(s, ())):
                    self.networks.setdefault(key(label), s)
                self.network_labels[s] = self.label_of.get(s) or sorted(labels.get(s, {""}))[0]

    def _city(self, s, labels, codes, in_country, governs, gn, wd) -> None:
        self.cities.add(s)
        self.curated.add(s)
        found = sorted(codes.get(s, ()))
        if not found:
            found = sorted(code for country in in_country.get(s, ()) for code in codes.get(country, ()))
        if found:
            self.country_of[s] = found[0]
        for g in sorted(gn.get(s, ())):
            self.by_geonames.setdefault(g, s)
            self.geonames_of.setdefault(s, g)
        for q in sorted(wd.get(s, ())):
            self.by_wikidata.setdefault(q, s)
            self.wikidata_of[s].add(q)
        for label in labels.get(s, ()):
            self.by_name[key(label)].add(s)
        govs = sorted(governs.get(s, ()))
        if govs:
            self.gov_of[s] = govs[0]
