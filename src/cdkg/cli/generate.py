"""``cdkg generate``: write a synthetic city graph of a chosen size, reproducible by seed."""

from __future__ import annotations

import time
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("generate", help="write a synthetic city graph (for tests at scale and benchmarks)",
                              description=__doc__)
    p.add_argument("--cities", type=int, default=1000, help="number of cities (e.g. 1000, 20000, 200000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same file)")
    p.add_argument("--networks", type=int, help="number of networks (default: cities/400, at least 10)")
    p.add_argument("--memberships", type=float, default=2.0, help="mean memberships per city")
    p.add_argument("--twins", type=float, default=1.0, help="mean twinnings per city")
    p.add_argument("--out", type=Path, help="output file (default: imports/synthetic-<cities>-<seed>.trig)")
    p.set_defaults(func=run)


def run(args) -> int:
    from cdkg.core.errors import CdkgError
    from cdkg.importers.synthetic import generate

    if args.cities < 1:
        raise CdkgError("--cities must be at least 1")
    out = args.out or Path("imports") / f"synthetic-{args.cities}-{args.seed}.trig"
    start = time.perf_counter()
    stats = generate(out, args.cities, args.seed, args.networks, args.memberships, args.twins)
    print(f"{out}: {stats.cities} cities, {stats.networks} networks, {stats.memberships} memberships, "
          f"{stats.partnerships} twinnings, {stats.triples} triples in {stats.graphs} graphs "
          f"({time.perf_counter() - start:.1f} s)")
    return 0
