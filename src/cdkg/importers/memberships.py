"""Import membership tables (one membership of a city in a network per row) and network tables.

Each row becomes an ``org:Membership`` of the city's local government (``gov:``, which
``cdkg:governs`` the ``city:``) in a ``cdkg:CityNetwork``, with ``org:role`` where the stated
role maps onto the roles scheme (the text itself is kept as ``cdkg:statedRole``), the period
as ``cdkg:startYear``/``cdkg:endYear``, and ``cdkg:emphasisesFunction`` for the functions
named. The membership IRI is ``membership:<city slug>--<network slug>``, so a city listed twice
in a network, or a table imported twice, gives one node.
"""

from __future__ import annotations

import re
from pathlib import Path

from cdkg.importers.countries import countries
from cdkg.importers.model import Problem, fold, slugify
from cdkg.importers.rows import CITY_FIELDS, Cells
from cdkg.importers.session import ImportSession, progress
from cdkg.importers.tables import check_mapping, read_table

MEMBERSHIP_FIELDS = dict(CITY_FIELDS) | {
    "member_type": "kind of member (City, Municipality, Region...); rows whose kind is not a city are reported, not imported",
    "network": "name of the network",
    "network_acronym": "acronym of the network",
    "network_code": "the network's code in a networks table given with --networks",
    "role": "role or status of the member (member, full member, associate member, partner...)",
    "start": "year the membership began (YYYY or a date)",
    "end": "year the membership ended",
    "functions": "network functions the member stresses (slugs or labels, separated by ;)",
    "source": "where the row's information comes from (a citation, a URL)",
}
MEMBERSHIP_REQUIRED = ("city", "network")

NETWORK_FIELDS = {
    "name": "the network's name",
    "acronym": "its acronym or short name",
    "code": "its code (joins membership rows by network_code)",
    "founded": "founding year",
    "url": "home page",
    "functions": "functions the network provides (slugs or labels, separated by ;)",
    "source": "where the row's information comes from",
}
NETWORK_REQUIRED = ("name",)

#: Presets for published tables: the ETMUN data set (see ../shared/datasets/README.md).
PRESETS = {
    "etmun": {
        "city": "Locality_Siege", "country": "CountryCode", "geonames_id": "geonameId",
        "lat": "lat", "lon": "lon", "member_type": "EntitySimplified", "network": "Network_Name",
        "network_code": "Code_Network", "role": "Statut", "start": "Year_of_Joining",
    },
    "etmun-networks": {"name": "Name", "acronym": "Acronym", "code": "Code", "founded": "Founded", "url": "Url"},
}

CITY_TYPES = frozenset({"", "city", "municipality", "town", "local government", "municipal authority", "commune"})

ROLES = {
    "member": "member", "members": "member", "effective member": "member",
    "full member": "full-member", "associate member": "associate-member",
    "associated member": "associate-member", "partner": "partner", "partners": "partner",
    "associated partner": "partner",
}


def network_row(row, cells: Cells, s: ImportSession, found: dict[str, str], part: str = "", source: str = "") -> None:
    """Import one row of a network table (see :func:`import_networks`)."""
    name = cells.required("name")
    acronym, code = cells.text("acronym"), cells.text("code")
    founded, url = cells.year("founded"), cells.text("url")
    functions, triples = _concepts(cells, s, row, "functions", "function")
    if cells.bad:
        return
    acronym = acronym.split("/")[0].strip() if acronym else ""
    iri = network_node(s, row.line, name, acronym, code, source)
    n = s.iri(iri)
    if iri not in s.resolver.index.curated and iri not in s.declared:
        triples += [(n, "a", "cdkg:CityNetwork"), (n, "rdfs:label", s.lit(name))]
        if acronym and fold(acronym) != fold(name):
            triples.append((n, "skos:altLabel", s.lit(acronym)))
    if code:
        triples.append((n, "dcterms:identifier", s.lit(code)))
        found["code:" + code] = iri
    if founded:
        triples.append((n, "cdkg:foundingYear", s.lit(founded, "gYear")))
    if url:
        if re.match(r"^www\.", url):
            url = "http://" + url
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"]+$", url):
            triples.append((n, "foaf:homepage", s.iri(url)))
        else:
            s.report.problem(row.line, cells.mapping.get("url", "url"), url, "not a URL (http://...); home page left out",
                             source=source)
    triples += [(n, "cdkg:providesFunction", s.iri(i)) for i in functions]
    if cells.text("source"):
        triples.append((n, "dcterms:source", s.lit(cells.text("source"))))
    s.declared.add(iri)
    s.record(row.line, triples, part=part, source=source, content=row.values)
    s.report.counts["networks"] += 1


