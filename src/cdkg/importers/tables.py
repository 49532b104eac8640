"""Read CSV/TSV tables with a column mapping, and parse their values with located errors.

A mapping says which column of the user's table holds which field the importer knows
(``city=Full_Name``). It comes from the command line (``--map city=Full_Name``), from a small
TOML file (``--mapping etmun.toml`` with a ``[columns]`` table), or from a preset; a field or a
column that does not exist is named in the error, with the closest spellings.
"""

from __future__ import annotations

import csv
import io
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cdkg.core.errors import InputError, Location

csv.field_size_limit(1 << 24)


@dataclass
class Row:
    """One record of a table: its line in the file (header is line 1 for a one-line header),
    and its values by column name."""

    line: int
    values: dict[str, str]


def parse_map_args(items: list[str] | None, origin: str = "--map") -> dict[str, str]:
    """Read ``FIELD=COLUMN`` pairs.

    Examples
    --------
    >>> parse_map_args(["city=Full_Name", "country = CountryCode"])
    {'city': 'Full_Name', 'country': 'CountryCode'}
    """
    mapping = {}
    for item in items or []:
        if "=" not in item:
            raise InputError(f"{origin} {item!r}: expected FIELD=COLUMN")
        field, column = item.split("=", 1)
        mapping[field.strip()] = column.strip()
    return mapping


def load_mapping_file(path: Path | str) -> dict[str, str]:
    """Read a TOML mapping file: a ``[columns]`` table of ``field = "Column"`` (or the pairs at
    top level)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("mapping file not found", Location(path)) from None
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+), column (\d+)", str(err))
        loc = Location(path, int(match[1]), int(match[2])) if match else Location(path)
        raise InputError(f"bad TOML: {err}", loc) from None
    table = data.get("columns", data)
    bad = [k for k, v in table.items() if not isinstance(v, str)]
    if bad:
        raise InputError(f"mapping values must be column names (strings): {', '.join(bad)}", Location(path))
    return dict(table)


def _closest(word: str, choices) -> str:
    near = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""


def check_mapping(mapping: dict[str, str], header: list[str], fields: dict[str, str],
                  required: tuple[str, ...], source: Path | str, origin: str = "mapping") -> None:
    """Check that every field is known, every column is in the header, and required fields
    are mapped.

    Raises
    ------
    InputError
        Naming the unknown field or column (and the table's columns).

    Examples
    --------
    >>> check_mapping({"city": "Nme"}, ["Name"], {"city": "..."}, ("city",), "t.csv")
    Traceback (most recent call last):
    ...
    cdkg.core.errors.InputError: t.csv:1: mapping: column 'Nme' (for field city) is not in the table; did you mean 'Name'? (columns: Name)
    """
    for field, column in mapping.items():
        if field not in fields:
            raise InputError(f"{origin}: unknown field {field!r}{_closest(field, fields)} (fields: {', '.join(fields)})")
        if column not in header:
            raise InputError(
                f"{origin}: column {column!r} (for field {field}) is not in the table{_closest(column, header)}"
                f" (columns: {', '.join(header)})", Location(source, 1))
    missing = [f for f in required if f not in mapping]
    if missing:
        raise InputError(f"{origin}: no column given for required field(s) {', '.join(missing)} "
                         f"(use --map FIELD=COLUMN)", Location(source, 1))


def default_mapping(header: list[str], fields: dict[str, str]) -> dict[str, str]:
    """Map fields to columns of the same name (case and spacing ignored).

    Examples
    --------
    >>> default_mapping(["City", "Country code", "x"], {"city": "", "country_code": ""})
    {'city': 'City', 'country_code': 'Country code'}
    """
    norm = {re.sub(r"[\s_-]+", "_", h.strip().lower()): h for h in header}
    return {f: norm[f] for f in fields if f in norm}


def read_table(path: Path | str, delimiter: str | None = None) -> tuple[list[str], list[Row]]:
    """Read a CSV (or TSV, by suffix) file with a header line into rows.

    Raises
    ------
    InputError
        If the file is missing, not UTF-8, empty, or has duplicate column names.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", Location(path))
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:  # a \r inside a quoted cell stays one
            text = handle.read()
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {err.start}); save the table as UTF-8 CSV", Location(path, line)) from None
    # lines end at \n, \r\n or \r only: str.splitlines would also split a cell at U+0085,
    # U+2028, U+2029, \v or \f, which are text inside a cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("empty table (no header line)", Location(path, 1)) from None
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    if dupes:
        raise InputError(f"duplicate column name(s): {', '.join(dupes)}", Location(path, 1))
    rows = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                values = dict(zip(header, record))
                if len(record) != len(header):
                    values["\0width"] = str(len(record))
                rows.append(Row(start, values))
            start = reader.line_num + 1
    except csv.Error as err:
        raise InputError(f"malformed CSV: {err}", Location(path, reader.line_num)) from None
    return header, rows


# --- value parsers: each returns the parsed value or raises ValueError with the reason ---

def parse_int(text: str) -> int:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"\d+", text):
        raise ValueError("not a whole number")
    return int(text)


def parse_year(text: str) -> int:
    """A four-digit year, or the year of an ISO date.

    Examples
    --------
    >>> parse_year("1984"), parse_year("2013-05-01"), parse_year("2011.0")
    (1984, 2013, 2011)
    """
    text = text.strip()
    match = re.fullmatch(r"(\d{4})(?:\.0|-\d{2}(?:-\d{2})?)?", text)
    if not match:
        raise ValueError("not a year (YYYY or YYYY-MM-DD)")
    return int(match[1])


def parse_coordinate(text: str, limit: float) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError("not a number") from None
    if not -limit <= value <= limit:
        raise ValueError(f"out of range -{limit:g}..{limit:g}")
    return value


def parse_qid(text: str) -> str:
    """A Wikidata id, from ``Q42`` or an entity IRI.

    Examples
    --------
    >>> parse_qid("http://www.wikidata.org/entity/Q1748")
    'Q1748'
    """
    match = re.fullmatch(r"(?:https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q\d+)", text.strip())
    if not match:
        raise ValueError("not a Wikidata id (Q123)")
    return match[1]


def parse_country(text: str) -> str:
    """An ISO 3166-1 alpha-2 code (upper-cased); country names are looked up by the resolver."""
    text = text.strip()
    if not re.fullmatch(r"[A-Za-z]{2}", text):
        raise ValueError("not a two-letter country code")
    return text.upper()


def split_list(text: str) -> list[str]:
    """Split a multi-valued cell on ``;`` or ``|``.

    Examples
    --------
    >>> split_list("culture; climate |  ")
    ['culture', 'climate']
    """
    return [part.strip() for part in re.split(r"[;|]", text) if part.strip()]
