"""Weigh the evidence of a name against GeoNames: which place, if any, a record's name,
qualifiers, country and coordinates point to (the name rules of :mod:`cdkg.importers.resolve`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdkg.importers.countries import Region
from cdkg.importers.gazetteer import Place
from cdkg.importers.model import CityRef
from cdkg.importers.names import ParsedName
from cdkg.importers.reconcile import km

if TYPE_CHECKING:  # pragma: no cover
    from cdkg.importers.resolve import Resolver


#: a qualifier read as "near this place" must name a place of at least this many people
ANCHOR_POPULATION = 15000


def _where(places: list[Place], n: int = 4) -> str:
    return ", ".join(f"{p.name} ({p.country}, {p.id})" for p in sorted(places, key=lambda p: (-p.population, p.id))[:n])


def _regions(r: "Resolver", qualifier: str) -> list[Region]:
    """What a qualifier can mean: a country (or UK constituent country), a US state."""
    out = []
    for found in (r.countries.region(qualifier), r.countries.state(qualifier)):
        if found is not None and found not in out:
            out.append(found)
    return out


def _qualify(r: "Resolver", parsed: ParsedName, cands: list[Place]) -> tuple[list[Place], str]:
    """Keep the candidates its qualifiers agree with; an error text when a qualifier cannot be
    read (then the name alone does not decide)."""
    for q in parsed.qualifiers:
        regions = _regions(r, q)
        if regions:
            cands = [p for p in cands if any(p.country == g.country and (not g.admin1 or p.admin1 == g.admin1) for g in regions)]
            continue
        anchors = [a for a in r.gazetteer.named(q) if a.population >= ANCHOR_POPULATION]
        ids = {a.id for a in anchors}
        # "District (City)": the base must name a place near the city, not the city itself
        near = [p for p in cands if p.id not in ids and any(
            a.country == p.country and km(a.lat, a.lon, p.lat, p.lon) <= _limit() for a in anchors)]
        if not near:
            return [], f"qualifier {q!r} is neither a country, a UK country, a US state nor a place nearby"
        cands = near
    return cands, ""


def _limit() -> float:
    from cdkg.importers.resolve import LIMIT_KM

    return LIMIT_KM


def find_place(r: "Resolver", parsed: ParsedName, ref: CityRef, namesake: bool) -> tuple[Place | None, str]:
    """The GeoNames place of a name with its evidence, or None and why."""
    from cdkg.importers.resolve import DOMINANCE

    gaz = r.gazetteer
    limit = _limit()
    has_point = ref.lat is not None and ref.lon is not None
    last = f"no GeoNames place named {parsed.full!r}" + (f" in {ref.country}" if ref.country else "")
    for form in parsed.forms():
        qualified = form != parsed.full and bool(parsed.qualifiers)
        prim = [p for p in gaz.primary(form) if gaz.large_enough(p)]
        alt = [p for p in gaz.alternate(form) if gaz.large_enough(p)]
        qualifier_error = ""
        if qualified:
            prim, err1 = _qualify(r, parsed, prim)
            alt, err2 = _qualify(r, parsed, alt)
            qualifier_error = err1 or err2
        country = ref.country
        if qualified and not country:
            countries = {g.country for q in parsed.qualifiers for g in _regions(r, q)}
            country = next(iter(countries)) if len(countries) == 1 else ""
        if country:
            prim = [p for p in prim if p.country == country and (not ref.admin1 or p.admin1 == ref.admin1)]
            alt = [p for p in alt if p.country == country and (not ref.admin1 or p.admin1 == ref.admin1)]
        if not prim and not alt:
            if qualifier_error and (gaz.primary(form) or gaz.alternate(form)):
                last = qualifier_error + "; give coordinates or a GeoNames id"
            continue
        if has_point:
            scored = sorted((km(ref.lat, ref.lon, p.lat, p.lon), not is_prim, p.id, p)
                            for is_prim, group in ((True, prim), (False, alt)) for p in group)
            near = [s for s in scored if s[0] <= limit]
            if not near:
                d, _, _, p = scored[0]
                last = (f"GeoNames' {p.name} ({p.country}, {p.id}) is {d:.0f} km from the record's coordinates "
                        f"(limit {limit:.0f} km)")
                continue
            near.sort(key=lambda s: (s[1], s[0], s[2]))  # own names before alternate names, then nearest
            d, alternate, _, p = near[0]
            via = "alternate name" if alternate else "name"
            return p, f"{via} + coordinates ({d:.0f} km)" + (" + country" if country else "")
        if not prim and not country:
            everywhere = gaz.primary(form) + gaz.alternate(form)
            if len(alt) != 1 or len(everywhere) != 1 or namesake:
                return None, f"only an alternate name of {_where(alt)}; give a country or coordinates"
            return alt[0], "alternate name (the only GeoNames place with that name, no namesake of its own name)"
        cands, via = (prim, "name") if prim else (alt, "alternate name")
        if namesake and not country:
            return None, f"ambiguous name: another record of the source has the same name ({_where(cands)})"
        if len(cands) == 1 and not country and prim:
            # the only place of that name, but the name may be a much larger place's other name
            # ("Breslau": a town in Ontario and Wrocław's German name): kept, and flagged for review
            rivals = [p for p in alt if p.id != cands[0].id and p.population >= DOMINANCE * max(cands[0].population, 1)]
            if rivals:
                top = max(rivals, key=lambda p: (p.population, -p.id))
                return cands[0], (f"{via} (the only GeoNames place of that name); check: {parsed.full!r} is also a "
                                  f"name of {_where(rivals, 2)}, {top.population // max(cands[0].population, 1)}x "
                                  f"larger than {cands[0].name} ({cands[0].country}, {cands[0].id}): record which "
                                  "in the merges file")
        if len(cands) == 1:
            return cands[0], f"{via} + country" if country else f"{via} (the only GeoNames place of that name)"
        ranked = sorted(cands, key=lambda p: (-p.population, p.id))
        if country and ranked[0].population >= DOMINANCE * max(ranked[1].population, 1):
            return ranked[0], (f"{via}{' + country' if country else ''}: the largest of {len(cands)} namesakes "
                               f"({DOMINANCE}x the next)")
        exact = [p for p in cands if p.name.casefold() == form.casefold()]
        if country and len(exact) == 1:
            return exact[0], f"{via} + country: the only one of {len(cands)} namesakes spelt exactly so"
        return None, f"ambiguous name: {len(cands)} GeoNames places match ({_where(cands)})"
    return None, last
