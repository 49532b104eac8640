"""Live import from a Wikidata SPARQL endpoint through SPARQLWrapper.

Two questions are asked: the P190 ("twinned administrative body") claims of named cities,
and the P463 ("member of") claims that point to named networks, with the start (P580) and
end (P582) qualifiers of each membership. For each city the endpoint also gives its English
label, GeoNames id (P1566), country code (P17/P297) and coordinates (P625), which entity
resolution uses. Each claim becomes one provenance graph whose ``cdkg:sourceItem`` is the
Wikidata item and whose ``dcterms:source`` is the endpoint URL.

Reference: Vrandečić & Krötzsch, "Wikidata: a free collaborative knowledgebase",
Communications of the ACM 57(10), 2014; the query shapes follow the Wikidata RDF dump format
(https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format).
"""

from __future__ import annotations

import re
import socket
import urllib.error

from cdkg.core.errors import CdkgError
from cdkg.importers.model import CityRef
from cdkg.importers.memberships import network_node
from cdkg.importers.partnerships import pair_triples
from cdkg.importers.session import ImportSession, progress
from cdkg.importers.tables import parse_qid

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

_CITY = """OPTIONAL {{ {v} rdfs:label {v}Label FILTER(lang({v}Label) = "en") }}
  OPTIONAL {{ {v} wdt:P1566 {v}Gn }}
  OPTIONAL {{ {v} wdt:P17/wdt:P297 {v}Cc }}
  OPTIONAL {{ {v} wdt:P625 {v}Coord }}"""

TWINS = PREFIXES + """SELECT ?city ?cityLabel ?cityGn ?cityCc ?cityCoord ?twin ?twinLabel ?twinGn ?twinCc ?twinCoord WHERE {{
  VALUES ?city {{ {values} }}
  ?city wdt:P190 ?twin .
  {city}
  {twin}
}} ORDER BY ?city ?twin"""

MEMBERS = PREFIXES + """SELECT ?net ?netLabel ?member ?memberLabel ?memberGn ?memberCc ?memberCoord ?start ?end WHERE {{
  VALUES ?net {{ {values} }}
  ?member p:P463 ?st . ?st ps:P463 ?net .
  OPTIONAL {{ ?st pq:P580 ?start }}
  OPTIONAL {{ ?st pq:P582 ?end }}
  OPTIONAL {{ ?net rdfs:label ?netLabel FILTER(lang(?netLabel) = "en") }}
  {member}
}} ORDER BY ?net ?member"""


def twins_query(qids: list[str]) -> str:
    """The SPARQL query for the P190 twins of ``qids``.

    Examples
    --------
    >>> "wd:Q25319" in twins_query(["Q25319"]) and "wdt:P190" in twins_query(["Q1"])
    True
    """
    values = " ".join(f"wd:{parse_qid(q)}" for q in qids)
    return TWINS.format(values=values, city=_CITY.format(v="?city"), twin=_CITY.format(v="?twin"))


def members_query(qids: list[str]) -> str:
    """The SPARQL query for the P463 members of the networks ``qids``."""
    values = " ".join(f"wd:{parse_qid(q)}" for q in qids)
    return MEMBERS.format(values=values, member=_CITY.format(v="?member"))


def _point(text: str | None) -> tuple[float | None, float | None]:
    """Latitude and longitude from a WKT ``Point(lon lat)``.

    Examples
    --------
    >>> _point("Point(10.21 56.15)")
    (56.15, 10.21)
    """
    match = re.search(r"Point\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", text or "")
    return (float(match[2]), float(match[1])) if match else (None, None)


def _year(text: str | None) -> int | None:
    match = re.match(r"^\+?(\d{4})", text or "")
    return int(match[1]) if match else None


