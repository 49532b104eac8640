"""Measure the resolver on a hand-written test set: precision and recall of its decisions.

A test set is a CSV with the columns ``name,country,lat,lon,geonames_id`` (the evidence of a
record, any of them empty) and ``expected``: the GeoNames id of the place it names, ``new``
(a place GeoNames' city lists do not have: the resolver must make a new node, not match one) or
``none`` (not enough evidence: the resolver must not decide). Each row is resolved on its own,
against an empty graph, so only the rules and GeoNames decide. Scoring, per row:

- expected an id: the same id is a true positive, another id a false positive, no id a false
  negative (the resolver abstained);
- expected ``new`` or ``none``: any id is a false positive (a merge with the wrong place);
  otherwise a true negative.

Precision is TP / (TP + FP), recall TP / (TP + FN) (Christen, *Data Matching*, Springer 2012,
ch. 7).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from cdkg.importers.countries import countries
from cdkg.importers.gazetteer import gazetteer
from cdkg.importers.graphindex import GraphIndex
from cdkg.importers.model import CityRef
from cdkg.importers.resolve import Resolver
from cdkg.importers.tables import parse_country


@dataclass
class Score:
    """Counts of an evaluation, with the rows that went wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def outcome(resolver: Resolver, row: dict) -> str:
    """What the resolver decides for one test row: a GeoNames id, ``new`` or ``none``."""
    code = countries().code(row["country"]) if row["country"] else ""
    region = countries().region(row["country"]) if row["country"] else None
    if row["country"] and not code:
        code = parse_country(row["country"])
    ref = CityRef(name=row["name"], country=code or "", admin1=region.admin1 if region else "",
                  geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
                  lat=float(row["lat"]) if row["lat"] else None, lon=float(row["lon"]) if row["lon"] else None)
    match, _ = resolver.resolve(ref)
    if match is None:
        return "none"
    if match.ref is not None and match.ref.geonames_id and match.how.startswith("matched"):
        return str(match.ref.geonames_id)
    return "new"


def evaluate(path: Path | str, resolver: Resolver | None = None) -> Score:
    """Score the resolver (default: GeoNames and an empty graph) on the test set at ``path``."""
    resolver = resolver or Resolver(GraphIndex(), gazetteer())
    score = Score()
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            got, want = outcome(resolver, row), row["expected"].strip()
            counts = score.by_category.setdefault(row["category"], [0, 0, 0, 0])
            what = f"line {line}: {row['name']!r} {row['country']}: expected {want}, got {got}"
            if want.isdigit():
                kind = 0 if got == want else (1 if got.isdigit() else 2)
            else:
                kind = 1 if got.isdigit() else 3
            if kind == 1:
                score.wrong.append(what)
            elif kind == 2 or (kind == 3 and got != want):
                score.missed.append(what)
            counts[kind] += 1
            setattr(score, ("tp", "fp", "fn", "tn")[kind], getattr(score, ("tp", "fp", "fn", "tn")[kind]) + 1)
    return score
