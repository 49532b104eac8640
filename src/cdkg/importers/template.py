"""The CSV template researchers fill in: cities, networks, memberships and partnerships in one
sheet, one record per row, the ``record`` column saying which.

============  =====================================================================
record        fields used
============  =====================================================================
city          city, country, geonames_id, wikidata_id, lat, lon
network       network, network_acronym, start (founding year), functions (provided)
membership    city (+ ids), network, role, start, end, functions (stressed)
partnership   city (+ ids), partner_city (+ partner ids), kind, themes, start, end
============  =====================================================================

Every row may give ``source`` (a citation or URL) and ``note`` (ignored). Lists are separated
by ``;``. ``cdkg import --template FILE`` writes the empty template.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cdkg.core.errors import InputError, Location
from cdkg.importers.countries import countries
from cdkg.importers.memberships import membership_row, network_row
from cdkg.importers.model import atomic_write_text
from cdkg.importers.partnerships import pair_row
from cdkg.importers.rows import Cells
from cdkg.importers.session import ImportSession, progress
from cdkg.importers.tables import read_table

COLUMNS = [
    "record", "city", "country", "geonames_id", "wikidata_id", "lat", "lon",
    "network", "network_acronym", "role", "start", "end", "functions",
    "partner_city", "partner_country", "partner_geonames_id", "partner_wikidata_id", "partner_lat", "partner_lon",
    "kind", "themes", "source", "note",
]

EXAMPLE = [
    {"record": "city", "city": "Aarhus", "country": "DK", "geonames_id": "2624652", "source": "GeoNames"},
    {"record": "network", "network": "Union of Baltic Cities", "network_acronym": "UBC", "start": "1991",
     "functions": "knowledge-sharing", "source": "https://www.ubc.net/"},
    {"record": "membership", "city": "Aarhus", "country": "DK", "network": "Union of Baltic Cities",
     "role": "member", "start": "1991", "functions": "knowledge-sharing", "source": "annual report 2019, p. 4"},
    {"record": "partnership", "city": "Aarhus", "country": "DK", "partner_city": "Harbin",
     "partner_country": "CN", "kind": "twinning", "themes": "culture; climate",
     "start": "1984", "source": "city council minutes 1984-05-02"},
]

_CITY = {"city": "city", "country": "country", "geonames_id": "geonames_id", "wikidata_id": "wikidata_id",
         "lat": "lat", "lon": "lon"}
MAPPINGS = {
    "city": dict(_CITY, source="source"),
    "network": {"name": "network", "acronym": "network_acronym", "founded": "start", "functions": "functions",
                "source": "source"},
    "membership": dict(_CITY, network="network", network_acronym="network_acronym", role="role", start="start",
                       end="end", functions="functions", source="source"),
    "partnership": {**{f"{k}_a": v for k, v in _CITY.items()},
                    **{f"{k}_b": f"partner_{v}" for k, v in _CITY.items()},
                    "city_b": "partner_city", "kind": "kind", "themes": "themes", "start": "start", "end": "end",
                    "source": "source"},
}


def template_text(example: bool = False) -> str:
    """The template as CSV text: the header, and with ``example`` four filled-in rows.

    Examples
    --------
    >>> template_text().split(",")[:3]
    ['record', 'city', 'country']
    >>> len(template_text(example=True).strip().splitlines())
    5
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    if example:
        writer.writerows(EXAMPLE)
    return buffer.getvalue()


def write_template(path: Path | str, example: bool = False) -> Path:
    """Write the (empty or example) template to ``path``; refuses to overwrite a file."""
    path = Path(path)
    if path.exists():
        raise InputError("file exists; not overwriting it (remove it or name another file)", Location(path))
    atomic_write_text(path, template_text(example))
    return path


def import_template(path: Path | str, session: ImportSession, strict: bool = False) -> None:
    """Import a filled-in template."""
    header, rows = read_table(path)
    missing = [c for c in ("record", "city") if c not in header]
    if missing:
        raise InputError(f"not a cdkg template: no column(s) {', '.join(missing)} "
                         f"(write one with `cdkg import --template FILE`)", Location(path, 1))
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise InputError(f"unknown column(s) {', '.join(unknown)} (template columns: {', '.join(COLUMNS)})",
                         Location(path, 1))
    s = session
    s.report.rows += len(rows)
    networks: dict[str, str] = {}
    with progress(f"importing {Path(path).name}", len(rows)) as advance:
        for row in rows:
            advance()
            record = row.values.get("record", "").strip().lower()
            if record not in MAPPINGS:
                s.report.problem(row.line, "record", record, "record must be one of city, network, membership, partnership",
                                 strict=strict, line=row.line)
                continue
            mapping = {f: c for f, c in MAPPINGS[record].items() if c in header}
            cells = Cells(row, mapping, s.report, strict)
            if record == "network":
                network_row(row, cells, s, networks)
            elif record == "membership":
                membership_row(row, cells, s, networks)
            elif record == "partnership":
                pair_row(row, cells, s)
            else:
                cells.required("city")
                ref = cells.city(names=countries().code)
                if cells.bad:
                    continue
                match = s.resolve(row.line, ref)
                if match is not None:
                    s.record(row.line, s.city(match) + s.in_country(match), content=row.values)
                    s.report.counts["cities"] += 1
