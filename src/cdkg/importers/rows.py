"""Typed access to the mapped cells of one row, recording bad values with file, row and column."""

from __future__ import annotations

import re

from cdkg.importers.model import CityRef, ImportReport
from cdkg.importers.tables import (
    Row, parse_coordinate, parse_country, parse_int, parse_qid, parse_year, split_list,
)


class Cells:
    """The mapped fields of a row. Parsing failures are recorded in the report (or raised with
    ``strict``) and set :attr:`bad`, so the caller skips the row and goes on.

    Examples
    --------
    >>> from cdkg.importers.tables import Row
    >>> rep = ImportReport("t.csv")
    >>> c = Cells(Row(3, {"Y": "19x4"}), {"start": "Y"}, rep)
    >>> c.year("start") is None, c.bad, str(rep.problems[0])
    (True, True, "t.csv: row 3, column Y: not a year (YYYY or YYYY-MM-DD) ('19x4')")
    """

    def __init__(self, row: Row, mapping: dict[str, str], report: ImportReport, strict: bool = False,
                 source: str = ""):
        self.row = row
        self.source = source
        self.mapping = mapping
        self.report = report
        self.strict = strict
        self.bad = False
        width = row.values.get("\0width")
        if width is not None:
            self._fail("", width, "the row has a different number of fields than the header")

    def _fail(self, column: str, value, reason: str) -> None:
        self.bad = True
        self.report.problem(self.row.line, column, value, reason, strict=self.strict, line=self.row.line,
                            source=self.source)

    def text(self, field: str) -> str:
        column = self.mapping.get(field)
        return (self.row.values.get(column) or "").strip() if column else ""

    def required(self, field: str) -> str:
        value = self.text(field)
        if not value:
            self._fail(self.mapping.get(field, field), "", f"missing value for {field}")
        return value

    def _parse(self, field: str, parser):
        value = self.text(field)
        if not value:
            return None
        try:
            return parser(value)
        except ValueError as err:
            self._fail(self.mapping[field], value, str(err))
            return None

    def int(self, field: str):
        return self._parse(field, parse_int)

    def year(self, field: str):
        return self._parse(field, parse_year)

    def period(self, start: str, end: str) -> tuple[int | None, int | None]:
        """Start and end years; a start cell holding a span (``2008-2012 ...``) gives both.

        Examples
        --------
        >>> from cdkg.importers.tables import Row
        >>> Cells(Row(2, {"S": "2008-2012 - CIVITAS PLUS"}), {"start": "S"}, ImportReport("t")).period("start", "end")
        (2008, 2012)
        """
        span = re.match(r"^\s*(\d{4})\s*[-\u2013/]\s*(\d{4})(?!\d)", self.text(start))
        if span and not self.text(end):
            first, last = int(span[1]), int(span[2])
            return first, last
        return self.year(start), self.year(end)

    def qid(self, field: str):
        return self._parse(field, parse_qid)

    def country(self, field: str, names=None):
        """A country code; with ``names`` (a function), English names are accepted too."""
        value = self.text(field)
        if not value:
            return ""
        code = names(value) if names else None
        if code:
            return code
        try:
            return parse_country(value)
        except ValueError as err:
            self._fail(self.mapping[field], value, str(err))
            return ""

    def coordinate(self, field: str, limit: float):
        return self._parse(field, lambda v: parse_coordinate(v, limit))

    def list(self, field: str) -> list[str]:
        return split_list(self.text(field))

    def city(self, suffix: str = "", names=None) -> CityRef:
        """The city fields ``city``, ``country``, ``geonames_id``, ``wikidata_id``, ``lat``,
        ``lon`` (each with ``suffix``, e.g. ``_b``)."""
        lat = self.coordinate("lat" + suffix, 90)
        lon = self.coordinate("lon" + suffix, 180)
        admin1 = ""
        if names is not None:
            from cdkg.importers.countries import countries

            region = countries().region(self.text("country" + suffix))
            admin1 = region.admin1 if region else ""
        return CityRef(
            name=self.text("city" + suffix),
            country=self.country("country" + suffix, names),
            geonames_id=self.int("geonames_id" + suffix),
            wikidata_id=self.qid("wikidata_id" + suffix) or "",
            lat=lat, lon=lon, admin1=admin1)

    def unknown(self, field: str, value: str, reason: str) -> None:
        """Record a value that parses but means nothing known (e.g. an unknown theme)."""
        self._fail(self.mapping.get(field, field), value, reason)


CITY_FIELDS = {
    "city": "name of the city",
    "country": "ISO 3166-1 alpha-2 code or English name of its country",
    "geonames_id": "GeoNames id of the city",
    "wikidata_id": "Wikidata id of the city (Q...)",
    "lat": "latitude (WGS 84, decimal degrees)",
    "lon": "longitude (WGS 84, decimal degrees)",
}


def pair_fields(suffixes=("_a", "_b")) -> dict[str, str]:
    """City fields for each side of a pair."""
    return {f"{k}{s}": f"{v} ({s[1:].upper()})" for s in suffixes for k, v in CITY_FIELDS.items()}
