"""The small records importers pass around: a city as a source names it, a problem found in
a row, and the report of an import."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cdkg.core.encode import safe_cell
from cdkg.core.errors import InputError, Location


def fold(text: str) -> str:
    """Lower-case ASCII form of a name, for matching: accents dropped, punctuation to spaces.

    Examples
    --------
    >>> fold("  Saint-Étienne ") , fold("København"), fold("Łódź")
    ('saint etienne', 'kobenhavn', 'lodz')
    """
    text = str(text).replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    text = text.replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^0-9A-Za-z]+", " ", text.lower())
    return text.strip()


def slugify(*parts) -> str:
    """A lower-case, hyphenated ASCII IRI slug from one or more parts (empty parts are
    skipped; other scripts are transliterated, see :func:`cdkg.importers.names.slug`).

    Examples
    --------
    >>> slugify("Aix en Provence", "FR", 3038354)
    'aix-en-provence-fr-3038354'
    >>> slugify("Zürich", None, ""), slugify("Москва")
    ('zurich', 'moskva')
    """
    from cdkg.importers.names import slug

    return slug(*parts)


@dataclass
class CityRef:
    """A city as an imported record names it; any field may be missing."""

    name: str = ""
    country: str = ""
    geonames_id: int | None = None
    wikidata_id: str = ""
    lat: float | None = None
    lon: float | None = None
    alias: str = ""  # the source's own name when the label comes from GeoNames
    lang: str = ""  # the language of ``name`` where the source states it (never guessed)
    admin1: str = ""  # a GeoNames admin-1 code the country column gives (``Wales``: GB, WLS)

    def describe(self) -> str:
        bits = [self.name or "(no name)"]
        if self.country:
            bits.append(self.country)
        if self.geonames_id:
            bits.append(f"GeoNames {self.geonames_id}")
        if self.wikidata_id:
            bits.append(self.wikidata_id)
        return ", ".join(bits)


@dataclass
class Problem:
    """A record that could not be used or a city that could not be matched."""

    source: str
    row: int | str
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        col = f", column {self.column}" if self.column else ""
        return f"{self.source}: row {self.row}{col}: {self.reason}" + (f" ({self.value!r})" if self.value else "")


@dataclass
class ImportReport:
    """What an import did: counts, new nodes, and every problem with its reason."""

    source: str
    output: Path | None = None
    changed: bool = False
    rows: int = 0
    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    unmatched: list[Problem] = field(default_factory=list)
    unverified: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    suggestions: list[Problem] = field(default_factory=list)
    vocabulary: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)

    def problem(self, row, column: str, value, reason: str, strict: bool = False, line: int | None = None,
                source: str = "") -> None:
        """Record a bad value; with ``strict``, raise at once instead."""
        found = Problem(source or self.source, row, column, "" if value is None else str(value), reason)
        if strict:
            where = Location(source or self.source, line if line is not None else (row if isinstance(row, int) else None))
            raise InputError(f"column {column}: {reason}" + (f" ({value!r})" if value else ""), where)
        self.problems.append(found)

    def unmatched_city(self, row, city: CityRef, reason: str) -> None:
        self.unmatched.append(Problem(self.source, row, "", city.describe(), reason))

    def skip(self, row, value: str, reason: str) -> None:
        """A row that was read but not imported, and why (every such row gets a line)."""
        self.skipped.append(Problem(self.source, row, "", value, reason))

    def summary(self) -> str:
        parts = [f"{self.rows} rows read"]
        parts += [f"{n} {what}" for what, n in sorted(self.counts.items())]
        parts.append(f"{len(self.problems)} bad rows/values")
        parts.append(f"{len(self.unmatched)} unmatched")
        for what, items in (("new places not found in GeoNames", self.unverified), ("ids in conflict", self.conflicts),
                            ("did-you-mean suggestions", self.suggestions), ("new vocabulary", self.vocabulary),
                            ("rows skipped", self.skipped)):
            if items:
                parts.append(f"{len(items)} {what}")
        state = "written" if self.changed else "unchanged"
        where = f" -> {self.output} ({state})" if self.output else ""
        return ", ".join(parts) + where

    def write(self, path: Path | str) -> Path:
        """Write the problems and unmatched cities as CSV (atomically)."""
        path = Path(path)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["kind", "source", "row", "column", "value", "reason"])
        for kind, items in (("bad-input", self.problems), ("unmatched", self.unmatched),
                            ("skipped", self.skipped), ("conflict", self.conflicts), ("did-you-mean", self.suggestions),
                            ("vocabulary", self.vocabulary), ("new-not-in-geonames", self.unverified)):
            for p in items:
                writer.writerow([safe_cell(v) for v in (kind, p.source, p.row, p.column, p.value, p.reason)])
        atomic_write_text(path, buffer.getvalue())
        return path


def atomic_write_text(path: Path, text: str) -> None:
    """Write text to a temporary file beside ``path`` and rename it into place (nothing is
    written when the file already holds exactly this text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)
