"""``cdkg reconcile``: duplicate candidates of places in the built graph, with counts.

Reads ``output/cdkg.nq`` (or the RDF files given), lists every city IRI that shares a GeoNames
id with another, carries two country codes, has coordinates (or Wikidata items) more than the
distance limit apart, has a namesake nearby (a split to review), or stands in a partnership
with itself, and writes them to ``output/reconcile.csv`` (``kind,iris,detail``). Decisions
go into ``graph/crosswalk/merges.csv`` (see docs/identity.md); every import and build applies
them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cdkg.core.errors import CdkgError
from cdkg.core.settings import Settings


def register(sub) -> None:
    parser = sub.add_parser("reconcile", help="list duplicate candidates of places in the built graph (with counts)",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="RDF files to check (default: output/cdkg.nq)")
    parser.add_argument("--out", type=Path, help="CSV of the candidates (default: reconcile.csv beside the first file)")
    parser.add_argument("--limit-km", type=float, default=50.0, help="distance limit in km (default 50)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from cdkg.importers.model import atomic_write_text
    from cdkg.importers.reconcile import audit, counts, findings_csv

    files = args.files or [Settings().output / "cdkg.nq"]
    for path in files:
        if not path.is_file():
            raise CdkgError(f"{path} not found" + ("" if args.files else ": run `cdkg build` first"))
    try:
        findings = audit(files, args.limit_km)
    except SyntaxError as err:
        raise CdkgError(f"cannot read the graph: {err}") from None
    out = args.out or files[0].parent / "reconcile.csv"
    atomic_write_text(out, findings_csv(findings))
    for kind, n in counts(findings).items():
        print(f"{kind:>20}: {n}")
    print(f"wrote {len(findings)} candidates to {out}")
    return 0
