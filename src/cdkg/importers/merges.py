"""Reviewed identity decisions: the merges file and the network crosswalk.

**The merges file** (``graph/crosswalk/merges.csv``) is where a researcher writes down, once, a
decision the resolver could not or must not make alone; every import applies it, and every
build applies its IRI-to-IRI decisions to the included files::

    decision,left,right,note
    same,city:boston-gb-2655138,wikidata:Q311975,Boston in Lincolnshire (GeoNames 2655138) is Q311975
    same,city:wien-q1741,city:vienna-at-2761369,the German label of Vienna's item
    different,wikidata:Q28001,geonames:2792413,Leck (Schleswig-Holstein) is not Liège

A term is an IRI (``city:...`` or a full IRI), ``geonames:<id>`` or ``wikidata:<QID>``. For
``same``, the **left** term is kept: a row naming the right one resolves to the left one (an id
on the right gets the left's IRI; a Wikidata id on the right of a ``geonames:`` left takes that
GeoNames id). ``different`` forbids the resolver to join the two, whatever names say.

**The network crosswalk** (``graph/crosswalk/networks.csv``) maps networks as other sources
name them to the curated graph's networks; every row says why (the names on both sides)::

    source,key,network,why
    etmun,00120,network:eurocities,"ETMUN 'EUROCITIES' (code 00120) is the curated Eurocities"
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from cdkg.core.errors import InputError, Location
from cdkg.core.namespaces import DEFAULT_BASE, RESOURCE_KINDS
from cdkg.importers.names import key

DECISIONS = ("same", "different")


def term(text: str, base: str = DEFAULT_BASE) -> str:
    """The canonical form of a merges-file term: a full IRI, ``geonames:N`` or ``wikidata:Q``.

    Examples
    --------
    >>> term("city:aarhus"), term("Wikidata:q1748"), term("geonames:2624652")
    ('https://w3id.org/cdkg/id/city/aarhus', 'wikidata:Q1748', 'geonames:2624652')
    """
    text = text.strip()
    prefix, _, local = text.partition(":")
    low = prefix.lower()
    if low == "wikidata" and local.upper().startswith("Q") and local[1:].isdigit():
        return "wikidata:" + local.upper()
    if low == "geonames" and local.isdigit():
        return "geonames:" + str(int(local))
    if prefix in RESOURCE_KINDS and local and not local.startswith("//"):
        return f"{base}id/{RESOURCE_KINDS[prefix]}/{local}"
    if low in ("http", "https"):
        return text
    raise ValueError(f"not an IRI, geonames:ID or wikidata:QID: {text!r}")


@dataclass
class Merges:
    """The decisions of a merges file."""

    same: dict[str, str] = field(default_factory=dict)  # right -> left (kept)
    different: set[frozenset] = field(default_factory=set)
    path: Path | None = None

    def canonical(self, t: str) -> str:
        """Follow ``same`` decisions to the kept term (chains are followed; no cycles)."""
        seen = {t}
        while t in self.same and self.same[t] not in seen:
            t = self.same[t]
            seen.add(t)
        return t

    def apart(self, left: set[str], right: set[str]) -> bool:
        """Whether a ``different`` decision separates any term of ``left`` from one of ``right``."""
        return any(frozenset((a, b)) in self.different for a in left for b in right if a != b)

    def renames(self) -> dict[str, str]:
        """IRI -> kept IRI for the ``same`` decisions between two IRIs (applied by the build)."""
        out = {}
        for right in sorted(self.same):
            left = self.canonical(right)
            if right.startswith("http") and left.startswith("http") and left != right:
                out[right] = left
        return out


def read_merges(path: Path | str | None, base: str = DEFAULT_BASE) -> Merges:
    """Read a merges file (an absent file is no decisions).

    Raises
    ------
    InputError
        Naming the line of a bad decision or term.
    """
    merges = Merges(path=Path(path) if path else None)
    if path is None or not Path(path).is_file():
        return merges
    for line, row in _rows(path, ("decision", "left", "right")):
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            raise InputError(f"decision must be 'same' or 'different', not {row.get('decision')!r}", Location(path, line))
        try:
            left, right = term(row["left"] or "", base), term(row["right"] or "", base)
        except ValueError as err:
            raise InputError(str(err), Location(path, line)) from None
        if left == right:
            raise InputError("left and right are the same term", Location(path, line))
        if decision == "same":
            if merges.canonical(left) == right:
                raise InputError(f"this decision makes a cycle with an earlier one ({right} -> {left})", Location(path, line))
            merges.same[right] = left
        else:
            merges.different.add(frozenset((left, right)))
    for pair in merges.different:
        a, b = sorted(pair)
        if merges.canonical(a) == merges.canonical(b):
            raise InputError(f"{a} and {b} are decided both 'same' and 'different'", Location(path))
    return merges


def _rows(path, required):
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)} (columns: {', '.join(required)}, ...)", Location(path, 1))
        for row in reader:
            if any((v or "").strip() for v in row.values()) and not (row.get(required[0]) or "").startswith("#"):
                yield reader.line_num, row


@dataclass
class Crosswalk:
    """Reviewed mappings of networks named by a source to curated networks."""

    by_key: dict[tuple[str, str], str] = field(default_factory=dict)

    def find(self, source: str, *keys: str) -> str | None:
        """The curated network of a code or name of ``source`` (or of any source, ``*``)."""
        for k in keys:
            if not k:
                continue
            for src in (source, "*"):
                hit = self.by_key.get((src, key(k)))
                if hit:
                    return hit
        return None


def read_crosswalk(path: Path | str | None, base: str = DEFAULT_BASE) -> Crosswalk:
    """Read a network crosswalk (``source,key,network,why``; ``why`` must be given)."""
    walk = Crosswalk()
    if path is None or not Path(path).is_file():
        return walk
    for line, row in _rows(path, ("source", "key", "network", "why")):
        if not (row.get("why") or "").strip():
            raise InputError("every crosswalk row needs a 'why' (the names on both sides)", Location(path, line))
        try:
            target = term(row["network"] or "", base)
        except ValueError as err:
            raise InputError(str(err), Location(path, line)) from None
        walk.by_key[(row["source"].strip().lower() or "*", key(row["key"] or ""))] = target
    return walk
