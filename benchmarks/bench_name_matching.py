"""Benchmark (run by hand, not by pytest): precision and recall of name matching.

    python benchmarks/bench_name_matching.py [--out results.json]

Two measurements:

1. the hand-written test set ``tests/fixtures/identity/names.csv`` (GeoNames namesakes in one
   country, qualifiers, districts, other scripts, alternate names far away, UK constituent
   countries, typos, country names, ids in conflict), scored by
   :func:`cdkg.importers.evaluate.evaluate`;
2. a hold-out on the real ETMUN memberships (``../shared/datasets/etmun/``): for every distinct
   (name, country, coordinates) whose ``geonameId`` GeoNames knows and agrees with (same
   country, within 50 km), the id is hidden and the row resolved by its name and country, with
   and without its coordinates; the hidden id is the truth. (ETMUN's ids are themselves
   geocoded, so a small part of the "errors" are the data set's.)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cdkg.importers.evaluate import evaluate  # noqa: E402
from cdkg.importers.gazetteer import gazetteer  # noqa: E402
from cdkg.importers.graphindex import GraphIndex  # noqa: E402
from cdkg.importers.model import CityRef  # noqa: E402
from cdkg.importers.reconcile import km  # noqa: E402
from cdkg.importers.resolve import LIMIT_KM, Resolver  # noqa: E402

ETMUN = ROOT.parent / "shared" / "datasets" / "etmun" / "memberships.csv"


def holdout(resolver: Resolver, with_coordinates: bool, confirmed: bool = False) -> dict:
    gaz = resolver.gazetteer
    seen, tp, fp, fn = set(), 0, 0, 0
    wrong = []
    with open(ETMUN, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            gid = row.get("geonameId", "").split(".")[0]
            place = gaz.place(int(gid)) if gid.isdigit() else None
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError:
                continue
            if place is None or place.country != row["CountryCode"] or km(lat, lon, place.lat, place.lon) > LIMIT_KM:
                continue
            if confirmed and not gaz.has_name(place, row["Locality_Siege"]):
                continue  # the truth: only ids whose GeoNames names include the row's name
            key = (row["Locality_Siege"], row["CountryCode"], lat, lon)
            if key in seen:
                continue
            seen.add(key)
            ref = CityRef(name=row["Locality_Siege"], country=row["CountryCode"],
                          lat=lat if with_coordinates else None, lon=lon if with_coordinates else None)
            match, _ = resolver.resolve(ref)
            got = match.ref.geonames_id if match and match.ref and match.how.startswith("matched") else None
            if got == place.id:
                tp += 1
            elif got:
                fp += 1
                if len(wrong) < 15:
                    other = gaz.place(got)
                    wrong.append(f"{key[0]!r} {key[1]}: id {place.id} {place.name!r}, matched {got} {other.name!r}")
            else:
                fn += 1
    return {"rows": len(seen), "tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None, "examples_of_errors": wrong}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    resolver = Resolver(GraphIndex(), gazetteer())
    s = evaluate(ROOT / "tests" / "fixtures" / "identity" / "names.csv", resolver)
    result = {
        "test_set": {"tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn, "precision": round(s.precision, 4),
                     "recall": round(s.recall, 4), "by_category_tp_fp_fn_tn": s.by_category,
                     "wrong": s.wrong, "missed": s.missed},
    }
    if ETMUN.is_file():
        result["etmun_holdout_name_country_coordinates"] = holdout(resolver, True)
        result["etmun_holdout_name_country"] = holdout(resolver, False)
        result["etmun_holdout_confirmed_ids_name_country_coordinates"] = holdout(resolver, True, confirmed=True)
        result["etmun_holdout_confirmed_ids_name_country"] = holdout(resolver, False, confirmed=True)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
