"""Import partnerships between two cities: generic pair tables and Wikidata P190 claims.

A pair becomes one n-ary node (``cdkg:Twinning`` unless a kind says otherwise) with the two
local governments as ``cdkg:partner``. Its IRI is made from the two city slugs in sorted order
(``partnership:<a>--<b>``, plus ``--<kind>`` for kinds other than twinning), so the two
directions of a claim, or the same pair in two rows, give one node; each row's graph still
records the pair, so every source stays cited.
"""

from __future__ import annotations

from pathlib import Path

from cdkg.core.errors import InputError, Location
from cdkg.importers.countries import countries
from cdkg.importers.model import CityRef, Problem, fold, slugify
from cdkg.importers.rows import Cells, pair_fields
from cdkg.importers.session import ImportSession, progress
from cdkg.importers.tables import check_mapping, parse_qid, read_table

PAIR_FIELDS = pair_fields() | {
    "kind": "kind of partnership: twinning (default), city-to-city cooperation, strategic sector cooperation, study exchange, project consortium",
    "themes": "themes of the partnership (slugs or labels, separated by ;)",
    "start": "year the partnership began (YYYY or a date)",
    "end": "year it ended",
    "source": "where the row's information comes from",
}
PAIR_REQUIRED = ("city_a", "city_b")

KINDS = {
    "": "Twinning", "twinning": "Twinning", "twin": "Twinning", "twin city": "Twinning",
    "twin cities": "Twinning", "sister city": "Twinning", "sister cities": "Twinning",
    "friendship": "Twinning", "friendship city": "Twinning", "partner city": "Twinning",
    "city to city cooperation": "CityToCityCooperation", "city cooperation": "CityToCityCooperation",
    "strategic sector cooperation": "StrategicSectorCooperation", "sector cooperation": "StrategicSectorCooperation",
    "study exchange": "StudyExchange", "study and inspiration exchange": "StudyExchange",
    "project consortium": "ProjectConsortium", "project": "ProjectConsortium", "partnership": "Partnership",
}


def partnership_iri(s: ImportSession, city_a: str, city_b: str, kind: str = "Twinning") -> str:
    """One IRI per unordered pair (and kind).

    Examples
    --------
    >>> class S: base = "https://w3id.org/cdkg/id/".rsplit("id/", 1)[0]
    >>> partnership_iri(S, "x/city/oslo", "x/city/aarhus")
    'https://w3id.org/cdkg/id/partnership/aarhus--oslo'
    """
    a, b = sorted((city_a.rsplit("/", 1)[-1], city_b.rsplit("/", 1)[-1]))
    suffix = "" if kind == "Twinning" else "--" + slugify(kind.replace("Cooperation", " cooperation"))
    return f"{s.base}id/partnership/{a}--{b}{suffix}"


def pair_triples(s: ImportSession, a, b, kind: str = "Twinning", themes=(), start=None, end=None,
                 source: str = "", stated_kind: str = "") -> list[tuple[str, str, str]]:
    """The triples of a partnership between two matched cities (declarations included)."""
    triples = s.city(a) + s.in_country(a) + s.city(b) + s.in_country(b)
    p = s.iri(partnership_iri(s, a.city, b.city, kind))
    triples += [(p, "a", f"cdkg:{kind}"), (p, "cdkg:partner", s.iri(a.gov)), (p, "cdkg:partner", s.iri(b.gov))]
    if stated_kind:
        triples.append((p, "dcterms:type", s.lit(stated_kind)))
    triples += [(p, "cdkg:theme", s.iri(t)) for t in themes]
    if start:
        triples.append((p, "cdkg:startYear", s.lit(start, "gYear")))
    if end:
        triples.append((p, "cdkg:endYear", s.lit(end, "gYear")))
    if source:
        triples.append((p, "dcterms:source", s.lit(source)))
    return triples


def pair_row(row, cells: Cells, s: ImportSession) -> None:
    """Import one row of a pair table."""
    names = countries().code
    cells.required("city_a")
    cells.required("city_b")
    a_ref, b_ref = cells.city("_a", names), cells.city("_b", names)
    kind_text = cells.text("kind")
    kind, stated = KINDS.get(fold(kind_text)), ""
    if kind is None:
        kind, stated = "Partnership", kind_text
        s.report.vocabulary.append(Problem(s.report.source, row.line, cells.mapping.get("kind", "kind"), kind_text,
                                           "not a known kind of partnership (known: " + ", ".join(sorted(k for k in KINDS if k))
                                           + "): imported as a cdkg:Partnership, the text kept as dcterms:type"))
    themes, declared = [], []
    for value in cells.list("themes"):
        iri, triples = s.concept("theme", value, row.line, cells.mapping.get("themes", "themes"))
        themes.append(iri)
        declared += triples
    start, end = cells.period("start", "end")
    if cells.bad:
        return
    a = s.resolve(row.line, a_ref)
    b = s.resolve(row.line, b_ref)
    if a is None or b is None:
        return
    if a.city == b.city:
        s.report.skip(row.line, f"{a_ref.describe()} / {b_ref.describe()}",
                      f"both sides are the same place ({a.city.rsplit('/', 1)[-1]}); not imported")
        return
    s.record(row.line, declared + pair_triples(s, a, b, kind, themes, start, end, cells.text("source"), stated),
             content=row.values)
    s.report.counts["partnerships"] += 1