def network_node(s: ImportSession, line: int, name: str, acronym: str = "", code: str = "", source: str = "") -> str:
    """The network a row names (crosswalk, curated, or new); a new one gets ``did you mean``
    suggestions among the curated networks in the report, never a merge."""
    iri, how = s.resolver.network(name, acronym, code, s.crosswalk_source)
    s.report.counts[f"networks: {how}"] += 0 if iri in s.networks_seen else 1
    if how == "new" and iri not in s.networks_seen:
        from rapidfuzz import fuzz, process

        labels = s.resolver.index.network_labels
        choices = sorted(labels.items())
        hits = process.extract(name, [label for _, label in choices], scorer=fuzz.WRatio, limit=2, score_cutoff=86)
        if hits:
            near = " or ".join(f"{choices[i][0].rsplit('/', 1)[-1]} ({label!r}, similarity {score:.0f})" for label, score, i in hits)
            s.report.suggestions.append(Problem(source or s.report.source, line, "network", name,
                                                f"new network; did you mean {near}? (add it to graph/crosswalk/networks.csv)"))
    s.networks_seen.add(iri)
    return iri


def _concepts(cells: Cells, s: ImportSession, row, field: str, kind: str) -> tuple[list[str], list]:
    """The concepts a list cell names, and the declarations of those new to the vocabulary."""
    out, triples = [], []
    for value in cells.list(field):
        iri, declared = s.concept(kind, value, row.line, cells.mapping.get(field, field))
        out.append(iri)
        triples += declared
    return out, triples


def import_networks(path: Path | str, mapping: dict[str, str], session: ImportSession,
                    strict: bool = False) -> dict[str, str]:
    """Import a network table; return a map from ``code:<network code>`` to the network IRI."""
    header, rows = read_table(path)
    check_mapping(mapping, header, NETWORK_FIELDS, NETWORK_REQUIRED, path, "network mapping")
    found: dict[str, str] = {}
    session.report.rows += len(rows)
    path = Path(path)
    for row in rows:
        cells = Cells(row, mapping, session.report, strict, source=path.name)
        network_row(row, cells, session, found, part=slugify(path.stem), source=path.name)
    return found


def membership_row(row, cells: Cells, s: ImportSession, networks: dict[str, str],
                   city_types=CITY_TYPES) -> None:
    """Import one membership row (see :func:`import_memberships`)."""
    cells.required("city")
    network_name = cells.required("network")
    ref = cells.city(names=countries().code)
    start, end = cells.period("start", "end")
    role_text = cells.text("role")
    functions, concept_triples = _concepts(cells, s, row, "functions", "function")
    if start and end and end < start:
        cells.unknown("end", str(end), f"ends before it starts ({start})")
    if cells.bad:
        return
    member_type = cells.text("member_type")
    if fold(member_type) not in city_types:
        s.report.unmatched_city(row.line, ref, f"member type {member_type!r} is not a city; not imported")
        return
    match = s.resolve(row.line, ref)
    if match is None:
        return
    code = cells.text("network_code")
    network = networks.get("code:" + code) if code else None
    triples = s.city(match) + s.in_country(match) + concept_triples
    if network is None:
        network = network_node(s, row.line, network_name, cells.text("network_acronym"), code)
        if network not in s.declared and network not in s.resolver.index.curated:
            s.declared.add(network)
            n = s.iri(network)
            triples += [(n, "a", "cdkg:CityNetwork"), (n, "rdfs:label", s.lit(network_name))]
    m_iri = f"{s.base}id/membership/{match.city.rsplit('/', 1)[-1]}--{network.rsplit('/', 1)[-1]}"
    m = s.iri(m_iri)
    triples += [(m, "a", "org:Membership"), (m, "org:member", s.iri(match.gov)),
                (m, "org:organization", s.iri(network))]
    if role_text:
        role = ROLES.get(fold(role_text))
        if role:
            triples.append((m, "org:role", f"role:{role}"))
        elif fold(role_text) not in s.noted_roles:
            s.noted_roles.add(fold(role_text))
            s.report.vocabulary.append(Problem(s.report.source, row.line, cells.mapping.get("role", "role"), role_text,
                                               "not in the roles scheme: kept as cdkg:statedRole only"))
        triples.append((m, "cdkg:statedRole", s.lit(role_text)))
    if start:
        triples.append((m, "cdkg:startYear", s.lit(start, "gYear")))
    if end:
        triples.append((m, "cdkg:endYear", s.lit(end, "gYear")))
    triples += [(m, "cdkg:emphasisesFunction", s.iri(i)) for i in functions]
    if cells.text("source"):
        triples.append((m, "dcterms:source", s.lit(cells.text("source"))))
    s.record(row.line, triples, content=row.values)
    s.report.counts["memberships"] += 1


def import_memberships(path: Path | str, mapping: dict[str, str], session: ImportSession,
                       strict: bool = False, networks: dict[str, str] | None = None,
                       city_types=CITY_TYPES) -> None:
    """Import a membership table into ``session`` (see the module docstring)."""
    header, rows = read_table(path)
    check_mapping(mapping, header, MEMBERSHIP_FIELDS, MEMBERSHIP_REQUIRED, path, "membership mapping")
    session.report.rows += len(rows)
    with progress(f"importing {Path(path).name}", len(rows)) as advance:
        for row in rows:
            advance()
            membership_row(row, Cells(row, mapping, session.report, strict), session, networks or {}, city_types)