def select(endpoint: str, query: str, timeout: float = 60) -> list[dict[str, str]]:
    """Run a SELECT query; rows as ``{variable: value}``.

    Raises
    ------
    CdkgError
        When the endpoint cannot be reached, times out or rejects the query.
    """
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, SPARQLWrapperException

    client = SPARQLWrapper(endpoint, agent="cdkg-import/0.1 (https://w3id.org/cdkg)")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    client.setMethod("POST")
    try:
        result = client.queryAndConvert()
    except urllib.error.HTTPError as err:
        raise CdkgError(f"SPARQL endpoint {endpoint} answered HTTP {err.code} {err.reason}") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as err:
        reason = getattr(err, "reason", err)
        raise CdkgError(f"cannot reach SPARQL endpoint {endpoint}: {reason}") from None
    except EndPointNotFound:
        raise CdkgError(f"no SPARQL endpoint at {endpoint} (HTTP 404 Not Found); check the URL") from None
    except SPARQLWrapperException as err:
        raise CdkgError(f"SPARQL endpoint {endpoint} rejected the query: {str(err).splitlines()[0]}") from None
    if not isinstance(result, dict) or "results" not in result:
        raise CdkgError(f"SPARQL endpoint {endpoint} did not return SPARQL JSON results")
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def _ref(row: dict[str, str], var: str) -> CityRef:
    lat, lon = _point(row.get(var + "Coord"))
    gn = row.get(var + "Gn", "")
    return CityRef(name=row.get(var + "Label", ""), country=(row.get(var + "Cc") or "").upper(),
                   geonames_id=int(gn) if gn.isdigit() else None,
                   wikidata_id=row[var].rsplit("/", 1)[-1], lat=lat, lon=lon,
                   lang="en" if row.get(var + "Label") else "")


def import_wikidata(endpoint: str, session: ImportSession, twins_of=(), networks=(), timeout: float = 60) -> None:
    """Fetch P190 twins of the cities ``twins_of`` and P463 members of the networks
    ``networks`` (Wikidata ids) from ``endpoint`` into ``session``."""
    s = session
    rows: list[tuple[str, dict]] = []
    if twins_of:
        rows += [("twin", r) for r in select(endpoint, twins_query(list(twins_of)), timeout)]
    if networks:
        rows += [("member", r) for r in select(endpoint, members_query(list(networks)), timeout)]
    s.report.rows += len(rows)
    seen: set[tuple[str, str]] = set()
    resolved: dict[str, object] = {}

    def resolve(item: str, ref: CityRef):
        if ref.wikidata_id not in resolved:
            resolved[ref.wikidata_id] = s.resolve(item, ref)
        return resolved[ref.wikidata_id]

    with progress(f"importing from {endpoint}", len(rows)) as advance:
        for kind, row in rows:
            advance()
            if kind == "twin":
                a, b = _ref(row, "city"), _ref(row, "twin")
                key = (a.wikidata_id, b.wikidata_id)
                if key in seen:  # several labels or ids of one claim
                    continue
                seen.add(key)
                item = f"{a.wikidata_id}-P190-{b.wikidata_id}"
                ma, mb = resolve(item, a), resolve(item, b)
                if ma is None or mb is None or ma.city == mb.city:
                    continue
                s.record(item, pair_triples(s, ma, mb))
                s.report.counts["P190 claims"] += 1
            else:
                net_q = row["net"].rsplit("/", 1)[-1]
                m_ref = _ref(row, "member")
                key = (m_ref.wikidata_id, net_q)
                if key in seen:
                    continue
                seen.add(key)
                item = f"{m_ref.wikidata_id}-P463-{net_q}"
                match = resolve(item, m_ref)
                if match is None:
                    continue
                network = network_node(s, 0, row.get("netLabel") or net_q)
                triples = s.city(match) + s.in_country(match)
                n = s.iri(network)
                if network not in s.declared and network not in s.resolver.index.curated:
                    s.declared.add(network)
                    triples += [(n, "a", "cdkg:CityNetwork"), (n, "rdfs:label", s.lit(row.get("netLabel") or net_q)),
                                (n, "cdkg:wikidataId", s.lit(net_q)), (n, "owl:sameAs", f"wd:{net_q}")]
                m = s.iri(f"{s.base}id/membership/{match.city.rsplit('/', 1)[-1]}--{network.rsplit('/', 1)[-1]}")
                triples += [(m, "a", "org:Membership"), (m, "org:member", s.iri(match.gov)), (m, "org:organization", n)]
                start, end = _year(row.get("start")), _year(row.get("end"))
                if start:
                    triples.append((m, "cdkg:startYear", s.lit(start, "gYear")))
                if end:
                    triples.append((m, "cdkg:endYear", s.lit(end, "gYear")))
                s.record(item, triples)
                s.report.counts["P463 memberships"] += 1