def import_pairs(path: Path | str, mapping: dict[str, str], session: ImportSession, strict: bool = False) -> None:
    """Import a table of city pairs (names, countries, optional ids and coordinates)."""
    header, rows = read_table(path)
    check_mapping(mapping, header, PAIR_FIELDS, PAIR_REQUIRED, path, "pair mapping")
    session.report.rows += len(rows)
    with progress(f"importing {Path(path).name}", len(rows)) as advance:
        for row in rows:
            advance()
            pair_row(row, Cells(row, mapping, session.report, strict), session)


def read_names(path: Path | str | None) -> dict[str, str]:
    """Labels of Wikidata items from a ``QID<TAB>label`` file."""
    if path is None:
        return {}
    path = Path(path)
    if not path.is_file():
        raise InputError("names file not found", Location(path))
    names = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            qid, _, label = line.partition("\t")
            names[qid.strip()] = label.strip()
    return names


def import_p190(path: Path | str, session: ImportSession, names_path: Path | str | None = None,
                strict: bool = False) -> None:
    """Import Wikidata P190 ("twinned administrative body") claims from a ``QID<TAB>QID``
    file, with item labels from a ``QID<TAB>label`` file (as in ``wikidata-twins/``).

    Each item is resolved once, by its own evidence (its id, its label): a label that two
    items of the names file share is never enough to place either. A claim stated both ways is
    one twinning; every claim that gives no new twinning gets a report line saying why (the
    same pair stated again, both ends one place, an end that could not be placed).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", Location(path))
    names = read_names(names_path)
    label_count: dict[str, int] = {}
    for label in names.values():
        label_count[fold(label)] = label_count.get(fold(label), 0) + 1
    s = session
    cache: dict[str, object] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    s.report.rows += len(lines)
    pairs: dict[tuple[str, str], tuple[int, str]] = {}

    first_line: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        for value in line.split("\t")[:2]:
            value = value.strip()
            if value.startswith("Q") and value[1:].isdigit():
                first_line.setdefault(value, n)
    # two items whose names lead to one GeoNames place are not joined on names alone
    by_place: dict[str, list[str]] = {}
    for qid in sorted(first_line, key=lambda q: int(q[1:])):
        label = names.get(qid, "")
        m, _ = s.resolver.resolve(CityRef(name=label, wikidata_id=qid), label_count.get(fold(label), 0) > 1)
        if m is not None and m.how == "matched-by-name":
            by_place.setdefault(m.city, []).append(qid)
    apart = {q: qs for qs in by_place.values() if len(qs) > 1 for q in qs}

    def resolve(line: int, qid: str):
        if qid not in cache:
            label = names.get(qid, "")
            others = [q for q in apart.get(qid, ()) if q != qid]
            cache[qid] = s.resolve(line, CityRef(name=label, wikidata_id=qid), namesake=label_count.get(fold(label), 0) > 1,
                                   names_ok=not others)
            if others and cache[qid] is not None:
                s.report.conflicts.append(Problem(s.report.source, line, "", f"{label}, {qid}",
                                                  f"its name and that of {', '.join(others)} lead to one GeoNames place: "
                                                  "each keeps its own node (decide in the merges file)"))
        return cache[qid]

    with progress(f"importing {path.name}", len(lines)) as advance:
        for n, line in enumerate(lines, 1):
            advance()
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            bad = False
            qids = []
            for col, value in enumerate(parts[:2], 1):
                try:
                    qids.append(parse_qid(value))
                except ValueError as err:
                    s.report.problem(n, f"column {col}", value, str(err), strict=strict, line=n)
                    bad = True
            if len(parts) != 2:
                s.report.problem(n, "", line, f"expected 2 tab-separated Wikidata ids, found {len(parts)} fields", strict=strict, line=n)
                bad = True
            if bad:
                continue
            claim = "\t".join(qids)
            a, b = resolve(n, qids[0]), resolve(n, qids[1])
            if a is None or b is None:
                missing = " and ".join(q for q, m in zip(qids, (a, b)) if m is None)
                s.report.skip(n, claim, f"{missing} could not be placed (see its unmatched line)")
                continue
            if a.city == b.city:
                s.report.skip(n, claim, f"both ends are one place ({a.city.rsplit('/', 1)[-1]}): {a.reason}; {b.reason}")
                continue
            key = tuple(sorted((a.city, b.city)))
            pair = "-".join(sorted(qids, key=lambda q: int(q[1:])))
            first = pairs.setdefault(key, (n, pair))
            if first[1] != pair:
                s.report.skip(n, claim, f"the same twinning as row {first[0]} ({first[1]}): its ends resolve to the same places")
            s.record(n, pair_triples(s, a, b), content=qids)
            s.report.counts["P190 claims"] += 1
